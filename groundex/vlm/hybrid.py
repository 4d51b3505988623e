"""Hybrid locating: the local engine fills what it can; the model is asked only for the fields it left
empty or ``low``, and a model value that agrees with the local one raises its support."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from groundex import values
from groundex.locate.candidates import Candidate
from groundex.resolve import resolve
from groundex.schema import Arr, Leaf, Node, Schema
from groundex.types import Document, Kind
from groundex.vlm.backend import Located, VlmBackend
from groundex.vlm.client import Usage


def missing(schema: Schema, local: Mapping[str, Candidate]) -> set[str]:
    """Schema paths to ask the model for: leaves the local engine left empty or ``low``, and lists with
    no element above ``low``."""
    kept = {path for path, r in resolve(local).items() if r.bucket != "low"}
    wanted: set[str] = set()

    def walk(node: Node) -> None:
        if isinstance(node, Leaf):
            if node.spec.kind is not Kind.ANY and node.spec.path not in kept:
                wanted.add(node.spec.path)
        elif isinstance(node, Arr):
            if not any(p.startswith(f"{node.path}[") for p in kept):
                wanted.add(node.path)
        else:
            for _, child in node.props:
                walk(child)

    walk(schema.root)
    return wanted


def _same(a: Candidate, b: Candidate) -> bool:
    if isinstance(a.value, (int, float)) and isinstance(b.value, (int, float)):
        return abs(float(a.value) - float(b.value)) < 0.005
    return values.normalize_for_compare(a.value) == values.normalize_for_compare(b.value)


def hybrid_locate(
    local: Located, document: Document, schema: Schema, backend: VlmBackend
) -> tuple[Located, Usage]:
    """The local candidates, completed and cross-checked by the model."""
    wanted = missing(schema, local)
    if not wanted:
        return dict(local), Usage()
    asked, usage = backend.locate(document, schema, wanted)
    lists = tuple(f"{path}[" for path in wanted)
    out = {path: cand for path, cand in local.items() if not path.startswith(lists)}
    for path, cand in asked.items():
        old = local.get(path)
        if old is not None and _same(old, cand):
            best = old if old.pick.words or not cand.pick.words else cand
            out[path] = replace(best, support=max(old.support, cand.support) + 1)
        elif old is None or cand.pick.words:
            out[path] = cand
    return out, usage
