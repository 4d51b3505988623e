"""Rows of a list of objects: tables under a header row, or item lines ending in an amount."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from groundex import values
from groundex.locate.candidates import Candidate, Page, label_hits, read_value
from groundex.locate.labels import norm_token, word_set
from groundex.locate.roles import Role, find, role_of
from groundex.locate.spans import Pick
from groundex.types import FieldSpec, Line, Word

_HEADER_MIN = 0.6
_DESC_MIN_X = 0.2
"""A header that names no description column leaves it a free space at least this wide."""
_NUMERIC = (Role.MONEY, Role.NUMBER, Role.PERCENT, Role.WEIGHT)
_FLAG_SHARE = 0.6
"""A short code starting this share of the item names (and three of them) is a column of its own."""
_AMOUNT_SCORE = 0.6
_GROUPED_SCORE = 0.5
"""Item amounts read at least this well; whole amounts with grouped thousands (``50,000``) score between the
two and count on a page that prints its amounts that way (see ``_whole_amounts``)."""
_DRIFT = 1.5
_NEARER = 0.75
"""An amount alone just above a name alone is its amount within ``_DRIFT`` line heights, and when it is nearer
than ``_NEARER`` times an amount alone below (see ``_drifted``)."""
_DECIMAL = re.compile(r"\d[.,]\d{2}(?!\d)")

Row = dict[str, Candidate]


@dataclass(frozen=True)
class Column:
    spec: FieldSpec
    x0: float
    x1: float
    label: tuple[Word, ...]
    read: bool = True
    """False for a second label of a field already read from another column (``Rate`` beside ``Amount``):
    its cells are set aside."""


def _headers(page: Page, children: Sequence[FieldSpec]) -> list[tuple[int, float, list[Column]]]:
    """Rows where labels of at least two different columns are printed: (page, bottom y, columns). Of two
    labels of one field (``Rate``, ``Amount`` for a price) the better one, or the right one (the line's last
    figure) when they are equal, is read; the other keeps its cells out of the read column."""
    per_row: dict[tuple[int, int], list[tuple[float, Column]]] = defaultdict(list)
    for spec in children:
        for hit in label_hits(page, spec, mid_line=1.0):
            if hit.score < _HEADER_MIN:
                continue
            box = hit.words[0].bbox
            for w in hit.words[1:]:
                box = box.union(w.bbox)
            per_row[(hit.line.page, hit.line.row)].append((hit.score, Column(spec, box.x, box.x1, hit.words)))
    desc = _child(children, Role.TEXT, Role.NAME)
    out = []
    for (pg, _), hits in per_row.items():
        ranked = [c for _, c in sorted(hits, key=lambda sc: (-sc[0], -sc[1].x0))]
        columns = _dedupe(ranked)
        if sum(c.read for c in columns) < 2:
            continue
        bottom = max(w.bbox.y1 for c in columns if c.read for w in c.label)
        if desc is not None and desc.path not in {c.spec.path for c in columns}:
            columns = _with_description(columns, desc)
        out.append((pg, bottom, columns))
    return sorted(out, key=lambda h: (h[0], h[1]))


def _with_description(columns: list[Column], desc: FieldSpec) -> list[Column]:
    """A header that names no description column leaves it the widest free space: on the left of its first
    column when that starts far right (``Particulars | Qty Rate Amount``), else between two columns far apart
    (``QTY ITEM | AMT``)."""
    gaps = [(columns[0].x0 - _DESC_MIN_X, 0, 0.0, columns[0].x0 - 0.01)]
    for i, (a, b) in enumerate(pairwise(columns)):
        gaps.append((b.x0 - a.x1 - _DESC_MIN_X, i + 1, a.x1 + 0.01, b.x0 - 0.01))
    room, at, x0, x1 = max(gaps)
    return [*columns[:at], Column(desc, x0, x1, ()), *columns[at:]] if room > 0 else columns


def _dedupe(columns: list[Column]) -> list[Column]:
    """One column per header position, best first: a field's first label is read, its others set aside; a
    longer label of the same field over it widens it (``NAME`` within ``ITEM NAME``)."""
    kept: list[Column] = []
    read: set[str] = set()
    for col in columns:
        clash = [i for i, k in enumerate(kept) if not (col.x1 <= k.x0 or col.x0 >= k.x1)]
        if not clash:
            first = col.spec.path not in read
            read.add(col.spec.path)
            kept.append(col if first else replace(col, read=False))
        elif len(clash) == 1 and kept[clash[0]].spec.path == col.spec.path:
            k = kept[clash[0]]
            kept[clash[0]] = replace(k, x0=min(k.x0, col.x0), x1=max(k.x1, col.x1))
    return sorted(kept, key=lambda c: c.x0)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _cells(row_lines: Sequence[Line], columns: list[Column]) -> dict[int, list[Word]]:
    """Assign the row's text to the columns (by index): a line under one header goes whole to it; a line
    that spans several headers is split word by word at the midpoints between headers, except that words
    running on from a text column into the figures' column after it stay text."""
    bounds = [(columns[i].x1 + columns[i + 1].x0) / 2 for i in range(len(columns) - 1)]
    cells: dict[int, list[Word]] = defaultdict(list)
    for line in row_lines:
        box = line.bbox
        under = [i for i, c in enumerate(columns) if _overlap(box.x, box.x1, c.x0, c.x1) > 0]
        if len(under) == 1:
            cells[under[0]].extend(line.words)
            continue
        if not under:
            near = min(range(len(columns)), key=lambda i: abs((columns[i].x0 + columns[i].x1) / 2 - box.cx))
            cells[near].extend(line.words)
            continue
        split: dict[int, list[Word]] = defaultdict(list)
        for w in line.words:
            split[sum(1 for b in bounds if w.bbox.cx > b)].append(w)
        for i in sorted(split):
            if i > 0 and i - 1 in split and _runs_on(columns[i - 1], columns[i]):
                while split[i] and _is_word(split[i][0].text):
                    split[i - 1].append(split[i].pop(0))
        for i, words in split.items():
            cells[i].extend(words)
    return cells


