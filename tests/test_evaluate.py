"""The evaluation instrument: scorer metrics on hand-made truth, prediction shapes, list rows, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from groundex.evaluate import (
    metrics,
    pair_rows,
    read_prediction,
    same_value,
    schema_layout,
    score_document,
    truth_doc,
)
from groundex.evaluate.truth import TruthField, truth_field
from groundex.synth import license_doc, receipt_doc

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        name: {"type": ["string", "null"]}
        for name in ("store_name", "date", "total", "address", "tel", "tips")
    },
}
RECORD: dict[str, Any] = {
    "id": "doc-1",
    "image": "doc-1.png",
    "fields": {
        "Store_name": {"value": "CORNER CAFE", "bboxes": [[0.1, 0.1, 0.2, 0.1]]},
        "date": {"value": "25/12/2018", "bboxes": [[0.1, 0.3, 0.2, 0.05]]},
        "total": {
            "value": "RM 9.00",
            "bboxes": [[0.6, 0.8, 0.1, 0.05]],
            "alternatives": [[[0.6, 0.7, 0.1, 0.05]]],
        },
        "address": {"value": "1 MAIN ST, TOWN", "bboxes": [[0.1, 0.2, 0.3, 0.04], [0.1, 0.25, 0.2, 0.04]]},
        "tel": {"value": "555-0100", "bboxes": [[0.5, 0.3, 0.2, 0.05]]},
    },
    "words": [
        {"text": "CORNER CAFE", "bbox": [0.1, 0.1, 0.2, 0.1]},
        {"text": "1 MAIN ST,", "bbox": [0.1, 0.2, 0.3, 0.04]},
        {"text": "TOWN", "bbox": [0.1, 0.25, 0.2, 0.04]},
        {"text": "25/12/2018", "bbox": [0.1, 0.3, 0.2, 0.05]},
        {"text": "555-0100", "bbox": [0.5, 0.3, 0.2, 0.05]},
        {"text": "TIP 5.00", "bbox": [0.5, 0.6, 0.3, 0.05]},
        {"text": "RM9.00", "bbox": [0.6, 0.7, 0.1, 0.05]},
        {"text": "RM 9.00", "bbox": [0.6, 0.8, 0.1, 0.05]},
    ],
    "meta": {},
}


def meta(bucket: str, *boxes: tuple[str, list[float], int]) -> dict[str, Any]:
    """Current-shape metadata."""
    return {
        "confidence": bucket,
        "confidence_score": 0.9,
        "bboxes": [{"content": c, "bbox": {"xywh": b}, "page": p, "confidence": 0.9} for c, b, p in boxes],
    }


def oracle(record: dict[str, Any], layout_keys: dict[str, str]) -> dict[str, Any]:
    """A perfect prediction built from the gt: exact values and primary boxes, all ``hi``."""
    response: dict[str, Any] = {}
    for prop, key in layout_keys.items():
        f = record["fields"].get(key)
        response[prop] = f["value"] if f else None
        response[f"{prop}_metadata"] = meta("hi", *((f["value"], b, 0) for b in f["bboxes"])) if f else None
    return {"id": "p", "status": "completed", "response": response}


KEYS = {"store_name": "Store_name", "date": "date", "total": "total", "address": "address", "tel": "tel"}


def test_oracle_scores_one_everywhere() -> None:
    doc = truth_doc(RECORD, Path("."))
    response = oracle(RECORD, {**KEYS, "tips": "tips"})
    m = metrics(score_document(doc, read_prediction(response), schema_layout(SCHEMA)))
    assert m.slots == 6 and m.present == 5 and m.returned == 5
    for rate in (m.value_accuracy, m.present_accuracy, m.anls, m.ground_hit, m.mean_iou, m.page_accuracy):
        assert rate == pytest.approx(1.0)
    assert m.bucket_share == {"hi": 1.0, "med": 0.0, "low": 0.0}
    assert m.bucket_precision["hi"] == 1.0
    assert m.wrong_hi == 0.0
    assert (m.false_positives, m.unsupported, m.boxless) == (0, 0, 0)


def test_degraded_prediction_exact_numbers() -> None:
    doc = truth_doc(RECORD, Path("."))
    response = {
        # right value, box shifted by half its width: IoU = 0.1*0.1 / (0.02 + 0.02 - 0.01) = 1/3
        "store_name": "Corner  Cafe",
        "store_name_metadata": meta("hi", ("CORNER CAFE", [0.2, 0.1, 0.2, 0.1], 0)),
        # another date format is still the right date; the box is on the wrong page
        "date": "2018-12-25",
        "date_metadata": meta("hi", ("25/12/2018", [0.1, 0.3, 0.2, 0.05], 1)),
        # the amount without currency, grounded on the alternative (repeated total)
        "total": 9.0,
        "total_metadata": meta("med", ("RM9.00", [0.6, 0.7, 0.1, 0.05], 0)),
        "address": None,
        "address_metadata": None,
        # a wrong value reported hi
        "tel": "555-0199",
        "tel_metadata": meta("hi", ("555-0100", [0.5, 0.3, 0.2, 0.05], 0)),
        # a value the gt does not have: a false positive
        "tips": "5.00",
        "tips_metadata": meta("hi", ("5.00", [0.5, 0.6, 0.3, 0.05], 0)),
    }
    outcomes = score_document(doc, read_prediction(response), schema_layout(SCHEMA))
    by_name = {o.field: o for o in outcomes}
    assert by_name["store_name"].iou == pytest.approx(1 / 3)
    assert by_name["date"].correct and by_name["date"].iou == 0.0 and by_name["date"].page_ok is False
    assert by_name["total"].correct and by_name["total"].iou == pytest.approx(1.0)
    m = metrics(outcomes)
    assert m.value_accuracy == pytest.approx(3 / 6)
    assert m.present_accuracy == pytest.approx(3 / 5)
    assert m.anls == pytest.approx((3 + 0.75) / 6)  # tel: 2 edits in 8 characters
    assert m.ground_hit == pytest.approx(1 / 3)
    assert m.mean_iou == pytest.approx((1 / 3 + 0 + 1) / 3)
    assert m.page_accuracy == pytest.approx(2 / 3)
    assert m.bucket_share == {"hi": pytest.approx(4 / 5), "med": pytest.approx(1 / 5), "low": 0.0}
    assert m.bucket_precision == {"hi": 0.5, "med": 1.0, "low": None}
    assert m.wrong_hi == 1.0
    assert m.false_positives == 1
    assert m.unsupported == 1  # the date box on page 1, where no word is
    assert m.boxless == 0


def test_multi_box_value_compares_unions_and_boxless_and_unsupported_counts() -> None:
    doc = truth_doc(RECORD, Path("."))
    response = {
        "address": "1 Main St, Town",
        "address_metadata": meta(
            "med", ("1 MAIN ST,", [0.1, 0.2, 0.3, 0.04], 0), ("TOWN", [0.1, 0.25, 0.2, 0.04], 0)
        ),
        "tel": "555-0100",
        "tel_metadata": meta("low"),
        "store_name": "CORNER CAFE",
        "store_name_metadata": meta("hi", ("CORNER CAFE", [0.5, 0.6, 0.3, 0.05], 0)),
    }
    outcomes = score_document(doc, read_prediction(response), schema_layout(SCHEMA))
    by_name = {o.field: o for o in outcomes}
    assert by_name["address"].grounded and by_name["address"].iou == pytest.approx(1.0)
    m = metrics(outcomes)
    assert (m.boxless, m.unsupported) == (1, 1)  # tel has no box; store_name's box covers "TIP 5.00"


def test_value_comparison_rules() -> None:
    assert same_value("25/12/2018", "2018-12-25")
    assert same_value("RM 9.00", 9.0) and same_value("9.00", "RM9.00") and same_value("$8.20", "8.2")
    assert same_value("12/30/2016FRI", "2016-12-30", no_spaces=True)
    assert same_value("KOREANRESTAURANT", "Korean Restaurant", no_spaces=True)
    assert same_value("6/ 21/ 90", "6/21/90")
    assert same_value("  Hello,  World. ", "hello, world")
    assert not same_value("KOREANRESTAURANT", "Korean Restaurant")
    assert not same_value("25/12/2018", "2018-12-26")
    assert not same_value("9.00", "9.01")


def test_dashes_and_underscores_after_a_word_read_as_spaces() -> None:
    assert same_value("917- 663 3056", "917-663-3056")
    assert same_value("This compound is judged non mutagenic", "This compound is judged non-mutagenic")
    assert same_value("AIK HUAT HARDWARE", "AIK HUAT_HARDWARE")
    assert same_value("12- -4 -87", "12-4-87")
    assert not same_value("A-B", "AB")
    assert not same_value("NON-MUTAGENIC", "NONMUTAGENIC")


BOX = [0.1, 0.2, 0.3, 0.05]


@pytest.mark.parametrize(
    "shape",
    [
        {"confidence": "hi", "confidence_score": 0.9,
         "bboxes": [{"content": "ABC", "bbox": {"xywh": BOX}, "page": 1, "confidence": 0.8}]},
        {"confidence": "hi", "bboxes": [{"xywh": BOX, "page": 1, "content": "ABC"}]},
        {"confidence": 0.9, "bbox": {"xywh": BOX, "page": 1}, "bbox_content": "ABC"},
        {"confidence": 0.9, "bbox": [{"xywh": BOX}], "bbox_content": ["ABC"], "page": 1},
    ],
    ids=["current", "older", "legacy-dict", "legacy-list"],
)  # fmt: skip
def test_three_metadata_shapes(shape: dict[str, Any]) -> None:
    pred = read_prediction({"status": "completed", "response": {"a": {"f": "ABC", "f_metadata": shape}}})
    f = pred.fields["a.f"]
    assert f.value == "ABC" and f.bucket == "hi"
    assert len(f.boxes) == 1
    box = f.boxes[0]
    assert (box.content, box.bbox.page) == ("ABC", 1)
    assert box.bbox.xywh() == BOX


def _entry(value: str, y: float, x: float = 0.05, w: float = 0.4) -> dict[str, Any]:
    return {"value": value, "bboxes": [[x, y, w, 0.04]]}


WILD: dict[str, Any] = {
    "id": "wild-1",
    "image": "w.jpeg",
    "fields": {"Total": {"value": "$20.00", "bboxes": [[0.7, 0.9, 0.2, 0.04]]}},
    "list_fields": {
        "Prod_item": [_entry("COFFEE", 0.40), _entry("BAGEL", 0.50)],
        "Prod_price": [_entry("$3.00", 0.405, 0.7, 0.2), _entry("$5.00", 0.50, 0.7, 0.2),
                       _entry("$12.00", 0.70, 0.7, 0.2)],
        "Prod_quantity": [_entry("2", 0.51, 0.5, 0.05)],
    },
    "words": [],
    "meta": {"text_has_no_spaces": True},
}  # fmt: skip
WILD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "total": {"type": ["string", "null"]},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {k: {"type": ["string", "null"]} for k in ("name", "quantity", "price")},
            },
        },
    },
}


def test_item_rows_are_paired_by_vertical_overlap() -> None:
    rows = truth_doc(WILD, Path(".")).lists["items"]
    values = [{k: f.value for k, f in row.items()} for row in rows]
    assert values == [
        {"name": "COFFEE", "price": "$3.00"},
        {"name": "BAGEL", "price": "$5.00", "quantity": "2"},
        {"price": "$12.00"},
    ]
    columns = {"price": [truth_field("price", _entry("$1", 0.1, 0.7, 0.2))]}
    assert [list(r) for r in pair_rows(columns, "name")] == [["price"]]


def test_item_rows_of_a_slanted_photo_pair_in_order() -> None:
    """Prices printed higher than their items (a photo rising to the right): each price overlaps the item
    below it more than its own, yet as many prices as items, each within three quarters of a line of its
    partner, pair in order; a column whose order partners lie a whole line apart pairs by overlap."""

    def cell(column: str, value: str, x: float, cy: float, h: float) -> TruthField:
        return truth_field(column, {"value": value, "bboxes": [[x, cy - h / 2, 0.1, h]]})

    names = [cell("name", "Cappuccino", 0.05, 0.358, 0.036), cell("name", "Cola", 0.05, 0.393, 0.036)]
    slanted = [cell("price", "4,50", 0.78, 0.340, 0.029), cell("price", "10,50", 0.78, 0.371, 0.029)]
    rows = pair_rows({"name": names, "price": slanted}, "name")
    assert [(r["name"].value, r["price"].value) for r in rows] == [("Cappuccino", "4,50"), ("Cola", "10,50")]
    apart = [cell("price", "16.00", 0.78, 0.322, 0.034), cell("price", "13.00", 0.78, 0.358, 0.034)]
    rows = pair_rows({"name": names, "price": apart}, "name")
    assert [{k: f.value for k, f in r.items()} for r in rows] == [
        {"price": "16.00"},
        {"name": "Cappuccino", "price": "13.00"},
        {"name": "Cola"},
    ]


def test_item_rows_are_aligned_to_predicted_rows() -> None:
    def item(name: str | None, price: str | None, y: float, qty: str | None = None) -> dict[str, Any]:
        row: dict[str, Any] = {"name": name, "quantity": qty, "price": price}
        row["name_metadata"] = meta("hi", (name or "", [0.05, y, 0.4, 0.04], 0)) if name else None
        row["price_metadata"] = meta("hi", (price or "", [0.7, y, 0.2, 0.04], 0)) if price else None
        row["quantity_metadata"] = meta("hi", (qty or "", [0.5, y, 0.05, 0.04], 0)) if qty else None
        return row

    response = {
        "total": "20.00",
        "total_metadata": meta("hi", ("$20.00", [0.7, 0.9, 0.2, 0.04], 0)),
        # printed order differs; the coffee price is wrong; one extra row the gt does not have
        "items": [item("BAGEL", "5.00", 0.50, "2"), item("COFFEE", "3.50", 0.40), item("NAPKIN", None, 0.8)],
    }
    outcomes = score_document(
        truth_doc(WILD, Path(".")), read_prediction(response), schema_layout(WILD_SCHEMA)
    )
    got = {(o.field, o.expected, str(o.predicted), o.correct) for o in outcomes}
    assert ("items[].name", "BAGEL", "BAGEL", True) in got
    assert ("items[].quantity", "2", "2", True) in got
    assert ("items[].price", "$5.00", "5.00", True) in got
    assert ("items[].name", "COFFEE", "COFFEE", True) in got
    assert ("items[].price", "$3.00", "3.50", False) in got
    assert ("items[].price", "$12.00", "None", False) in got  # the unmatched gt row: a miss
    assert ("items[].name", None, "NAPKIN", False) in got  # the unmatched predicted row: a false positive
    m = metrics(outcomes)
    assert m.present == 1 + 6 and m.correct_present == 1 + 4
    assert m.false_positives == 1


def _gt_line(name: str, doc: Any, keys: dict[str, str]) -> dict[str, Any]:
    fields = {}
    words = []
    for key, path in keys.items():
        if path in doc.truth:
            t = doc.truth[path]
            fields[key] = {"value": str(t.value), "bboxes": [b.xywh() for b in t.boxes]}
            words += [{"text": str(t.value), "bbox": b.xywh()} for b in t.boxes]
    return {"id": name, "image": name, "fields": fields, "words": words, "meta": {}}


def test_eval_command_end_to_end(tmp_path: Path) -> None:
    keys = {"license_number": "license_number", "date_of_birth": "date_of_birth", "total": "total"}
    lic, rec = license_doc("aamva-numbered", 1, "clean"), receipt_doc(1)
    (tmp_path / lic.name).write_bytes(lic.data)
    (tmp_path / rec.name).write_bytes(rec.data)
    (tmp_path / "broken.png").write_bytes(b"not an image")
    lines = [_gt_line(lic.name, lic, keys), _gt_line(rec.name, rec, keys),
             {"id": "broken", "image": "broken.png", "fields": {}, "words": []}]  # fmt: skip
    lines[1]["fields"]["total"]["value"] = "QQ-NOT-PRINTED"  # no locator can find it: counted as unread
    gt = tmp_path / "gt.jsonl"
    gt.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    schema = {"type": "object", "properties": {k: {"type": ["string", "null"]} for k in keys}}
    (tmp_path / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    cmd = [sys.executable, "-m", "groundex.cli", "eval", str(gt), "--schema", str(tmp_path / "schema.json"),
           "--jobs", "2", "--report", str(tmp_path / "report.md"), "--predictions", str(tmp_path / "pred"),
           "--annotate-failures", str(tmp_path / "fail")]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "value acc" in proc.stdout and "ground hit" in proc.stdout
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "documents: 3 (1 failed)" in report
    assert "| `license_number` |" in report and "## Documents that failed" in report
    assert "| `total` | 1 | 1 (100.0 %) | 0 |" in report
    written = sorted(p.name for p in (tmp_path / "pred").iterdir())
    assert written == ["calibration.jsonl", f"{Path(lic.name).name}.json", f"{Path(rec.name).name}.json"]
    rows = [json.loads(x) for x in (tmp_path / "pred" / "calibration.jsonl").read_text().splitlines()]
    lic_rows = {r["field"]: r for r in rows if r["doc"] == lic.name}
    assert lic_rows["date_of_birth"]["correct"] is True
    assert any(k.startswith("method=") for k in lic_rows["date_of_birth"]["features"])
    saved = json.loads((tmp_path / "pred" / f"{lic.name}.json").read_text(encoding="utf-8"))
    assert saved["status"] == "completed" and "license_number_metadata" in saved["response"]
    _same_with_ocr_cache(cmd, tmp_path, [lic.name, rec.name])


def _same_with_ocr_cache(cmd: list[str], tmp_path: Path, names: list[str]) -> None:
    """``--ocr-cache``: a first run fills the cache, a second reads it; both answer as the run without it."""
    plain = {
        n: json.loads((tmp_path / "pred" / f"{n}.json").read_text(encoding="utf-8"))["response"]
        for n in names
    }
    base = cmd[: cmd.index("--report")]
    for run in ("fill", "reuse"):
        out = tmp_path / run
        proc = subprocess.run([*base, "--predictions", str(out), "--ocr-cache", str(tmp_path / "ocr")],
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        for n in names:
            assert json.loads((out / f"{n}.json").read_text(encoding="utf-8"))["response"] == plain[n]
    assert len(list((tmp_path / "ocr").glob("*.json"))) == 2


def test_prices_on_the_line_under_their_names_and_rows_without_a_name() -> None:
    """A price printed on the line under its item's name (``SAM 128G MSD EVO+`` / ``40434 K 1x 29.98
    29.98``) pairs with that name when the columns pair in order; where the gt labels no name, a quantity
    and a price on one line are one row."""

    def cell(column: str, value: str, x: float, cy: float) -> TruthField:
        return truth_field(column, {"value": value, "bboxes": [[x, cy - 0.01, 0.1, 0.02]]})

    names = [cell("name", "SAM 128G", 0.2, 0.45), cell("name", "BHUJA MIX", 0.2, 0.55)]
    prices = [cell("price", "29.98", 0.7, 0.48), cell("price", "10.99", 0.7, 0.58)]
    rows = pair_rows({"name": names, "price": prices}, "name")
    assert [{k: f.value for k, f in r.items()} for r in rows] == [
        {"name": "SAM 128G", "price": "29.98"},
        {"name": "BHUJA MIX", "price": "10.99"},
    ]
    above = [cell("price", "29.98", 0.7, 0.42), cell("price", "10.99", 0.7, 0.52)]
    rows = pair_rows({"name": names, "price": above}, "name")
    assert len(rows) == 4
    close = [cell("name", "(Bottle)", 0.2, 0.45), cell("name", "Bread", 0.2, 0.48)]
    shifted = [cell("price", "16.00", 0.7, 0.48), cell("price", "50.00", 0.7, 0.51)]
    rows = pair_rows({"name": close, "price": shifted}, "name")
    assert [{k: f.value for k, f in r.items()} for r in rows] == [
        {"name": "(Bottle)"},
        {"name": "Bread", "price": "16.00"},
        {"price": "50.00"},
    ]
    nameless = {
        "name": [cell("name", "Tea", 0.2, 0.30)],
        "quantity": [cell("quantity", "1", 0.1, 0.30), cell("quantity", "2", 0.1, 0.40)],
        "price": [cell("price", "4.00", 0.7, 0.30), cell("price", "11.75", 0.7, 0.401)],
    }
    rows = pair_rows(nameless, "name")
    assert [{k: f.value for k, f in r.items()} for r in rows] == [
        {"name": "Tea", "quantity": "1", "price": "4.00"},
        {"quantity": "2", "price": "11.75"},
    ]


def test_a_price_column_drifting_the_same_height_above_its_names_pairs_in_order() -> None:
    """A curved photo prints every price about two lines above its name: as many prices as names, each the
    same height off, pair in order; offsets that differ (one price level with its name, the next two lines
    off) do not."""

    def cell(column: str, value: str, x: float, cy: float) -> TruthField:
        return truth_field(column, {"value": value, "bboxes": [[x, cy - 0.01, 0.1, 0.02]]})

    names = [
        cell("name", n, 0.1, 0.42 + 0.025 * i) for i, n in enumerate(["Sparkling", "Organic", "Dave", "Pain"])
    ]
    prices = [
        cell("price", v, 0.7, 0.38 + 0.025 * i) for i, v in enumerate(["1.50", "26.00", "10.00", "9.00"])
    ]
    rows = pair_rows({"name": names, "price": prices}, "name")
    assert [(r["name"].value, r["price"].value) for r in rows] == [
        ("Sparkling", "1.50"),
        ("Organic", "26.00"),
        ("Dave", "10.00"),
        ("Pain", "9.00"),
    ]
    uneven = [
        cell("price", v, 0.7, cy)
        for v, cy in zip(["1.50", "26.00", "10.00", "9.00"], [0.42, 0.40, 0.43, 0.45], strict=True)
    ]
    assert len(pair_rows({"name": names, "price": uneven}, "name")) > 4
