"""Reading a cursor ahead of its consumer, in a helper thread.

A big export spends its time in two places that can run side by side: SQLite stepping through the query
(joins, sorting; Python's sqlite3 releases the GIL while SQLite works) and the Excel writer (Python). With
the rows read a few thousand ahead on another core, the export takes little more than the writing alone.

The consumer must not use the cursor's connection until the rows are exhausted or it stops reading (the
connections are opened with check_same_thread=False; SQLite serialises calls on one connection anyway).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

CHUNK = 2000  # rows per hand-over
DEPTH = 4  # chunks read ahead at most: memory stays bounded (a few MB) whatever the row count
_DONE = object()


def prefetched(cursor: Any, chunk: int = CHUNK, depth: int = DEPTH) -> Iterator[tuple[Any, ...]]:
    """The cursor's rows, fetched by a helper thread `depth` chunks ahead; the cursor is closed at the end,
    also when the consumer stops early (a cancelled export) or the query fails (re-raised here)."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(item: Any) -> bool:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            while not stop.is_set():
                rows = cursor.fetchmany(chunk)
                if not rows or not hand_over(rows):
                    break
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            hand_over(exc)
        hand_over(_DONE)

    reader = threading.Thread(target=read, name="township-desk-prefetch", daemon=True)
    reader.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield from item
    finally:
        stop.set()
        reader.join()
        cursor.close()
