"""End-to-end acceptance: ``groundex.extract`` on synthetic documents with known truth.

A truth field counts when its value is right and it is grounded: every truth box has a predicted box
on the same page with IoU >= 0.5. List items are matched by position (``items[i]``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

import pytest

import groundex
from groundex.synth import LICENSE_LAYOUTS, LICENSE_VARIANTS, SynthDoc, invoice_doc, license_doc, receipt_doc
from groundex.types import BBox
from groundex.values import find_dates, find_datetimes

ISO = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?$")
slow = pytest.mark.slow  # OCR-heavy; still part of the default run


def _text(v: object) -> str:
    return " ".join(str(v).upper().split()).strip(string.punctuation + " ")


def value_matches(truth: object, pred: object) -> bool:
    """Strings upper-cased, whitespace-collapsed, end punctuation stripped; floats within 0.01; ISO dates."""
    if isinstance(pred, Enum):
        pred = pred.value
    if pred is None:
        return False
    if isinstance(truth, bool):
        return pred is truth or str(pred).strip().lower() == str(truth).lower()
    if isinstance(truth, float):
        try:
            return abs(float(str(pred).replace(",", "").lstrip("$")) - truth) <= 0.01
        except ValueError:
            return False
    if isinstance(truth, str) and ISO.match(truth):
        if isinstance(pred, datetime):
            pred = pred.replace(tzinfo=None).isoformat()
        elif isinstance(pred, date):
            pred = pred.isoformat()
        got = str(pred).strip()
        if got == truth or ("T" in truth and got.replace(" ", "T")[: len(truth)] == truth):
            return True
        printed = find_datetimes(got) if "T" in truth else find_dates(got)
        return bool(printed) and str(printed[0].value.isoformat())[: len(truth)] == truth
    return _text(truth) == _text(pred)


def grounded(truth_boxes: Iterable[BBox], pred_boxes: Iterable[BBox]) -> bool:
    """Every truth box has a predicted box on the same page with IoU >= 0.5."""
    pred = list(pred_boxes)
    return all(any(p.page == t.page and p.iou(t) >= 0.5 for p in pred) for t in truth_boxes)


def score(doc: SynthDoc, pred: Any, paths: Iterable[str] | None = None) -> tuple[int, int, list[str]]:
    """``(right_and_grounded, total, failures)`` over ``paths`` (default: every truth field)."""
    ok, failures = 0, []
    keys = list(doc.truth) if paths is None else list(paths)
    for path in keys:
        truth = doc.truth[path]
        got = pred.fields.get(path)
        if got is None:
            failures.append(f"{doc.name} {path}: missing (truth {truth.value!r})")
            continue
        if not value_matches(truth.value, got.value):
            failures.append(f"{doc.name} {path}: value {got.value!r} != {truth.value!r}")
            continue
        boxes = [g.bbox for g in got.boxes]
        if not grounded(truth.boxes, boxes):
            want = [(b.page, b.xywh(3)) for b in truth.boxes]
            have = [(b.page, b.xywh(3)) for b in boxes]
            failures.append(f"{doc.name} {path}: boxes {have} do not cover {want}")
            continue
        ok += 1
    return ok, len(keys), failures


@cache
def _license(layout: str, variant: str, seed: int = 0) -> tuple[SynthDoc, Any]:
    doc = license_doc(layout, seed, variant)
    return doc, groundex.extract(doc.data, "document.us-drivers-license")


@cache
def _invoice(pages: int, scanned: bool, seed: int = 0) -> tuple[SynthDoc, Any]:
    doc = invoice_doc(pages, scanned, seed)
    return doc, groundex.extract(doc.data, "document.invoice")


@cache
def _receipt(seed: int, variant: str = "clean") -> tuple[SynthDoc, Any]:
    doc = receipt_doc(seed, variant)
    return doc, groundex.extract(doc.data, "document.receipt")


@slow
def test_licenses_right_and_grounded() -> None:
    ok = total = 0
    failures: list[str] = []
    for layout in LICENSE_LAYOUTS:
        for variant in LICENSE_VARIANTS:
            doc, pred = _license(layout, variant)
            a, b, f = score(doc, pred)
            ok, total, failures = ok + a, total + b, failures + f
    print(f"licenses: {ok}/{total} right and grounded")
    print("\n".join(failures))
    assert ok >= 0.95 * total, f"{ok}/{total} right and grounded:\n" + "\n".join(failures)


@pytest.mark.parametrize("layout", LICENSE_LAYOUTS)
def test_license_key_fields_exact(layout: str) -> None:
    doc, pred = _license(layout, "clean")
    ok, total, failures = score(doc, pred, ("license_number", "date_of_birth", "expiration_date"))
    assert ok == total, "\n".join(failures)


def _item_paths(doc: SynthDoc) -> list[str]:
    return [k for k in doc.truth if re.fullmatch(r"items\[\d+\]\.(description|total_price)", k)]


@pytest.mark.parametrize(
    ("pages", "scanned"), [(2, False), (3, False), pytest.param(2, True, marks=slow, id="2-scanned")]
)
def test_invoice(pages: int, scanned: bool) -> None:
    doc, pred = _invoice(pages, scanned)
    paths = ["total_amount", "invoice_id", "invoice_issue_date", "invoice_due_date", *_item_paths(doc)]
    ok, total, failures = score(doc, pred, paths)
    assert ok == total, f"{ok}/{total}:\n" + "\n".join(failures)
    n_truth = len({k.split("]")[0] for k in doc.truth if k.startswith("items[")})
    n_pred = len({k.split("]")[0] for k in pred.fields if k.startswith("items[")})
    assert n_pred == n_truth, f"{n_pred} items predicted, {n_truth} printed"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_receipt(seed: int) -> None:
    doc, pred = _receipt(seed)
    paths = ["total", "merchant_name", *_item_paths(doc)]
    ok, total, failures = score(doc, pred, paths)
    assert ok == total, f"{ok}/{total}:\n" + "\n".join(failures)


def test_score_helper() -> None:
    """The scorer itself, on a perfect fake prediction and a shifted one."""
    from types import SimpleNamespace

    from groundex.types import Grounding

    doc = license_doc("colon")

    def fake(shift: float) -> Any:
        fields = {
            k: SimpleNamespace(
                value=f.value,
                boxes=tuple(Grounding("", BBox(b.x + shift, b.y, b.w, b.h, b.page), 0.9) for b in f.boxes),
            )
            for k, f in doc.truth.items()
        }
        return SimpleNamespace(fields=fields)

    assert score(doc, fake(0.0))[0] == len(doc.truth)
    assert score(doc, fake(0.5))[0] == 0
    assert value_matches(180.0, "180") and value_matches("DOE", "doe.") and not value_matches("C", "D")
    assert value_matches("2024-03-15", date(2024, 3, 15))
    assert value_matches("2024-03-15T14:05:00", datetime(2024, 3, 15, 14, 5))
