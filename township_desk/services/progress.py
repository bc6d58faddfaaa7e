"""Progress reporting for long work: services call progress(done, total); the caller may cancel."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """Raised from a progress callback when the user cancels; the work's transaction rolls back."""


def no_progress(done: int, total: int) -> None:
    """The progress callback of work nobody watches."""
