"""The progress bar long commands show: on stderr (stdout may be the data being exported), and
only on a terminal, so logs and pipes stay clean."""

import sys

from tqdm import tqdm


def progress_bar(total: int, unit: str, desc: str, *, quiet: bool, leave: bool = True) -> tqdm:
    return tqdm(
        total=total,
        unit=unit,
        unit_scale=True,
        desc=desc,
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        leave=leave,
    )
