"""A progress line for batches, on standard error: ``检查 ━━━━━━╸━━━━  120/400  35.2 个/秒  剩余 0:00:08  错误 3``.

    with Progress(len(files)) as progress:        # shown only on a terminal (TERM ≠ dumb)
        for result in results:
            progress.advance(errors=n_errors(result))
    # on a terminal the line is replaced by: 检查完成 400/400 个文件 · 用时 11.4 秒 · 35.1 个/秒 · 错误 3

Built on ``rich.progress`` (its task keeps the count, the speed estimate and the time
remaining; its columns draw the line), but drawn by this module, one line, without rich's
``Live``:

- **no thread.**  ``Live`` refreshes from a background thread; ``engine.check_paths`` forks its
  worker processes only while the process runs a single thread (forking beside other threads
  can deadlock the child) and otherwise spawns them, which costs a second or more per batch.
  So the line is redrawn from :meth:`Progress.advance` instead, at most :data:`REFRESH_PER_SECOND`
  times a second (a file that takes long freezes the line until it is done; nothing is lost).
- **standard output stays standard output.**  ``Live`` sends ``sys.stdout`` through its console
  (the terminal's standard error here) while it runs; a batch that writes JSON Lines to its
  standard output must not have them moved or re-wrapped.  While the line is shown,
  ``sys.stdout`` (when it is the same terminal) and ``sys.stderr`` are wrapped so that a write
  first erases the line, goes to the real stream unchanged, and the line is drawn again below
  it (only in this process: forked workers write straight through).  Code that holds the
  stream objects from before the progress started, or writes to ``.buffer``, bypasses this (the
  data is still right; the line may be drawn over until the next refresh).

When not enabled (default: the stream is not a terminal, or ``TERM=dumb``, or
``enabled=False`` — the ``--quiet`` option) nothing at all is written to the stream.
:meth:`Progress.advance` then only counts; enabled, it costs a few microseconds between
redraws, so a batch of 10,000 files does not notice it.
"""

from __future__ import annotations

import io
import os
import sys
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

#: redraws per second at most
REFRESH_PER_SECOND = 10
_ERASE = "\r\x1b[2K"


def _auto_enabled(stream: TextIO) -> bool:
    try:
        tty = bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or not a real stream
        tty = False
    return tty and os.environ.get("TERM") != "dumb"


def _same_terminal(a: Any, b: Any) -> bool:
    """Whether two streams are the same terminal (a pty's two ends count once)."""
    try:
        if not (a.isatty() and b.isatty()):
            return False
        sa, sb = os.fstat(a.fileno()), os.fstat(b.fileno())
    except (AttributeError, ValueError, OSError):
        # a stream without a file descriptor that says it is a terminal (tests): the same only if identical
        return a is b
    return (sa.st_rdev, sa.st_ino, sa.st_dev) == (sb.st_rdev, sb.st_ino, sb.st_dev)


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} 秒"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} 分 {secs} 秒"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes} 分"


def _rate(done: int, seconds: float) -> str:
    if seconds <= 0 or done == 0:
        return "— 个/秒"
    per_second = done / seconds
    return f"{per_second:.1f} 个/秒" if per_second < 100 else f"{per_second:.0f} 个/秒"


class _Proxy:
    """A text stream that erases the progress line before a write and redraws it after."""

    def __init__(self, owner: Progress, target: TextIO) -> None:
        self._owner = owner
        self._target = target
        self._pid = os.getpid()

    def write(self, text: str) -> int:
        owner = self._owner
        if os.getpid() != self._pid or owner._rich is None or owner._closed:  # a forked worker, or no line
            return self._target.write(text)
        with owner._lock:
            owner._erase()
            n = self._target.write(text)
            if self._target is not owner._stream:
                self._target.flush()
            if text:
                owner._midline = not text.endswith("\n")
            now = time.monotonic()
            if now >= owner._next_draw:  # else the line comes back at the next advance
                owner._draw(now)
            return n

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)


