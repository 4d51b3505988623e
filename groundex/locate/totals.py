"""The amount a document comes to, among several labelled totals: the wording of each label (``incl.``,
``grand`` against ``excl.``, ``qty``, ``GST``), the arithmetic of the page (a total is the sum of two
other amounts printed there: subtotal and tax), cash rounding (``Rounding 72.75`` after ``Total 72.74``),
the tender (totals printed after the change are summaries) and size (the grand total is the largest); with
no label at all, the amount the rows right above it add up to."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz

from groundex.locate.candidates import Candidate, Page, without_currency
from groundex.locate.labels import norm_token, word_set
from groundex.locate.roles import Role, find
from groundex.locate.spans import Pick, Span
from groundex.types import FieldSpec, Line

_FINAL = 1.25
_PARTIAL = 0.45
_SUM = 1.3
_LARGEST = 1.15
_TABLE_ROW = 0.6
"""A label followed by several amounts on its row heads a column-total row of a table (a tax summary)."""
_COLUMN_HEADER = 0.6
"""A label sharing its row with other cells, read downwards, heads a column of line amounts."""
_AGREED = 1.2
"""The same amount after several total labels (``Total (incl GST)``, ``Total Rounded``)."""
_AFTER_TENDER = 0.6
"""A total printed below the change given back sums up something else (a tax summary)."""
_ROUNDED = 1.1
"""A rounded amount outranks the total it rounds."""
_ROUNDING_STEP = 0.1
_FUZZY_MIN_LEN = 6
_SUMMED = 0.35
"""Score of an unlabelled amount that the amounts printed right above it add up to."""
_SUMMED_ROWS = 4
_TENDERED = 0.36
"""Score of what was tendered less the change: what was paid outranks what the rows above an amount add
up to."""
_PARTS = re.compile(r"[^\w]+")


def _tokens(text: str) -> set[str]:
    """The lower-case words of a text, split at punctuation."""
    return {t for t in _PARTS.split(text.lower()) if t}


def _label_tokens(line: Line, cand: Candidate) -> set[str]:
    """The words printed on the label's line, the value excepted, split at punctuation (``Item(s)``,
    ``SUB-TOTAL``)."""
    value = {id(w) for w in cand.pick.words}
    tokens = (t for w in line.words if id(w) not in value for t in _PARTS.split(norm_token(w.text)))
    return {t for t in tokens if t and any(c.isalpha() for c in t)}


def _says(tokens: set[str], kind: str) -> bool:
    """Whether a vocabulary word is among ``tokens``; long words may be misread by one letter
    (``lnclusive``)."""
    words = word_set(kind)
    if tokens & words:
        return True
    return any(
        fuzz.ratio(t, w) >= 85
        for t in tokens
        if len(t) >= _FUZZY_MIN_LEN
        for w in words
        if len(w) >= _FUZZY_MIN_LEN
    )


def _level_cell(page: Page, line: Line) -> bool:
    """Whether another line of the page sits level with ``line`` (their heights overlap by half the lower
    one's), beside it: a header cell a slanted photo read into another row (``Description`` | ``Amount``)."""
    box = line.bbox
    for other in page.near(box.page, box.y - box.h, box.y1):
        ob = other.bbox
        beside = ob.x1 <= box.x or ob.x >= box.x1
        if other is not line and beside and ob.shared_height(box) >= 0.5 * min(ob.h, box.h):
            return True
    return False


def _lines_saying(page: Page, kind: str) -> list[Line]:
    """The lines that print a word of a vocabulary (looked up in the page's token index)."""
    found = {li for w in word_set(kind) for li, _ in page.index.where.get(w, ())}
    return [page.lines[li] for li in sorted(found)]


def _amounts_after(row: Sequence[Line], cand: Candidate) -> list[float]:
    """The amounts printed on a candidate's row from its label on (``NET SALES 100.75 GRAND TOTAL 113.35``:
    one after ``GRAND TOTAL``; a tax table's ``TOTAL 38.87 5.63 44.50``: three)."""
    start = cand.label[0].bbox.x if cand.label else 0.0
    return _amounts_in(" ".join(w.text for ln in row for w in ln.words if w.bbox.x >= start))


def _amounts_in(text: str) -> list[float]:
    out: list[float] = []
    for f in find(Role.MONEY, text):
        if isinstance(f.value, float) and f.value > 0 and any(m in text[f.start : f.end] for m in ".,"):
            out.append(round(f.value, 2))
    return out


def is_sum(total: float, printed: Sequence[float], slack: int = 0) -> bool:
    """Whether two other printed amounts (smaller than ``total``) add up to it, to the cent, or within
    ``slack`` cents (a page that rounds its total)."""
    cents = round(total * 100)
    parts = {round(a * 100) for a in printed if 0 < a < total}
    return any(cents - a + d in parts and cents - a + d != a for a in parts for d in range(-slack, slack + 1))


def _on_step(value: float) -> bool:
    """Whether an amount is a whole multiple of 5 cents, what cash rounding rounds to."""
    return round(value * 100) % 5 == 0


def _raise(out: list[Candidate], totals: dict[int, float], i: int) -> None:
    """Rank candidate ``i`` above every total up to its amount (and the rounding step)."""
    lead = max(out[j].score for j, a in totals.items() if a <= totals[i] + _ROUNDING_STEP + 1e-9)
    out[i] = replace(out[i], score=max(out[i].score, lead * _ROUNDED))


def _rounded(page: Page, cands: list[Candidate], rounding: list[Line]) -> list[Candidate]:
    """Candidates rescored for cash rounding. A rounding row prints either the rounded amount (``Rounding
    RM 72.75``, ``Net Total Rounded 19.00``: within 10 cents of a candidate, on a 5-cent step) or the
    adjustment (``Rounding -0.01``: of two candidates that far apart, the one on a 5-cent step is final).
    Either way the final amount outranks every total up to it."""
    out = list(cands)
    rows = {(ln.page, ln.row): ln for ln in rounding}
    for line in rows.values():
        span = Span(tuple(w for ln in page.row_of(line) for w in ln.words))
        found = [f for f in find(Role.MONEY, span.text) if isinstance(f.value, float) and f.value != 0]
        totals = {i: float(c.value) for i, c in enumerate(out) if isinstance(c.value, float) and c.value > 0}
        if not found or not totals:
            continue
        value = float(found[0].value)  # type: ignore[arg-type]

        if abs(value) <= _ROUNDING_STEP + 1e-9:
            best: dict[float, int] = {}
            for i in sorted(totals, key=lambda i: -out[i].score):
                best.setdefault(totals[i], i)
            for a, i in best.items():
                if _on_step(a) and any(
                    abs(abs(a - b) - abs(value)) < 0.005 and not _on_step(b) for b in best
                ):
                    _raise(out, totals, i)
            continue
        near = [i for i, a in totals.items() if 0 < abs(a - value) <= _ROUNDING_STEP + 1e-9]
        if not near or not _on_step(value):
            continue
        pick = without_currency(span.pick(found[0].start, found[0].end))
        same = [i for i, a in totals.items() if a == value and set(out[i].words) == set(pick.words)]
        if not same:
            base = out[max(near, key=lambda i: out[i].score)]
            label = tuple(w for w in span.words if w not in pick.words)
            out.append(Candidate(base.spec, value, pick, 0.0, base.method, label, base.status))
            totals[len(out) - 1] = value
            same = [len(out) - 1]
        for i in same:
            _raise(out, totals, i)
    return out


def rank_totals(page: Page, cands: list[Candidate]) -> list[Candidate]:
    """Labelled candidates of a grand-total field, rescored by label wording, arithmetic (the sum of two
    printed amounts; what was tendered less the change), table position, agreement between labels and size
    (unless one is what was tendered less the change)."""
    if not any(isinstance(c.value, float) and c.value > 0 for c in cands):
        return cands
    per_line = {id(ln): _amounts_in(ln.text) for ln in page.lines}
    printed = [a for found in per_line.values() for a in found]
    lines = [page.line_of(c.label[0]) if c.label else None for c in cands]
    label_lines: dict[float, set[int]] = {}
    for c, line in zip(cands, lines, strict=True):
        if isinstance(c.value, float) and line is not None:
            label_lines.setdefault(c.value, set()).add(id(line))
    rounding = _lines_saying(page, "rounding")
    tender = [ln.bbox for ln in _lines_saying(page, "tender_end")]
    slack = 5 if rounding else 0
    paid = _tendered(page)
    out = []
    for c, line in zip(cands, lines, strict=True):
        if isinstance(c.value, float) and c.value > 0 and line is not None:
            tokens = _label_tokens(line, c)
            factor = (
                _PARTIAL
                if _says(tokens, "tender_end")
                else _FINAL
                if _says(tokens, "total_final")
                else _PARTIAL
                if _says(tokens, "total_partial")
                else 1.0
            )
            if any(b.page == line.bbox.page and b.y1 <= line.bbox.y for b in tender):
                factor *= _AFTER_TENDER
            row = page.row_of(line)
            if sum(len(per_line[id(ln)]) for ln in row) > 1 and len(_amounts_after(row, c)) > 1:
                factor *= _TABLE_ROW
            if c.method == "label-below" and (len(row) > 1 or _level_cell(page, line)):
                factor *= _COLUMN_HEADER
            if len(label_lines[c.value]) > 1:
                factor *= _AGREED
            if is_sum(c.value, printed, slack):
                factor *= _SUM
            if paid is not None and round(c.value * 100) == paid[0]:
                factor *= _SUM
            c = replace(c, score=c.score * factor)
        out.append(c)
    strong = [i for i, c in enumerate(out) if isinstance(c.value, float) and c.value > 0 and c.score >= 0.3]
    tendered = paid is not None and any(round(out[i].value * 100) == paid[0] for i in strong)  # type: ignore[operator]
    if len(strong) > 1 and not tendered:
        top = max(strong, key=lambda i: (out[i].value, out[i].score))
        out[top] = replace(out[top], score=out[top].score * _LARGEST)
    return _rounded(page, out, rounding)


def summed_total(page: Page, spec: FieldSpec) -> list[Candidate]:
    """A grand total read from the page's arithmetic, for when no label names it (``Payment 45.85`` under
    ``Food 29.30`` and ``Beverage 16.55``): the lowest amount ending a row that the amounts ending the two to
    four rows right above it add up to, scored below a labelled total."""
    found = _summed(page)
    if found is None:
        return []
    return [Candidate(spec, found[0] / 100, found[1], _SUMMED, "summed", (), "inferred")]


@dataclass(frozen=True)
class LastAmount:
    """A row's last amount with cents (its words), whether it ends the row, and the row's text."""

    cents: int
    pick: Pick
    ends_row: bool
    text: str


@lru_cache(maxsize=4)
def last_amounts(page: Page) -> tuple[LastAmount, ...]:
    """The last amount of every row that prints one, in page order, once per page."""
    out = []
    for row in page.rows():
        span = Span(tuple(w for ln in row for w in ln.words))
        found = [f for f in find(Role.MONEY, span.text) if f.score >= 0.8 and isinstance(f.value, float)]
        if found:
            cents = round(float(found[-1].value) * 100)  # type: ignore[arg-type]
            pick = without_currency(span.pick(found[-1].start, found[-1].end))
            ends = found[-1].end >= len(span.text.rstrip(" *-")) - 1
            out.append(LastAmount(cents, pick, ends, span.text))
    return tuple(out)


@lru_cache(maxsize=4)
def _summed(page: Page) -> tuple[int, Pick] | None:
    """The cents and words of :func:`summed_total`'s amount, once per page."""
    rows = [(a.cents, a.pick) for a in last_amounts(page) if a.ends_row]
    out: tuple[int, Pick] | None = None
    for i, (cents, pick) in enumerate(rows):
        for n in range(2, _SUMMED_ROWS + 1):
            parts = [c for c, _ in rows[max(0, i - n) : i]]
            if len(parts) == n and all(0 < c < cents for c in parts) and sum(parts) == cents:
                out = (cents, pick)
                break
    return out


def tendered_total(page: Page, spec: FieldSpec) -> list[Candidate]:
    """A grand total from what was paid: the amount tendered less the change given back (``CASH 100.00``,
    ``CASH CHANGE 55.10``: ``44.90``), where the page prints it above the tender (``SUBTOTAL: 44.90``), or the
    amount tendered itself when no change was due; scored just above a summed total."""
    found = _tendered(page)
    if found is None:
        return []
    return [Candidate(spec, found[0] / 100, found[1], _TENDERED, "summed", (), "inferred")]


_TENDER_ROWS = 3
"""How many rows above the change its tendered amount may be printed."""


@lru_cache(maxsize=4)
def _tendered(page: Page) -> tuple[int, Pick] | None:
    """The cents and words of :func:`tendered_total`'s amount, once per page."""
    rows = [(a.cents, a.pick, _says(_tokens(a.text), "tender_end")) for a in last_amounts(page)]
    for i, (change, _, says_change) in enumerate(rows):
        if not says_change or change < 0:
            continue
        for k in range(i - 1, max(-1, i - 1 - _TENDER_ROWS), -1):
            paid, pick, _ = rows[k]
            if paid <= change:
                continue
            if change == 0:
                return paid, pick
            target = paid - change
            above = [(c, p) for c, p, _ in rows[:k] if c == target]
            return (target, above[-1][1]) if above else None
        return None
    return None
