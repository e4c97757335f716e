"""Reading the next inputs on a thread while the network works on the current ones.

On a GPU the network leaves the CPU idle, so reading tiles or chips ahead on a thread hides
the reading time (GDAL's reads release the GIL). On the CPU the network's threads already use
every core: a reader beside them stalls them all at each synchronisation point, so there the
algorithms read in turn (``read_ahead`` with ``depth=0``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def read_ahead(
    items: Iterable[Item],
    read: Callable[[Item], Result],
    depth: int,
    check: Callable[[], None] | None = None,
) -> Iterator[Result]:
    """``read(item)`` for every item, in order, with up to ``depth`` items read ahead on one
    worker thread (so reads run one at a time, in order: ``read`` may keep state). ``depth``
    0 reads in turn, on the caller's thread. ``check`` runs before each item is handed out
    (to raise on cancel). A read's exception is raised where its result would have come;
    reads not yet started when the caller stops are dropped."""
    if depth < 1:
        for item in items:
            if check:
                check()
            yield read(item)
        return
    pending: deque[Future[Result]] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="torchmap-read-ahead") as worker:
        try:
            for item in items:
                pending.append(worker.submit(read, item))
                if len(pending) > depth:
                    if check:
                        check()
                    yield pending.popleft().result()
            while pending:
                if check:
                    check()
                yield pending.popleft().result()
        finally:
            for future in pending:  # a cancel, a failure or a consumer that stopped early
                future.cancel()
