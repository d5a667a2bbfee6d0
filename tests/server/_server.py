"""The real ``compliance serve`` as a child process, for the socket and browser tests
(imported as ``_server``, like ``server_support``).

    with running_server(tmp_path) as server:
        urllib.request.urlopen(server.url + "/healthz")

The server listens on a free loopback port; its stdout and stderr go to files in the given
folder (shown when it fails to start).  It is started in its own session so that, should it
not stop on SIGINT, it and its worker processes can be killed together.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator, Sequence

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (bound to port 0, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A started ``compliance serve`` process."""

    def __init__(self, proc: subprocess.Popen[bytes], port: int, folder: Path) -> None:
        self.proc = proc
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.stdout_path = folder / "server.stdout"
        self.stderr_path = folder / "server.stderr"

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stdout(self) -> str:
        return self.stdout_path.read_text(encoding="utf-8", errors="replace")

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> dict:
        """Poll /healthz until it answers 200; fail with the server's stderr if the process
        exits first or nothing answers within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"compliance serve exited with {self.proc.returncode} before answering /healthz; stderr:\n{self.stderr()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as resp:
                    if resp.status == 200:
                        return json.loads(resp.read())
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
                last = exc
            time.sleep(0.2)
        pytest.fail(f"compliance serve did not answer /healthz within {timeout:g} s (last error: {last!r}); stderr:\n{self.stderr()}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGINT (Ctrl+C), as an operator would; the exit code.  Fails if the server is
        still running after ``timeout`` seconds (it is killed by :func:`running_server`)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"compliance serve did not stop within {timeout:g} s of SIGINT; stderr:\n{self.stderr()}")

    def kill(self) -> None:
        """Kill the server and its workers (its whole session), if still running."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)


def start_server(folder: Path, *extra: str, workers: int = 2, port: int | None = None) -> Server:
    """Start ``python -m compliance serve --port P --workers N *extra`` (cwd: the repository
    root); not waited for (see :meth:`Server.wait_healthy`)."""
    port = free_port() if port is None else port
    folder.mkdir(parents=True, exist_ok=True)
    cmd: Sequence[str] = [sys.executable, "-m", "compliance", "serve", "--port", str(port), "--workers", str(workers), *extra]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    with open(folder / "server.stdout", "wb") as out, open(folder / "server.stderr", "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)
    return Server(proc, port, folder)


@contextlib.contextmanager
def running_server(folder: Path, *extra: str, workers: int = 2) -> Iterator[Server]:
    """A server answering /healthz; killed (with its workers) on the way out whatever happens.
    Call ``server.stop()`` inside the block to check that it stops cleanly."""
    server = start_server(folder, *extra, workers=workers)
    try:
        server.wait_healthy()
        yield server
    finally:
        server.kill()
