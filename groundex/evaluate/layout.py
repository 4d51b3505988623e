"""The leaves and lists of a JSON Schema, and how each maps to a ground-truth key.

A schema path maps to the gt field of the same name, else of the same name ignoring case
(``store_name`` -> ``Store_name``), else to the gt field named by the property's ``title`` (FUNSD).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SchemaLayout:
    """Leaf paths with their titles; lists of objects with their columns (relative leaf paths, titles)."""

    leaves: Mapping[str, str] = field(default_factory=dict)
    lists: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    list_titles: Mapping[str, str] = field(default_factory=dict)


def _resolve(node: Any, defs: Mapping[str, Any]) -> Mapping[str, Any]:
    if not isinstance(node, Mapping):
        return {}
    if "$ref" in node:
        return _resolve(defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {}), defs)
    for key in ("anyOf", "oneOf"):
        options = [o for o in node.get(key, ()) if not (isinstance(o, Mapping) and o.get("type") == "null")]
        if len(options) == 1:
            merged = {**_resolve(options[0], defs), **{k: v for k, v in node.items() if k != key}}
            return merged
    return node


def _is(node: Mapping[str, Any], kind: str) -> bool:
    t = node.get("type")
    return t == kind or (isinstance(t, list) and kind in t) or (kind == "object" and "properties" in node)


def _walk(node: Mapping[str, Any], prefix: str, defs: Mapping[str, Any], out: dict[str, str],
          lists: dict[str, dict[str, str]], list_titles: dict[str, str]) -> None:  # fmt: skip
    for key, raw in (node.get("properties") or {}).items():
        child = _resolve(raw, defs)
        path = f"{prefix}{key}"
        title = str(child.get("title", "") or (raw.get("title", "") if isinstance(raw, Mapping) else ""))
        if _is(child, "array"):
            item = _resolve(child.get("items", {}), defs)
            if _is(item, "object"):
                columns: dict[str, str] = {}
                _walk(item, "", defs, columns, {}, {})
                lists[path] = columns
                list_titles[path] = title
                continue
            out[path] = title
        elif _is(child, "object"):
            _walk(child, f"{path}.", defs, out, lists, list_titles)
        else:
            out[path] = title


def schema_layout(json_schema: Mapping[str, Any]) -> SchemaLayout:
    """The layout of a JSON Schema (``$defs`` references and ``anyOf [X, null]`` resolved)."""
    defs = {**(json_schema.get("definitions") or {}), **(json_schema.get("$defs") or {})}
    leaves: dict[str, str] = {}
    lists: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}
    _walk(json_schema, "", defs, leaves, lists, titles)
    return SchemaLayout(leaves, lists, titles)


def _same(rule: str, path: str, title: str, key: str) -> bool:
    if rule == "name":
        return key == path
    if rule == "casefold":
        return key.casefold() == path.casefold()
    return bool(title) and key == title


def map_keys(paths: Mapping[str, str], keys: Iterable[str]) -> dict[str, str]:
    """Schema path -> gt key, by exact name, then case-insensitive name, then title; one key per path."""
    keys = list(keys)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for rule in ("name", "casefold", "title"):
        for path, title in paths.items():
            if path in out:
                continue
            hit = next((k for k in keys if k not in taken and _same(rule, path, title, k)), None)
            if hit is not None:
                out[path] = hit
                taken.add(hit)
    return out
