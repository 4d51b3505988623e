"""The app in-process (FastAPI's TestClient, real worker processes): signed and retried callbacks, and the
per-request time limit."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient

from groundex.server.app import create_app
from groundex.server.settings import Settings
from groundex.synth import invoice_doc
from tests.test_server import problem

SECRET = "whsec-test"


class Receiver(BaseHTTPRequestHandler):
    """Answers 500 to the first delivery and 200 after; records every body and signature."""

    calls: ClassVar[list[tuple[bytes, str]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.calls.append((body, self.headers.get("X-VLMRun-Signature", "")))
        self.send_response(500 if len(self.calls) == 1 else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def test_callback_is_signed_and_retried(tmp_path: Path, receiver: str) -> None:
    settings = Settings(tmp_path / "data", webhook_secret=SECRET, allow_private_urls=True)
    doc = invoice_doc(1, False, 9)
    with TestClient(create_app(settings)) as client:
        file_id = client.post("/v1/files", files={"file": ("i.pdf", doc.data)}).json()["id"]
        body = {"file_id": file_id, "domain": "document.invoice", "batch": True, "callback_url": receiver}
        prediction = client.post("/v1/document/generate", json=body).json()
        deadline = time.monotonic() + 60
        while len(Receiver.calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        stored = client.get(f"/v1/predictions/{prediction['id']}").json()
    assert len(Receiver.calls) == 2, Receiver.calls
    for raw, signature in Receiver.calls:
        expected = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(signature, expected)
        sent = json.loads(raw)
        assert sent == stored and sent["status"] == "completed"
        assert sent["response"]["invoice_id"] == doc.truth["invoice_id"].value


def test_time_limit(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "data", request_timeout=1.0)
    with TestClient(create_app(settings)) as client:
        scan = invoice_doc(3, True, 1).data
        file_id = client.post("/v1/files", files={"file": ("s.pdf", scan)}).json()["id"]
        body = {"file_id": file_id, "domain": "document.invoice"}
        problem(client.post("/v1/document/generate", json=body), 408, "time limit of 1 s")
        (stored,) = client.get("/v1/predictions").json()
    assert stored["status"] == "failed" and "time limit" in stored["message"]
