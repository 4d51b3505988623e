"""The synthetic generators themselves: truth boxes sit on printed text, PDFs carry the right text."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from groundex.synth import (
    LICENSE_LAYOUTS,
    LICENSE_VARIANTS,
    RECEIPT_VARIANTS,
    SynthDoc,
    invoice_doc,
    license_doc,
    receipt_doc,
)
from groundex.synth.__main__ import main as synth_main
from groundex.types import BBox

LICENSE_FIELDS = {
    "issuing_state", "license_number", "full_name", "first_name", "last_name", "address.street",
    "address.city", "address.state", "address.zip_code", "date_of_birth", "issue_date", "expiration_date",
    "gender", "height", "weight", "eye_color", "hair_color", "license_class",
}  # fmt: skip
INVOICE_FIELDS = {
    "invoice_id", "invoice_issue_date", "invoice_due_date", "issuer_name", "customer_name", "subtotal",
    "tax_amount", "total_amount", "payment_terms", "items[0].description", "items[0].total_price",
}  # fmt: skip
RECEIPT_FIELDS = {"merchant_name", "merchant_phone", "transaction_date", "subtotal", "tax", "total",
                  "payment_method.type", "payment_method.card_last_4", "items[0].description"}  # fmt: skip


def _pages(doc: SynthDoc, scale: float = 1.5) -> list[np.ndarray]:
    """Grey pixels of every page."""
    if doc.media_type == "application/pdf":
        pdf = pdfium.PdfDocument(doc.data)
        out = [np.asarray(page.render(scale=scale).to_pil().convert("L")) for page in pdf]
        pdf.close()
        return out
    return [np.asarray(Image.open(io.BytesIO(doc.data)).convert("L"))]


def _check_boxes_on_ink(doc: SynthDoc) -> None:
    pages = _pages(doc)
    assert len(pages) == doc.pages
    for f in doc.truth.values():
        assert f.boxes, f.path
        for b in f.boxes:
            assert 0 <= b.page < doc.pages, f.path
            assert b.x >= 0 and b.x1 <= 1 and b.y >= 0 and b.y1 <= 1 and b.w > 0 and b.h > 0, f.path
            grey = pages[b.page]
            h, w = grey.shape
            x0, y0, x1, y1 = (round(v) for v in b.to_pixels(w, h))
            crop = grey[y0 : max(y1, y0 + 1), x0 : max(x1, x0 + 1)].astype(np.float32)
            ink = crop < 150
            # dark strokes inside, and the box is not just a slice of a large dark area
            assert 0.04 < ink.mean() < 0.85, (f.path, b, float(ink.mean()))
            # ink in both the top and bottom thirds: the box is tight vertically
            rows = ink.mean(axis=1)
            assert rows[: max(1, len(rows) // 3)].max() > 0 and rows[-max(1, len(rows) // 3) :].max() > 0, (
                f.path
            )


@pytest.mark.parametrize("variant", LICENSE_VARIANTS)
@pytest.mark.parametrize("layout", LICENSE_LAYOUTS)
def test_license_truth_on_ink(layout: str, variant: str) -> None:
    for seed in (0, 1):
        doc = license_doc(layout, seed, variant)
        assert doc.media_type == ("image/png" if variant == "clean" else "image/jpeg")
        assert set(doc.truth) >= LICENSE_FIELDS
        _check_boxes_on_ink(doc)
        t = doc.truth
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", str(t["date_of_birth"].value))
        assert re.fullmatch(r"\d'\d{1,2}\"", str(t["height"].value))
        assert isinstance(t["weight"].value, float)
        assert t["full_name"].value == " ".join(
            str(t[k].value) for k in ("first_name", "middle_name", "last_name") if k in t
        )
        for marker in ("donor", "veteran"):
            assert t[marker].value is True if marker in t else True


def test_license_sizes_and_layouts_differ() -> None:
    sizes = {v: Image.open(io.BytesIO(license_doc("colon", 0, v).data)).size for v in LICENSE_VARIANTS}
    assert sizes["clean"] == (1000, 630) and sizes["lowres"][0] == 500 and sizes["photo"][0] > 1000
    spots = {lay: license_doc(lay).truth["license_number"].boxes[0].xywh(2) for lay in LICENSE_LAYOUTS}
    assert len(set(map(tuple, spots.values()))) == len(LICENSE_LAYOUTS)
    states = {license_doc(lay, s).truth["issuing_state"].value for lay in LICENSE_LAYOUTS for s in range(3)}
    assert len(states) >= 4


def test_deterministic_per_seed() -> None:
    for make in (
        lambda s: license_doc("aamva-numbered", s, "photo"),
        lambda s: invoice_doc(2, False, s),
        lambda s: receipt_doc(s),
    ):
        a, b, c = make(3), make(3), make(4)
        assert a.data == b.data and a.truth == b.truth
        assert a.data != c.data


def _pdf_text(page: pdfium.PdfPage, box: BBox, pad: float = 1.5) -> str:
    w, h = page.get_size()
    x0, y0, x1, y1 = box.to_pixels(w, h)
    text = page.get_textpage().get_text_bounded(
        left=x0 - pad, bottom=h - y1 - pad, right=x1 + pad, top=h - y0 + pad
    )
    return " ".join(str(text).split())


def _printed_forms(value: object) -> list[str]:
    if isinstance(value, float):
        return [f"{value:,.2f}", f"{value:g}"]
    return [str(value)]


@pytest.mark.parametrize("pages", [1, 2, 3])
def test_invoice_text_layer_matches_truth(pages: int) -> None:
    doc = invoice_doc(pages, seed=pages)
    assert doc.media_type == "application/pdf" and doc.pages == pages
    assert set(doc.truth) >= INVOICE_FIELDS
    pdf = pdfium.PdfDocument(doc.data)
    assert len(pdf) == pages
    on_page = {b.page for f in doc.truth.values() if f.path.startswith("items[") for b in f.boxes}
    assert on_page == set(range(pages))  # the table really spans every page
    items = sorted({int(m) for k in doc.truth for m in re.findall(r"^items\[(\d+)\]", k)})
    assert items == list(range(len(items)))
    assert doc.truth["total_amount"].boxes[0].page == pages - 1
    for f in doc.truth.values():
        assert len(f.boxes) == 1
        text = _pdf_text(pdf[f.boxes[0].page], f.boxes[0])
        if f.path.endswith("date"):
            assert re.search(r"\d", text), (f.path, text)
        else:
            assert any(form.upper() in text.upper() for form in _printed_forms(f.value)), (
                f.path,
                f.value,
                text,
            )
        assert len(text) <= len(max(_printed_forms(f.value), key=len)) + 14, (f.path, text)
    subtotal = sum(float(f.value) for k, f in doc.truth.items() if k.endswith(".total_price"))  # type: ignore[arg-type]
    assert abs(subtotal - float(doc.truth["subtotal"].value)) < 0.01  # type: ignore[arg-type]
    pdf.close()


def test_invoice_scanned_is_image_only_with_same_truth() -> None:
    digital, scanned = invoice_doc(2, seed=5), invoice_doc(2, scanned=True, seed=5)
    assert scanned.truth == digital.truth and scanned.pages == 2
    pdf = pdfium.PdfDocument(scanned.data)
    assert len(pdf) == 2
    assert all(page.get_textpage().count_chars() == 0 for page in pdf)
    w0, h0 = pdfium.PdfDocument(digital.data)[0].get_size()
    w1, h1 = pdf[0].get_size()
    assert abs(w0 - w1) < 1 and abs(h0 - h1) < 1
    pdf.close()
    _check_boxes_on_ink(scanned)


def test_invoice_boxes_on_ink() -> None:
    _check_boxes_on_ink(invoice_doc(2, seed=0))


@pytest.mark.parametrize("variant", RECEIPT_VARIANTS)
def test_receipt_truth_on_ink(variant: str) -> None:
    for seed in range(3):
        doc = receipt_doc(seed, variant)
        assert set(doc.truth) >= RECEIPT_FIELDS
        _check_boxes_on_ink(doc)
        t = doc.truth
        n = sum(1 for k in t if k.endswith(".description"))
        assert 4 <= n <= 8
        assert abs(float(t["subtotal"].value) + float(t["tax"].value) - float(t["total"].value)) < 0.011  # type: ignore[arg-type]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00", str(t["transaction_date"].value))
    width = Image.open(io.BytesIO(receipt_doc(0).data)).size[0]
    assert width == 600


def test_sample_command(tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "sample.png"
    assert synth_main(["sample", str(out)]) == 0
    assert out.stat().st_size <= 300_000
    assert Image.open(out).mode == "RGB"
    truth = json.loads(out.with_name("sample.truth.json").read_text())
    assert truth["issuing_state"]["value"] == "CA"
    assert truth["full_name"]["value"] == "JOHN MICHAEL DOE"
    assert out.read_bytes() == license_doc("aamva-numbered").data
