"""Ground-truth records (one JSON object per line of ``gt.jsonl``) as typed documents."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from groundex.types import BBox

LIST_FIELD_COLUMNS: Mapping[str, tuple[str, str]] = {
    "Prod_item": ("items", "name"),
    "Prod_quantity": ("items", "quantity"),
    "Prod_price": ("items", "price"),
}
"""``list_fields`` classes (WildReceipt) -> (schema list, column of a row)."""

_ROW_KEY = re.compile(r"^(?P<list>[^\[\]]+)\[(?P<index>\d+)\]\.(?P<sub>.+)$")


@dataclass(frozen=True)
class Option:
    """One valid reading of a field: its value and the boxes where it is printed."""

    value: str
    boxes: tuple[BBox, ...]


@dataclass(frozen=True)
class TruthField:
    """A ground-truth value; ``options[0]`` is the primary one, the rest are alternatives."""

    name: str
    options: tuple[Option, ...]

    @property
    def value(self) -> str:
        return self.options[0].value


@dataclass(frozen=True)
class TruthWord:
    text: str
    bbox: BBox


@dataclass(frozen=True)
class TruthDoc:
    """One document: scalar fields by gt key, list rows by list name, the page words."""

    id: str
    image: Path
    fields: Mapping[str, TruthField]
    lists: Mapping[str, tuple[Mapping[str, TruthField], ...]]
    words: tuple[TruthWord, ...]
    no_spaces: bool = False
    record: Mapping[str, Any] = field(default_factory=dict, repr=False)


def _box(raw: Any, page: int = 0) -> BBox:
    """``[x, y, w, h]`` or ``{"xywh"|"bbox": [...], "page": n}`` to a box."""
    if isinstance(raw, Mapping):
        page = int(raw.get("page", page))
        raw = raw.get("xywh", raw.get("bbox"))
    x, y, w, h = (float(v) for v in raw)
    return BBox(x, y, w, h, page)


def _boxes(raw: Any) -> tuple[BBox, ...]:
    return tuple(_box(b) for b in raw or ())


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def truth_field(name: str, raw: Mapping[str, Any]) -> TruthField:
    """A gt field; ``alternatives`` are box lists (SROIE, same value) or ``{value, bboxes}`` objects."""
    options = [Option(_text(raw.get("value")), _boxes(raw.get("bboxes")))]
    for alt in raw.get("alternatives") or ():
        if isinstance(alt, Mapping):
            options.append(Option(_text(alt.get("value", raw.get("value"))), _boxes(alt.get("bboxes"))))
        else:
            options.append(Option(options[0].value, _boxes(alt)))
    return TruthField(name, tuple(options))


def _vertical_overlap(a: BBox, b: BBox) -> float:
    return max(a.shared_height(b), 0.0) / max(min(a.h, b.h), 1e-9)


def _span(f: TruthField) -> BBox | None:
    boxes = f.options[0].boxes
    if not boxes:
        return None
    out = boxes[0]
    for b in boxes[1:]:
        out = out.union(b)
    return out


_ROW_REACH = 0.75
"""Entries paired in order lie within this share of a line height of their anchors..."""
_BELOW_REACH = 1.6
"""... or this many line heights below them (a price printed on the line under its item's name)."""
_SHIFT_REACH = 2.5
_SHIFTED_ROWS = 3
"""A column whose entries all lie the same height (up to this many lines) off their anchors, on a photo curved
so that the amounts drift above their names, pairs in order when it has at least this many rows."""


def _in_order(entries: Sequence[BBox | None], anchors: Sequence[BBox | None]) -> list[tuple[int, int]] | None:
    """Entries paired with anchors one to one in top-to-bottom order, when there are as many of each and
    every pair lies within three quarters of a line of each other (on a slanted or curled photo a price can
    overlap the next item's row more than its own) or the entry is on the line under its anchor and on no
    other anchor's line (``SAM 128G MSD EVO+`` / ``40434 K 1x 29.98 29.98``), or every entry lies the same
    height off its anchor (a curved photo); None otherwise."""
    if len(entries) != len(anchors) or any(b is None for b in (*entries, *anchors)):
        return None
    boxes = [b for b in entries if b is not None]
    heads = [b for b in anchors if b is not None]
    line = sorted(b.h for b in heads)[len(heads) // 2]
    order_e = sorted(range(len(boxes)), key=lambda i: (boxes[i].page, boxes[i].cy))
    order_a = sorted(range(len(heads)), key=lambda i: (heads[i].page, heads[i].cy))
    pairs = list(zip(order_e, order_a, strict=True))

    def near(i: int, r: int) -> bool:
        e, a = boxes[i], heads[r]
        if e.page != a.page or not -_ROW_REACH * line < e.cy - a.cy < _BELOW_REACH * line:
            return False
        return e.cy - a.cy < _ROW_REACH * line or not any(
            k != r and h.page == e.page and _vertical_overlap(e, h) >= 0.3 for k, h in enumerate(heads)
        )

    if all(near(i, r) for i, r in pairs):
        return pairs
    offsets = sorted(boxes[i].cy - heads[r].cy for i, r in pairs)
    middle = offsets[len(offsets) // 2]
    shifted = (
        len(pairs) >= _SHIFTED_ROWS
        and len({boxes[i].page for i, _ in pairs} | {heads[r].page for _, r in pairs}) == 1
        and abs(middle) < _SHIFT_REACH * line
        and all(abs(o - middle) < _ROW_REACH * line for o in offsets)
    )
    return pairs if shifted else None


def pair_rows(columns: Mapping[str, Sequence[TruthField]], anchor: str) -> list[dict[str, TruthField]]:
    """Group loose column entries into rows: one row per ``anchor`` entry (e.g. an item name). A column with
    as many entries as anchors, each near its partner, pairs in top-to-bottom order (``_in_order``);
    otherwise every entry joins the row it overlaps most vertically (its anchor's box, or the first entry's in
    a row without one: at least 30 % of the lower box height, one entry per column per row), or starts a row
    of its own."""
    rows: list[dict[str, TruthField]] = [{anchor: f} for f in columns.get(anchor, ())]
    heads = [_span(f) for f in columns.get(anchor, ())]
    for col, entries in columns.items():
        if col == anchor:
            continue
        spans = [_span(e) for e in entries]
        ordered = _in_order(spans, heads)
        pairs = [(1.0, i, r) for i, r in ordered] if ordered is not None else []
        for i, eb in enumerate(spans if ordered is None else ()):
            for r, row in enumerate(rows):
                ab = _span(row[anchor] if anchor in row else next(iter(row.values())))
                if eb is not None and ab is not None and eb.page == ab.page:
                    ov = _vertical_overlap(eb, ab)
                    if ov >= 0.3:
                        pairs.append((ov, i, r))
        used_entries: set[int] = set()
        used_rows: set[int] = set()
        for _, i, r in sorted(pairs, key=lambda p: -p[0]):
            if i in used_entries or r in used_rows:
                continue
            rows[r][col] = entries[i]
            used_entries.add(i)
            used_rows.add(r)
        rows.extend({col: e} for i, e in enumerate(entries) if i not in used_entries)
    return sorted(rows, key=_row_top)


def _row_top(row: Mapping[str, TruthField]) -> tuple[int, float]:
    spans = [s for s in (_span(f) for f in row.values()) if s is not None]
    return min(((s.page, s.y) for s in spans), default=(0, 0.0))


def _lists(record: Mapping[str, Any]) -> dict[str, tuple[Mapping[str, TruthField], ...]]:
    """Rows from ``list[i].column`` gt keys and from ``list_fields`` (paired by :func:`pair_rows`)."""
    indexed: dict[str, dict[int, dict[str, TruthField]]] = {}
    for key, raw in record.get("fields", {}).items():
        m = _ROW_KEY.match(key)
        if m:
            row = indexed.setdefault(m["list"], {}).setdefault(int(m["index"]), {})
            row[m["sub"]] = truth_field(m["sub"], raw)
    out: dict[str, tuple[Mapping[str, TruthField], ...]] = {
        name: tuple(rows[i] for i in sorted(rows)) for name, rows in indexed.items()
    }
    grouped: dict[str, dict[str, list[TruthField]]] = {}
    for cls, entries in (record.get("list_fields") or {}).items():
        if cls not in LIST_FIELD_COLUMNS:
            continue
        name, col = LIST_FIELD_COLUMNS[cls]
        grouped.setdefault(name, {})[col] = [truth_field(col, e) for e in entries]
    for name, columns in grouped.items():
        anchor = next(iter(columns)) if "name" not in columns else "name"
        out[name] = tuple(pair_rows(columns, anchor))
    return out


def truth_doc(record: Mapping[str, Any], root: Path) -> TruthDoc:
    """A gt record; ``root`` is the folder its ``image`` path is relative to."""
    fields = {
        key: truth_field(key, raw) for key, raw in record.get("fields", {}).items() if not _ROW_KEY.match(key)
    }
    words = tuple(
        TruthWord(str(w.get("text", "")), _box(w.get("bbox"), int(w.get("page", 0))))
        for w in record.get("words", ())
    )
    return TruthDoc(
        id=str(record["id"]),
        image=root / str(record["image"]),
        fields=fields,
        lists=_lists(record),
        words=words,
        no_spaces=bool((record.get("meta") or {}).get("text_has_no_spaces", False)),
        record=record,
    )


def read_truth(path: Path, limit: int | None = None) -> Iterator[TruthDoc]:
    """The documents of a ``gt.jsonl`` file, in file order."""
    with path.open(encoding="utf-8") as fh:
        count = 0
        for line in fh:
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            yield truth_doc(json.loads(line), path.parent)
            count += 1