class Progress:
    """Files done/total, a bar, files per second, time remaining and the error count so far,
    on ``stream`` (default standard error) when it is a terminal.

    ``enabled``: None — when ``stream.isatty()`` and ``TERM`` is not ``dumb``; False writes
    nothing (zero bytes) whatever the stream; True draws even on a non-terminal stream.
    ``label``: the word before the bar (``检查``; the final line says ``检查完成``).
    """

    def __init__(self, total: int, *, stream: TextIO | None = None, enabled: bool | None = None, label: str = "检查") -> None:
        self.total = max(0, int(total))
        self.done = 0
        self.errors = 0
        self.label = label
        self._stream: TextIO = stream if stream is not None else sys.stderr
        self.enabled = _auto_enabled(self._stream) if enabled is None else bool(enabled)
        self._started = time.monotonic()
        self._next_draw = 0.0
        self._closed = False
        self._shown = False  # the line is on the terminal now
        self._lock = threading.RLock()
        self._saved: list[tuple[str, Any]] = []
        self._console: Console | None = None
        self._rich: RichProgress | None = None
        self._task: TaskID | None = None
        self._midline = False  # someone wrote part of a line through the wrapped streams
        if self.enabled and self.total > 0:
            self._start()

    # -- public ----------------------------------------------------------------------------

    def advance(self, *, errors: int = 0) -> None:
        """One file done; ``errors``: that file's error findings."""
        self.done += 1
        self.errors += errors
        if self._rich is None or self._closed:
            return
        assert self._task is not None
        self._rich.advance(self._task, 1)
        now = time.monotonic()
        if now >= self._next_draw:
            with self._lock:
                self._draw(now)  # the line begins by erasing the previous one

    def close(self, *, interrupted: bool = False) -> None:
        """Replace the line by a final one (done/total, time, rate, errors); later calls do nothing."""
        if self._closed:
            return
        self._closed = True
        with self._lock:
            self._restore_streams()
            if self._rich is None:
                return
            self._erase()
            if self._midline:
                self._write("\n")
            elapsed = time.monotonic() - self._started
            head = f"{self.label}已中断" if interrupted else f"{self.label}完成"
            parts = [f"{head} {self.done}/{self.total} 个文件", f"用时 {_duration(elapsed)}", _rate(self.done, elapsed), f"错误 {self.errors}"]
            self._write(" · ".join(parts) + "\n")

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close(interrupted=exc_type is not None and issubclass(exc_type, KeyboardInterrupt))

    # -- drawing ---------------------------------------------------------------------------

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn
        from rich.progress import Progress as RichProgress

        # rich renders into a private buffer, never onto the stream itself: this module writes the
        # line (rich's console would end the process with SystemExit on a broken pipe)
        self._buffer = io.StringIO()
        self._console = Console(file=self._buffer, force_terminal=True, highlight=False, soft_wrap=False,
                                emoji=False, markup=False, width=self._width())
        self._rich = RichProgress(
            TextColumn("{task.description}", markup=False),
            BarColumn(bar_width=30),
            _stats_column(self),
            console=self._console,
            auto_refresh=False,
            expand=False,
            speed_estimate_period=30.0,
        )
        self._task = self._rich.add_task(self.label, total=self.total or None, start=True)
        self._wrap_streams()
        with self._lock:
            self._draw()

    def _wrap_streams(self) -> None:
        for name in ("stdout", "stderr"):
            current = getattr(sys, name)
            if current is self._stream or _same_terminal(current, self._stream):
                self._saved.append((name, current))
                setattr(sys, name, _Proxy(self, current))

    def _restore_streams(self) -> None:
        for name, stream in reversed(self._saved):
            if isinstance(getattr(sys, name), _Proxy):
                setattr(sys, name, stream)
        self._saved.clear()

    def _line(self) -> str:
        assert self._console is not None and self._rich is not None
        # one line, one column short of the width: a terminal that wraps at the last column stays on the line
        width = max(20, self._width() - 1)
        self._buffer.seek(0)
        self._buffer.truncate()
        self._console.print(self._rich.make_tasks_table(self._rich.tasks), width=width, end="", crop=True, no_wrap=True)
        return self._buffer.getvalue().split("\n", 1)[0]

    def _width(self) -> int:
        try:
            columns = os.get_terminal_size(self._stream.fileno()).columns
        except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
            columns = 0
        return columns or 80

    def _draw(self, now: float | None = None) -> None:
        if self._rich is None or self._closed or self._midline:
            return
        line = self._line()
        self._write(_ERASE + line)
        self._shown = True
        self._next_draw = (now if now is not None else time.monotonic()) + 1.0 / REFRESH_PER_SECOND

    def _erase(self) -> None:
        if self._shown:
            self._write(_ERASE)
            self._shown = False

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # the terminal went away: stop drawing
            self._rich = None


def _stats_column(owner: Progress) -> Any:
    """The rich column ``120/400  35.2 个/秒  剩余 0:00:08  错误 3`` (rich is imported only when drawing)."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class Stats(ProgressColumn):
        def render(self, task: Task) -> Text:
            text = Text(no_wrap=True)
            text.append(f"{int(task.completed)}/{owner.total}", style="bold")
            speed = task.finished_speed or task.speed
            text.append(f"  {speed:.1f} 个/秒" if speed else "  — 个/秒", style="cyan")
            remaining = task.time_remaining
            if remaining is None:
                text.append("  剩余 -:--:--", style="dim")
            else:
                minutes, seconds = divmod(int(remaining), 60)
                hours, minutes = divmod(minutes, 60)
                text.append(f"  剩余 {hours}:{minutes:02d}:{seconds:02d}", style="dim")
            text.append(f"  错误 {owner.errors}", style="bold red" if owner.errors else "green")
            return text

    return Stats()


__all__ = ["REFRESH_PER_SECOND", "Progress"]
