"""Callback delivery: the prediction JSON is POSTed to its ``callback_url`` from a background thread,
signed ``X-VLMRun-Signature: sha256=<hex HMAC-SHA256 of the body>``, retried with exponential backoff."""

from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from groundex.server import fetch
from groundex.server.problems import ApiError
from groundex.server.settings import Settings
from groundex.server.store import PredictionRecord, Store

SIGNATURE_HEADER = "X-VLMRun-Signature"
_TIMEOUT = 10.0
log = logging.getLogger("groundex.server")


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: the HMAC-SHA256 of ``body`` keyed with ``secret``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class Webhooks:
    """A scheduler thread hands due deliveries to a few sender threads; states are kept in the store
    (``pending`` -> ``delivered`` | ``failed``) so a restart delivers what is still pending."""

    def __init__(self, settings: Settings, store: Store, body: Callable[[PredictionRecord], bytes]) -> None:
        self.settings = settings
        self.store = store
        self.body = body
        self._due: list[tuple[float, int, str, int]] = []
        self._seq = itertools.count()
        self._wake = threading.Condition()
        self._stopping = False
        self._senders = ThreadPoolExecutor(4, thread_name_prefix="groundex-webhook")
        self._thread = threading.Thread(target=self._schedule, daemon=True, name="groundex-webhooks")

    def start(self) -> None:
        self._thread.start()
        for record in self.store.undelivered():
            self.enqueue(record.id)

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join(5)
        self._senders.shutdown(wait=False, cancel_futures=True)

    def enqueue(self, prediction_id: str, attempt: int = 0, delay: float = 0.0) -> None:
        """Deliver the callback of ``prediction_id`` (if it has one) after ``delay`` seconds."""
        with self._wake:
            heapq.heappush(self._due, (time.monotonic() + delay, next(self._seq), prediction_id, attempt))
            self._wake.notify()

    def _schedule(self) -> None:
        with self._wake:
            while not self._stopping:
                if not self._due:
                    self._wake.wait()
                    continue
                due, _, prediction_id, attempt = self._due[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._due)
                self._senders.submit(self._deliver, prediction_id, attempt)

    def _deliver(self, prediction_id: str, attempt: int) -> None:
        record = self.store.get_prediction(prediction_id)
        if record is None or not record.callback_url or record.callback_state != "pending":
            return
        body = self.body(record)
        headers = {"Content-Type": "application/json"}
        if self.settings.webhook_secret:
            headers[SIGNATURE_HEADER] = signature(self.settings.webhook_secret, body)
        try:
            status = fetch.post(
                record.callback_url, body, headers, _TIMEOUT, self.settings.allow_private_urls
            )
            reason = f"HTTP {status}"
        except (ApiError, OSError) as exc:
            status, reason = 0, str(exc) or type(exc).__name__
        if 200 <= status < 300:
            self.store.set_callback_state(prediction_id, "delivered")
            return
        if attempt + 1 >= self.settings.webhook_attempts:
            log.warning("callback for %s failed after %d attempts: %s", prediction_id, attempt + 1, reason)
            self.store.set_callback_state(prediction_id, "failed")
            return
        self.enqueue(prediction_id, attempt + 1, self.settings.webhook_backoff * 2**attempt)
