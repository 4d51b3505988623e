"""``groundex serve`` over real HTTP: auth, limits, errors as one-line JSON, URL safety, concurrency,
failed predictions, page pictures, files, and a restart in the middle of a job."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from groundex.synth import invoice_doc
from tests.serving import Served, wait_for

KEY = "k-server-tests"


def problem(response: httpx.Response, status: int, needle: str = "") -> str:
    """Assert a JSON error ``{"detail": "one line"}`` with ``status``; returns the detail."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str), body
    assert "\n" not in body["detail"] and "Traceback" not in body["detail"]
    assert needle.lower() in body["detail"].lower(), body["detail"]
    return str(body["detail"])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data = tmp_path_factory.mktemp("server") / "data"
    with Served(data, "--api-key", KEY, "--max-upload-mb", "1", "--workers", "2", key=KEY) as server:
        yield server


@pytest.fixture(scope="module")
def api(served: Served) -> Iterator[httpx.Client]:
    with served.client() as client:
        yield client


def _doc(api: httpx.Client, **body: Any) -> httpx.Response:
    return api.post("/document/generate", json={"domain": "document.invoice", **body})


def _images(api: httpx.Client, *images: str) -> httpx.Response:
    return api.post("/image/generate", json={"domain": "document.invoice", "images": list(images)})


def _upload(api: httpx.Client, data: bytes, name: str = "doc.pdf") -> dict[str, Any]:
    response = api.post("/files", files={"file": (name, data)})
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_api_key_required(served: Served) -> None:
    with served.client(key="") as anonymous:
        response = anonymous.get("/health")
        problem(response, 401, "api key")
        assert response.headers["www-authenticate"] == "Bearer"
        problem(anonymous.post("/files", files={"file": ("a.png", b"x")}), 401)
    with served.client(key="not-the-key") as wrong:
        problem(wrong.get("/predictions"), 401)
    with served.client() as right:
        assert right.get("/health").json()["status"] == "ok"
    docs = httpx.get(f"{served.url}/openapi.json").json()
    paths = docs["paths"]
    routes = ["image/generate", "document/generate", "files", "files/hash/{md5}", "schema", "domains"]
    routes += ["files/{file_id}/pages", "files/{file_id}/pages/{index}.png", "predictions/{prediction_id}"]
    assert {f"/v1/{r}" for r in routes} <= set(paths)
    assert docs["components"]["schemas"]["DocumentRequest"]["examples"]
    assert httpx.get(f"{served.url}/docs").status_code == 200


def test_upload_limits(api: httpx.Client) -> None:
    png_head = b"\x89PNG\r\n\x1a\n"
    problem(api.post("/files", files={"file": ("big.png", png_head + b"\0" * 1_500_000)}), 413, "limit")
    problem(api.post("/files", files={"file": ("huge.png", png_head + b"\0" * 3_000_000)}), 413, "limit")
    problem(api.post("/files", files={"file": ("notes.txt", b"hello world, not a doc")}), 415, "not an image")
    problem(api.post("/files", files={"file": ("empty.pdf", b"")}), 422, "empty")
    problem(api.post("/files?purpose=nonsense", files={"file": ("a.pdf", b"%PDF-1.4")}), 422, "purpose")
    big = "data:image/png;base64," + base64.b64encode(png_head + b"\0" * 1_200_000).decode()
    problem(_images(api, big), 413)


def test_invalid_requests(api: httpx.Client) -> None:
    file_id = _upload(api, invoice_doc(1, False, 1).data)["id"]
    problem(_doc(api, file_id=file_id, config={"json_schema": {"type": "string"}}), 422, "object")
    problem(_doc(api, file_id=file_id, domain="document.nope"), 422, "unknown")
    problem(_doc(api, file_id=file_id, domain=None), 422, "domain")
    problem(_doc(api), 422, "file_id")
    problem(_doc(api, file_id="missing"), 404)
    problem(_images(api, "not a url"), 400)
    json_type = {"content-type": "application/json"}
    problem(api.post("/document/generate", content=b"{not json", headers=json_type), 422)
    problem(api.post("/schema", json={"domain": "document.nope"}), 422, "unknown domain")
    problem(api.get("/predictions/nope"), 404)


def test_private_urls_refused(api: httpx.Client, served: Served) -> None:
    urls = [f"{served.url}/v1/health", "http://localhost:9/x.pdf", "http://169.254.169.254/latest"]
    for url in [*urls, "http://[::1]/x.png", "http://10.1.2.3/x.pdf"]:
        problem(_doc(api, url=url), 400, "private")
    problem(_images(api, f"{served.url}/a.png"), 400, "private")
    problem(_doc(api, url="ftp://example.com/a.pdf"), 400, "http")
    file_id = _upload(api, invoice_doc(1, False, 1).data)["id"]
    problem(_doc(api, file_id=file_id, callback_url="http://127.0.0.1:9/hook"), 400, "private")


