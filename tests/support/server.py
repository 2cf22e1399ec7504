"""A real ``quotebank serve`` in a child process on a loopback port, for end-to-end tests."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

# A start may rebuild a large index from SQLite first; tests can raise this for big folders.
START_TIMEOUT = float(os.environ.get("QUOTEBANK_TEST_START_TIMEOUT", "60"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """Start, stop (SIGTERM), kill (SIGKILL) and restart one server on a fixed port and folder."""

    def __init__(self, data_dir: Path, port: int | None = None, *args: str) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.args = args
        self.host = args[args.index("--host") + 1] if "--host" in args else "127.0.0.1"
        self.process: subprocess.Popen | None = None
        self.log_path = self.data_dir.parent / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        # A server bound to every address is reached through loopback, as tests must.
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"http://{host}:{self.port}"

    @property
    def token(self) -> str:
        return (self.data_dir / "token").read_text().strip()

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def start(self) -> "ServerProcess":
        command = [sys.executable, "-m", "server", "serve", "--port", str(self.port)]
        command += ["--data-dir", str(self.data_dir), *self.args]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            self._wait_healthy()
        except BaseException:
            self.kill()  # never leave a half-started server behind
            raise
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited at start:\n{self.log()}")
            try:
                if requests.get(f"{self.url}/api/health", timeout=1).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server did not answer within {START_TIMEOUT} s:\n{self.log()}")

    def stop(self, timeout: float = 30.0) -> int:
        """SIGTERM, the way a service manager stops it; returns the exit code."""
        if self.process is None:
            return 0
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout)
        self.process = None
        return code

    def kill(self) -> None:
        """SIGKILL: a crash, with no chance to clean up."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
