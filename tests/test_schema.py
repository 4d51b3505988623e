"""Schema compilation: JSON Schema shapes, Pydantic models, domains, bad schemas."""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from groundex.errors import SchemaError, UnknownDomainError
from groundex.schema import Arr, Leaf, Obj, load_schema
from groundex.types import Kind


class Color(str, Enum):
    RED = "R"
    BLUE = "B"


class Line(BaseModel):
    description: str = Field(..., description="What was bought")
    total: float | None = None


class Party(BaseModel):
    name: str
    city: str | None = None


class Doc(BaseModel):
    number: str = Field(..., title="Document Number", description="The document's number")
    issued: date | None = None
    color: Color | None = None
    paid: bool = False
    count: int | None = None
    seller: Party | None = None
    lines: list[Line] = Field(default_factory=list)
    tags: list[str] | None = None


def test_model_leaves_paths_and_kinds() -> None:
    schema = load_schema(Doc)
    kinds = {s.path: s.kind for s in schema.leaves()}
    assert kinds == {
        "number": Kind.STRING,
        "issued": Kind.DATE,
        "color": Kind.ENUM,
        "paid": Kind.BOOLEAN,
        "count": Kind.INTEGER,
        "seller.name": Kind.STRING,
        "seller.city": Kind.STRING,
        "lines[].description": Kind.STRING,
        "lines[].total": Kind.NUMBER,
        "tags[]": Kind.STRING,
    }
    spec = {s.path: s for s in schema.leaves()}
    assert spec["number"].title == "Document Number"
    assert spec["number"].required and not spec["number"].nullable
    assert spec["color"].enum == ("R", "B")
    assert spec["lines[].description"].context == ("lines",) or spec["lines[].description"].context[0]
    assert schema.model is Doc


def test_tree_shapes() -> None:
    root = load_schema(Doc).root
    props = dict(root.props)
    assert isinstance(props["seller"], Obj)
    assert isinstance(props["lines"], Arr) and isinstance(props["lines"].item, Obj)
    assert isinstance(props["tags"], Arr) and isinstance(props["tags"].item, Leaf)


def test_json_schema_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(Doc.model_json_schema()))
    schema = load_schema(str(path))
    assert schema.model is None
    assert {s.path for s in schema.leaves()} >= {"number", "seller.city", "lines[].total"}


def test_domain_and_unknown_domain() -> None:
    schema = load_schema("document.us-drivers-license")
    assert schema.domain == "document.us-drivers-license"
    paths = {s.path for s in schema.leaves()}
    assert {"license_number", "address.zip_code", "date_of_birth", "gender"} <= paths
    with pytest.raises(UnknownDomainError, match="unknown domain"):
        load_schema("document.no-such-thing")


def test_module_reference() -> None:
    schema = load_schema("tests.test_schema:Doc")
    assert schema.model is Doc


@pytest.mark.parametrize(
    ("js", "reason"),
    [
        ({"type": "object", "properties": {"a": {"type": "strnig"}}}, "unknown type"),
        ({"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}}, "unresolvable"),
        ({"type": "string"}, "top level"),
        ({"type": "object", "properties": {}}, "no properties"),
    ],
)
def test_invalid_json_schema(js: dict[str, object], reason: str) -> None:
    with pytest.raises(SchemaError, match=reason):
        load_schema(js)


def test_not_json_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    with pytest.raises(SchemaError, match="not valid JSON"):
        load_schema(str(path))
