"""Rows of a list of objects: tables under a header row, or item lines ending in an amount."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from groundex.locate.candidates import Candidate, Page, label_hits, read_value
from groundex.locate.labels import norm_token, word_set
from groundex.locate.roles import Role, role_of
from groundex.locate.spans import Pick
from groundex.types import FieldSpec, Line, Word

_HEADER_MIN = 0.6
_NUMERIC = (Role.MONEY, Role.NUMBER, Role.PERCENT, Role.WEIGHT)

Row = dict[str, Candidate]


@dataclass(frozen=True)
class Column:
    spec: FieldSpec
    x0: float
    x1: float
    label: tuple[Word, ...]


def _headers(page: Page, children: Sequence[FieldSpec]) -> list[tuple[int, float, list[Column]]]:
    """Rows where labels of at least two different columns are printed: (page, bottom y, columns)."""
    per_row: dict[tuple[int, int], dict[str, tuple[float, Column]]] = defaultdict(dict)
    for spec in children:
        for hit in label_hits(page, spec):
            if hit.score < _HEADER_MIN:
                continue
            box = hit.words[0].bbox
            for w in hit.words[1:]:
                box = box.union(w.bbox)
            key = (hit.line.page, hit.line.row)
            best = per_row[key].get(spec.path)
            if best is None or best[0] < hit.score:
                per_row[key][spec.path] = (hit.score, Column(spec, box.x, box.x1, hit.words))
    out = []
    for (pg, _), cols in per_row.items():
        if len(cols) < 2:
            continue
        columns = _dedupe([c for _, c in sorted(cols.values(), key=lambda sc: -sc[0])])
        if len(columns) >= 2:
            bottom = max(w.bbox.y1 for c in columns for w in c.label)
            out.append((pg, bottom, sorted(columns, key=lambda c: c.x0)))
    return sorted(out, key=lambda h: (h[0], h[1]))


def _dedupe(columns: list[Column]) -> list[Column]:
    """One column per header position: the best-scoring field claims overlapping labels first."""
    kept: list[Column] = []
    for col in columns:
        if all(col.x1 <= k.x0 or col.x0 >= k.x1 for k in kept):
            kept.append(col)
    return kept


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _cells(row_lines: Sequence[Line], columns: list[Column]) -> dict[str, list[Word]]:
    """Assign the row's text to the columns: a line under one header goes whole to it; a line that
    spans several headers is split word by word at the midpoints between headers."""
    bounds = [(columns[i].x1 + columns[i + 1].x0) / 2 for i in range(len(columns) - 1)]
    cells: dict[str, list[Word]] = defaultdict(list)
    for line in row_lines:
        box = line.bbox
        under = [c for c in columns if _overlap(box.x, box.x1, c.x0, c.x1) > 0]
        if len(under) == 1:
            cells[under[0].spec.path].extend(line.words)
            continue
        if not under:
            near = min(columns, key=lambda c: abs((c.x0 + c.x1) / 2 - box.cx))
            cells[near.spec.path].extend(line.words)
            continue
        for w in line.words:
            k = sum(1 for b in bounds if w.bbox.cx > b)
            cells[columns[k].spec.path].append(w)
    return cells


def _body(page: Page, pg: int, top: float, stop_rows: set[tuple[int, int]], end: float) -> list[list[Line]]:
    """Lines below a header, grouped by row, until a stop row (totals) or the next header."""
    rows: dict[int, list[Line]] = defaultdict(list)
    limit = 4 * page.median_height
    last = top
    steps: list[float] = []
    for line in page.near(pg, top, end - 1e-9):
        if (pg, line.row) in stop_rows:
            break
        gap = line.bbox.y - last
        if rows and line.row not in rows:
            pitch = sorted(steps)[len(steps) // 2] if len(steps) >= 2 else 0.0
            if gap > limit or (pitch and gap > 2.5 * pitch + page.median_height):
                break
            steps.append(max(gap, 0.0))
        rows[line.row].append(line)
        last = max(last, line.bbox.y1) if len(rows[line.row]) > 1 else line.bbox.y1
    return [
        sorted(ls, key=lambda ln: ln.bbox.x) for _, ls in sorted(rows.items(), key=lambda kv: kv[1][0].bbox.y)
    ]


def table_rows(page: Page, children: Sequence[FieldSpec], stop_rows: set[tuple[int, int]]) -> list[Row]:
    """Rows of every table whose header names at least two of the item's fields, across pages."""
    headers = _headers(page, children)
    rows: list[Row] = []
    for i, (pg, bottom, columns) in enumerate(headers):
        nxt = headers[i + 1] if i + 1 < len(headers) else None
        end = nxt[1] - 0.001 if nxt is not None and nxt[0] == pg else 1.01
        for row_lines in _body(page, pg, bottom + 0.001, stop_rows, end):
            cells = _cells(row_lines, columns)
            row: Row = {}
            for col in columns:
                cell = tuple(cells.get(col.spec.path, ()))
                found = read_value(col.spec, role_of(col.spec), cell, 0, page.dayfirst)
                for value, pick, score, status in found[:1]:
                    row[col.spec.path] = Candidate(
                        col.spec, value, pick, 0.9 * score, "table", col.label, status
                    )
            numeric = [p for p, c in row.items() if role_of(c.spec) in _NUMERIC]
            text = [p for p, c in row.items() if role_of(c.spec) not in _NUMERIC]
            if numeric and (text or len(numeric) >= 2):
                rows.append(row)
            elif text and rows and len(row) == len(text):
                _continue(rows[-1], row)
    return rows


