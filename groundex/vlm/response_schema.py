"""The JSON Schema a model answers in, derived from the user's schema: every leaf becomes
``{"value": <leaf type>, "lines": [line ids]}``; and the reading of an answer back into leaf values."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from groundex import values
from groundex.schema import Arr, Leaf, Node, Obj, Schema
from groundex.types import FieldSpec, Kind

_JSON_TYPES = {
    Kind.NUMBER: "number",
    Kind.INTEGER: "integer",
    Kind.BOOLEAN: "boolean",
}
MAX_LINES = 8
"""Most line ids a value may cite: also keeps a small model from citing lines forever."""
_HINTS = {Kind.DATE: "YYYY-MM-DD", Kind.DATETIME: "YYYY-MM-DDTHH:MM:SS", Kind.TIME: "HH:MM:SS"}


@dataclass(frozen=True)
class Answer:
    """The model's value for one concrete leaf (``items[2].total_price``) and the line ids it cited."""

    path: str
    spec: FieldSpec
    value: object
    lines: tuple[str, ...]


def asked(schema: Schema, wanted: Collection[str] | None = None) -> Obj:
    """The part of the schema the model is asked for: every leaf with a type, or only ``wanted`` paths
    (leaf paths such as ``issuer_address.city``, or list paths such as ``items``, asked whole)."""
    pruned = _prune(schema.root, wanted)
    return pruned if isinstance(pruned, Obj) else Obj("", ())


def _prune(node: Node, wanted: Collection[str] | None) -> Node | None:
    if isinstance(node, Leaf):
        keep = node.spec.kind is not Kind.ANY and (wanted is None or node.spec.path in wanted)
        return node if keep else None
    if isinstance(node, Arr):
        if wanted is not None and node.path not in wanted:
            return None
        item = _prune(node.item, None)
        return replace(node, item=item) if item is not None else None
    props = tuple((key, kept) for key, child in node.props if (kept := _prune(child, wanted)) is not None)
    return replace(node, props=props) if props else None


def json_schema(node: Node) -> dict[str, Any]:
    """The response JSON Schema of an asked tree (strict: every key required, no extra keys)."""
    if isinstance(node, Leaf):
        return _leaf(node.spec)
    if isinstance(node, Arr):
        return {"type": "array", "items": json_schema(node.item)}
    return {
        "type": "object",
        "properties": {key: json_schema(child) for key, child in node.props},
        "required": [key for key, _ in node.props],
        "additionalProperties": False,
    }


def _leaf(spec: FieldSpec) -> dict[str, Any]:
    value: dict[str, Any] = {"type": [_JSON_TYPES.get(spec.kind, "string"), "null"]}
    if spec.enum:
        value["enum"] = [*spec.enum, None]
    if spec.kind in _HINTS:
        value["description"] = _HINTS[spec.kind]
    out: dict[str, Any] = {
        "type": "object",
        "properties": {
            "value": value,
            "lines": {"type": "array", "items": {"type": "string"}, "maxItems": MAX_LINES},
        },
        "required": ["value", "lines"],
        "additionalProperties": False,
    }
    about = spec.description or spec.title
    if about:
        out["description"] = about[:200]
    return out


def read_answer(node: Obj, data: object) -> tuple[list[Answer], list[str]]:
    """The non-null leaf answers in ``data`` and the reasons it does not fit the asked tree."""
    answers: list[Answer] = []
    errors: list[str] = []
    if not isinstance(data, dict):
        return [], [f"the answer must be a JSON object, not {type(data).__name__}"]
    _read(node, "", data, answers, errors)
    return answers, errors


def _read(node: Node, path: str, data: object, answers: list[Answer], errors: list[str]) -> None:
    if data is None:
        return
    where = path or "the answer"
    if isinstance(node, Leaf):
        _read_leaf(node.spec, path, data, answers, errors)
    elif isinstance(node, Arr):
        if not isinstance(data, list):
            errors.append(f"{where}: expected an array, got {type(data).__name__}")
            return
        for i, element in enumerate(data):
            _read(node.item, f"{path}[{i}]", element, answers, errors)
    elif not isinstance(data, dict):
        errors.append(f"{where}: expected an object, got {type(data).__name__}")
    else:
        for key, child in node.props:
            _read(child, f"{path}.{key}" if path else key, data.get(key), answers, errors)


def _read_leaf(spec: FieldSpec, path: str, data: object, answers: list[Answer], errors: list[str]) -> None:
    lines: object = []
    value = data
    if isinstance(data, dict):
        value, lines = data.get("value"), data.get("lines") or []
    if not isinstance(lines, list) or not all(isinstance(x, (str, int)) for x in lines):
        errors.append(f'{path}.lines: expected an array of line ids like "L3"')
        return
    if value is None:
        return
    problem = _misfit(spec, value)
    if problem:
        errors.append(f"{path}.value: {problem}")
        return
    cited = tuple(x if isinstance(x, str) else f"L{x}" for x in lines)
    answers.append(Answer(path, spec, value, cited))


def _misfit(spec: FieldSpec, value: object) -> str | None:
    """Why ``value`` cannot be a value of ``spec``; None when it can."""
    if isinstance(value, (dict, list)):
        return f"expected a single value, got {type(value).__name__}"
    kind = spec.kind
    if kind in (Kind.NUMBER, Kind.INTEGER):
        number = None if isinstance(value, bool) else values.coerce(kind, str(value))
        return None if number is not None else f"expected {_JSON_TYPES[kind]}, got {value!r}"
    if kind is Kind.BOOLEAN:
        ok = isinstance(value, bool) or values.parse_bool(str(value)) is not None
        return None if ok else f"expected true or false, got {value!r}"
    if spec.enum and values.match_enum(str(value), spec.enum) is None:
        return f"expected one of {', '.join(spec.enum)}; got {value!r}"
    return None
