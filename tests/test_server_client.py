"""The official ``vlmrun`` client (0.9.2, unchanged, in its own venv) and its CLI against the server."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from groundex.synth import SynthDoc, invoice_doc, license_doc
from groundex.types import BBox
from tests.serving import Served, vlmrun_python
from tests.test_acceptance import value_matches

KEY = "test-key-4f1c"

CLIENT_SCRIPT = r"""
import json, sys
from pathlib import Path
from PIL import Image
from vlmrun.client import VLMRun
from vlmrun.client.types import GenerationConfig

args = json.loads(sys.argv[1])
out = {}
try:
    VLMRun(base_url=args["base_url"], api_key="wrong-key")
except Exception as exc:
    out["wrong_key"] = type(exc).__name__
client = VLMRun(base_url=args["base_url"], api_key=args["key"])
out["health"] = client.healthcheck()
out["domains"] = [d.domain for d in client.list_domains()]
out["schema_fields"] = sorted(client.get_schema("document.invoice").json_schema["properties"])

license = client.image.generate(
    images=[Image.open(args["license"])], domain="document.us-drivers-license",
    config=GenerationConfig(grounding=True, confidence=True),
)
out["license"] = license.model_dump(mode="json")

pending = client.document.generate(
    file=Path(args["invoice"]), domain="document.invoice", batch=True, config=GenerationConfig(grounding=True)
)
out["batch_status"] = pending.status
out["invoice"] = client.predictions.wait(pending.id, timeout=120, sleep=1).model_dump(mode="json")

first = client.files.upload(Path(args["invoice"]))
second = client.files.upload(Path(args["invoice"]))
out["uploads"] = [first.id, second.id, client.files.get(first.id).bytes]

custom = client.document.generate(file=first.id, config=GenerationConfig(json_schema=args["schema"]))
out["custom"] = custom.model_dump(mode="json")
out["listed"] = [p.id for p in client.predictions.list(limit=100)]
print(json.dumps(out))
"""

CUSTOM_SCHEMA = {
    "type": "object",
    "properties": {
        "invoice_number": {"type": "string", "description": "Invoice number"},
        "total": {"type": "number", "description": "Total amount due"},
    },
}


@pytest.fixture(scope="module")
def python() -> Path:
    return vlmrun_python()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with Served(tmp_path_factory.mktemp("client") / "data", "--api-key", KEY, key=KEY) as server:
        yield server


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[SynthDoc, Path]]:
    folder = tmp_path_factory.mktemp("docs")
    out = {}
    for name, doc, suffix in (
        ("license", license_doc("aamva-numbered", 3, "clean"), ".png"),
        ("invoice", invoice_doc(2, False, 5), ".pdf"),
    ):
        path = folder / f"{name}{suffix}"
        path.write_bytes(doc.data)
        out[name] = (doc, path)
    return out


def _box(meta: dict[str, Any]) -> BBox:
    x, y, w, h = meta["bbox"]["xywh"]
    return BBox(x, y, w, h, page=meta["page"])


def _right_and_grounded(doc: SynthDoc, response: dict[str, Any], path: str) -> None:
    *parents, leaf = path.split(".")
    node = response
    for part in parents:
        node = node[part]
    truth = doc.truth[path]
    assert value_matches(truth.value, node[leaf]), (path, node[leaf], truth.value)
    boxes = [_box(b) for b in node[f"{leaf}_metadata"]["bboxes"]]
    for want in truth.boxes:
        assert any(b.page == want.page and b.iou(want) >= 0.5 for b in boxes), (path, boxes, want)


def test_official_client(python: Path, served: Served, docs: dict[str, tuple[SynthDoc, Path]]) -> None:
    args = {
        "base_url": f"{served.url}/v1",
        "key": KEY,
        "license": str(docs["license"][1]),
        "invoice": str(docs["invoice"][1]),
        "schema": CUSTOM_SCHEMA,
    }
    proc = subprocess.run(
        [str(python), "-c", CLIENT_SCRIPT, json.dumps(args)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])

    assert out["wrong_key"] == "AuthenticationError" and out["health"] is True
    assert "document.invoice" in out["domains"] and "document.us-drivers-license" in out["domains"]
    assert {"invoice_id", "total_amount", "items"} <= set(out["schema_fields"])

    lic_doc = docs["license"][0]
    lic = out["license"]
    assert lic["status"] == "completed" and lic["domain"] == "document.us-drivers-license"
    assert lic["usage"]["elements_processed"] == 1 and lic["usage"]["element_type"] == "image"
    for path in ("license_number", "last_name", "date_of_birth", "address.city"):
        _right_and_grounded(lic_doc, lic["response"], path)
    meta = lic["response"]["license_number_metadata"]
    assert meta["confidence"] in ("hi", "med", "low") and 0 <= meta["confidence_score"] <= 1

    inv_doc = docs["invoice"][0]
    inv = out["invoice"]
    assert out["batch_status"] == "pending"
    assert inv["status"] == "completed" and inv["usage"] == {**inv["usage"], "elements_processed": 2}
    assert inv["usage"]["element_type"] == "page"
    for path in ("invoice_id", "customer_name", "total_amount", "subtotal"):
        _right_and_grounded(inv_doc, inv["response"], path)
    assert {b["page"] for b in inv["response"]["total_amount_metadata"]["bboxes"]} == {1}
    assert {b["page"] for b in inv["response"]["invoice_id_metadata"]["bboxes"]} == {0}
    items = inv["response"]["items"]
    assert len(items) == len({k.split("]")[0] for k in inv_doc.truth if k.startswith("items[")})
    assert "confidence" not in inv["response"]["invoice_id_metadata"]

    first, second, size = out["uploads"]
    assert first == second and size == docs["invoice"][1].stat().st_size

    custom = out["custom"]
    assert custom["status"] == "completed" and custom["domain"] is None
    assert custom["response"] == {
        "invoice_number": inv_doc.truth["invoice_id"].value,
        "total": inv_doc.truth["total_amount"].value,
    }
    assert {lic["id"], inv["id"], custom["id"]} <= set(out["listed"])


def test_vlmrun_cli_generate(
    python: Path, served: Served, docs: dict[str, tuple[SynthDoc, Path]], tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "VLMRUN_BASE_URL": f"{served.url}/v1",
        "VLMRUN_API_KEY": KEY,
        "NO_COLOR": "1",
    }
    doc, pdf = docs["invoice"]
    command = [str(python.parent / "vlmrun"), "generate", "-i", str(pdf), "--domain", "document.invoice"]
    command += ["--format", "json"]
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["status"] == "completed" and out["domain"] == "document.invoice"
    assert out["response"]["invoice_id"] == doc.truth["invoice_id"].value
    assert out["response"]["total_amount"] == doc.truth["total_amount"].value
