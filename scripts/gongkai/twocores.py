"""Reading many records on two cores.

Reading and checking a record (YAML, links, the personal-data guard, attachment text) does not
depend on any other record, and nothing else runs while the records are read: MkDocs waits for
them, and so does `gongkai check`. So with enough records the second half is read by a forked
child while this process reads the first, which nearly halves the longest step of a build.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
#: Below this, forking and sending the records back cost more than they save.
MIN_ITEMS = 3000


def in_halves(items: list, work: Callable[[list], T], *, parallel: bool = True) -> list[T]:
    """[work(first half), work(second half)], the second in a child process when it pays off;
    or [work(items)] when it does not. `work` and its result must survive pickling.

    The child is forked (it inherits everything already loaded); without `fork`, with one core,
    with few items, or if the child fails in any way, the parent does all the work itself.
    """
    if not parallel or len(items) < MIN_ITEMS or (os.cpu_count() or 1) < 2:
        return [work(items)]
    if "fork" not in multiprocessing.get_all_start_methods():
        return [work(items)]
    middle = len(items) // 2
    first, second = items[:middle], items[middle:]
    try:
        pool = multiprocessing.get_context("fork").Pool(1)
    except OSError:
        return [work(items)]
    with pool:
        pending = pool.apply_async(work, (second,))
        mine = work(first)
        try:
            theirs = pending.get()
        except Exception:  # the child failed (or its result would not pickle): do its half here
            theirs = work(second)
    return [mine, theirs]
