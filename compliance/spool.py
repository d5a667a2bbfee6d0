"""A sequence kept on disk: how a batch of any size holds its results with flat memory.

    with Spool() as results:
        for r in engine.iter_check(files):
            results.append(r)          # pickled to a temporary file; only its offset stays
        results[3]                     # read back (a copy: change it with results[3] = …)
        for r in results: ...          # in order, one at a time

Items are pickled (protocol 5) one after the other in an anonymous temporary file; the spool
keeps only each item's offset and length (16 bytes per item).  Replacing an item appends the
new version and points at it.  A small cache keeps the items read last, so that a loop that
looks at the same few reports again does not unpickle them every time.  Not thread-safe.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import MutableSequence
from typing import Any, Generic, Iterator, TypeVar, overload

T = TypeVar("T")

#: items kept unpickled (the last ones read)
CACHE_ITEMS = 64


class Spool(MutableSequence[T], Generic[T]):
    """A list of picklable items stored in a temporary file (see the module docstring)."""

    def __init__(self, items: Any = (), *, cache: int = CACHE_ITEMS, dir: str | None = None) -> None:
        self._file = tempfile.TemporaryFile(prefix="compliance-spool-", dir=dir)
        self._offsets = array("q")
        self._lengths = array("q")
        self._end = 0
        self._cache: OrderedDict[int, T] = OrderedDict()
        self._cache_size = cache
        for item in items:
            self.append(item)

    # --- storage
    def _write(self, item: T) -> tuple[int, int]:
        data = pickle.dumps(item, protocol=5)
        self._file.seek(self._end)
        self._file.write(data)
        start, self._end = self._end, self._end + len(data)
        return start, len(data)

    def _read(self, i: int) -> T:
        hit = self._cache.get(i)
        if hit is not None:
            self._cache.move_to_end(i)
            return hit
        self._file.seek(self._offsets[i])
        item: T = pickle.loads(self._file.read(self._lengths[i]))
        self._remember(i, item)
        return item

    def _remember(self, i: int, item: T) -> None:
        if self._cache_size <= 0:
            return
        self._cache[i] = item
        self._cache.move_to_end(i)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    # --- the sequence protocol
    def __len__(self) -> int:
        return len(self._offsets)

    def _index(self, i: int) -> int:
        n = len(self._offsets)
        j = i + n if i < 0 else i
        if not 0 <= j < n:
            raise IndexError("spool index out of range")
        return j

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self._read(j) for j in range(*i.indices(len(self)))]
        return self._read(self._index(i))

    @overload
    def __setitem__(self, i: int, item: T) -> None: ...
    @overload
    def __setitem__(self, i: slice, item: Any) -> None: ...
    def __setitem__(self, i: int | slice, item: Any) -> None:
        if isinstance(i, slice):
            raise TypeError("a spool does not assign slices")
        j = self._index(i)
        self._offsets[j], self._lengths[j] = self._write(item)
        self._cache.pop(j, None)
        self._remember(j, item)

    def __delitem__(self, i: int | slice) -> None:
        raise TypeError("a spool does not delete items")

    def insert(self, index: int, item: T) -> None:
        if index != len(self):
            raise TypeError("a spool only appends")
        self.append(item)

    def append(self, item: T) -> None:
        start, length = self._write(item)
        self._offsets.append(start)
        self._lengths.append(length)

    def append_pickled(self, data: bytes) -> None:
        """Append an item given as its pickle (protocol 5), as a worker process made it."""
        self._file.seek(self._end)
        self._file.write(data)
        self._offsets.append(self._end)
        self._lengths.append(len(data))
        self._end += len(data)

    def __iter__(self) -> Iterator[T]:
        for i in range(len(self)):
            yield self._read(i)

    # --- the file
    def close(self) -> None:
        """Delete the temporary file (the spool is empty afterwards)."""
        self._file.close()
        self._offsets = array("q")
        self._lengths = array("q")
        self._cache.clear()

    def __enter__(self) -> "Spool[T]":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def disk_bytes(self) -> int:
        """Bytes written to the temporary file so far (replaced versions included)."""
        return self._end
