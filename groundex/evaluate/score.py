"""Scoring one document: an outcome per schema slot (a leaf, or a column of an aligned list row)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from groundex.evaluate.boxes import set_iou, supported
from groundex.evaluate.compare import anls, same_value
from groundex.evaluate.layout import SchemaLayout, map_keys
from groundex.evaluate.rows import align_rows
from groundex.evaluate.shapes import PredBox, PredDoc, PredField
from groundex.evaluate.truth import TruthDoc, TruthField, TruthWord
from groundex.types import BBox

GROUND_IOU = 0.5


@dataclass(frozen=True)
class Outcome:
    """How one slot scored. ``field`` is the schema path (``items[].price`` for list columns)."""

    doc: str
    field: str
    expected: str | None
    predicted: object
    correct: bool
    anls: float
    bucket: str | None = None
    iou: float | None = None
    page_ok: bool | None = None
    boxes: tuple[PredBox, ...] = ()
    truth_boxes: tuple[BBox, ...] = ()
    unsupported: bool = False
    row: int | None = None
    source: str = ""
    """The predicted leaf's concrete path (``items[3].price``); empty when nothing was predicted."""

    @property
    def present(self) -> bool:
        return self.expected is not None

    @property
    def returned(self) -> bool:
        return self.predicted is not None

    @property
    def false_positive(self) -> bool:
        return self.returned and not self.present

    @property
    def grounded(self) -> bool:
        return self.iou is not None and self.iou >= GROUND_IOU

    @property
    def boxless(self) -> bool:
        return self.returned and not self.boxes

    @property
    def failed(self) -> bool:
        """Wrong value, or a correct returned value that is not grounded."""
        return not self.correct or (self.present and self.returned and not self.grounded)


def _outcome(
    doc: TruthDoc,
    path: str,
    truth: TruthField | None,
    pred: PredField | None,
    row: int | None = None,
    source: str = "",
) -> Outcome:
    out = _scored(doc, path, truth, pred, row)
    return replace(out, source=source) if out.returned else out


def _scored(
    doc: TruthDoc, path: str, truth: TruthField | None, pred: PredField | None, row: int | None
) -> Outcome:
    value = pred.value if pred is not None and pred.returned else None
    boxes = pred.boxes if pred is not None and value is not None else ()
    words: Sequence[TruthWord] = doc.words
    unsupported = bool(words) and any(not supported(b, words) for b in boxes)
    bucket = pred.bucket if pred is not None and value is not None else None
    if truth is None or not truth.value:
        return Outcome(doc.id, path, None, value, value is None, float(value is None), bucket,
                       boxes=boxes, unsupported=unsupported, row=row)  # fmt: skip
    if value is None:
        return Outcome(
            doc.id, path, truth.value, None, False, 0.0, truth_boxes=truth.options[0].boxes, row=row
        )
    hits = [o for o in truth.options if same_value(o.value, value, doc.no_spaces)]
    if not hits:
        return Outcome(doc.id, path, truth.value, value, False, anls(truth.value, value, doc.no_spaces),
                       bucket, boxes=boxes, truth_boxes=truth.options[0].boxes, unsupported=unsupported,
                       row=row)  # fmt: skip
    predicted = [b.bbox for b in boxes]
    best = max(hits, key=lambda o: set_iou(predicted, o.boxes))
    pages = {b.page for o in hits for b in o.boxes}
    page_ok = bool(predicted) and {b.page for b in predicted} <= pages
    return Outcome(doc.id, path, truth.value, value, True, 1.0, bucket, set_iou(predicted, best.boxes),
                   page_ok, boxes, best.boxes, unsupported, row)  # fmt: skip


def score_document(doc: TruthDoc, pred: PredDoc, layout: SchemaLayout) -> list[Outcome]:
    """Every leaf and list column of ``layout`` scored against ``doc``; predicted leaves outside the schema
    are scored too (as false positives when the gt lacks them)."""
    leaves = {
        **layout.leaves,
        **{p: "" for p in pred.fields if p not in layout.leaves and p not in layout.lists},
    }
    keys = map_keys(leaves, doc.fields)
    out = [
        _outcome(doc, path, doc.fields.get(keys.get(path, "")), pred.fields.get(path), source=path)
        for path in leaves
    ]
    list_keys = map_keys(layout.list_titles, doc.lists)
    for path, columns in layout.lists.items():
        truth_rows = doc.lists.get(list_keys.get(path, ""), ())
        pred_rows = pred.lists.get(path, ())
        gt_columns = {k for row in truth_rows for k in row}
        column_map = map_keys(columns, gt_columns)
        column_map.update({col: "" for col in columns if col not in column_map})
        for n, (i, j) in enumerate(align_rows(truth_rows, pred_rows, column_map, doc.no_spaces)):
            t: Mapping[str, TruthField] = truth_rows[i] if i is not None else {}
            p: Mapping[str, PredField] = pred_rows[j] if j is not None else {}
            for col, key in column_map.items():
                source = f"{path}[{j}].{col}" if j is not None else ""
                out.append(_outcome(doc, f"{path}[].{col}", t.get(key), p.get(col), n, source))
    return out


def unmapped_keys(doc: TruthDoc, layout: SchemaLayout) -> list[str]:
    """Ground-truth fields that no schema leaf maps to (not scored)."""
    mapped = set(map_keys(layout.leaves, doc.fields).values())
    return [k for k in doc.fields if k not in mapped]
