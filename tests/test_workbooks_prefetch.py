"""Reading a cursor ahead in a helper thread (services.prefetch): every row in order, the cursor closed and
the thread gone when the reader stops early or the query fails."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from township_desk.services.prefetch import prefetched


@pytest.fixture
def connection():
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.execute("CREATE TABLE t (n INTEGER, s TEXT)")
    connection.executemany("INSERT INTO t VALUES (?, ?)", ((i, f"行{i}") for i in range(5000)))
    yield connection
    connection.close()


def readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "township-desk-prefetch"]


def test_every_row_in_order(connection):
    rows = list(prefetched(connection.execute("SELECT n, s FROM t ORDER BY n DESC"), chunk=300, depth=2))
    assert rows == [(i, f"行{i}") for i in range(4999, -1, -1)]
    assert readers() == []


def test_stopping_early_closes_the_cursor_and_ends_the_thread(connection):
    cursor = connection.execute("SELECT n FROM t")
    rows = prefetched(cursor, chunk=100, depth=2)
    assert [next(rows) for _ in range(3)] == [(0,), (1,), (2,)]
    rows.close()
    assert readers() == []
    with pytest.raises(sqlite3.ProgrammingError):
        cursor.fetchone()  # closed


def test_an_error_in_the_query_reaches_the_reader(connection):
    connection.create_function("boom", 1, lambda n: 1 // (n - 4321))
    with pytest.raises(sqlite3.OperationalError):
        list(prefetched(connection.execute("SELECT boom(n) FROM t"), chunk=500))
    assert readers() == []
