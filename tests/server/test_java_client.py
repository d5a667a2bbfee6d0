"""The Java example of docs/server.md (docs/examples/java/CheckReport.java) against a real
``compliance serve`` subprocess: compiled with javac, run with COMPLIANCE_URL, two reports."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JAVA_SOURCE = ROOT / "docs" / "examples" / "java" / "CheckReport.java"
A, B = "2021-county-blank-cells.html", "2021-county-bureau.md"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"compliance serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200 and json.load(r)["status"] == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(f"compliance serve did not answer {url}/healthz within {seconds:g} s")


def test_java_client_checks_two_reports(tmp_path):
    javac, java = shutil.which("javac"), shutil.which("java")
    if javac is None or java is None:
        pytest.skip("javac/java not installed")

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "compliance", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(url, server)
        subprocess.run([javac, "-d", str(tmp_path), str(JAVA_SOURCE)], check=True, timeout=60)
        run = subprocess.run(
            [java, "-cp", str(tmp_path), "CheckReport", str(ROOT / "examples" / A), str(ROOT / "examples" / B)],
            capture_output=True,
            timeout=60,
            env={**os.environ, "COMPLIANCE_URL": url},
        )
        out = run.stdout.decode("utf-8")
        assert run.returncode == 0, (run.returncode, out, run.stderr.decode("utf-8", "replace"))
        head, _, body = out.partition("\n\n")
        assert "200" in head
        assert "X-Compliance-Exit-Code: 0" in head
        result = json.loads(body)
        assert [r["path"] for r in result["reports"]] == [A, B]
        assert result["tool"]["name"] == "compliance"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
