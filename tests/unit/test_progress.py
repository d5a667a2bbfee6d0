"""``compliance.progress.Progress``: the batch progress line on standard error.

Unit tests on a fake terminal stream, then ``compliance check`` end to end with its standard
error on a real pseudo-terminal (shown), piped (not shown) and with ``--quiet`` (not shown).
"""

from __future__ import annotations

import io
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compliance.progress import Progress

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")
BAR_CHARS = "━╸╺"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def plain(text: str) -> str:
    return ANSI.sub("", text)


def test_on_a_terminal_it_shows_done_total_and_errors():
    stream = FakeTerminal()
    with Progress(3, stream=stream) as progress:
        assert progress.enabled
        for errors in (0, 2, 1):
            progress.advance(errors=errors)
    out = plain(stream.getvalue())
    assert "0/3" in out  # drawn at once, before the first file is done
    final = out.rstrip("\n").rsplit("\n", 1)[-1]
    assert "3/3" in final and "错误 3" in final and "检查完成" in final and "个/秒" in final and "用时" in final
    assert progress.done == 3 and progress.errors == 3


def test_the_line_has_a_bar_rate_eta_and_errors():
    stream = FakeTerminal()
    progress = Progress(10, stream=stream)
    for _ in range(4):
        progress.advance(errors=1)
        time.sleep(0.11)  # past the refresh interval: every advance redraws
    line = plain(stream.getvalue())
    assert any(c in line for c in BAR_CHARS)
    assert "4/10" in line and "错误 4" in line and "剩余" in line and "个/秒" in line
    progress.close()


def test_not_enabled_writes_zero_bytes():
    for stream, enabled in ((io.StringIO(), None), (FakeTerminal(), False)):
        with Progress(3, stream=stream, enabled=enabled) as progress:
            for errors in (0, 2, 1):
                progress.advance(errors=errors)
        progress.close(interrupted=True)
        assert stream.getvalue() == ""
        assert progress.done == 3 and progress.errors == 3


def test_dumb_terminal_is_not_enabled(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    stream = FakeTerminal()
    with Progress(3, stream=stream) as progress:
        progress.advance()
    assert not progress.enabled and stream.getvalue() == ""


def test_default_stream_is_standard_error(capsys):
    with Progress(2) as progress:  # pytest's captured stderr is not a terminal
        progress.advance()
        progress.advance(errors=1)
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_close_is_idempotent():
    stream = FakeTerminal()
    progress = Progress(2, stream=stream)
    progress.advance()
    progress.close()
    once = stream.getvalue()
    progress.close()
    progress.close(interrupted=True)
    progress.advance()  # after close: counted, not drawn
    assert stream.getvalue() == once
    assert once.count("检查完成") == 1


def test_interrupt_says_so():
    stream = FakeTerminal()
    with pytest.raises(KeyboardInterrupt):
        with Progress(5, stream=stream) as progress:
            progress.advance()
            raise KeyboardInterrupt
    final = plain(stream.getvalue()).rstrip("\n").rsplit("\n", 1)[-1]
    assert "检查已中断 1/5" in final


def test_writes_to_wrapped_standard_error_go_above_the_line(monkeypatch):
    stream = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stream)
    with Progress(2) as progress:  # default stream: sys.stderr, a terminal here
        print("compliance check: 已跳过 1 个文件", file=sys.stderr)
        progress.advance()
        progress.advance()
    assert sys.stderr is stream  # restored
    text = stream.getvalue()
    # the message is written on a line of its own: the progress line is erased before it
    assert "\r\x1b[2Kcompliance check: 已跳过 1 个文件\n" in text


def test_ten_thousand_files_cost_little():
    stream = FakeTerminal()
    t0 = time.perf_counter()
    with Progress(10_000, stream=stream) as progress:
        for i in range(10_000):
            progress.advance(errors=i % 2)
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0, elapsed  # about 0.03 s on the 2-core machine
    assert "10000/10000" in plain(stream.getvalue())
    assert len(stream.getvalue()) < 200_000  # redrawn at most ~10 times a second, not per file


# ---------------------------------------------------------------------------------------------
# compliance check on a pseudo-terminal

REPORTS = ("2021-county-bureau.md", "2021-city-government.html", "2021-township.tsv")


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in REPORTS:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["TERM"] = "xterm-256color"
    for name in ("NO_COLOR", "COLUMNS", "LINES"):
        env.pop(name, None)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _command(batch: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "compliance", "check", str(batch), "--format", "jsonl", "-o", str(out), "--jobs", "1", *extra]


def _on_pty(argv: list[str], cwd: Path) -> tuple[int, str]:
    """Run with standard output and standard error on a pseudo-terminal; (exit code, what it showed)."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, cwd=cwd, env=_env(),
                                close_fds=True)
    finally:
        os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: every slave end is closed
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                # drained: nothing more to read and the process is gone
                break
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")


pty_only = pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "openpty"), reason="needs a pseudo-terminal (pty)")


@pty_only
def test_check_on_a_terminal_shows_progress(batch: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    code, shown = _on_pty(_command(batch, out), tmp_path)
    assert code in (0, 1), shown
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(REPORTS)
    text = plain(shown)
    assert f"{len(REPORTS)}/{len(REPORTS)}" in text, shown
    assert "检查完成" in text and "错误" in text, shown


@pty_only
def test_check_with_quiet_on_a_terminal_shows_no_progress(batch: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    code, shown = _on_pty(_command(batch, out, "--quiet"), tmp_path)
    assert code in (0, 1), shown
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(REPORTS)
    assert f"/{len(REPORTS)}" not in shown and not any(c in shown for c in BAR_CHARS) and "\x1b[" not in shown, shown
    assert "检查完成" not in shown


def test_check_with_standard_error_piped_shows_no_progress(batch: Path, tmp_path: Path):
    out = tmp_path / "out.jsonl"
    done = subprocess.run(_command(batch, out), stdin=subprocess.DEVNULL, capture_output=True, cwd=tmp_path, env=_env(),
                          timeout=180)
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(REPORTS)
    err = done.stderr.decode("utf-8", "replace")
    assert f"/{len(REPORTS)}" not in err and not any(c in err for c in BAR_CHARS) and "\x1b[" not in err and "\r" not in err, err
    assert "检查完成" not in err


def test_a_line_written_in_pieces_is_not_erased(monkeypatch):
    stream = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", stream)
    progress = Progress(3)
    sys.stderr.write("第一部分")
    time.sleep(0.11)
    progress.advance()  # the message is not finished: the line waits
    sys.stderr.write("，第二部分\n")
    time.sleep(0.11)
    progress.advance()
    progress.close()
    text = stream.getvalue()
    assert "第一部分，第二部分\n" in text
    assert "2/3" in plain(text)


def test_a_stream_that_fails_stops_the_line_and_restores_the_streams(monkeypatch):
    class Broken(FakeTerminal):
        def write(self, s: str) -> int:
            raise BrokenPipeError

    saved = sys.stderr
    progress = Progress(3, stream=Broken())  # drawing fails at once: the line is given up
    progress.advance()
    progress.close()
    assert sys.stderr is saved
