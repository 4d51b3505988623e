"""Schemas: a JSON Schema, a Pydantic model or a named domain, compiled into a tree of field specs."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from groundex.domains import domain_model
from groundex.errors import SchemaError
from groundex.types import FieldSpec, Kind

_FORMATS = {"date": Kind.DATE, "date-time": Kind.DATETIME, "time": Kind.TIME}
_TYPES = {
    "string": Kind.STRING,
    "number": Kind.NUMBER,
    "integer": Kind.INTEGER,
    "boolean": Kind.BOOLEAN,
}
_MAX_DEPTH = 12


@dataclass(frozen=True)
class Leaf:
    spec: FieldSpec


@dataclass(frozen=True)
class Obj:
    path: str
    props: tuple[tuple[str, Node], ...]
    title: str = ""
    description: str = ""
    required: bool = False


@dataclass(frozen=True)
class Arr:
    path: str
    item: Node
    title: str = ""
    description: str = ""
    required: bool = False


Node = Leaf | Obj | Arr


@dataclass(frozen=True)
class Schema:
    """A compiled schema: the field tree plus what is needed to validate the result."""

    root: Obj
    json_schema: Mapping[str, Any] = field(repr=False)
    model: type[BaseModel] | None = None
    domain: str | None = None

    def leaves(self) -> Iterator[FieldSpec]:
        """Every leaf spec, depth first in schema order."""
        yield from leaves(self.root)


def leaves(node: Node) -> Iterator[FieldSpec]:
    """The leaf specs under ``node``, depth first in schema order."""
    if isinstance(node, Leaf):
        yield node.spec
    elif isinstance(node, Obj):
        for _, child in node.props:
            yield from leaves(child)
    else:
        yield from leaves(node.item)


def load_schema(schema: object) -> Schema:
    """Compile a Pydantic model, a JSON Schema dict, a domain name, a schema file or ``module:Model``."""
    if isinstance(schema, Schema):
        return schema
    if isinstance(schema, type) and issubclass(schema, BaseModel):
        return from_model(schema)
    if isinstance(schema, Mapping):
        return from_json_schema(schema)
    if isinstance(schema, Path):
        return from_file(schema)
    if isinstance(schema, str):
        return from_reference(schema)
    raise SchemaError(f"unsupported schema object of type {type(schema).__name__}")


def from_reference(ref: str) -> Schema:
    """A domain name (``document.invoice``), a JSON Schema file path, or ``package.module:Model``."""
    path = Path(ref)
    if path.suffix.lower() == ".json" or path.exists():
        return from_file(path)
    if ":" in ref:
        return from_model(import_model(ref))
    model = domain_model(ref)
    return from_model(model, domain=ref)


def from_file(path: Path) -> Schema:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"cannot read schema file {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"schema file {path} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise SchemaError(f"schema file {path} must hold a JSON object")
    return from_json_schema(data)


def import_model(ref: str) -> type[BaseModel]:
    """Import ``package.module:Model``."""
    module_name, _, attr = ref.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise SchemaError(f"cannot import schema module {module_name!r}: {exc}") from None
    model = getattr(module, attr, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise SchemaError(f"{ref!r} is not a Pydantic model class")
    return model


def from_model(model: type[BaseModel], domain: str | None = None) -> Schema:
    try:
        js = model.model_json_schema()
    except Exception as exc:
        raise SchemaError(f"cannot build a JSON Schema from {model.__name__}: {exc}") from None
    compiled = from_json_schema(js)
    return Schema(compiled.root, js, model, domain)


def from_json_schema(js: Mapping[str, Any]) -> Schema:
    """Compile a JSON Schema (as Pydantic writes it: ``$defs``, ``$ref``, ``anyOf`` with null, enums)."""
    root = _Compiler(js).node(js, "", (), required=True, depth=0)
    if not isinstance(root, Obj):
        raise SchemaError("the schema's top level must be an object with properties")
    if not root.props:
        raise SchemaError("the schema has no properties to extract")
    return Schema(root, js)


class _Compiler:
    def __init__(self, js: Mapping[str, Any]) -> None:
        self.defs: Mapping[str, Any] = {**js.get("definitions", {}), **js.get("$defs", {})}

    def resolve(self, sub: Mapping[str, Any], depth: int) -> tuple[Mapping[str, Any], bool]:
        """Follow ``$ref``/``allOf``/``anyOf``-with-null; the concrete schema and whether null is allowed."""
        nullable = False
        for _ in range(_MAX_DEPTH):
            if "$ref" in sub:
                ref = str(sub["$ref"])
                name = ref.rsplit("/", 1)[-1]
                if not ref.startswith("#/") or name not in self.defs:
                    raise SchemaError(f"unresolvable $ref {ref!r}")
                sub = {**self.defs[name], **{k: v for k, v in sub.items() if k != "$ref"}}
                continue
            options = sub.get("anyOf") or sub.get("oneOf")
            if options is not None:
                non_null = [o for o in options if o.get("type") != "null"]
                nullable = nullable or len(non_null) < len(options)
                if len(non_null) != 1:
                    kinds = {o.get("type") for o in non_null}
                    if kinds <= {"string", "number", "integer"} and kinds:
                        non_null = [{"type": "string"}]
                    else:
                        raise SchemaError(
                            f"unsupported union of {len(non_null)} types at {sub.get('title', '?')}"
                        )
                rest = {k: v for k, v in sub.items() if k not in ("anyOf", "oneOf")}
                sub = {**non_null[0], **rest}
                continue
            if "allOf" in sub and len(sub["allOf"]) == 1:
                rest = {k: v for k, v in sub.items() if k != "allOf"}
                sub = {**sub["allOf"][0], **rest}
                continue
            typ = sub.get("type")
            if isinstance(typ, list):
                types = [t for t in typ if t != "null"]
                nullable = nullable or len(types) < len(typ)
                if len(types) != 1:
                    raise SchemaError(f"unsupported type list {typ!r}")
                sub = {**sub, "type": types[0]}
            return sub, nullable
        raise SchemaError("schema nesting is too deep or circular")

    def node(
        self, sub: Mapping[str, Any], path: str, context: tuple[str, ...], *, required: bool, depth: int
    ) -> Node:
        if depth > _MAX_DEPTH:
            raise SchemaError(f"schema nesting is too deep at {path or 'root'}")
        if not isinstance(sub, Mapping):
            raise SchemaError(f"schema at {path or 'root'} is not an object")
        sub, nullable = self.resolve(sub, depth)
        title = str(sub.get("title", ""))
        description = str(sub.get("description", ""))
        typ = sub.get("type")
        if typ is None and "properties" in sub:
            typ = "object"
        if typ is None and "enum" in sub:
            typ = "string"
        if typ == "object" and "properties" in sub:
            inner = (description or title, *context) if path else context
            req = set(sub.get("required", ()))
            props = tuple(
                (
                    str(key),
                    self.node(
                        value,
                        f"{path}.{key}" if path else str(key),
                        inner,
                        required=key in req,
                        depth=depth + 1,
                    ),
                )
                for key, value in sub["properties"].items()
            )
            return Obj(path, props, title, description, required)
        if typ == "array":
            items = sub.get("items", {})
            item = self.node(
                items, f"{path}[]", (description or title, *context), required=True, depth=depth + 1
            )
            return Arr(path, item, title, description, required)
        name = path.rsplit(".", 1)[-1].removesuffix("[]")
        if typ == "object" or typ is None:
            return Leaf(
                FieldSpec(path, name, Kind.ANY, title, description, None, (), required, True, context)
            )
        if typ not in _TYPES:
            raise SchemaError(f"unknown type {typ!r} at {path or 'root'}")
        kind = _TYPES[str(typ)]
        fmt = sub.get("format")
        if kind is Kind.STRING and fmt in _FORMATS:
            kind = _FORMATS[str(fmt)]
        enum: tuple[str, ...] = ()
        if "enum" in sub:
            enum = tuple(str(v) for v in sub["enum"] if v is not None)
            kind = Kind.ENUM
        elif "const" in sub:
            enum = (str(sub["const"]),)
            kind = Kind.ENUM
        return Leaf(
            FieldSpec(
                path=path,
                name=name,
                kind=kind,
                title=title,
                description=description,
                format=str(fmt) if fmt else None,
                enum=enum,
                required=required,
                nullable=nullable or not required,
                context=context,
            )
        )