def _continue(prev: Row, extra: Row) -> None:
    """A row with text only continues the text cells of the row above (a wrapped description)."""
    for path, cand in extra.items():
        before = prev.get(path)
        if before is None or before.words[-1].bbox.page != cand.words[0].bbox.page:
            continue
        words = before.words + cand.words
        prev[path] = Candidate(
            before.spec,
            f"{before.value} {cand.value}",
            Pick(words),
            before.score,
            before.method,
            before.label,
            before.status,
        )


def item_lines(page: Page, children: Sequence[FieldSpec], stop_rows: set[tuple[int, int]]) -> list[Row]:
    """Without a header: rows whose first segment is text and whose last word is an amount (receipts),
    above the totals. A count printed before the text (``2 Coffee``, ``2x Coffee``) or alone in a middle
    column gives the quantity; a middle ``3 x 5.49`` gives quantity and unit price. A row that reads as
    a summary (``VAT``, ``Cash``) is not an item; a total (``Subtotal``, ``Net TTL``) ends the items."""
    desc = next((s for s in children if role_of(s) in (Role.TEXT, Role.NAME)), None)
    amount = [s for s in children if role_of(s) is Role.MONEY]
    if desc is None or not amount:
        return []
    total = next((s for s in amount if "total" in s.name or "amount" in s.name), amount[-1])
    unit = next((s for s in amount if s is not total), None)
    qty = next((s for s in children if role_of(s) is Role.NUMBER), None)
    rows: list[Row] = []
    by_row: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for line in page.lines:
        by_row[(line.page, line.row)].append(line)
    for key in sorted(by_row, key=lambda k: (k[0], by_row[k][0].bbox.y)):
        if key in stop_rows:
            if rows:
                break
            continue
        segs = sorted(by_row[key], key=lambda ln: ln.bbox.x)
        last = segs[-1].words[-1]
        money = read_value(total, Role.MONEY, (last,))
        if not money or money[0][2] < 0.6:
            continue
        head = segs[0].words if len(segs) > 1 else segs[0].words[:-1]
        if not head or not any(c.isalpha() for w in head for c in w.text):
            continue
        count, head = _count_prefix(head)
        if rows and _says(head, "items_end"):
            break
        if _says(head, "summary_words"):
            continue
        value, pick, score, status = money[0]
        row: Row = {total.path: Candidate(total, value, pick, 0.6 * score, "item-line", (), status)}
        for v, p, sc, st in read_value(desc, Role.TEXT, tuple(head))[:1]:
            row[desc.path] = Candidate(desc, v, p, 0.6 * sc, "item-line", (), st)
        middle = tuple(w for seg in segs[1:] for w in seg.words if w is not last)
        if count is None and len(middle) == 1 and _count(middle[0].text) is not None:
            count = middle[0]
        if qty is not None and count is not None:
            n = _count(count.text)
            row[qty.path] = Candidate(qty, n, Pick((count,)), 0.55, "item-line", (), "exact")
        _times(row, middle, qty, unit)
        rows.append(row)
    return rows


def _count(text: str) -> int | None:
    """A count as printed before an item (``2``, ``2x``, ``x2``, ``2X``), else ``None``."""
    core = text.lower().removesuffix("x").removeprefix("x")
    return int(core) if core.isdigit() and 0 < int(core) < 1000 and core == core.lstrip("0") else None


def _count_prefix(head: Sequence[Word]) -> tuple[Word | None, tuple[Word, ...]]:
    """The count word at the start of an item's text (``2 Coffee``, ``2 x Coffee``), and the rest."""
    words = tuple(head)
    if len(words) >= 2 and _count(words[0].text) is not None and any(c.isalpha() for c in words[1].text):
        rest = words[1:]
        if len(rest) >= 2 and rest[0].text.lower() in ("x", "*", "@"):
            rest = rest[1:]
        return words[0], rest
    return None, words


def _says(words: Sequence[Word], kind: str) -> bool:
    """Whether an amount's text holds a word of a vocabulary: ``summary_words`` (``VAT``, ``Cash``: not an
    item) or ``items_end`` (``Subtotal``, ``Total``: the items are over)."""
    return any(norm_token(w.text).strip("().") in word_set(kind) for w in words)


def _times(row: Row, words: tuple[Word, ...], qty: FieldSpec | None, unit: FieldSpec | None) -> None:
    """``3 x 5.49`` / ``3 @ 5.49``: quantity and unit price printed between an item's text and its total."""
    if len(words) < 3 or words[1].text.lower() not in ("x", "@", "*"):
        return
    if qty is not None:
        for v, p, sc, st in read_value(qty, Role.NUMBER, words[:1])[:1]:
            row[qty.path] = Candidate(qty, v, p, 0.6 * sc, "item-line", (), st)
    if unit is not None:
        for v, p, sc, st in read_value(unit, Role.MONEY, words[2:3])[:1]:
            row[unit.path] = Candidate(unit, v, p, 0.6 * sc, "item-line", (), st)