def _runs_on(text: Column, figures: Column) -> bool:
    """Whether a text column's words may run on past the midpoint into the figures' column after it
    (``Vegetable Chow Mein 1`` under ``Product`` and ``Quantity``)."""
    return role_of(text.spec) not in _NUMERIC and role_of(figures.spec) in _NUMERIC


def _is_word(text: str) -> bool:
    """Two letters or more and no digit: text, not a figure, a sign or a count's ``x``."""
    return sum(c.isalpha() for c in text) >= 2 and not any(c.isdigit() for c in text)


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
    desc, qty = _child(children, Role.TEXT, Role.NAME), _child(children, Role.NUMBER)
    price = line_amount(children)
    rows: list[Row] = []
    for i, (pg, bottom, columns) in enumerate(headers):
        nxt = headers[i + 1] if i + 1 < len(headers) else None
        end = nxt[1] - 0.001 if nxt is not None and nxt[0] == pg else 1.01
        for row_lines in _body(page, pg, bottom + 0.001, stop_rows, end):
            cells = _cells(row_lines, columns)
            row: Row = {}
            for i, col in enumerate(columns):
                if not col.read:
                    continue
                cell = tuple(cells.get(i, ()))
                role = role_of(col.spec)
                found = read_value(col.spec, role, cell, 0, page.dayfirst, region=page.region_for(role))
                for value, pick, score, status in found[:1]:
                    row[col.spec.path] = Candidate(
                        col.spec, value, pick, 0.9 * score, "table", col.label, status
                    )
            numeric = [p for p, c in row.items() if role_of(c.spec) in _NUMERIC]
            text = [p for p, c in row.items() if role_of(c.spec) not in _NUMERIC]
            if numeric and (text or len(numeric) >= 2):
                _counted_name(row, desc, qty)
                _unheaded_count(row, row_lines, desc, qty, price)
                rows.append(row)
            elif text and rows and len(row) == len(text) and not _has_amount(row):
                _continue(rows[-1], row)
    if price is not None:
        rows = _mended_amounts(_without_group_sums(rows, price.path), price)
    return _without_shared_code(rows, children)


def _child(children: Sequence[FieldSpec], *roles: Role) -> FieldSpec | None:
    """The first of an item's fields with one of ``roles`` (the description: ``TEXT``/``NAME``; the count:
    ``NUMBER``)."""
    return next((s for s in children if role_of(s) in roles), None)


def _unheaded_count(
    row: Row,
    row_lines: Sequence[Line],
    desc: FieldSpec | None,
    qty: FieldSpec | None,
    price: FieldSpec | None,
) -> None:
    """The count of a row whose quantity column has no header the field's labels name (``Description aty
    Price Ext Price``): a count and a unit price printed between the text and the amount whose product is
    the amount (``_priced_count``)."""
    if desc is None or qty is None or price is None or qty.path in row:
        return
    name, amount = row.get(desc.path), row.get(price.path)
    if name is None or amount is None:
        return
    left, right = name.words[-1].bbox.x1, amount.words[0].bbox.x
    between = tuple(w for ln in row_lines for w in ln.words if left <= w.bbox.cx < right)
    count = _priced_count(sorted(between, key=lambda w: w.bbox.x), " ".join(w.text for w in amount.words))
    if count is not None:
        row[qty.path] = Candidate(qty, _count(count.text), Pick((count,)), 0.55, "table", (), "exact")


def _counted_name(row: Row, desc: FieldSpec | None, qty: FieldSpec | None) -> None:
    """A count printed before the name in the description's cell (``1 R6 Bulgogi Deopbap`` under ``No
    Description``) is no part of the name; it is the quantity when no column gave one, in place."""
    name = row.get(desc.path) if desc is not None else None
    if desc is None or name is None:
        return
    count, rest = _count_prefix(name.words)
    if count is None:
        return
    row[desc.path] = replace(name, value=" ".join(w.text for w in rest), pick=Pick(rest))
    if qty is not None and qty.path not in row:
        row[qty.path] = Candidate(qty, _count(count.text), Pick((count,)), 0.55, "table", (), "exact")


def line_amount(children: Sequence[FieldSpec]) -> FieldSpec | None:
    """Of an item's money fields, the line's amount: the one named a total or amount, else the last."""
    amount = [s for s in children if role_of(s) is Role.MONEY]
    named = (s for s in amount if "total" in s.name or "amount" in s.name)
    return next(named, amount[-1] if amount else None)


