"""The VLM Run grounded response: ``f_metadata`` beside every leaf ``f``, and the prediction wrapper."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from groundex.resolve import list_length
from groundex.schema import Arr, Leaf, Node, Obj, Schema
from groundex.types import FieldResult, Grounding


def box_json(g: Grounding) -> dict[str, Any]:
    return {
        "content": g.content,
        "bbox": {"xywh": g.bbox.xywh()},
        "page": g.bbox.page,
        "confidence": round(g.confidence, 4),
    }


def metadata(result: FieldResult | None, *, grounding: bool = True) -> dict[str, Any] | None:
    """``f_metadata`` for one value; ``None`` for a null value."""
    if result is None:
        return None
    meta: dict[str, Any] = {"confidence": result.bucket, "confidence_score": round(result.confidence, 4)}
    if grounding:
        meta["bboxes"] = [box_json(g) for g in result.boxes]
    return meta


def grounded_response(
    schema: Schema, results: Mapping[str, FieldResult], *, grounding: bool = True, confidence: bool = True
) -> dict[str, Any]:
    """The grounded JSON; metadata only when grounding or confidence is asked for."""
    out = _node(schema.root, "", results, grounding, confidence)
    assert isinstance(out, dict)
    return out


def _node(
    node: Node, path: str, results: Mapping[str, FieldResult], grounding: bool, confidence: bool
) -> Any:
    if isinstance(node, Leaf):
        res = results.get(path)
        return res.value if res is not None else None
    if isinstance(node, Obj):
        data: dict[str, Any] = {}
        for key, child in node.props:
            child_path = f"{path}.{key}" if path else key
            data[key] = _node(child, child_path, results, grounding, confidence)
            if isinstance(child, Leaf) and (grounding or confidence):
                meta = metadata(results.get(child_path), grounding=grounding)
                if meta is not None and not confidence:
                    meta.pop("confidence", None)
                    meta.pop("confidence_score", None)
                data[f"{key}_metadata"] = meta
            elif isinstance(child, Arr) and isinstance(child.item, Leaf) and (grounding or confidence):
                data[f"{key}_metadata"] = _list_meta(child_path, results, grounding, confidence)
        return data
    count = list_length(path, results)
    if count == 0:
        return [] if node.required else None
    return [_node(node.item, f"{path}[{i}]", results, grounding, confidence) for i in range(count)]


def _list_meta(path: str, results: Mapping[str, FieldResult], grounding: bool, confidence: bool) -> Any:
    """Extension for lists of primitives: all boxes, plus ``items`` with each element's own metadata."""
    count = list_length(path, results)
    if count == 0:
        return None
    items = [metadata(results.get(f"{path}[{i}]"), grounding=grounding) for i in range(count)]
    present = [results[f"{path}[{i}]"] for i in range(count) if f"{path}[{i}]" in results]
    worst = min(present, key=lambda r: r.confidence)
    meta: dict[str, Any] = {}
    if confidence:
        meta["confidence"] = worst.bucket
        meta["confidence_score"] = round(worst.confidence, 4)
    if grounding:
        meta["bboxes"] = [box_json(g) for r in present for g in r.boxes]
    meta["items"] = items
    return meta
