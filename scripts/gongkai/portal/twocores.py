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
#: GONGKAI_PARALLEL=0: everything in one process; =1: on two cores however few the items (tests
#: compare the two); unset: on two cores where it pays off.
ENV = "GONGKAI_PARALLEL"


def forced() -> bool | None:
    """What GONGKAI_PARALLEL asks for: False (one process), True (two, always) or None (where it pays off)."""
    return {"0": False, "1": True}.get(os.environ.get(ENV, "").strip())


def in_halves(
    items: list,
    work: Callable[..., T],
    *,
    parallel: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[T]:
    """[work(first half), work(second half)], the second in a child process when it pays off;
    or [work(items)] when it does not. `work` and its result must survive pickling.

    The child is forked (it inherits everything already loaded); without `fork`, with one core,
    with few items, or if the child fails in any way, the parent does all the work itself.
    With `progress`, `work` is called as `work(part, tick)` and calls `tick()` after each item;
    `progress(done, len(items))` follows both processes (the child counts in shared memory).
    """
    total = len(items)
    here = 0  # items done in this process

    def tick() -> None:
        nonlocal here
        here += 1
        progress(here + (shared.value if shared is not None else 0), total)

    def run(part: list) -> T:
        return work(part) if progress is None else work(part, tick)

    shared = None
    force = forced()
    if force is False or not parallel or (total < MIN_ITEMS and not force) or total < 2 or (os.cpu_count() or 1) < 2:
        return [run(items)]
    if "fork" not in multiprocessing.get_all_start_methods():
        return [run(items)]
    middle = total // 2
    first, second = items[:middle], items[middle:]
    ctx = multiprocessing.get_context("fork")
    global _counter
    # Created before the pool forks its worker, which so inherits it (it cannot be sent to it later).
    shared = _counter = ctx.RawValue("q", 0) if progress is not None else None
    try:
        pool = ctx.Pool(1)
    except OSError:
        shared = None
        return [run(items)]
    finally:
        _counter = None
    with pool:
        pending = pool.apply_async(_in_child, (work, second, shared is not None))
        mine = run(first)
        while progress is not None:  # the child's count goes on after this half is done
            ready = pending.ready()  # read first: once done, the child has counted every item
            progress(here + shared.value, total)
            if ready:
                break
            pending.wait(0.1)
        try:
            theirs = pending.get()
        except Exception:  # the child failed (or its result would not pickle): do its half here
            shared = None
            theirs = run(second)
    return [mine, theirs]


#: The child's count of items done (see `in_halves`), in memory shared with the parent.
_counter = None


def _in_child(work: Callable[..., T], part: list, counting: bool) -> T:
    return work(part, _count) if counting else work(part)


def _count() -> None:
    _counter.value += 1
