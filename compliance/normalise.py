"""Normalisation with a map back to the original text.

Applied to the whole decoded text before any structure is read:

* per-character NFKC (full-width digits and punctuation, ``（一）`` → ``(一)``, ``㈠`` → ``(一)``,
  ideographic and no-break spaces → ASCII space);
* removal of zero-width characters, BOMs and carriage returns;
* traditional → simplified (OpenCC ``t2s``), so labels and rules are written once.

Line breaks are never added or removed, so normalised line *n* is original line *n*.  Where a
character changes length, :class:`~compliance.text.OffsetMap` records it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import opencc

from .text import OffsetMap

# characters removed outright (length change → anchors in the offset map)
_DELETE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\r", "\u00ad"}
# folds NFKC does not do but reports need
_EXTRA = {
    "\u3000": " ",
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\t": "\t",
    "\uff5c": "|",  # ｜ (NFKC already), kept explicit
    "\u2502": "|",  # │ box drawing
    "\u2016": "||",
}

_TABLE: dict[int, str] = {}
_LENGTH_CHANGING: set[str] = set()


def _fold(ch: str) -> str:
    if ch in _DELETE:
        return ""
    if ch in _EXTRA:
        return _EXTRA[ch]
    out = unicodedata.normalize("NFKC", ch)
    # NFKC turns some spacing marks into space+combining mark; keep those characters as they are
    if out.startswith(" ") and len(out) > 1:
        return ch
    return out


def _extend_table_chars(chars: set[str]) -> None:
    # Writers take the lock; a character joins _SEEN only after its table entries are in place,
    # so a reader that finds all its characters in _SEEN reads complete entries (threads).
    with _EXTEND_LOCK:
        for ch in chars - _SEEN:
            if ch >= "\x80" or ch in _DELETE:
                out = _fold(ch)
                if out != ch:
                    _TABLE[ord(ch)] = out
                    _TABLE_CHARS.add(ch)
                    if len(out) != 1:
                        _LENGTH_CHANGING.add(ch)
            _FULL[ord(ch)] = _TABLE.get(ord(ch), ord(ch))
            _SEEN.add(ch)


_EXTEND_LOCK = threading.Lock()


_TABLE_CHARS: set[str] = set()


_SEEN: set[str] = set()

# _TABLE with every seen character that does not change mapped to itself: str.translate looks
# every character up, and a character missing from the table costs it a KeyError (about twice
# the time of the whole translation)
_FULL: dict[int, str | int] = {}


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _t2s_char(ch: str) -> str:
    out: str = _converter().convert(ch)  # opencc's convert is not annotated
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """Traditional → simplified, guaranteed to keep every character's position."""
    if text.isascii():
        return text
    out: str = _converter().convert(text)
    if len(out) == len(text):
        return out
    return "".join(_t2s_char(c) if c >= "\u2e80" else c for c in text)


def normalise(text: str) -> tuple[str, OffsetMap]:
    """Return the normalised text and the map from its offsets back to ``text``'s."""
    chars = set(text)
    if not chars <= _SEEN:
        _extend_table_chars(chars)
    present = _LENGTH_CHANGING.intersection(chars)  # one C call: never iterates a set being extended
    folded = text if chars.isdisjoint(_TABLE_CHARS) else text.translate(_FULL)
    omap = OffsetMap.identity()
    if present:
        pattern = re.compile("|".join(re.escape(c) for c in sorted(present)))
        anchors: list[tuple[int, int]] = []
        shift = 0  # normalised offset − original offset
        for m in pattern.finditer(text):
            orig = m.start()
            out_len = len(_TABLE[ord(m.group())])
            # the replacement starts at orig+shift in the normalised text; all its characters
            # point at the original character, and what follows resumes one-for-one
            if out_len:
                anchors.append((orig + shift, orig))
                for k in range(1, out_len):
                    anchors.append((orig + shift + k, orig))
            shift += out_len - 1
            anchors.append((orig + 1 + shift, orig + 1))
        omap = OffsetMap(tuple(_dedupe(anchors)))
    return to_simplified(folded), omap


def _dedupe(anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: dict[int, int] = {}
    for n, o in anchors:
        out[n] = o  # a later anchor at the same normalised offset wins
    return sorted(out.items())
