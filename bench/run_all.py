"""`make bench`: run every benchmark in turn; each writes its JSON into bench/results/.

    python bench/run_all.py [--quick]

--quick uses 10,000 quotes instead of 100,000 (a couple of minutes instead of about seven).
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts(n: int) -> list[list[str]]:
    return [
        ["extract.py", str(HERE.parent / "tests" / "pages")],
        ["search.py", "--n", str(n)],
        ["import.py", "--n", str(n)],
        ["load.py", "--sizes", f"10000,{n}" if n > 10_000 else "10000"],
        ["page.py", "--n", str(n)],
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 quotes instead of 100,000")
    args = parser.parse_args()
    failed = []
    for script, *options in scripts(10_000 if args.quick else 100_000):
        print(f"\n== bench/{script} {' '.join(options)}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(HERE / script), *options])
        print(f"== {script}: exit {code} after {time.monotonic() - started:.0f} s", flush=True)
        if code:
            failed.append(script)
    if failed:
        print("failed:", ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
