"""Located candidates to typed, grounded, calibrated field results, and the nested data they form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from groundex.calibrate import calibration, features
from groundex.ground import ground
from groundex.locate.candidates import Candidate, clean_text
from groundex.locate.roles import PRINTED, role_of
from groundex.schema import Leaf, Node, Obj, Schema
from groundex.types import Evidence, FieldResult, FieldSpec, Kind, Signals, Status


def _typed(spec: FieldSpec, value: object) -> object:
    """The value in the JSON type the schema asks for."""
    if value is None:
        return None
    if spec.kind is Kind.INTEGER and isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(value)
    if spec.kind is Kind.NUMBER and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if spec.kind in (Kind.STRING, Kind.DATE, Kind.DATETIME, Kind.TIME, Kind.ENUM) and not isinstance(
        value, str
    ):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return value


def _value(cand: Candidate) -> object:
    """A string field keeps a typed value as printed (``25/12/2018``, ``$9.00``); other kinds normalize."""
    spec = cand.spec
    if spec.kind is Kind.STRING and role_of(spec).value in PRINTED and cand.pick.words:
        printed = clean_text(cand.pick.text)
        if printed:
            return printed
    return _typed(spec, cand.value)


def resolve(located: Mapping[str, Candidate], grounding: bool = True) -> dict[str, FieldResult]:
    """One result per concrete path: typed value, boxes, calibrated confidence."""
    cal = calibration()
    out: dict[str, FieldResult] = {}
    for path, cand in located.items():
        value = _value(cand)
        if value is None:
            continue
        boxes = ground(cand.pick.words, cand.pick.head, cand.pick.tail)
        status = cand.status if boxes or cand.status == "inferred" else "not_found"
        signals = Signals(
            cand.method,
            role_of(cand.spec).value,
            status,
            cand.score,
            boxes,
            cand.margin,
            cand.support,
            bool(cand.label),
            "[" in path,
        )
        feats = features(signals)
        p = cal.probability(feats)
        evidence_boxes = boxes if grounding else ()
        out[path] = FieldResult(
            path=path,
            value=value,
            evidence=_evidence(cand, status),
            confidence=p,
            bucket=cal.bucket(p),
            boxes=evidence_boxes,
            spec=cand.spec,
            features=feats,
        )
    return out


def _evidence(cand: Candidate, status: Status) -> Evidence:
    return Evidence(cand.pick.words, status, cand.label, cand.method, round(cand.score, 4))


def assemble(schema: Schema, results: Mapping[str, FieldResult]) -> dict[str, Any]:
    """The plain nested data (no metadata) the results form, shaped by the schema."""
    built = _build(schema.root, "", results)
    assert isinstance(built, dict)
    return built


def _build(node: Node, path: str, results: Mapping[str, FieldResult]) -> Any:
    if isinstance(node, Leaf):
        res = results.get(path)
        return res.value if res is not None else None
    if isinstance(node, Obj):
        data = {key: _build(child, f"{path}.{key}" if path else key, results) for key, child in node.props}
        return data
    count = list_length(path, results)
    if count == 0:
        return [] if node.required else None
    return [_build(node.item, f"{path}[{i}]", results) for i in range(count)]


def list_length(path: str, results: Mapping[str, FieldResult]) -> int:
    """How many elements the results hold for the list at ``path``."""
    prefix = f"{path}["
    indices = [int(p[len(prefix) :].split("]", 1)[0]) for p in results if p.startswith(prefix)]
    return max(indices) + 1 if indices else 0
