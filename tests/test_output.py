"""The Python API and the VLM Run wire shape, on a form rendered with known text positions."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from pydantic import BaseModel, Field

import groundex
from groundex.types import BBox

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class Seller(BaseModel):
    name: str | None = Field(None, description="Name of the seller")
    phone: str | None = Field(None, description="Phone number of the seller")


class Line(BaseModel):
    description: str | None = Field(None, description="Description of the item")
    quantity: float | None = Field(None, description="Quantity")
    amount: float | None = Field(None, description="Line amount")


class Order(BaseModel):
    order_number: str = Field(..., description="Order number")
    order_date: date | None = Field(None, description="Date of the order")
    seller: Seller | None = None
    lines: list[Line] = Field(default_factory=list)
    tags: list[str] | None = Field(None, description="Tags")
    coupon_code: str | None = Field(None, description="Coupon code applied")
    total: float | None = Field(None, description="Total amount")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size=size)


def _form() -> tuple[Image.Image, dict[str, BBox]]:
    """A clean order form (1700x2200) and the boxes of the values that matter."""
    img = Image.new("RGB", (1700, 2200), "white")
    draw = ImageDraw.Draw(img)
    font = _font(36)
    boxes: dict[str, BBox] = {}

    def put(x: int, y: int, text: str, key: str | None = None) -> None:
        draw.text((x, y), text, font=font, fill="black")
        if key:
            x0, y0, x1, y1 = draw.textbbox((x, y), text, font=font)
            boxes[key] = BBox.from_pixels(x0, y0, x1, y1, *img.size)

    put(120, 100, "ACME TOOLS INC", None)
    put(120, 200, "Seller: ACME TOOLS INC")
    draw.text((120, 200), "Seller: ", font=font)
    put(120, 260, "Phone:")
    put(360, 260, "(415) 555-0132", "seller.phone")
    put(1000, 200, "Order No:")
    put(1250, 200, "PO-77812", "order_number")
    put(1000, 260, "Order Date:")
    put(1250, 260, "07/04/2024", "order_date")
    put(120, 500, "Description")
    put(900, 500, "Qty")
    put(1300, 500, "Amount")
    put(120, 580, "Claw hammer", "lines[0].description")
    put(900, 580, "2")
    put(1300, 580, "31.90", "lines[0].amount")
    put(120, 650, "Tape measure", "lines[1].description")
    put(900, 650, "1")
    put(1300, 650, "12.50", "lines[1].amount")
    put(1000, 800, "Total:")
    put(1300, 800, "44.40", "total")
    put(120, 1000, "Tags:")
    put(300, 1000, "hardware, tools, gift")
    return img, boxes


@pytest.fixture(scope="module")
def prediction() -> tuple[groundex.Prediction, dict[str, BBox]]:
    img, boxes = _form()
    return groundex.extract(img, Order, ocr="tesseract"), boxes


def test_data_is_model_instance(prediction: tuple[groundex.Prediction, dict[str, BBox]]) -> None:
    pred, _ = prediction
    assert isinstance(pred.data, Order)
    assert pred.data.order_number == "PO-77812"
    assert pred.data.order_date == date(2024, 7, 4)
    assert pred.data.total == pytest.approx(44.40)
    assert [ln.description for ln in pred.data.lines] == ["Claw hammer", "Tape measure"]
    assert [ln.quantity for ln in pred.data.lines] == [2.0, 1.0]
    assert pred.data.tags == ["hardware", "tools", "gift"]
    assert pred.data.coupon_code is None
    assert not pred.warnings


def test_fields_boxes_match_known_positions(prediction: tuple[groundex.Prediction, dict[str, BBox]]) -> None:
    pred, boxes = prediction
    for path, truth in boxes.items():
        res = pred.fields[path]
        assert res.status == "exact"
        assert res.bucket in ("hi", "med", "low") and 0.0 <= res.confidence <= 1.0
        union = res.boxes[0].bbox
        for g in res.boxes[1:]:
            union = union.union(g.bbox)
        assert union.iou(truth) >= 0.5, (path, union, truth)


def test_vlmrun_shape(prediction: tuple[groundex.Prediction, dict[str, BBox]]) -> None:
    pred, _ = prediction
    out = pred.to_vlmrun()
    resp = out["response"]
    assert out["usage"] == {
        "elements_processed": 1,
        "element_type": "image",
        "credits_used": 0,
        "duration_seconds": out["usage"]["duration_seconds"],
    }
    assert resp["order_date"] == "2024-07-04"
    assert resp["order_date_metadata"]["bboxes"][0]["content"] == "07/04/2024"
    assert "seller_metadata" not in resp and "lines_metadata" not in resp
    assert resp["seller"]["phone_metadata"]["bboxes"][0]["page"] == 0
    for line in resp["lines"]:
        assert set(line) == {
            "description",
            "description_metadata",
            "quantity",
            "quantity_metadata",
            "amount",
            "amount_metadata",
        }
    assert resp["coupon_code"] is None and resp["coupon_code_metadata"] is None
    tags = resp["tags_metadata"]
    assert [m["bboxes"][0]["content"] for m in tags["items"]] == ["hardware", "tools", "gift"]
    assert len(tags["bboxes"]) == 3 and tags["confidence"] in ("hi", "med", "low")
    for meta in (resp["total_metadata"], resp["lines"][0]["amount_metadata"]):
        box = meta["bboxes"][0]
        assert set(box) == {"content", "bbox", "page", "confidence"} and len(box["bbox"]["xywh"]) == 4


def test_annotate_and_sources(
    prediction: tuple[groundex.Prediction, dict[str, BBox]], tmp_path: Path
) -> None:
    pred, _ = prediction
    (page,) = pred.annotate()
    assert page.size == (1700, 2200)
    img, _ = _form()
    assert page.tobytes() != img.tobytes()
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    ex = groundex.Extractor(ocr="tesseract")
    from_bytes = ex.extract(buf.getvalue(), Order)
    path = tmp_path / "form.png"
    path.write_bytes(buf.getvalue())
    from_path = ex.extract(path, Order.model_json_schema())
    assert from_bytes.data.order_number == "PO-77812"
    assert isinstance(from_path.data, dict) and from_path.data["order_number"] == "PO-77812"


def test_mixed_pdf_pages(tmp_path: Path) -> None:
    """Page 0 born-digital, page 1 a scan: text layer for one, OCR for the other, pages right."""
    img, boxes = _form()
    scan = tmp_path / "scan.png"
    img.save(scan)
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_font("helvetica", size=14)
    pdf.add_page()
    pdf.text(72, 100, "Order No: PO-1")
    pdf.add_page()
    pdf.image(str(scan), x=0, y=0, w=612, h=792)
    data = bytes(pdf.output())
    pred = groundex.extract(data, Order, ocr="tesseract")
    assert [p.source for p in pred.document.pages] == ["pdf-text", "tesseract"]
    assert pred.document.ocr_pages == (1,)
    assert pred.fields["total"].boxes[0].bbox.page == 1
    assert pred.fields["total"].boxes[0].bbox.iou(replace(boxes["total"], page=1)) >= 0.5
    assert pred.fields["order_number"].value in ("PO-1", "PO-77812")
