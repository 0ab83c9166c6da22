"""Give freed memory back to the operating system between participants.

A render worker or kernel frees most of what one participant needed (WeasyPrint's boxes, the
notebook, the charts) as soon as that participant is done, but glibc's allocator keeps the freed
pages for later, so a long-running process's resident memory creeps up to its largest participant
and stays there. ``malloc_trim(0)`` returns the free pages at the top of the heap and in the arenas;
it takes about a millisecond. Elsewhere (macOS, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def trim_heap() -> bool:
    """Return the C heap's free pages to the operating system; False where that is not possible."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
