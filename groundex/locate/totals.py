"""The amount a document comes to, among several labelled totals: the wording of each label (``incl.``,
``grand`` against ``excl.``, ``qty``, ``GST``), the arithmetic of the page (a total is the sum of two
other amounts printed there: subtotal and tax), and size (the grand total is the largest)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from groundex.locate.candidates import Candidate, Page
from groundex.locate.labels import norm_token, word_set
from groundex.locate.roles import Role, find
from groundex.types import Line

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


def _label_tokens(line: Line, cand: Candidate) -> set[str]:
    """The words printed on the label's line, the value excepted."""
    value = {id(w) for w in cand.pick.words}
    tokens = (norm_token(w.text).strip("()[].") for w in line.words if id(w) not in value)
    return {t for t in tokens if t and any(c.isalpha() for c in t)}


def _amounts_in(text: str) -> list[float]:
    out: list[float] = []
    for f in find(Role.MONEY, text):
        if isinstance(f.value, float) and f.value > 0 and any(m in text[f.start : f.end] for m in ".,"):
            out.append(round(f.value, 2))
    return out


def is_sum(total: float, printed: Sequence[float]) -> bool:
    """Whether two other printed amounts (smaller than ``total``) add up to it, to the cent."""
    cents = round(total * 100)
    parts = {round(a * 100) for a in printed if 0 < a < total}
    return any(cents - a in parts and cents - a != a for a in parts)


def rank_totals(page: Page, cands: list[Candidate]) -> list[Candidate]:
    """Labelled candidates of a grand-total field, rescored by label wording, arithmetic, table position,
    agreement between labels and size."""
    if not any(isinstance(c.value, float) and c.value > 0 for c in cands):
        return cands
    per_line = {id(ln): _amounts_in(ln.text) for ln in page.lines}
    printed = [a for found in per_line.values() for a in found]
    final, partial = word_set("total_final"), word_set("total_partial")
    lines = [page.line_of(c.label[0]) if c.label else None for c in cands]
    label_lines: dict[float, set[int]] = {}
    for c, line in zip(cands, lines, strict=True):
        if isinstance(c.value, float) and line is not None:
            label_lines.setdefault(c.value, set()).add(id(line))
    out = []
    for c, line in zip(cands, lines, strict=True):
        if isinstance(c.value, float) and c.value > 0 and line is not None:
            tokens = _label_tokens(line, c)
            factor = _FINAL if tokens & final else _PARTIAL if tokens & partial else 1.0
            row = page.row_of(line)
            if sum(len(per_line[id(ln)]) for ln in row) > 1:
                factor *= _TABLE_ROW
            if c.method == "label-below" and len(row) > 1:
                factor *= _COLUMN_HEADER
            if len(label_lines[c.value]) > 1:
                factor *= _AGREED
            if is_sum(c.value, printed):
                factor *= _SUM
            c = replace(c, score=c.score * factor)
        out.append(c)
    strong = [i for i, c in enumerate(out) if isinstance(c.value, float) and c.value > 0 and c.score >= 0.3]
    if len(strong) > 1:
        top = max(strong, key=lambda i: (out[i].value, out[i].score))
        out[top] = replace(out[top], score=out[top].score * _LARGEST)
    return out
