"""Subtotal plus tax make the total: when the chosen subtotal and tax do not add up to the chosen grand total
(or one of them is missing), the pair of printed amounts that does replaces them. The items make the subtotal:
with none labelled, the amount printed under the items that they add up to is it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import product

from groundex.locate.candidates import Candidate, Page, without_currency
from groundex.locate.labels import synonyms, word_set
from groundex.locate.roles import Role, described_label, find, is_grand_total, name_words, role_of
from groundex.locate.spans import Pick, Span
from groundex.locate.totals import last_amounts
from groundex.types import FieldSpec

_KEPT = 0.5
"""Bonus of an amount already chosen for its field: a pair keeps what it can."""
_PRINTED = 0.2
"""Score of an amount that only the arithmetic names (no label of the field next to it)."""
_SUB = frozenset({"subtotal", "sub", "before", "excl", "excluding", "pretax"})
_NOT_TAX = frozenset({"total", "incl", "including", "rate", "percent", "number", "id", "no", "code"})
_TIP = frozenset({"tip", "tips", "gratuity"})


def _kind(spec: FieldSpec) -> str | None:
    """``total``, ``subtotal``, ``tax`` or ``tip`` for a money field its name calls so, or else the label its
    description names (``levy``: ``Sales tax charged``)."""
    if role_of(spec) is not Role.MONEY:
        return None
    for words in (set(name_words(spec)), set(described_label(spec))):
        if words & _SUB:
            return "subtotal"
        if words & (synonyms("tax") | {"taxes"}) and not words & _NOT_TAX:
            return "tax"
        if words & _TIP:
            return "tip"
    return "total" if is_grand_total(spec) else None


def _kinds(specs: Sequence[FieldSpec]) -> dict[str, list[FieldSpec]]:
    """The money fields by the kind their names call them (``total``, ``subtotal``, ``tax``, ``tip``)."""
    kinds: dict[str, list[FieldSpec]] = {}
    for spec in specs:
        kind = _kind(spec)
        if kind is not None:
            kinds.setdefault(kind, []).append(spec)
    return kinds


def _cents(value: object) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(float(value) * 100)
    return None


def _names_a_charge(text: str) -> bool:
    """Whether a row names a charge or credit of its own (``SERVICE 31.60``, ``10/SERVIZIO 10% 2.80``,
    ``Discount -12.24``: ``charges`` in ``data/synonyms.json``): its amounts are neither subtotal nor
    tax."""
    return bool(word_set("charges").intersection(re.findall(r"[^\W\d_]+", text.lower())))


def _printed(page: Page, total: Candidate, target: int) -> list[tuple[int, Pick]]:
    """Amounts (in cents, with a decimal mark) printed on the rows above the total's, or left of the total's
    amount on a row that prints it (its own, or a tax table's row restating it: ``19% 7.31 1.39 8.70``)."""
    line = page.line_of(total.words[0])
    if line is None:
        return []
    last = (line.page, line.row)
    out = []
    for row in page.rows():
        key = (row[0].page, row[0].row)
        if key[0] != last[0]:
            continue
        span = Span(tuple(w for ln in row for w in ln.words))
        if _names_a_charge(span.text):
            continue
        found = _amounts(span)
        end = next((i for i, (cents, _) in enumerate(found) if cents == target), None)
        if key >= last and end is None:
            continue
        out += [(cents, pick) for cents, pick in found[:end] if pick.words]
    return out


def _amounts(span: Span) -> list[tuple[int, Pick]]:
    """The amounts of a row printed with a decimal mark, in cents, with their words."""
    found = []
    for f in find(Role.MONEY, span.text):
        cents = _cents(f.value)
        if f.score >= 0.8 and cents is not None and any(m in span.text[f.start : f.end] for m in ".,"):
            found.append((cents, without_currency(span.pick(f.start, f.end))))
    return found


def _options(
    spec: FieldSpec, kept: Candidate | None, pool: Iterable[Candidate], printed: list[tuple[int, Pick]]
) -> list[tuple[Candidate, float, bool]]:
    """Each possible amount of the field, its score and whether a label of the field names it. An amount
    chosen under the field's label gives way only to another labelled one."""
    out = [(kept, kept.score + _KEPT, True)] if kept is not None else []
    out += [(c, c.score, True) for c in pool if c.spec.path == spec.path and c.score > 0 and c is not kept]
    if kept is None or not kept.label:
        out += [
            (Candidate(spec, cents / 100, pick, _PRINTED, "sum-part"), _PRINTED, False)
            for cents, pick in printed
        ]
    return out


def balance(
    page: Page, chosen: dict[str, Candidate], pool: Sequence[Candidate], specs: Sequence[FieldSpec]
) -> None:
    """Replace the chosen subtotal and tax, in place, by the best-scored pair of amounts that adds up to the
    chosen total (with a chosen tip): at least one of them named by its label, the tax the smaller, none
    the words of another field but the subtotal may be an item's (a sum row the summary words do not name,
    ``Base imponible 34,95``, read as an item)."""
    kinds = _kinds(specs)
    if any(len(kinds.get(k, ())) != 1 for k in ("total", "subtotal", "tax")) or len(kinds.get("tip", ())) > 1:
        return
    sub, tax = kinds["subtotal"][0], kinds["tax"][0]
    _stacked(page, chosen, (sub, tax, kinds["total"][0]))
    total = chosen.get(kinds["total"][0].path)
    target = _cents(total.value) if total is not None else None
    if total is None or not total.words or target is None or target <= 0:
        return
    tip = chosen.get(kinds["tip"][0].path) if "tip" in kinds else None
    sums = {target} | ({target - c} if tip is not None and (c := _cents(tip.value)) else set())
    kept_sub, kept_tax = chosen.get(sub.path), chosen.get(tax.path)
    if kept_sub is not None and kept_tax is not None:
        a, b = _cents(kept_sub.value), _cents(kept_tax.value)
        if a is not None and b is not None and a + b in sums:
            return
    others = {id(w) for path, c in chosen.items() if path not in (sub.path, tax.path) for w in c.words}
    scalars = others - {id(w) for path, c in chosen.items() if "[" in path for w in c.words}
    printed = _printed(page, total, target)
    best: tuple[float, Candidate, Candidate] | None = None
    for (s, s_score, s_named), (x, x_score, x_named) in product(
        _options(sub, kept_sub, pool, printed), _options(tax, kept_tax, pool, printed)
    ):
        a, b = _cents(s.value), _cents(x.value)
        if a is None or b is None or a + b not in sums or not 0 <= b < a or not (s_named or x_named):
            continue
        if b == 0 and not x_named:
            continue
        ids = [id(w) for w in (*s.words, *x.words)]
        if len(set(ids)) < len(ids) or scalars.intersection(ids) or others.intersection(map(id, x.words)):
            continue
        if best is None or s_score + x_score > best[0]:
            best = (s_score + x_score, s, x)
    if best is not None:
        chosen[sub.path], chosen[tax.path] = best[1], best[2]
        return
    restated = _restated(page, target, others)
    if restated is not None:
        (a, s_pick), (b, x_pick) = restated
        chosen[sub.path] = Candidate(sub, a / 100, s_pick, _PRINTED, "sum-part")
        chosen[tax.path] = Candidate(tax, b / 100, x_pick, _PRINTED, "sum-part")


def _restated(page: Page, target: int, taken: set[int]) -> tuple[tuple[int, Pick], tuple[int, Pick]] | None:
    """The last row that restates the total with the two amounts that make it (a tax table's total row,
    ``TOTAL 38.87 5.63 44.50``, ``12% 122.10 106.82 15.28``): the larger one and the smaller one, none taken
    by another field."""
    found = None
    for row in page.rows():
        amounts = _amounts(Span(tuple(w for ln in row for w in ln.words)))
        if not any(cents == target for cents, _ in amounts):
            continue
        parts = [(c, p) for c, p in amounts if c != target and not taken.intersection(map(id, p.words))]
        pairs = [(x, y) for x in parts for y in parts if 0 < y[0] < x[0] and x[0] + y[0] == target]
        if len(pairs) == 1:
            found = pairs[0]
    return found


def _stacked(page: Page, chosen: dict[str, Candidate], specs: tuple[FieldSpec, FieldSpec, FieldSpec]) -> None:
    """Subtotal, tax and total read from three amounts ending rows one under the other, the first two adding
    up to the third, in place: only when the chosen ones break the arithmetic (no total, or a tax not less
    than the subtotal or the total) and two of them are among the three (a slanted photo prints each amount a
    line above its label, so the labels name the amount under their own)."""
    kept = [chosen.get(spec.path) for spec in specs]
    cents = [_cents(c.value) if c is not None else None for c in kept]
    sub, tax, total = cents
    if total is not None and (tax is None or tax < min(c for c in (sub, total) if c is not None)):
        return
    held = {id(w) for c in kept if c is not None for w in c.words}
    rows = [a for a in last_amounts(page) if a.ends_row]
    for i in range(len(rows) - 2):
        three = rows[i : i + 3]
        if not 0 < three[1].cents < three[0].cents or three[0].cents + three[1].cents != three[2].cents:
            continue
        if sum(bool(held.intersection(map(id, a.pick.words))) for a in three) < 2:
            continue
        for spec, amount in zip(specs, three, strict=True):
            chosen[spec.path] = Candidate(spec, amount.cents / 100, amount.pick, _PRINTED, "sum-part")
        return


def items_subtotal(
    page: Page, chosen: dict[str, Candidate], specs: Sequence[FieldSpec], items: Sequence[Candidate]
) -> None:
    """With no subtotal chosen, the first amount printed below the items that two or more item amounts add
    up to (``Food $27.98`` under four dishes, ``Total Sales: 180.00``), taken by no other field, in place. It
    is less than the chosen grand total, or equal to it and printed above it with no charge's row between
    (a sum before no tax, its label misread: ``uetouens $3.21`` over ``Total $3.21``; not ``Cash $3.21``)."""
    kinds = _kinds(specs)
    subs = kinds.get("subtotal", [])
    cents = [_cents(c.value) for c in items if c.words]
    if len(subs) != 1 or subs[0].path in chosen or len(cents) < 2 or None in cents:
        return
    sub = subs[0]
    target = sum(c for c in cents if c is not None)
    total_paths = {spec.path for spec in kinds.get("total", [])}
    totals = [c for path, c in chosen.items() if path in total_paths]
    sums = [_cents(c.value) for c in totals]
    if not totals or not all(s is not None and target <= s for s in sums):
        return
    equal = next(
        (c.words[0].bbox for c, s in zip(totals, sums, strict=True) if s == target and c.words), None
    )
    last = max((c.words[-1] for c in items if c.words), key=lambda w: (w.bbox.page, w.bbox.y1))
    taken = {id(w) for c in chosen.values() for w in c.words}
    for row in page.rows():
        first = row[0].bbox
        if (first.page, first.cy) <= (last.bbox.page, last.bbox.y1):
            continue
        span = Span(tuple(w for ln in row for w in ln.words))
        if equal is not None and (
            (first.page, first.cy) >= (equal.page, equal.y) or _names_a_charge(span.text)
        ):
            return
        for f in find(Role.MONEY, span.text):
            text = span.text[f.start : f.end]
            if f.score < 0.8 or _cents(f.value) != target or not any(m in text for m in ".,"):
                continue
            pick = without_currency(span.pick(f.start, f.end))
            if pick.words and not taken.intersection(map(id, pick.words)):
                chosen[sub.path] = Candidate(sub, target / 100, pick, _PRINTED, "sum-part")
                return


def tipped_subtotal(page: Page, chosen: dict[str, Candidate], specs: Sequence[FieldSpec]) -> None:
    """With no subtotal and no tax chosen but a tip and a total: the amount printed above the total that an
    amount on the tip's row adds up to the total with is the sum before the tip (``AMOUNT $83.51``, ``TIP
    $14.20``, ``TOTAL $97.71``), in place; the tip becomes that amount of its row (the reader may have glued
    a handwritten figure to it). The amount nearest above the tip's row wins; it may be an item's (a one-item
    bill, or a sum row read as an item), not another field's."""
    kinds = _kinds(specs)
    if any(len(kinds.get(k, ())) != 1 for k in ("total", "subtotal", "tip")) or any(
        spec.path in chosen for k in ("subtotal", "tax") for spec in kinds.get(k, ())
    ):
        return
    sub, tip_spec = kinds["subtotal"][0], kinds["tip"][0]
    total, tip = chosen.get(kinds["total"][0].path), chosen.get(tip_spec.path)
    target = _cents(total.value) if total is not None else None
    line = page.line_of(tip.words[0]) if tip is not None and tip.words else None
    if total is None or tip is None or line is None or not total.words or target is None:
        return
    tips = _amounts(Span(tuple(w for ln in page.row_of(line) for w in ln.words)))
    taken = {
        id(w) for path, c in chosen.items() if path != tip_spec.path and "[" not in path for w in c.words
    }
    for cents, pick in reversed(_printed(page, total, target)):
        for part, tip_pick in tips:
            ids = {id(w) for w in (*pick.words, *tip_pick.words)}
            if (
                0 < part < cents
                and cents + part == target
                and not taken & ids
                and len(ids) == len(pick.words) + len(tip_pick.words)
            ):
                chosen[sub.path] = Candidate(sub, cents / 100, pick, _PRINTED, "sum-part")
                if part != _cents(tip.value):
                    chosen[tip_spec.path] = Candidate(
                        tip_spec, part / 100, tip_pick, tip.score, tip.method, tip.label
                    )
                return
