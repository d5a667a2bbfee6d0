"""Headless Chromium for the tests that look at a page as a user does: a screenshot of a
file or URL (the system's ``chromium``; the test is skipped when there is none or it cannot
draw on this machine)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(uri: str, png: Path, profile: Path, *, size: str = "1280,1800") -> bytes:
    """The PNG Chromium draws of ``uri`` (a new empty profile in ``profile``), checked to be a
    real picture; kept under ``$COMPLIANCE_SCREENSHOT_DIR`` when it is set, to look at."""
    exe = chromium()
    if exe is None:
        pytest.skip("chromium is not installed")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           f"--window-size={size}", f"--screenshot={png}", uri]
    try:
        subprocess.run(cmd, capture_output=True, timeout=90, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish in 90 s")
    if not png.exists():
        pytest.skip("chromium produced no screenshot on this machine")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    keep = os.environ.get("COMPLIANCE_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / png.name).write_bytes(data)
    return data