def _has_amount(row: Row) -> bool:
    """Whether a text-only row prints an amount (``1.99 Dsc -0.33``: a discount line, not a wrapped name)."""
    return any(f.score >= 0.8 for c in row.values() for f in find(Role.MONEY, str(c.value)))


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
    above the totals. A tax flag after the amount (``3.54 N``) and an article number after the text
    (``GREAT VALUE 007874223023 F``) are not part of either. A count printed before the text (``2 Coffee``,
    ``2x Coffee``), alone in a middle column, or as ``(3 @10.00)`` after it gives the quantity; a middle
    ``3 x 5.49`` gives quantity and unit price. A text line with no amount lends its text to the next
    row when that row holds only an amount, an article number and an amount, a ``2 @ 1.99`` count or a
    weighed or per-unit rate (the item's amount on its own line: ``BANANAS`` / ``1.150kg @ $2.65/kg 3.05``),
    or takes an amount alone on the row right above it that is clearly nearer (``_drifted``: a curved photo);
    a rate line under an item that has its amount (``0.20 EA 5 FOR 0.99``) is no item. A row that reads as a
    summary (``VAT``, ``Cash``) is not an item and a total (``Subtotal``, ``Net TTL``) ends the items, unless
    an article number before the amount shows it is a product (``TOTAL 03 001600027484``, ``CARD THANKS
    CROWN 720473536751 5.99``). Text lines indented under an item are items without a price (``_sub_item``);
    a line that prints a date is neither."""
    desc = _child(children, Role.TEXT, Role.NAME)
    total = line_amount(children)
    if desc is None or total is None:
        return []
    unit = next((s for s in children if role_of(s) is Role.MONEY and s is not total), None)
    qty = _child(children, Role.NUMBER)
    rows: list[Row] = []
    by_row: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for line in page.lines:
        by_row[(line.page, line.row)].append(line)
    least = _GROUPED_SCORE if _whole_amounts(page) else _AMOUNT_SCORE
    pending: tuple[Word, ...] = ()
    subs: list[Row] = []
    sections: list[tuple[int, frozenset[str]]] = []
    closing: tuple[Word, ...] = ()
    loose_amounts: list[Candidate] = []
    loose_texts: list[tuple[Word, ...]] = []
    keys = sorted(by_row, key=lambda k: (k[0], by_row[k][0].bbox.y))
    loose: Candidate | None = None
    item_start = 1.0
    for index, key in enumerate(keys):
        lent, pending = pending, ()
        above, loose = loose, None
        segs = sorted(by_row[key], key=lambda ln: ln.bbox.x)
        words = tuple(w for seg in segs for w in seg.words)
        if key in stop_rows and not _has_code(words):
            if rows:
                rows.extend(subs)
                subs = []
                if not _closes_section(rows, sections, words, total.path):
                    closing = words
                    break
                sections.append((len(rows), _section_label(words)))
            continue
        at = _amount_at(words)
        money = read_value(total, Role.MONEY, (words[at],)) if at is not None else []
        if at is None or not money or money[0][2] < least:
            if _has_letters(words) and not _dated(words):
                pending = _item_text(words)
                below = (
                    tuple(w for ln in by_row[keys[index + 1]] for w in ln.words)
                    if index + 1 < len(keys)
                    else ()
                )
                if above is not None and _drifted(above, pending, below):
                    loose_amounts.remove(above)
                    rows.append(_named_row(desc, qty, pending, above))
                    item_start, pending = pending[0].bbox.x, ()
                    continue
                sub = _sub_item(rows, desc, segs, item_start)
                if sub is not None:
                    subs.append(sub)
                elif not _says(pending, "summary_words") and not _says(pending, "items_end"):
                    loose_texts.append(pending)
            continue
        lead = segs[:2] if _counted(segs) else segs[1:2] if _flagged(segs) else segs[:1]
        first = {id(w) for seg in lead for w in seg.words}
        head = tuple(w for w in words[:at] if id(w) in first) if len(segs) > 1 else words[:at]
        middle = words[len(head) : at]
        if _is_rate(words[:at]) or not _has_letters(head) or _priced(head):
            if not lent:
                if len(words) == 1:
                    value, pick, score, status = money[0]
                    loose = Candidate(total, value, pick, 0.6 * score, "item-line", (), status)
                    loose_amounts.append(loose)
                continue
            middle, head = head + middle, lent
            if subs and subs[-1][desc.path].words == lent:
                subs.pop()
        is_item = _has_code(words[:at])
        count, head = _count_prefix(head)
        glued = _glued_count(head) if count is None else None
        rows.extend(subs)
        subs = []
        if rows and not is_item and _says(head, "items_end"):
            if not _closes_section(rows, sections, words, total.path):
                closing = words
                break
            sections.append((len(rows), _section_label(words)))
            continue
        if not is_item and (_says(head, "summary_words") or _percent_off(head, words[at].text)):
            continue
        if glued is not None:
            head = head[1:]
        printed = head
        named = _item_text(head, at < len(words) - 1)
        head, at_count, at_unit = _at_price(named, values.parse_number(words[at].text))
        if count is None and at_count is None and len(head) > 1 and _TRAILING_COUNT.match(head[-1].text):
            head, at_count = head[:-1], head[-1]
        if count is None and at_count is None:
            kept = {id(w) for w in head}
            at_count = next((w for w in printed if id(w) not in kept and _COUNT_AT.match(w.text)), None)
        value, pick, score, status = money[0]
        row: Row = {total.path: Candidate(total, value, pick, 0.6 * score, "item-line", (), status)}
        for v, p, sc, st in read_value(desc, Role.TEXT, head)[:1]:
            row[desc.path] = Candidate(desc, v, p, 0.6 * sc, "item-line", (), st)
        if count is None and len(middle) == 1 and _count(middle[0].text) is not None:
            count = middle[0]
        count = count or _marked_count(middle) or _priced_count(middle, words[at].text)
        count = at_count or count
        counted = Pick((count,)) if count is not None else glued
        if qty is not None and counted is not None:
            n = _count(counted.text)
            row[qty.path] = Candidate(qty, n, counted, 0.55, "item-line", (), "exact")
        if unit is not None and at_unit is not None:
            for v, p, sc, st in read_value(unit, Role.MONEY, (at_unit,))[:1]:
                row[unit.path] = Candidate(unit, v, p, 0.6 * sc, "item-line", (), st)
        _times(row, middle, qty, unit)
        rows.append(row)
        item_start = min(w.bbox.x for w in (*head, *words[:at]))
    if len(sections) == 1:
        rows = rows[: sections[0][0]]
    if len({line.page for line in page.lines}) == 1:
        rows = _shifted(rows, desc, qty, total.path, loose_amounts, loose_texts)
    rows = _mended_amounts(_without_group_sums(rows, total.path), total)
    return _without_shared_code(_completed_cents(rows, total, closing), children)


def _closes_section(
    rows: Sequence[Row], sections: Sequence[tuple[int, frozenset[str]]], words: Sequence[Word], price: str
) -> bool:
    """Whether a total row (``TOTAL DEPARTMENT $4.86``, ``Food Subtotal: 21.17``) sums the priced items since
    the last such row, and names its total as the sections before it do, with a word of its own beside it.
    Item lines go on past it; when no second row closes a section, the first was the items' subtotal and the
    rows after it are dropped."""
    at = _amount_at(words)
    amount = values.parse_number(words[at].text) if at is not None else None
    start = sections[-1][0] if sections else 0
    cents = [c for c in (_cents(row.get(price)) for row in rows[start:]) if c is not None]
    if amount is None or not cents or abs(round(amount * 100)) != sum(cents):
        return False
    label = _section_label(words)
    return not sections or (label == sections[0][1] and _qualified(words))


def _section_label(words: Sequence[Word]) -> frozenset[str]:
    """The total words of a row (``total`` of ``TOTAL DEPARTMENT``, ``subtotal`` of ``Food Subtotal:``)."""
    return frozenset(_tokens(words)) & word_set("items_end")


def _qualified(words: Sequence[Word]) -> bool:
    """Whether a total row names what it totals (``DEPARTMENT``, ``Food``) beside its total words."""
    return any(t not in word_set("items_end") for t in _tokens(words) if len(t) > 2)


def _tokens(words: Sequence[Word]) -> list[str]:
    return [t for t in (norm_token(w.text).strip("():.") for w in words) if t.isalpha()]


def _cents(cand: Candidate | None) -> int | None:
    """A candidate's amount in cents, sign aside."""
    value = cand.value if cand is not None else None
    return abs(round(value * 100)) if isinstance(value, float) else None


def _without_group_sums(rows: list[Row], price: str) -> list[Row]:
    """The item rows without the rows after them that sum them up: amounts (sign aside: ``29.25--``) that
    add up consecutive runs of two or more items covering every item in order (``Food 29.30`` over three
    dishes and ``Beverage 16.55`` over three drinks, or ``FOOD 8.44`` over all), their repeats (``Prev Bal
    8.44``) and at most one small amount (a tax line the reader misread): category subtotals, not items."""
    cents = [_cents(row.get(price)) for row in rows]
    for first in range(2, len(rows)):
        if _sums_up(cents[:first], cents[first:]):
            return rows[:first]
    return rows


def _sums_up(items: list[int | None], tail: list[int | None]) -> bool:
    """Whether every amount of ``tail`` sums the next run of ``items`` (two or more), repeats such a sum, or
    is the one amount under a tenth of them, and the runs cover every item."""
    start, other = 0, 0
    sums: set[int] = set()
    for amount in tail:
        run, end = 0, None
        for k in range(start, len(items)):
            run += items[k] or 0
            if run == amount and k > start:
                end = k + 1
                break
        if amount is not None and end is not None:
            sums.add(amount)
            start = end
        elif amount in sums:
            continue
        else:
            other += 1
            small = amount is not None and 10 * amount < sum(i or 0 for i in items)
            if other > 1 or not small:
                return False
    return bool(sums) and start == len(items)


def _sub_item(rows: Sequence[Row], desc: FieldSpec, segs: Sequence[Line], start: float) -> Row | None:
    """A text line printed indented under the last item (its count or name; ``start``: where its printed text
    starts, an article number included), without an amount or any bare number (a combo's parts, an item's
    options: ``3-ENTREE PLATE`` / ``  ORANGE CKN``): an item of its own with no price, kept when another item
    or the items' end follows."""
    if not rows or len(segs) != 1:
        return None
    name = rows[-1].get(desc.path)
    words = _item_text(segs[0].words)
    if name is None or _says(words, "summary_words") or _says(words, "items_end") or any(map(_bare, words)):
        return None
    first = min((c.words[0] for c in rows[-1].values() if c.words), key=lambda w: w.bbox.x)
    indent = _SUB_INDENT * name.words[0].bbox.w / max(len(name.words[0].text), 1)
    if words[0].bbox.page != first.bbox.page or words[0].bbox.x < min(first.bbox.x, start) + indent:
        return None
    for v, p, sc, st in read_value(desc, Role.TEXT, words)[:1]:
        return {desc.path: Candidate(desc, v, p, 0.5 * sc, "item-line", (), st)}
    return None


def _dated(words: Sequence[Word]) -> bool:
    """Whether a line prints a date or a time of day (the receipt's header or footer, not an item)."""
    text = " ".join(w.text for w in words)
    return any(f.score >= _DATE_SCORE for role in (Role.DATE, Role.TIME) for f in find(role, text))


def _bare(word: Word) -> bool:
    """A word of digits and punctuation only (``3``, ``.24``, ``15:09``), not a size's fraction (``1/2"``)."""
    text = word.text
    return (
        any(c.isdigit() for c in text)
        and not any(c.isalpha() for c in text)
        and not _FRACTION.fullmatch(text)
    )


_FRACTION = re.compile(r"[1-9]/(?:2|4|8|16|32)\"?")
"""A size's fraction of an inch (``1/2``, ``3/8"``), printed in the text of a hardware item."""


def _without_shared_code(rows: list[Row], children: Sequence[FieldSpec]) -> list[Row]:
    """Item names that mostly start with one code of one or two letters (a department or tax column printed
    before the name: ``T FL RUFFLES``, ``PR CO-OP SOFT CHSE``) without it."""
    desc = _child(children, Role.TEXT, Role.NAME)
    if desc is None:
        return rows
    names = [c for c in (r.get(desc.path) for r in rows) if c is not None and len(c.words) > 1]
    shared = Counter(c.words[0].text for c in names).most_common(1)
    if not shared:
        return rows
    code, n = shared[0]
    if len(code) > 2 or not code.isalpha() or n < 3 or n < _FLAG_SHARE * len(rows):
        return rows
    for row in rows:
        cand = row.get(desc.path)
        if cand is None or len(cand.words) < 2 or cand.words[0].text != code:
            continue
        for v, p, _, st in read_value(desc, Role.TEXT, cand.words[1:])[:1]:
            row[desc.path] = replace(cand, value=v, pick=p, status=st)
    return rows


def _whole_amounts(page: Page) -> bool:
    """Whether the page prints amounts as whole numbers with grouped thousands (``50,000``, ``23.967``: a
    currency without cents) more often than with two decimals, at least three times."""
    grouped = decimal = 0
    for line in page.lines:
        for w in line.words:
            if values.is_grouped_whole(w.text):
                grouped += 1
            elif _DECIMAL.search(w.text):
                decimal += 1
    return grouped >= 3 and grouped > decimal


def _counted(segs: Sequence[Line]) -> bool:
    """A row whose first segment is a count alone, apart from the item's text (``1   N1 Pad Thai``)."""
    lone = _lone_first(segs)
    return lone is not None and _count(lone) is not None


def _flagged(segs: Sequence[Line]) -> bool:
    """A row whose first segment is a capital letter alone, a flag column before the item's text (``E   269865
    HOM MILK 1GL``)."""
    lone = _lone_first(segs)
    return lone is not None and len(lone) == 1 and lone.isupper()


def _lone_first(segs: Sequence[Line]) -> str | None:
    """The text of a row's first segment when it is one word alone, apart from the item's text in the next
    segment and the figures after it; else None."""
    if len(segs) > 2 and len(segs[0].words) == 1 and _has_letters(segs[1].words):
        return segs[0].words[0].text
    return None


def _priced(head: Sequence[Word]) -> bool:
    """Figures and one-letter flags with a unit price before a row's amount (``40434 K 1x 29.98``)."""
    return not any(sum(c.isalpha() for c in w.text) > 1 for w in head) and any(
        _UNIT_PRICE.fullmatch(w.text) for w in head
    )


def _has_letters(words: Sequence[Word]) -> bool:
    return any(c.isalpha() for w in words for c in w.text)


def _percent_off(head: Sequence[Word], amount: str) -> bool:
    """Whether a row takes a percentage off (``Gourmet Society 50% £-14.30``, ``10% Airport/Mall (0.32)``): a
    discount, no purchased item."""
    value = values.parse_number(amount)
    return value is not None and value < 0 and any("%" in w.text for w in head)


def _is_flag(text: str) -> bool:
    """A tax or status flag printed after an amount (``N``, ``X``, ``T``, ``SR``, ``TFW``)."""
    short = 0 < len(text) <= 2 and not any(c in ".,$" for c in text)
    return short or (len(text) == 3 and text.isalpha() and text.isupper())


_MERIDIEM = frozenset({"am", "pm", "a.m", "p.m"})
"""After figures, a time's half of the day (``9.38 PM``), not a tax flag."""


def _amount_at(words: Sequence[Word]) -> int | None:
    """Index of the row's trailing amount: its last word, or the one before one or two trailing flags
    (``3.54 N``, ``$1.89 N F``)."""
    if not words:
        return None
    last = len(words) - 1
    for flags in (1, 2):
        at = last - flags
        if at < 0 or not all(_is_flag(w.text) for w in words[at + 1 :]):
            break
        if any(c.isdigit() for c in words[at].text):
            return None if words[last].text.lower().strip(".") in _MERIDIEM else at
    return last if any(c.isdigit() for c in words[last].text) else None


def _is_rate(words: Sequence[Word]) -> bool:
    """A weighed or per-unit price line (``0.71 lbs @0.79 lb``, ``1.385kg @ $2.98/kg``, ``3.2 gallon
    $1.99/gallon``, ``0.20 EA 5 FOR``): it starts with a decimal quantity and prints a rate (``@``, a price
    per unit, ``EA``)."""
    if len(words) < 2 or not _DECIMAL_LEAD.match(words[0].text):
        return False
    return any("@" in w.text or _PER_UNIT.search(w.text) or w.text.lower() in _EACH for w in words[1:])


_DECIMAL_LEAD = re.compile(r"^[$€£]?\d*[.,]\d+[^\W\d_]*$")
_PER_UNIT = re.compile(r"\d/[^\W\d_]+\.?$")
_EACH = frozenset({"ea", "each"})


def _plain_number(text: str) -> bool:
    """Digits with at most one decimal separator (``0.71``, ``2,50``, ``4``)."""
    return text.replace(",", ".").replace(".", "", 1).isdigit()


def _is_code(text: str) -> bool:
    """An article number (``007874223023``): six digits or more, nothing else."""
    return len(text) >= 6 and text.isdigit()


def _has_code(words: Sequence[Word]) -> bool:
    return any(_is_code(w.text) for w in words)


def _item_text(words: Sequence[Word], flagged: bool = False) -> tuple[Word, ...]:
    """An item's text without the article number printed before or after the name and its flags
    (``GREAT VALUE 007874223023 F``) and the figures after it (``NOTECARDS RED 400100998274 1.50 1@``), a
    weighed amount (``TOMATE EN RAMA 0.230 KILOS``; a pack size such as ``12OZ`` is part of the name), a tax
    flag (``M&M PRETZEL C``) unless the row prints its flags after the amount (``flagged``: the capital ends
    a name cut short, ``STARKIST CHUNK WAT W   $0.99 N F``)."""
    out = list(words)
    while len(out) > 1 and _is_code(out[0].text):
        out.pop(0)
    at = next((k for k in range(1, len(out)) if _is_code(out[k].text)), None)
    if at is not None and all(not _has_letters([w]) or len(w.text) == 1 for w in out[at:]):
        out = out[:at]
    if _has_code(out):
        while len(out) > 1 and (
            _is_code(out[-1].text) or (len(out[-1].text) == 1 and out[-1].text.isalpha())
        ):
            out.pop()
    for k in range(max(1, len(out) - 2), len(out)):
        tail = " ".join(w.text for w in out[k:])
        weighed = any(c in tail for c in ".,")
        if weighed and any(m.start == 0 and m.end == len(tail) for m in values.find_weights(tail)):
            out = out[:k]
            break
    if len(out) > 2 and len(out[-1].text) == 1 and out[-1].text.isupper() and not flagged:
        out.pop()
    return tuple(out)


def _at_price(
    words: tuple[Word, ...], amount: float | None
) -> tuple[tuple[Word, ...], Word | None, Word | None]:
    """``Pacific Rim (4 @40.00)``: the text before a trailing ``count @ price``, the count and the price.
    An ``@`` read as a digit or lost (``(2 08.50)``, ``(2 17.50)``) counts when the count times the price
    is the row's ``amount``; the misread price is then no unit price."""
    for k in range(len(words) - 1, 0, -1):
        first = words[k].text.lstrip("(")
        rest = " ".join(w.text for w in words[k:]).lstrip("(")
        if not first or not first[0].isdigit():
            continue
        if "@" not in rest:
            if _misread_at(rest, amount):
                return words[:k], words[k], None
            continue
        n, _, price = rest.partition("@")
        if _count(n.strip()) is None or not any(c.isdigit() for c in price):
            return words, None, None
        unit = next((w for w in words[k:] if any(c.isdigit() for c in w.text.rpartition("@")[2])), None)
        return words[:k], words[k], unit
    return words, None, None


def _misread_at(rest: str, amount: float | None) -> bool:
    """Whether ``2 08.50)`` is a count and a unit price whose ``@`` the reader lost or read as a digit: the
    count times the price, with or without its first digit, is ``amount``."""
    n, _, price = rest.rstrip(")").partition(" ")
    count = _count(n)
    if amount is None or count is None or not _UNIT_PRICE.fullmatch(price):
        return False
    return any(
        (unit := values.parse_number(p)) is not None and _makes(count, unit, amount)
        for p in (price, price[1:])
    )


def _makes(count: int, unit: float, amount: float) -> bool:
    """Whether ``count`` times the unit price ``unit`` is ``amount``, to the cent."""
    return round(count * unit * 100) == round(amount * 100)


_UNIT_PRICE = re.compile(r"\d{1,6}[.,]\d{2}")
_DATE_SCORE = 0.8
_SUB_INDENT = 1.5
"""A sub-item starts at least this many characters right of its item's row start."""
_TIMES = frozenset({"x", "\u00d7", "*", "@"})
"""Signs printed between a count and the item or its unit price (``2 x Coffee``, ``3 @ 5.49``)."""


def _count(text: str) -> int | None:
    """A count printed with an item (``2``, ``2x``, ``x2``, ``2X``, ``(3``, ``1,00``, ``01``, ``6.``), else
    None."""
    core = text.lower().replace("\u00d7", "x").strip("(").removesuffix("x").removeprefix("x")
    whole, mark, fraction = core.replace(",", ".").partition(".")
    if mark and (not fraction or set(fraction) == {"0"}):
        core = whole
    padded = len(core) == 2 and core[0] == "0"
    return (
        int(core)
        if core.isdigit() and 0 < int(core) < 1000 and (core == core.lstrip("0") or padded)
        else None
    )


_TRAILING_COUNT = re.compile(r"^(?:[xX\u00d7][1-9]\d{0,2}|[1-9]\d{0,2}[xX\u00d7])$")
"""A count marked by a times sign at the end of an item's text (``ZUMO NARANJA X6``)."""
_COUNT_AT = re.compile(r"^[1-9]\d{0,2}@$")
"""A count glued to the at sign of its unit price, among the figures after an item's name (``1.50 1@``)."""


def _marked_count(words: Sequence[Word]) -> Word | None:
    """The one count marked by a times sign among figures (``40434 K 1x 29.98``)."""
    marked = [w for w in words if w.text.lower().strip("x\u00d7") != w.text.lower() and _count(w.text)]
    return marked[0] if len(marked) == 1 else None


def _priced_count(words: Sequence[Word], printed: str) -> Word | None:
    """The count of a ``Qty Price Amount`` row printed without a times sign (``Snack Sticks 1 $3.49 $3.49``):
    a count and a unit price between the text and the amount, whose product is the amount (not zero: any
    count times nothing is nothing)."""
    amount = values.parse_number(printed)
    if len(words) != 2 or not amount:
        return None
    count, unit = _count(words[0].text), values.parse_number(words[1].text)
    if count is None or unit is None or not _UNIT_PRICE.search(words[1].text):
        return None
    return words[0] if _makes(count, unit, amount) else None


def _count_prefix(head: Sequence[Word]) -> tuple[Word | None, tuple[Word, ...]]:
    """The count word at the start of an item's text (``2 Coffee``, ``2 x Coffee``, ``1 $ Add Bacon``), and
    the rest."""
    words = tuple(head)
    if len(words) >= 2 and _count(words[0].text) is not None:
        rest = words[1:]
        if len(rest) >= 2 and rest[0].text.lower() in _TIMES:
            rest = rest[1:]
        named = next((w for w in rest if any(c.isalnum() for c in w.text)), None)
        if named is not None and any(c.isalpha() for c in named.text):
            return words[0], rest
    return None, words


def _glued_count(head: Sequence[Word]) -> Pick | None:
    """A count glued to its unit price before the name (``4@2.50 NV CASHEW``): the count within the first
    word (none of that word is the name)."""
    if len(head) < 2:
        return None
    text = head[0].text
    n, sep, rest = text.partition("@")
    if not sep or len(n) > 3 or _count(n) is None or not _plain_number(rest):
        return None
    return Pick(tuple(head[:1]), 0, len(text) - len(n))


def _says(words: Sequence[Word], kind: str) -> bool:
    """Whether an amount's text holds a word of a vocabulary: ``summary_words`` (``VAT``, ``Cash``: not an
    item) or ``items_end`` (``Subtotal``, ``Total``: the items are over)."""
    return any(norm_token(w.text).strip("().") in word_set(kind) for w in words)


def _times(row: Row, words: tuple[Word, ...], qty: FieldSpec | None, unit: FieldSpec | None) -> None:
    """``3 x 5.49`` / ``3 @ 5.49``: quantity and unit price printed between an item's text and its total."""
    if len(words) < 3 or words[1].text.lower() not in _TIMES:
        return
    if qty is not None:
        for v, p, sc, st in read_value(qty, Role.NUMBER, words[:1])[:1]:
            row[qty.path] = Candidate(qty, v, p, 0.6 * sc, "item-line", (), st)
    if unit is not None:
        for v, p, sc, st in read_value(unit, Role.MONEY, words[2:3])[:1]:
            row[unit.path] = Candidate(unit, v, p, 0.6 * sc, "item-line", (), st)


_CENTS = re.compile(r"^(?P<sign>[^\d\s.,-]?)(?P<whole>\d{1,4})[.,](?P<cents>\d{2})$")
_NO_MARK = re.compile(r"^(?P<sign>[^\d\s.,-]?)(?P<digits>\d{3,6})$")
_MENDED_SHARE = 0.6
"""Share of a column's amounts printed alike (a sign, two decimals) before an odd one is mended to match."""


def _shifted(
    rows: list[Row],
    desc: FieldSpec,
    qty: FieldSpec | None,
    price: str,
    amounts: Sequence[Candidate],
    texts: Sequence[tuple[Word, ...]],
) -> list[Row]:
    """Rows of a photo curved so that the amounts drift a line above their names: an amount alone on its row
    above some rows and a name alone on its row below them, each amount belongs one name down (the layout
    paired each name with the amount of the row above). The rows are re-paired when every amount then lies
    above its name, as far above as on the page's other rows and closer to that than before."""

    def cy(words: Sequence[Word]) -> float:
        return words[0].bbox.cy

    named = sorted((r for r in rows if desc.path in r and price in r), key=lambda r: cy(r[desc.path].words))
    for orphan in amounts:
        top = cy(orphan.words)
        name = min((t for t in texts if cy(t) > top), key=cy, default=None)
        if name is None:
            continue
        run = [r for r in named if top < cy(r[desc.path].words) < cy(name)]
        if not run:
            continue
        heads = [cy(r[desc.path].words) for r in run] + [cy(name)]
        old = [cy(r[price].words) for r in run]
        new = [top, *old]
        before = [a - h for a, h in zip(old, heads, strict=False)]
        after = [a - h for a, h in zip(new, heads, strict=True)]
        ids = {id(r) for r in run}
        rest = sorted(cy(r[price].words) - cy(r[desc.path].words) for r in named if id(r) not in ids)
        if len(rest) < len(run) or max(after) >= 0:
            continue
        typical = rest[len(rest) // 2]
        if _spread(after, typical) >= _spread(before, typical):
            continue
        cands = [orphan, *(r[price] for r in run)]
        for r, cand in zip(run, cands, strict=False):
            r[price] = cand
        rows.insert(
            max(i for i, r in enumerate(rows) if id(r) in ids) + 1, _named_row(desc, qty, name, cands[-1])
        )
        return rows
    return rows


def _named_row(desc: FieldSpec, qty: FieldSpec | None, name: Sequence[Word], amount: Candidate) -> Row:
    """An item of a name (with the count printed before it) and an amount from another row."""
    row: Row = {amount.spec.path: amount}
    count, text = _count_prefix(name)
    for v, p, sc, st in read_value(desc, Role.TEXT, text)[:1]:
        row[desc.path] = Candidate(desc, v, p, 0.6 * sc, "item-line", (), st)
        if qty is not None and count is not None:
            row[qty.path] = Candidate(qty, _count(count.text), Pick((count,)), 0.55, "item-line", (), "exact")
    return row


def _drifted(amount: Candidate, name: Sequence[Word], below: Sequence[Word]) -> bool:
    """Whether a name alone on its row takes the amount alone on the row right above it (a photo curved so
    that the amounts drift above their names) rather than one alone on the row below (a wrapped item): the
    amount is within ``_DRIFT`` line heights of the name, and nearer than the one below by a clear margin."""
    gap = abs(amount.words[0].bbox.cy - name[0].bbox.cy)
    if gap > _DRIFT * name[0].bbox.h:
        return False
    alone = len(below) == 1 and _amount_at(below) == 0
    return not alone or gap < _NEARER * abs(below[0].bbox.cy - name[0].bbox.cy)


def _spread(offsets: Sequence[float], typical: float) -> float:
    return sum(abs(o - typical) for o in offsets) / len(offsets)


_ONE_DECIMAL = re.compile(r"^(?P<sign>[^\d\s.,-]?)(?P<whole>\d{1,4})(?P<mark>[.,])(?P<tenth>\d)$")


def _completed_cents(rows: list[Row], price: FieldSpec, closing: Sequence[Word]) -> list[Row]:
    """An item amount whose last digit the reader lost (``8.9`` among ``2.59``-like amounts) completed from
    the total row that ends the items (``Subtotal 13.87``): when it is the only such amount and the total
    less the other items starts with its digits, the missing digit is the difference's. The amount keeps its
    word's box."""
    at = _amount_at(closing)
    total = values.parse_number(closing[at].text) if at is not None else None
    cands = [row.get(price.path) for row in rows]
    cut = [
        (row, c, m)
        for row, c in zip(rows, cands, strict=True)
        if c is not None and len(c.words) == 1 and (m := _ONE_DECIMAL.match(c.words[0].text))
    ]
    others = [_cents(c) for c in cands if c is not None and all(c is not k for _, k, _ in cut)]
    if total is None or len(cut) != 1 or None in others or len(others) < 2:
        return rows
    row, cand, m = cut[0]
    missing = round(total * 100) - sum(o for o in others if o is not None)
    whole, tenth = int(m["whole"]), int(m["tenth"])
    if missing // 100 != whole or missing % 100 // 10 != tenth:
        return rows
    word = replace(cand.words[0], text=f"{m['sign']}{m['whole']}{m['mark']}{m['tenth']}{missing % 10}")
    for value, *_ in read_value(price, Role.MONEY, (word,))[:1]:
        row[price.path] = replace(cand, value=value, pick=Pick((word,)), status="inferred")
    return rows


def _mended_amounts(rows: list[Row], price: FieldSpec) -> list[Row]:
    """Line amounts the reader misread in a column whose amounts are printed alike: the decimal mark dropped
    (``$395`` among ``$3.95``-like amounts reads ``$3.95``), the currency sign read as a digit (``88.09``
    among ``$``-signed ones reads ``$8.09``). The amount keeps its word's box."""
    cands = [row.get(price.path) for row in rows]
    texts = [
        c.words[0].text
        if c is not None and len(c.words) == 1 and not c.pick.head and not c.pick.tail
        else None
        for c in cands
    ]
    shaped = [m for t in texts if t is not None and (m := _CENTS.match(t))]
    if len(shaped) < 3 or len(shaped) < _MENDED_SHARE * sum(t is not None for t in texts):
        return rows
    signs = Counter(m["sign"] for m in shaped).most_common(1)[0][0]
    mark = Counter(m.string[-3] for m in shaped).most_common(1)[0][0]
    for row, cand, text in zip(rows, cands, texts, strict=True):
        if cand is None or text is None or (_CENTS.match(text) and (not signs or text.startswith(signs))):
            continue
        fixed = None
        if (m := _NO_MARK.match(text)) and m["sign"] == signs:
            fixed = f"{signs}{m['digits'][:-2]}{mark}{m['digits'][-2:]}"
        elif signs and (m := _CENTS.match(text)) and not m["sign"] and len(m["whole"]) >= 2:
            fixed = f"{signs}{m['whole'][1:]}{mark}{m['cents']}"
        if fixed is None:
            continue
        word = replace(cand.words[0], text=fixed)
        for value, *_ in read_value(price, Role.MONEY, (word,))[:1]:
            row[price.path] = replace(cand, value=value, pick=Pick((word,)), status="inferred")
    return rows
