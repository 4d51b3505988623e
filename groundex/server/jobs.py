"""The worker pool: one thread per slot feeds its own worker process; a task that runs past the time limit
or crashes its worker fails visibly and the worker is replaced. Unfinished predictions resume on start."""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from groundex.server import worker
from groundex.server.settings import Settings
from groundex.server.store import PredictionRecord, Store
from groundex.server.worker import Outcome, Task

_ctx = mp.get_context("spawn")
_STOPPED = Outcome("failed", message="the server stopped before the prediction ran", http_status=503)


@dataclass(frozen=True)
class _Item:
    task: Task
    future: Future[Outcome] | None
    deadline: float | None


class _Slot:
    """One worker process, started on demand and killed when its task overruns."""

    def __init__(self, settings: Settings, threads: int) -> None:
        self.settings = settings
        self.threads = threads
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None

    def ensure(self) -> Connection:
        if self.process is None or self.conn is None or not self.process.is_alive():
            self.kill()
            parent, child = _ctx.Pipe()
            args = (child, self.settings.extractor_options, self.threads)
            self.process = _ctx.Process(target=worker.main, args=args, daemon=True, name="groundex-worker")
            self.process.start()
            child.close()
            self.conn = parent
        return self.conn

    def run(self, task: Task, seconds: float) -> Outcome:
        conn = self.ensure()
        try:
            conn.send(task)
            if conn.poll(seconds):
                result: Outcome = conn.recv()
                return result
        except (EOFError, OSError):
            code = self.process.exitcode if self.process is not None else None
            self.kill()
            return Outcome("failed", message=f"the worker process stopped unexpectedly (exit code {code})",
                           http_status=500)  # fmt: skip
        self.kill()
        limit = self.settings.request_timeout
        return Outcome("failed", message=f"the prediction took longer than the time limit of {limit:g} s",
                       http_status=408)  # fmt: skip

    def kill(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
            self.process = None


class Jobs:
    """Queue of tasks served by ``settings.workers`` slots; ``on_finish(id)`` runs after every outcome."""

    def __init__(self, settings: Settings, store: Store, on_finish: Callable[[str], None]) -> None:
        self.settings = settings
        self.store = store
        self.on_finish = on_finish
        threads = max(1, (os.cpu_count() or 1) // settings.workers)
        self._slots = [_Slot(settings, threads) for _ in range(settings.workers)]
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._running: set[str] = set()
        self._lock = threading.Lock()
        self._stopping = False

    def start(self) -> int:
        """Start the slots and re-queue unfinished predictions; returns how many were resumed."""
        for slot in self._slots:
            slot.ensure()
            thread = threading.Thread(target=self._serve, args=(slot,), daemon=True, name="groundex-slot")
            thread.start()
            self._threads.append(thread)
        return self.resume()

    def stop(self) -> None:
        """Stop the workers; predictions they were running go back to ``pending`` for the next start."""
        self._stopping = True
        for _ in self._threads:
            self._queue.put(None)
        for slot in self._slots:
            slot.kill()
        for thread in self._threads:
            thread.join(10)
        with self._lock:
            for prediction_id in self._running:
                self.store.release(prediction_id, refund=True)

    def resume(self) -> int:
        """Queue every ``pending`` prediction again; one interrupted ``resume_attempts`` times fails."""
        count = 0
        for record in self.store.unfinished():
            if record.status == "running" and record.attempts >= self.settings.resume_attempts:
                message = (
                    f"the server stopped while this prediction was running ({record.attempts} times);"
                    " it was not retried"
                )
                self.store.finish(record.id, "failed", None, record.usage, message)
                self.on_finish(record.id)
                continue
            if record.status == "running":
                self.store.release(record.id, refund=False)
            self.submit(record)
            count += 1
        return count

    def submit(self, record: PredictionRecord, wait: bool = False) -> Future[Outcome] | None:
        """Queue ``record``; with ``wait`` the time limit starts now and a future gets the outcome."""
        task = self.task_for(record)
        future: Future[Outcome] | None = Future() if wait else None
        deadline = time.monotonic() + self.settings.request_timeout if wait else None
        self._queue.put(_Item(task, future, deadline))
        return future

    def task_for(self, record: PredictionRecord) -> Task:
        request = record.request
        pages = request.get("page_indices")
        return Task(
            prediction_id=record.id,
            path=str(self.store.path(request["file_id"])),
            domain=request.get("domain"),
            json_schema=request.get("json_schema"),
            pages=tuple(pages) if pages is not None else None,
            grounding=bool(request.get("grounding")),
            confidence=bool(request.get("confidence")),
        )

    def _serve(self, slot: _Slot) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            outcome = None if self._stopping else self._run(slot, item)
            if item.future is not None:
                item.future.set_result(outcome or _STOPPED)

    def _run(self, slot: _Slot, item: _Item) -> Outcome | None:
        prediction_id = item.task.prediction_id
        if not self.store.mark_running(prediction_id):
            return None
        with self._lock:
            self._running.add(prediction_id)
        seconds = self.settings.request_timeout
        if item.deadline is not None:
            seconds = item.deadline - time.monotonic()
        if not os.path.exists(item.task.path):
            outcome = Outcome("failed", message="the input file was deleted before the prediction ran",
                              http_status=404)  # fmt: skip
        elif seconds <= 0:
            limit = self.settings.request_timeout
            message = f"the prediction waited longer than the time limit of {limit:g} s"
            outcome = Outcome("failed", message=message, http_status=408)
        else:
            outcome = slot.run(item.task, seconds)
        if self._stopping:
            return None
        with self._lock:
            self._running.discard(prediction_id)
        record = self.store.get_prediction(prediction_id)
        usage = outcome.usage or (record.usage if record is not None else {})
        self.store.finish(prediction_id, outcome.status, outcome.response, usage, outcome.message)
        self.on_finish(prediction_id)
        return outcome
