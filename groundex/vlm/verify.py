"""Verification: each value the model gives is aligned to printed words, first on the lines it cited,
then anywhere on the cited pages, then anywhere in the document. The match (exact, typed-equal or fuzzy)
sets the status, and where it was found sets the score; pages come from the matched words only."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from groundex import values
from groundex.locate.candidates import Candidate
from groundex.locate.spans import Pick, Span
from groundex.types import Document, FieldSpec, Kind, Line, Status
from groundex.vlm.response_schema import Answer

CITED, PAGE, DOCUMENT = 1.0, 0.5, 0.3
"""Score of a match on the cited lines, elsewhere on their pages, elsewhere in the document."""
FUZZY_MIN = 85.0
"""Least similarity (0..100) of a fuzzy match."""
_NUMERIC = (Kind.NUMBER, Kind.INTEGER)
_DATED = (Kind.DATE, Kind.DATETIME)
_MARKS = string.punctuation
_Matcher = Callable[[Span], Iterable[tuple[int, int]]]


@dataclass(frozen=True)
class _Found:
    pick: Pick
    status: Status
    closeness: float
    count: int


def _normalize(text: str) -> tuple[str, list[int]]:
    """Lower-case letters and digits with one space for every run of anything else, and the offset in
    ``text`` of each kept character."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch.isalnum():
            out.append(ch.lower())
            offsets.append(i)
        elif out and out[-1] != " ":
            out.append(" ")
            offsets.append(i)
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


def typed_value(spec: FieldSpec, raw: object) -> object | None:
    """The model's value in the schema's type; None when it cannot be read as one."""
    if isinstance(raw, bool) and spec.kind is Kind.BOOLEAN:
        return raw
    if spec.kind in _NUMERIC and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return raw
    return values.coerce(spec.kind, str(raw), enum=spec.enum, format=spec.format)


class Verifier:
    """Aligns answers to the words of ``document``; ``ids`` maps line ids to lines."""

    def __init__(self, document: Document, ids: Mapping[str, Line], *, strict: bool = False) -> None:
        self.ids = {key.upper(): line for key, line in ids.items()}
        self.strict = strict
        self.pages = {p.index: Span(tuple(w for ln in p.lines for w in ln.words)) for p in document.pages}
        text = "\n".join(line.text for line in ids.values())
        self.dayfirst = values.infer_dayfirst(text)

    def verify(self, answer: Answer) -> Candidate | None:
        """The answer as a candidate with the words it is printed in; ``inferred`` with no words when it
        is printed nowhere (None then in strict mode, or when the value does not fit the schema)."""
        spec = answer.spec
        value = typed_value(spec, answer.value)
        if value is None:
            return None
        cited = [self.ids[c.strip().upper()] for c in answer.lines if c.strip().upper() in self.ids]
        pages = sorted({line.page for line in cited})
        scopes: list[tuple[float, list[Span]]] = []
        if cited:
            scopes.append((CITED, [Span(tuple(w for line in cited for w in line.words))]))
            scopes.append((PAGE, [self.pages[p] for p in pages]))
        scopes.append((DOCUMENT, [span for p, span in self.pages.items() if p not in pages]))
        for weight, spans in scopes:
            found = self._find(spec, answer.value, value, spans)
            if found is not None:
                return Candidate(
                    spec,
                    value,
                    found.pick,
                    round(weight * found.closeness, 4),
                    f"vlm-{found.status}",
                    status=found.status,
                    margin=1.0 if found.count == 1 else 0.0,
                )
        if self.strict:
            return None
        return Candidate(spec, value, Pick(()), 0.0, "vlm-inferred", status="inferred", margin=0.0)

    def _find(self, spec: FieldSpec, raw: object, value: object, spans: Sequence[Span]) -> _Found | None:
        if spec.kind in _NUMERIC and isinstance(value, (int, float)):
            target = float(value)
            return _typed(spans, lambda s: _numbers(s, target))
        if spec.kind in _DATED and isinstance(value, str):
            iso, dayfirst = value[:10], self.dayfirst
            return _typed(spans, lambda s: _dates(s, iso, dayfirst)) or _exact(spans, str(raw))
        if spec.kind is Kind.BOOLEAN:
            return None
        return _exact(spans, str(raw)) or _fuzzy(spans, str(raw))


def _typed(spans: Sequence[Span], matches: _Matcher) -> _Found | None:
    """The first span with a typed match, and how many matches the spans hold."""
    hits = [(span, m) for span in spans for m in matches(span)]
    if not hits:
        return None
    span, (start, end) = hits[0]
    return _Found(span.pick(start, end), "exact", 1.0, len(hits))


def _numbers(span: Span, target: float) -> Iterable[tuple[int, int]]:
    found = values.select_non_overlapping([*values.find_amounts(span.text), *values.find_numbers(span.text)])
    for m in found:
        if isinstance(m.value, (values.Money, int, float)) and abs(float(m.value) - target) < 0.005:
            yield m.start, m.end


def _dates(span: Span, iso: str, dayfirst: bool | None) -> Iterable[tuple[int, int]]:
    for m in values.find_dates(span.text, dayfirst):
        if str(getattr(m.value, "isoformat", str)())[:10] == iso:
            yield m.start, m.end


def _exact(spans: Sequence[Span], raw: str) -> _Found | None:
    """Case, spacing and punctuation aside, the value is printed as a run of whole words."""
    needle, _ = _normalize(raw)
    if not needle:
        return None
    pattern = re.compile(r"(?<!\S)" + re.escape(needle) + r"(?!\S)")
    hits: list[tuple[Span, int, int]] = []
    for span in spans:
        norm, offsets = _normalize(span.text)
        hits.extend((span, offsets[m.start()], offsets[m.end() - 1] + 1) for m in pattern.finditer(norm))
    if not hits:
        return None
    span, start, end = hits[0]
    start, end = _with_marks(span.text, start, end, raw.strip())
    return _Found(span.pick(start, end), "exact", 1.0, len(hits))


def _with_marks(text: str, start: int, end: int, raw: str) -> tuple[int, int]:
    """``text[start:end]`` widened over the punctuation the value itself starts or ends with (``(415)``,
    ``Co.``), so the box covers it too."""
    lead = len(raw) - len(raw.lstrip(_MARKS))
    trail = len(raw) - len(raw.rstrip(_MARKS))
    while lead and start > 0 and text[start - 1] in _MARKS:
        start, lead = start - 1, lead - 1
    while trail and end < len(text) and text[end] in _MARKS:
        end, trail = end + 1, trail - 1
    return start, end


def _fuzzy(spans: Sequence[Span], raw: str) -> _Found | None:
    """The best near match (OCR slips, a missing word) of at least ``FUZZY_MIN``, as whole words."""
    needle, _ = _normalize(raw)
    if len(needle) < 4:
        return None
    best: tuple[float, Span, int, int] | None = None
    for span in spans:
        norm, offsets = _normalize(span.text)
        if not norm:
            continue
        aligned = fuzz.partial_ratio_alignment(needle, norm, score_cutoff=FUZZY_MIN)
        if aligned is None:
            continue
        start, end = aligned.dest_start, aligned.dest_end
        if end <= start:
            continue
        similarity = fuzz.ratio(needle, norm[start:end])
        if similarity >= FUZZY_MIN and (best is None or similarity > best[0]):
            best = (similarity, span, offsets[start], offsets[end - 1] + 1)
    if best is None:
        return None
    similarity, span, start, end = best
    return _Found(Pick(span.pick(start, end).words), "fuzzy", similarity / 100.0, 1)
