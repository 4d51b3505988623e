"""Predictions read back from VLM Run JSON, in any of its three grounding shapes.

- current: ``f_metadata = {"confidence": "hi", "confidence_score": 0.9,
  "bboxes": [{"content", "bbox": {"xywh": [...]}, "page", "confidence"}]}``
- older: ``"bboxes": [{"xywh": [...], "page": 0, ...}]``
- legacy: ``"bbox": {...}`` or a list of them, ``"bbox_content"`` and a float ``confidence``
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from groundex.types import BBox

META = "_metadata"


@dataclass(frozen=True)
class PredBox:
    content: str
    bbox: BBox


@dataclass(frozen=True)
class PredField:
    """One predicted leaf: value (``None`` for null), confidence bucket and score, boxes."""

    value: Any
    bucket: str | None = None
    score: float | None = None
    boxes: tuple[PredBox, ...] = ()

    @property
    def returned(self) -> bool:
        return self.value is not None and self.value != "" and self.value != []


@dataclass(frozen=True)
class PredDoc:
    """Scalar leaves by dotted path; lists of objects by path, one dict of leaves per row."""

    fields: Mapping[str, PredField]
    lists: Mapping[str, tuple[Mapping[str, PredField], ...]]


def bucket_of(score: float) -> str:
    """A float confidence (legacy shape) to a bucket: hi >= 0.8 > med >= 0.5 > low."""
    return "hi" if score >= 0.8 else "med" if score >= 0.5 else "low"


def _xywh(raw: Any) -> tuple[list[float], int | None]:
    if isinstance(raw, Mapping):
        page = raw.get("page")
        if "xywh" in raw:
            return [float(v) for v in raw["xywh"]], page
        if "bbox" in raw:
            inner, inner_page = _xywh(raw["bbox"])
            return inner, page if page is not None else inner_page
        return [float(raw[k]) for k in ("x", "y", "w", "h")], page
    return [float(v) for v in raw], None


def _box(raw: Any, content: str, page: int) -> PredBox:
    (x, y, w, h), own = _xywh(raw)
    if isinstance(raw, Mapping):
        content = str(raw.get("content", content) or "")
    return PredBox(content, BBox(x, y, w, h, int(own if own is not None else page)))


def _boxes(meta: Mapping[str, Any]) -> tuple[PredBox, ...]:
    page = int(meta.get("page", 0) or 0)
    if isinstance(meta.get("bboxes"), list):
        return tuple(_box(b, "", page) for b in meta["bboxes"])
    raw = meta.get("bbox")
    if raw is None:
        return ()
    contents = meta.get("bbox_content")
    if isinstance(raw, Mapping) or (isinstance(raw, list) and raw and isinstance(raw[0], (int, float))):
        raw = [raw]
    texts = contents if isinstance(contents, list) else [contents] * len(raw)
    return tuple(_box(b, str(t or ""), page) for b, t in zip(raw, texts, strict=False))


def pred_field(value: Any, meta: Any) -> PredField:
    """A leaf and its ``_metadata`` (any shape, or ``None``)."""
    if not isinstance(meta, Mapping):
        return PredField(value)
    conf = meta.get("confidence")
    score = meta.get("confidence_score")
    if isinstance(conf, (int, float)) and not isinstance(conf, bool):
        score = float(conf) if score is None else score
        conf = bucket_of(float(conf))
    bucket = conf if conf in ("hi", "med", "low") else None
    return PredField(value, bucket, float(score) if score is not None else None, _boxes(meta))


def _flatten(
    obj: Mapping[str, Any], prefix: str, fields: dict[str, PredField], lists: dict[str, Any]
) -> None:
    for key, value in obj.items():
        if key.endswith(META) and key[: -len(META)] in obj:
            continue
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, f"{path}.", fields, lists)
        elif isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            rows = []
            for item in value:
                row: dict[str, PredField] = {}
                _flatten(item, "", row, {})
                rows.append(row)
            lists[path] = tuple(rows)
        else:
            if isinstance(value, list):
                value = " ".join(str(v) for v in value if v is not None) or None
            fields[path] = pred_field(value, obj.get(f"{key}{META}"))


def read_prediction(payload: Mapping[str, Any]) -> PredDoc:
    """A ``PredictionResponse`` (or its bare ``response``) as flat predicted fields."""
    response = payload.get("response", payload) if "status" in payload else payload
    fields: dict[str, PredField] = {}
    lists: dict[str, Any] = {}
    if isinstance(response, Mapping):
        _flatten(response, "", fields, lists)
    return PredDoc(fields, lists)
