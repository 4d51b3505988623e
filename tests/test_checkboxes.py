"""Ticked check boxes read from the page image: a rendered form with boxes before its options, through the
real OCR and the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from pydantic import BaseModel, Field

import groundex
from groundex.checkboxes import with_ticked_boxes
from groundex.synth.canvas import font
from groundex.types import BBox, Word

SIDE = 26


class Estimate(BaseModel):
    increased: str | None = Field(None, title="increased")
    decreased: str | None = Field(None, title="decreased")
    not_affected: str | None = Field(None, title="not affected")


def _form() -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    """A 1400x420 form: a question, then three options each after an empty box; the first box holds a typed
    X. Also a filled square and a wide framed cell, which are no check boxes."""
    image = Image.new("RGB", (1400, 420), "white")
    draw = ImageDraw.Draw(image)
    text = font("DejaVuSans", 30)
    draw.text((60, 60), "Estimated cost of the study will be:", font=text, fill="black")
    boxes: dict[str, tuple[int, int, int, int]] = {}
    for x, label in ((120, "increased"), (520, "decreased"), (920, "not affected")):
        box = (x, 172, x + SIDE, 172 + SIDE)
        draw.rectangle(box, outline="black", width=2)
        draw.text((x + SIDE + 18, 166), label, font=text, fill="black")
        boxes[label] = box
    x0, y0, x1, y1 = boxes["increased"]
    draw.line((x0 + 6, y0 + 6, x1 - 6, y1 - 6), fill="black", width=2)
    draw.line((x0 + 6, y1 - 6, x1 - 6, y0 + 6), fill="black", width=2)
    draw.rectangle((120, 300, 120 + SIDE, 300 + SIDE), fill="black")
    draw.rectangle((520, 290, 900, 340), outline="black", width=2)
    return image, boxes


def test_a_ticked_box_is_a_mark_and_empty_boxes_blots_and_cells_are_not() -> None:
    """A ticked box becomes a ``☑`` word, in place of the tick OCR read in it (``X``, ``[X]``, ``区``); a word
    of text over it means it is no box."""
    image, boxes = _form()
    x0, y0, x1, y1 = boxes["increased"]
    drawn = BBox.from_pixels(x0, y0, x1 + 1, y1 + 1, 1400, 420, 0)
    label = Word("increased", BBox(118 / 1400, 166 / 420, 190 / 1400, 36 / 420, 0), 0.99, "test")
    *kept, mark = with_ticked_boxes(image, [label], 0)
    assert mark.text == "\u2611" and mark.source == "checkbox"
    assert mark.bbox.iou(drawn) >= 0.8
    (trimmed,) = kept
    assert trimmed.text == "increased" and trimmed.bbox.x > drawn.x1 and trimmed.bbox.x1 == label.bbox.x1
    for tick in ("X", "[X]", "区", "冈"):
        read = Word(tick, mark.bbox, 0.9, "test")
        assert with_ticked_boxes(image, [read, label], 0) == (trimmed, mark)
    text = Word("No", mark.bbox, 0.9, "test")
    assert with_ticked_boxes(image, [text, label], 0) == (text, label)
    blank = Image.fromarray(np.full((50, 50), 255, np.uint8))
    assert with_ticked_boxes(blank, [label], 0) == (label,)


def test_the_option_after_a_ticked_box_reads_the_mark(tmp_path: Path) -> None:
    image, boxes = _form()
    path = tmp_path / "form.png"
    image.save(path)
    got = groundex.extract(path, Estimate).response()
    assert got["increased"] == "\u2611"
    assert got["decreased"] != "\u2611" and got["not_affected"] != "\u2611"
    (evidence,) = got["increased_metadata"]["bboxes"]
    x, y, w, h = evidence["bbox"]["xywh"]
    x0, y0, x1, y1 = boxes["increased"]
    assert BBox(x, y, w, h, 0).iou(BBox.from_pixels(x0, y0, x1 + 1, y1 + 1, 1400, 420, 0)) >= 0.5


def test_a_small_box_with_a_side_scanned_grey_is_still_a_box() -> None:
    """A low-resolution scan draws a 12 px box's left side light grey (above the ink level): the frame is
    found on the fainter ink, the cross inside still makes it ticked."""
    image = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = 40, 80, 51, 91
    draw.line((x0, y0, x1, y0), fill=20)
    draw.line((x1, y0, x1, y1), fill=60)
    draw.line((x0, y1, x1, y1), fill=70)
    draw.line((x0, y0 + 1, x0, y1 - 1), fill=160)
    draw.line((x0 + 3, y0 + 3, x1 - 3, y1 - 3), fill=0)
    draw.line((x0 + 3, y1 - 3, x1 - 3, y0 + 3), fill=0)
    label = Word("PREMIUMS", BBox(60 / 400, 80 / 200, 80 / 400, 12 / 200, 0), 0.99, "test")
    *_, mark = with_ticked_boxes(image.convert("RGB"), [label], 0)
    assert mark.text == "\u2611"
    assert mark.bbox.iou(BBox.from_pixels(x0, y0, x1 + 1, y1 + 1, 400, 200, 0)) >= 0.7
