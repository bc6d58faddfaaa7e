"""Another process on the same database file, for the file-safety tests: a real second window's hold."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HOLDER = r"""
import sqlite3, sys
from township_desk.db import ACCESS, close_database, open_database
path, mode = sys.argv[1], sys.argv[2]
if mode == "window":  # what a window does: opens the file as its one writer
    open_database(path, lock=True)
    print("READY", ACCESS.readonly_reason or "writer", flush=True)
else:  # "busy": another program in the middle of writing (a write transaction left open)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE setting SET value = value")
    print("READY", flush=True)
sys.stdin.readline()  # holds until told to stop (or killed)
if mode == "window":
    close_database()  # a window closing cleanly
"""


class OtherProcess:
    """A second process holding the file: `window` (the lock) or `busy` (a write transaction)."""

    def __init__(self, db_path: Path, mode: str = "window") -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db_path), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        self.ready = self.process.stdout.readline().strip()
        if not self.ready.startswith("READY"):
            raise RuntimeError(self.process.stderr.read() if self.process.stderr else "no output")
        self.pid = self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)

    def crash(self) -> None:
        """Ends the process the way a crash or the task manager does: no clean-up runs."""
        self.process.kill()
        self.process.wait(timeout=30)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> OtherProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.stop()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None and not stream.closed:
                stream.close()
