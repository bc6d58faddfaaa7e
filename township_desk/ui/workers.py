"""Long work off the GUI thread: a thread-pool task, a progress dialog that can cancel, results posted back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from township_desk.db import database
from township_desk.services.progress import Cancelled, Progress

TITLE_BAR_ROOM = 180  # the window icon and the minimise/maximise/close buttons beside the title


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class Task(QRunnable):
    """Runs work(progress) in the pool; the progress callback raises Cancelled once cancel() was asked."""

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            if database.obj is not None:
                database.close()  # this thread's connection


class TaskRunner(QObject):
    """Starts a Task with a progress dialog shown after a short delay (small jobs never flash one)."""

    running: list[TaskRunner] = []

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.task = Task(work)
        self.dialog = QProgressDialog(title, "取消", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumWidth(progress_width(self.dialog, title))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.task.cancel)
        self.on_done, self.on_error, self.on_cancel = on_done, on_error, on_cancel
        self.task.signals.progress.connect(self._progress)
        self.task.signals.finished.connect(self._finished)
        self.task.signals.failed.connect(self._failed)
        self.task.signals.cancelled.connect(self._cancelled)
        self.done = False

    def start(self) -> None:
        TaskRunner.running.append(self)
        QThreadPool.globalInstance().start(self.task)
        QTimer.singleShot(400, self._show_if_running)

    def _show_if_running(self) -> None:
        if not self.done:
            self.dialog.show()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    def _end(self) -> None:
        self.done = True
        self.dialog.close()
        if self in TaskRunner.running:
            TaskRunner.running.remove(self)

    def _finished(self, result: Any) -> None:
        self._end()
        self.on_done(result)

    def _failed(self, exc: BaseException) -> None:
        self._end()
        self.on_error(exc)

    def _cancelled(self) -> None:
        self._end()
        if self.on_cancel is not None:
            self.on_cancel()


def progress_width(dialog: QWidget, title: str) -> int:
    """Wide enough for the title in the title bar (with its icon and buttons) and as the label, within the
    screen: a progress dialog of Qt's own width cuts "正在导入……" to "正在…"."""
    from township_desk.ui.screen_fit import available_size

    wanted = dialog.fontMetrics().horizontalAdvance(title) + TITLE_BAR_ROOM
    return min(max(wanted, 360), available_size(dialog)[0])


def run_task(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_cancel: Callable[[], None] | None = None,
) -> TaskRunner:
    runner = TaskRunner(parent, title, work, on_done, on_error, on_cancel)
    runner.start()
    return runner


def wait_for_tasks(timeout_ms: int = 30000) -> bool:
    """Let running tasks finish (used on close and by tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
