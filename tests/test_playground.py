"""The playground in a real browser: ``groundex serve`` on a loopback port, driven by Playwright.

A synthetic invoice whose values and boxes are known is uploaded through the page's file input and extracted
with the ``document.invoice`` domain; the boxes drawn over the page images are checked against the printed
positions, on the right page, in headless Chromium. Chromium comes from Debian (``apt-get install chromium``)
and the driver from PyPI (``pip install playwright``); when either is missing these tests fail.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from groundex.synth import SynthDoc, invoice_doc

try:
    from playwright.sync_api import Browser, Locator, Page, sync_playwright
except ImportError:  # the tests fail below with how to install it
    sync_playwright = None

CHROMIUM = Path(os.environ.get("GROUNDEX_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOLERANCE = 0.01
"""How far (a fraction of the page's width or height) a drawn box may sit from the printed value."""


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"groundex serve exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/v1/domains", timeout=2) as res:
                if res.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail(f"groundex serve did not answer within {timeout:.0f} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("serve")
    log = data / "serve.log"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROUNDEX_")}
    cmd = [sys.executable, "-m", "groundex.cli", "serve", "--port", str(port), "--data-dir", str(data / "d")]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if sync_playwright is None:
        pytest.fail("the Python package playwright is missing: pip install playwright")
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def invoice(tmp_path_factory: pytest.TempPathFactory) -> tuple[SynthDoc, Path]:
    doc = invoice_doc(pages=2)
    path = tmp_path_factory.mktemp("doc") / doc.name
    path.write_bytes(doc.data)
    return doc, path


def open_playground(browser: Browser, url: str) -> Page:
    page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page.set_default_timeout(20_000)
    page.goto(url)
    return page


def upload(page: Page, path: Path) -> None:
    page.get_by_test_id("file-input").set_input_files(path)
    page.locator('[data-testid="page-image"][data-page="0"]').wait_for()


def run(page: Page, first_field: str) -> None:
    page.get_by_test_id("run").click()
    field(page, first_field).wait_for()
    assert page.get_by_test_id("error").is_hidden(), page.get_by_test_id("error").inner_text()


def field(page: Page, path: str) -> Locator:
    return page.locator(f'#tree [data-field="{path}"]')


def boxes(page: Page, path: str) -> Locator:
    return page.locator(f'[data-testid="box"][data-field="{path}"]')


def rect(locator: Locator) -> Rect:
    got = locator.bounding_box()
    assert got is not None, "element is not displayed"
    return Rect(got["x"], got["y"], got["width"], got["height"])


def normalized(box: Rect, image: Rect) -> Rect:
    """``box`` on screen as a fraction of the page image on screen (top-left origin)."""
    return Rect((box.x - image.x) / image.w, (box.y - image.y) / image.h, box.w / image.w, box.h / image.h)


def assert_close(got: Rect, want: Rect | list[float], tol: float, what: str) -> None:
    diffs = [abs(a - b) for a, b in zip(got, want, strict=True)]
    assert max(diffs) <= tol, f"{what}: drawn at {[round(v, 4) for v in got]}, expected {list(want)}"


def download_json(page: Page) -> Any:
    with page.expect_download() as info:
        page.get_by_test_id("download").click()
    return json.loads(Path(info.value.path()).read_text())


def screenshot_dir(tmp_path: Path) -> Path:
    out = Path(os.environ.get("GROUNDEX_SCREENSHOT_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="module")
def result(browser: Browser, server: str, invoice: tuple[SynthDoc, Path]) -> Iterator[tuple[Page, Any]]:
    """The playground after running ``document.invoice`` on the invoice, and the server's prediction."""
    page = open_playground(browser, server)
    upload(page, invoice[1])
    assert page.get_by_test_id("page-label").inner_text() == "Page 1 / 2"
    page.get_by_test_id("domain-input").fill("document.invoice")
    with page.expect_response(re.compile(r"/v1/document/generate$")) as response:
        run(page, "invoice_id")
    yield page, response.value.json()
    page.close()


def test_hovering_a_field_draws_its_box_on_its_page(
    result: tuple[Page, Any], invoice: tuple[SynthDoc, Path], tmp_path: Path
) -> None:
    page, prediction = result
    doc = invoice[0]
    later = next(p for p, t in doc.truth.items() if p.endswith(".description") and t.boxes[0].page >= 1)
    for path in ("invoice_id", later):
        truth = doc.truth[path].boxes[0]
        field(page, path).hover()
        image = page.locator(f'[data-testid="page-image"][data-page="{truth.page}"]')
        image.wait_for()
        assert page.get_by_test_id("page-label").inner_text() == f"Page {truth.page + 1} / 2"
        drawn = boxes(page, path)
        assert drawn.count() == 1
        assert drawn.is_visible()
        assert drawn.get_attribute("data-page") == str(truth.page)
        assert "active" in (drawn.get_attribute("class") or "").split()
        on_page = normalized(rect(drawn), rect(image))
        assert_close(on_page, truth.xywh(), TOLERANCE, f"{path} against the printed position")
        meta = prediction["response"]
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", path)[:-1]:
            meta = meta[int(part[1:-1])] if part.startswith("[") else meta[part]
        predicted = meta[f"{path.rsplit('.', 1)[-1]}_metadata"]["bboxes"][0]
        assert predicted["page"] == truth.page
        assert_close(on_page, predicted["bbox"]["xywh"], 0.002, f"{path} against the server's box")
        others = page.locator('[data-testid="box"].active').evaluate_all(
            "els => els.map(e => e.dataset.field)"
        )
        assert set(others) == {path}
    out = screenshot_dir(tmp_path) / "playground.png"
    page.screenshot(path=str(out))
    assert out.stat().st_size > 10_000


def test_clicking_a_box_focuses_its_field(result: tuple[Page, Any]) -> None:
    page, _ = result
    page.locator('[data-testid="thumb"][data-page="0"]').click()
    page.locator('[data-testid="page-image"][data-page="0"]').wait_for()
    boxes(page, "items[2].total_price").click()
    focused = page.evaluate("document.activeElement.dataset.field")
    assert focused == "items[2].total_price"
    assert field(page, "items[2].total_price").is_visible()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.field") == "items[2].currency"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.dataset.field") == "items[2].unit_price"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.dataset.field") == "items[2]"
    page.keyboard.press("ArrowLeft")
    assert field(page, "items[2]").get_attribute("aria-expanded") == "false"
    assert field(page, "items[2].unit_price").is_hidden()
    page.keyboard.press("ArrowRight")
    assert field(page, "items[2].unit_price").is_visible()


def test_edited_values_are_downloaded_with_their_metadata(result: tuple[Page, Any]) -> None:
    page, prediction = result
    original = download_json(page)
    assert original["response"] == prediction["response"]

    for path, typed in (("invoice_id", "A-99999"), ("items[0].quantity", "6")):
        field(page, path).focus()
        page.keyboard.press("Enter")
        page.get_by_test_id("edit-input").fill(typed)
        page.keyboard.press("Enter")
        assert field(page, path).get_by_test_id("field-value").inner_text() == typed
        assert field(page, path).get_by_test_id("revert").is_visible()
    assert page.get_by_test_id("download").inner_text() == "Download corrected JSON"

    corrected = download_json(page)["response"]
    want = prediction["response"]
    assert corrected["invoice_id"] == "A-99999"
    assert corrected["items"][0]["quantity"] == 6
    assert corrected["invoice_id_metadata"] == want["invoice_id_metadata"]
    assert corrected["items"][0]["quantity_metadata"] == want["items"][0]["quantity_metadata"]
    assert corrected["total_amount"] == want["total_amount"]
    assert corrected["items"][1] == want["items"][1]

    field(page, "invoice_id").get_by_test_id("revert").click()
    assert download_json(page)["response"]["invoice_id"] == want["invoice_id"]


def test_a_field_without_a_box_is_marked(
    browser: Browser, server: str, invoice: tuple[SynthDoc, Path]
) -> None:
    page = open_playground(browser, server)
    upload(page, invoice[1])
    page.get_by_test_id("mode-schema").check()
    schema = {
        "type": "object",
        "properties": {
            "invoice_id": {"type": "string", "title": "Invoice number"},
            "vehicle_identification_number": {"type": "string", "description": "VIN of the insured vehicle"},
        },
    }
    page.get_by_test_id("schema-input").fill(json.dumps(schema))
    run(page, "vehicle_identification_number")
    missing = field(page, "vehicle_identification_number")
    assert missing.get_by_test_id("no-box").is_visible()
    assert boxes(page, "vehicle_identification_number").count() == 0
    assert field(page, "invoice_id").get_by_test_id("no-box").count() == 0
    assert boxes(page, "invoice_id").count() == 1

    page.get_by_test_id("schema-input").fill("{not json")
    page.get_by_test_id("run").click()
    assert "not valid JSON" in page.get_by_test_id("error").inner_text()
    page.get_by_test_id("schema-input").fill('{"type": "string"}')
    with page.expect_response(re.compile(r"/v1/document/generate$")) as response:
        page.get_by_test_id("run").click()
    detail = response.value.json()["detail"]
    assert response.value.status == 422 and detail
    error = page.get_by_test_id("error")
    error.wait_for()
    assert error.inner_text() == detail
    assert field(page, "vehicle_identification_number").is_visible()
    page.close()


def box_meta(confidence: str, *boxes: tuple[int, list[float]]) -> dict[str, Any]:
    return {
        "confidence": confidence,
        "confidence_score": {"hi": 0.9, "med": 0.7, "low": 0.3}[confidence],
        "bboxes": [
            {"content": "x", "bbox": {"xywh": xywh}, "page": p, "confidence": 0.9} for p, xywh in boxes
        ],
    }


CRAFTED = {
    "customer": {"name": "ACME", "name_metadata": box_meta("hi", (0, [0.1, 0.1, 0.2, 0.05]))},
    "lines": [{"amount": 5.5, "amount_metadata": box_meta("med", (1, [0.7, 0.2, 0.1, 0.03]))}],
    "tags": ["red", "blue"],
    "tags_metadata": {
        **box_meta("low", (0, [0.3, 0.4, 0.1, 0.02]), (1, [0.5, 0.6, 0.1, 0.04])),
        "items": [box_meta("hi", (0, [0.3, 0.4, 0.1, 0.02])), box_meta("low", (1, [0.5, 0.6, 0.1, 0.04]))],
    },
    "note": "printed but not found",
    "note_metadata": box_meta("low"),
}
"""Every shape of the grounded response: nested object, list of objects, list of primitives with ``items``,
and a value whose boxes are empty."""


def test_every_response_shape_is_drawn(browser: Browser, server: str, invoice: tuple[SynthDoc, Path]) -> None:
    page = open_playground(browser, server)
    prediction = {"id": "prediction-crafted", "status": "completed", "response": CRAFTED, "usage": {}}
    page.route("**/v1/document/generate", lambda route: route.fulfill(json=prediction, status=201))
    upload(page, invoice[1])
    page.get_by_test_id("domain-input").fill("document.invoice")
    run(page, "tags[1]")

    colours = {"hi": "rgb(31, 157, 85)", "med": "rgb(212, 136, 6)", "low": "rgb(214, 69, 69)"}
    expected = {
        "customer.name": (0, [0.1, 0.1, 0.2, 0.05], "hi"),
        "lines[0].amount": (1, [0.7, 0.2, 0.1, 0.03], "med"),
        "tags[0]": (0, [0.3, 0.4, 0.1, 0.02], "hi"),
        "tags[1]": (1, [0.5, 0.6, 0.1, 0.04], "low"),
    }
    for path, (index, xywh, confidence) in expected.items():
        field(page, path).focus()
        image = page.locator(f'[data-testid="page-image"][data-page="{index}"]')
        image.wait_for()
        drawn = boxes(page, path)
        assert drawn.count() == 1 and drawn.is_visible()
        assert_close(normalized(rect(drawn), rect(image)), xywh, 0.002, path)
        assert drawn.evaluate("e => getComputedStyle(e).borderTopColor") == colours[confidence]
        assert field(page, path).get_by_test_id("no-box").count() == 0

    note = field(page, "note")
    assert note.get_by_test_id("field-value").inner_text() == "printed but not found"
    assert note.get_by_test_id("no-box").is_visible()
    field(page, "tags").hover()
    assert page.locator('[data-testid="box"].active').count() == 1
    assert page.get_by_test_id("summary").inner_text() == "5/5 filled · 2 hi · 1 med · 2 low · 1 without box"
    page.close()