def test_twenty_concurrent_requests(api: httpx.Client) -> None:
    docs = [invoice_doc(1, False, seed) for seed in range(10, 14)]
    ids = [_upload(api, doc.data)["id"] for doc in docs]

    def generate(i: int) -> tuple[int, httpx.Response]:
        body = {"file_id": ids[i % 4], "domain": "document.invoice", "config": {"grounding": True}}
        return i, api.post("/document/generate", json=body)

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(generate, range(20)))
    assert len({r.json()["id"] for _, r in results}) == 20
    for i, response in results:
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["status"] == "completed"
        assert body["response"]["invoice_id"] == docs[i % 4].truth["invoice_id"].value
        assert body["response"]["invoice_id_metadata"]["bboxes"]


def test_failed_prediction_has_a_message(api: httpx.Client) -> None:
    file_id = _upload(api, invoice_doc(1, False, 2).data)["id"]
    body = {"file_id": file_id, "domain": "document.invoice", "batch": True, "config": {"page_indices": [3]}}
    pending = api.post("/document/generate", json=body)
    assert pending.status_code == 201 and pending.json()["status"] == "pending"
    failed = wait_for(api, pending.json()["id"], ("completed", "failed"))
    assert failed["status"] == "failed" and "page 3 out of range" in failed["message"]
    assert failed["completed_at"] and failed["response"] is None
    problem(api.post("/document/generate", json={**body, "batch": False}), 422, "page 3 out of range")


def test_plain_json_without_grounding_or_confidence(api: httpx.Client) -> None:
    doc = invoice_doc(1, False, 3)
    url = "data:application/pdf;base64," + base64.b64encode(doc.data).decode()
    body = api.post("/image/generate", json={"images": [url], "domain": "document.invoice"}).json()
    assert body["response"]["invoice_id"] == doc.truth["invoice_id"].value
    assert not any(k.endswith("_metadata") for k in body["response"])
    assert body["usage"]["element_type"] == "page"


def _exif_rotated_jpeg() -> bytes:
    image = Image.new("RGB", (300, 120), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to display
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_page_pictures(api: httpx.Client) -> None:
    pdf = _upload(api, invoice_doc(2, False, 4).data)
    pages = api.get(f"/files/{pdf['id']}/pages").json()
    assert pages["count"] == 2 and len(pages["sizes"]) == 2
    width, height = pages["sizes"][1]
    png = api.get(f"/files/{pdf['id']}/pages/1.png", params={"max_side": 500})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert max(image.size) == 500 and abs(image.size[0] / image.size[1] - width / height) < 0.01
    problem(api.get(f"/files/{pdf['id']}/pages/2.png"), 404, "out of range")
    photo = _upload(api, _exif_rotated_jpeg(), "photo.jpg")
    assert api.get(f"/files/{photo['id']}/pages").json() == {"count": 1, "sizes": [[120, 300]]}
    upright = Image.open(io.BytesIO(api.get(f"/files/{photo['id']}/pages/0.png").content))
    assert upright.size == (120, 300)


def test_files(api: httpx.Client) -> None:
    data = invoice_doc(1, False, 6).data
    first = _upload(api, data, "a.pdf")
    assert _upload(api, data, "b.pdf")["id"] == first["id"]
    assert first["media_type"] == "application/pdf" and first["bytes"] == len(data)
    assert api.get(f"/files/hash/{first['md5']}").json()["id"] == first["id"]
    assert first["id"] in [f["id"] for f in api.get("/files", params={"limit": 1000}).json()]
    assert api.delete(f"/files/{first['id']}").json()["id"] == first["id"]
    problem(api.get(f"/files/{first['id']}"), 404)
    problem(api.get(f"/files/hash/{first['md5']}"), 404)
    problem(api.post("/document/generate", json={"file_id": first["id"], "domain": "document.invoice"}), 404)


def test_restart_mid_job(tmp_path: Path) -> None:
    doc, earlier = invoice_doc(2, True, 7), invoice_doc(1, False, 8)
    server = Served(tmp_path / "data").start()
    try:
        with server.client() as api:
            finished = _doc(api, file_id=_upload(api, earlier.data)["id"]).json()
            file_id = _upload(api, doc.data)["id"]
            prediction_id = _doc(api, file_id=file_id, batch=True).json()["id"]
            assert wait_for(api, prediction_id, ("running", "completed", "failed"))["status"] == "running"
        server.kill()
        server = Served(tmp_path / "data").start()
        with server.client() as api:
            done = wait_for(api, prediction_id, ("completed", "failed"), seconds=120)
            assert api.get(f"/predictions/{finished['id']}").json() == finished
            assert api.get(f"/files/{file_id}").status_code == 200
    finally:
        server.stop()
    assert done["status"] in ("completed", "failed"), done
    if done["status"] == "failed":
        assert done["message"]
    else:
        assert done["response"]["invoice_id"] == doc.truth["invoice_id"].value
        assert done["usage"]["elements_processed"] == 2
