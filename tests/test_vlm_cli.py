"""``groundex extract`` and ``groundex serve`` with ``--backend vlm`` against a scripted OpenAI-compatible
server on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from groundex.synth import invoice_doc
from tests.fake_openai import FakeOpenAI, answer, prompt_text, running
from tests.serving import Served, free_port
from tests.test_cli import _one_line_error, run

REPLY = {
    "invoice_id": ("A-08304", ["A-08304"]),
    "total_amount": (18591.52, ["$18,591.52"]),
    "customer_name": ("Wayne Enterprises", []),
}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with running() as server:
        yield server


@pytest.fixture(scope="module")
def invoice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vlm-cli") / "invoice.pdf"
    path.write_bytes(invoice_doc(2, False, 0).data)
    return path


def test_extract_prints_grounded_json(fake: FakeOpenAI, invoice: Path) -> None:
    fake.load(answer(REPLY))
    args = ["extract", str(invoice), "--domain", "document.invoice", "--backend", "vlm", "--model", "x"]
    proc = run(*args, "--base-url", fake.base_url, "--no-vlm-images")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    resp = out["response"]
    assert resp["invoice_id"] == "A-08304" and resp["total_amount"] == 18591.52
    (box,) = resp["total_amount_metadata"]["bboxes"]
    assert box["page"] == 1 and box["content"] == "$18,591.52"
    assert resp["customer_name"] == "Wayne Enterprises"
    assert (
        resp["customer_name_metadata"]["bboxes"] == []
        and resp["customer_name_metadata"]["confidence"] == "low"
    )
    assert out["usage"]["total_tokens"] == 120
    (request,) = fake.requests
    assert request["model"] == "x" and "image_url" not in json.dumps(request)
    assert "L6 84,12 A-08304" in prompt_text(request)

    strict = run(*args, "--base-url", fake.base_url, "--strict") if fake.load(answer(REPLY)) else None
    assert strict is not None and strict.returncode == 0, strict and strict.stderr
    assert json.loads(strict.stdout)["response"]["customer_name"] is None


def test_unreachable_server_is_one_line(invoice: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    proc = run("extract", str(invoice), "--domain", "document.invoice", "--backend", "vlm", "--model", "x",
               "--base-url", url)  # fmt: skip
    _one_line_error(proc, 1, f"cannot reach the model server at {url}")


def test_backend_without_model_is_bad_usage(invoice: Path) -> None:
    proc = run("extract", str(invoice), "--domain", "document.invoice", "--backend", "hybrid")
    _one_line_error(proc, 2, "--backend hybrid needs --model")


def test_server_uses_the_configured_model(fake: FakeOpenAI, invoice: Path, tmp_path: Path) -> None:
    args = ("--backend", "vlm", "--model", "served-model", "--base-url", fake.base_url, "--no-vlm-images")
    fake.load(answer(REPLY))
    with Served(tmp_path / "data", *args) as server, server.client() as api:
        config = {"grounding": True, "confidence": True}
        body = {"domain": "document.invoice", "batch": False, "config": config}
        file_id = api.post("/files", files={"file": ("invoice.pdf", invoice.read_bytes())}).json()["id"]
        pred = api.post("/document/generate", json={**body, "file_id": file_id}).json()
    assert pred["status"] == "completed", pred
    assert pred["response"]["invoice_id"] == "A-08304"
    assert pred["response"]["invoice_id_metadata"]["bboxes"][0]["page"] == 0
    assert pred["usage"]["total_tokens"] == 120
    assert [r["model"] for r in fake.requests] == ["served-model"]
