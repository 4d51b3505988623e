"""Candidate values for scalar fields: label/value pairing from the layout, typed scans and priors."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from groundex import values
from groundex.locate.labels import (
    LabelHit,
    LabelIndex,
    Phrase,
    description_cues,
    field_phrases,
    norm_token,
    word_set,
    words_of,
)
from groundex.locate.roles import (
    FINDERS,
    PARTY_WORDS,
    Role,
    find,
    find_after_label,
    plausible,
    role_of,
    zero_total,
)
from groundex.locate.spans import Pick, Span
from groundex.types import FieldSpec, Kind, Line, Status, Word

_RIGHT = 1.0
_NEXT_SEGMENT = 0.85
_BELOW = 0.8
_ABOVE = 0.6
"""A caption printed under its answer (``Oct. 11, 1983`` over ``DATE ISSUED``), when no figures follow it on
its row (``TOTAL 0.00`` is a label and its amount); a mark over an option's caption scores as one after it."""
_SCAN = 0.3
_STRONG_LABEL = 0.8
_MID_LINE = 0.6
_OTHER_LABEL = 0.6
_WHOLE_NAME = 0.95
_HEADER_CELLS = 3
_HEADER_WORDS = 3
_BODY_ROWS = 2
_HEADER_ABOVE = 3.0
_ADDRESS_LETTERS = 3
ADDRESS_WORDS = frozenset({"address", "addr"})
"""Words of a field's name that make it an address."""
_SPECK_CHARS = 3
_PAST_SPECK = 0.9
_CAPTION_GAP = 1.5
"""How many line heights a caption may sit under its answer."""
_TYPED_REACH = 1.5
"""How many line heights from a form's label an answer typed off its line may sit (``Client:`` under
``American Tobacco Co.``)."""


@dataclass(frozen=True)
class Candidate:
    """One possible value of a field, with the words it was read from."""

    spec: FieldSpec
    value: object
    pick: Pick
    score: float
    method: str
    label: tuple[Word, ...] = ()
    status: Status = "exact"
    margin: float = 1.0
    """Score lead over the best candidate with another value for the same field (1.0: no rival)."""
    support: int = 0
    """How many other locating methods proposed the same value."""

    @property
    def words(self) -> tuple[Word, ...]:
        return self.pick.words


_SIGNED = frozenset("0123456789$€£.")
"""What may follow a minus sign that belongs to a value (``-15``, ``-$3.00``, ``-.50``)."""
_ZERO_TOTAL = 0.3
"""Score factor of a grand total of zero: read only when no other amount is labelled a total."""


def clean_text(text: str) -> str:
    """``text`` with its whitespace collapsed and the punctuation around it stripped; a minus sign before a
    figure stays (``-15``, ``-$3.00``)."""
    joined = " ".join(text.split())
    cleaned = joined.strip(" :;,|-_")
    signed = joined.lstrip(" :;,|_")
    if signed.startswith("-") and signed[1:2] in _SIGNED and cleaned == signed[1:].rstrip(" :;,|-_"):
        return "-" + cleaned
    return cleaned


def _priced_abroad(lines: Sequence[Line]) -> bool:
    """Whether the page prices in a currency other than the US dollar (``RM``, ``€``, ``£``): its numeric
    dates then put the day first."""
    return any(
        getattr(m.value, "currency", None) not in (None, "USD")
        for line in lines
        for m in values.find_amounts(line.text)
    )


class Page:
    """Geometry helpers over a document's lines (indexed by page and top edge)."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = tuple(lines)
        self.index = LabelIndex(self.lines)
        self.position = {id(line): i for i, line in enumerate(self.lines)}
        self.heights = sorted(line.bbox.h for line in self.lines) or [0.01]
        self._by_page: dict[int, list[Line]] = {}
        for line in sorted(self.lines, key=lambda ln: ln.bbox.y):
            self._by_page.setdefault(line.page, []).append(line)
        self._tops = {pg: [ln.bbox.y for ln in ls] for pg, ls in self._by_page.items()}
        self.right_edge = {pg: max(ln.bbox.x1 for ln in ls) for pg, ls in self._by_page.items()}
        self._rows: dict[tuple[int, int], list[Line]] = {}
        for line in sorted(self.lines, key=lambda ln: ln.bbox.x):
            self._rows.setdefault((line.page, line.row), []).append(line)
        self._line_of = {id(w): line for line in self.lines for w in line.words}
        text = "\n".join(line.text for line in self.lines)
        self.dayfirst = values.infer_dayfirst(text)
        if self.dayfirst is None and values.NUMERIC_DATE.search(text) and _priced_abroad(self.lines):
            self.dayfirst = True

    @cached_property
    def region(self) -> str | None:
        """The country the page was printed in (``values.infer_region`` over its rows), or None."""
        return values.infer_region([" ".join(ln.text for ln in row) for row in self.rows()])

    def region_for(self, role: Role) -> str | None:
        """The page's country where it settles how a value of ``role`` is read (phone numbers), else None."""
        return self.region if role is Role.PHONE else None

    @cached_property
    def prints_cents(self) -> bool:
        """Whether the page prints amounts with cents (three or more words such as ``12.50``, ``$3,95``)."""
        return sum(1 for ln in self.lines for w in ln.words if _WITH_CENTS.match(w.text)) >= _CENTED_WORDS

    @property
    def median_height(self) -> float:
        return self.heights[len(self.heights) // 2]

    def near(self, page: int, y0: float, y1: float) -> list[Line]:
        """Lines of ``page`` whose top edge lies between ``y0`` and ``y1``."""
        tops = self._tops.get(page, [])
        return self._by_page.get(page, [])[bisect_left(tops, y0) : bisect_right(tops, y1)]

    def line_of(self, word: Word) -> Line | None:
        """The line ``word`` was read in."""
        return self._line_of.get(id(word))

    def rows(self) -> list[list[Line]]:
        """Every row's lines, left to right; rows in page order, top to bottom."""
        return [self._rows[key] for key in sorted(self._rows)]

    def row_of(self, line: Line) -> list[Line]:
        """The lines of ``line``'s row, left to right."""
        return self._rows.get((line.page, line.row), [line])

    def rows_under(self, line: Line, count: int) -> list[list[Line]]:
        """The lines of the ``count`` rows after ``line``'s, on its page (fewer at the page's end)."""
        out = []
        for i in range(1, count + 1):
            row = self._rows.get((line.page, line.row + i))
            if row is None:
                break
            out.append(row)
        return out

    def right_of(self, line: Line) -> Line | None:
        """The next line of the same row (as the layout levelled it), to the right, not too far away."""
        box = line.bbox
        for other in self._rows.get((line.page, line.row), ()):
            if other is not line and other.bbox.x >= box.x1 - 0.002:
                return other if other.bbox.x - box.x1 <= 0.8 else None
        return None

    def beside(self, line: Line, loose: bool = False) -> Line | None:
        """For a line alone at the end of its row: the nearest line to its right on a neighbouring row that
        overlaps it vertically by half a line (a value levelled into another row of a slanted photo), or,
        when ``loose`` (a label alone on its row), by a tenth of a line if that line is alone on its row too
        (a total printed a little above its label on a curved photo). Failing those, after a label ending in
        a colon: the line closest in height that starts its row with its middle within ``_TYPED_REACH``
        line heights of the label's (an answer typed above or below the form's label line); after a label
        alone on its row, such a line alone on its row a little below (``CIRCULATION`` / ``25,461``)."""
        box = line.bbox
        asks = line.text.rstrip().endswith(":")
        best: tuple[tuple[int, float], Line] | None = None
        for other in self.near(box.page, box.y - 3 * box.h, box.y1 + _TYPED_REACH * box.h):
            ob = other.bbox
            if other.row == line.row or ob.x < box.x1 - 0.002 or ob.x - box.x1 > 0.8:
                continue
            row = self.row_of(other)
            alone = len(row) == 1
            share = 0.1 if loose and alone else 0.5
            gap = abs(ob.cy - box.cy)
            overlap = ob.shared_height(box)
            typed = asks and row[0] is other
            if ob.y >= box.y - 2 * box.h and ob.y < box.y1 and overlap >= share * min(ob.h, box.h):
                key = (0, ob.x)
            elif (typed or (loose and alone and ob.cy > box.cy)) and gap <= _TYPED_REACH * max(ob.h, box.h):
                key = (1, gap)
            else:
                continue
            if best is None or key < best[0]:
                best = (key, other)
        return best[1] if best else None

    def column(self, words: Sequence[Word], hit: LabelHit) -> tuple[Word, ...]:
        """Words of a line under a label that sit in the label's column (up to the next label on its row)."""
        box = hit.line.bbox
        label_x = hit.words[0].bbox.x
        row = self._rows.get((hit.line.page, hit.line.row), [])
        right = min((ln.bbox.x for ln in row if ln.bbox.x > box.x1), default=2.0)
        inside = tuple(w for w in words if label_x - 0.03 <= w.bbox.x < right - 0.005)
        return inside or tuple(words)

    def over(self, line: Line) -> Line | None:
        """The nearest line ending at most ``_CAPTION_GAP`` line heights above ``line`` that starts in its
        column: from just left of it to the next line of its row (or as far again as ``line`` is wide)."""
        box = line.bbox
        nxt = self.right_of(line)
        right = nxt.bbox.x if nxt is not None else box.x1 + box.w
        best: Line | None = None
        for other in self.near(box.page, box.y - (_CAPTION_GAP + 1) * box.h, box.y):
            ob = other.bbox
            if other.row == line.row or ob.cy >= box.y or box.y - ob.y1 > _CAPTION_GAP * box.h:
                continue
            if not box.x - 0.03 <= ob.x < right and not box.x <= ob.cx < right:
                continue
            if best is None or ob.y > best.bbox.y:
                best = other
        return best

    def above(self, line: Line) -> Line | None:
        """The nearest line right above ``line`` that overlaps it horizontally, within a line's height."""
        box = line.bbox
        best: Line | None = None
        for other in self.near(box.page, box.y - 2.5 * box.h, box.y):
            ob = other.bbox
            if other is line or ob.cy >= box.y or box.y - ob.y1 > 1.2 * box.h:
                continue
            if min(ob.x1, box.x1) - max(ob.x, box.x) <= 0:
                continue
            if best is None or ob.y > best.bbox.y:
                best = other
        return best

    def below(self, words: Sequence[Word], max_gap: float = 2.5, cell: bool = False) -> Line | None:
        """The nearest line under ``words`` that overlaps them horizontally (on a slanted photo, whose tall
        line boxes overlap: a line levelled into a lower row whose middle is a quarter line lower; never one
        levelled into the words' own row, the next cell of a slanted header row). For a
        ``cell`` under a column header (a label in a row of labels), of two on about one height the one right
        under the words outranks one that only their reach to the right overlaps (``Est. Travel`` over
        ``3,000``, not over the next column's ``58,500``)."""
        box = words[0].bbox
        for w in words[1:]:
            box = box.union(w.bbox)
        own = self.line_of(words[0])
        found: list[Line] = []
        reach = box.y1 + max_gap * max(box.h, 2 * self.median_height) + 0.001
        for other in self.near(box.page, box.y, reach):
            ob = other.bbox
            if own is not None and other.row == own.row:
                continue
            lower = own is not None and other.row > own.row and ob.cy > box.cy + 0.25 * box.h
            if (ob.cy < box.y1 and not lower) or ob.y < box.y + box.h * 0.3:
                continue
            if ob.y - box.y1 > max_gap * max(box.h, ob.h):
                continue
            if min(ob.x1, box.x1 + box.w) - max(ob.x, box.x - box.w * 0.2) > 0:
                found.append(other)
        if not found:
            return None
        if cell:
            top = min(found, key=lambda ln: ln.bbox.y).bbox
            level = [ln for ln in found if ln.bbox.y - top.y < 0.5 * min(top.h, ln.bbox.h)]
            found = [ln for ln in level if min(ln.bbox.x1, box.x1) > max(ln.bbox.x, box.x)] or found
        return min(found, key=lambda ln: (round(ln.bbox.y, 4), ln.bbox.x))


def label_hits(page: Page, spec: FieldSpec, mid_line: float = _MID_LINE) -> list[LabelHit]:
    """Where the field's labels are printed; a bare numeric code (``4d``) only at the start of a line."""
    typed = role_of(spec) not in (Role.TEXT, Role.NAME, Role.ID, Role.ENUM, Role.BOOL)
    hits = page.index.find(field_phrases(spec, typed))
    out = []
    for h in hits:
        if (h.start > 0 and len(h.phrase.tokens) == 1 and _is_code(h.phrase)) or _mail_part(h) or _street(h):
            continue
        plain = h.start > 0 and not _code_token(h.line.words[h.start - 1].text)
        if plain and not _typed_mark(h.line.words, h.start - 1):
            h = replace(h, score=h.score * mid_line)
        out.append(_absorb(h, _own_words(spec)))
    return [h for h in out if not _chosen_option(h, out, spec)]


def _chosen_option(hit: LabelHit, hits: Sequence[LabelHit], spec: FieldSpec) -> bool:
    """Whether a hit is the answer to the field's whole label printed before it on its row: one of the options
    the label offers (``PACK`` after ``PACK AND/OR CARTON``)."""
    tokens = tuple(norm_token(w.text) for w in hit.words)
    if hit.start > 0 or hit.end < len(hit.line.words) or not any(_own_runs(spec, tokens)):
        return False
    return any(
        other.line.page == hit.line.page
        and other.line.row == hit.line.row
        and other.line.bbox.x1 <= hit.line.bbox.x
        and other.end - other.start > len(tokens)
        for other in hits
    )


def _street(hit: LabelHit) -> bool:
    """Whether a label is one street word inside a line, no colon after it (``1725 I Street NW``): a part of
    the street's name."""
    return (
        hit.start > 0
        and len(hit.phrase.tokens) == 1
        and hit.phrase.tokens[0] in word_set("street_words") - word_set("id_words")
        and not keyed(hit)
    )


def _mail_part(hit: LabelHit) -> bool:
    """Whether the label starts an e-mail address the OCR split at its ``@`` (``accounts @example.com``)."""
    words = hit.line.words
    after = words[hit.end].text if hit.end < len(words) else ""
    return after.startswith("@") or any("@" in w.text for w in hit.words)


@lru_cache(maxsize=4096)
def _own_labels(spec: FieldSpec) -> tuple[tuple[str, ...], ...]:
    """The words of the field's name, its title and the labels its description quotes, in that order."""
    cues = description_cues(spec.description)[0]
    return (words_of(spec.name), words_of(spec.title), *(words_of(cue) for cue in cues))


@lru_cache(maxsize=4096)
def _own_words(spec: FieldSpec) -> frozenset[str]:
    """Every word of the field's name and title, and of the caption a hint gives a field number (``class`` of
    ``9 class``): printed right after a label, they are still the label."""
    name, title = _own_labels(spec)[:2]
    captions = (words_of(h)[1:] for h in spec.hints if _code_token(h.split(" ", 1)[0]))
    return frozenset(name) | frozenset(title) | frozenset(w for caption in captions for w in caption)


def _of_own_label(spec: FieldSpec, pick: Pick) -> bool:
    """Whether a value is a run of the words of the field's own name, title or quoted label (the second line
    of a label printed over two, ``PAID OUT OF`` / ``1987 BUDGET``; ``Cost Per`` / ``Interview``), other
    than one of the options the label offers (``Free`` for ``Paid or Free``, ``PACK`` for ``PACK AND/OR
    CARTON``)."""
    tokens = words_of(pick.text)
    if not any(sum(c.isalpha() for c in t) > 1 for t in tokens):
        return False
    return any(not option for option in _own_runs(spec, tokens))


def _own_runs(spec: FieldSpec, tokens: tuple[str, ...]) -> Iterator[bool]:
    """For each place the field's name, title or a quoted label prints ``tokens`` as a run: whether the run is
    one side of an ``or`` in it (an option the label offers)."""
    n = len(tokens)
    for label in _own_labels(spec):
        for i in range(len(label) - n + 1):
            if label[i : i + n] == tokens:
                after = label[i + n : i + n + 2]
                yield label[i - 1 : i] == ("or",) or after[:1] == ("or",) or after == ("and", "or")


def _absorb(hit: LabelHit, own: frozenset[str]) -> LabelHit:
    """Extend a hit over the following words that belong to the field's own label (``Approved`` + ``By``,
    ``PACK AND`` + ``OR/CARTON``), and into a word that glues one of them to the value through a mark
    (``Sample No.6030``) or a change of case (``Received byMark Ahearn``); a tick or a check box after it is
    its answer."""
    if hit.glued:
        return hit
    end = hit.end
    words = hit.line.words
    while end < len(words):
        token = norm_token(words[end].text)
        mine = token in own or bool(set(token.split("/")) <= own)
        if (not mine and any(c.isalnum() for c in token)) or set(words[end].text) & values.MARK_SIGNS:
            glued = _OWN_GLUED.match(words[end].text) or _OWN_CASED.match(words[end].text)
            if glued and glued[1].lower() in own:
                return replace(hit, end=end + 1, cut=glued.end())
            break
        end += 1
    return replace(hit, end=end) if end != hit.end else hit


_OWN_GLUED = re.compile(r"^([A-Za-z]{2,})[.:#](?=[A-Za-z0-9])")
"""A label word glued to its value through a mark (``No.6030`` after ``Sample``)."""
_OWN_CASED = re.compile(r"^([a-z]{2,})(?=[A-Z][a-z])")
"""A lower-case label word glued to a capitalized value (``byMark`` after ``Received``)."""


def _code_token(text: str) -> bool:
    """A form's field number before a label (``4d``, ``15``, ``3.``)."""
    t = text.strip(".:)")
    return 0 < len(t) <= 3 and t[0].isdigit()


def _is_code(phrase: Phrase) -> bool:
    return any(any(c.isdigit() for c in t) for t in phrase.tokens)


def _not_bare_code(phrase: Phrase) -> bool:
    """Whether a label phrase is words, or a field number with its caption (``18 eyes``), not a bare number
    (``1``), which may as well be a value."""
    return not _is_code(phrase) or len(phrase.tokens) > 1


def strong_labels(page: Page, specs: Sequence[FieldSpec]) -> list[tuple[FieldSpec, LabelHit]]:
    """The confident labels of the fields, each with its field. A field whose label is printed somewhere as a
    key (``Fax #:``) has no confident label where its words, without a colon, start a run of text (``Subject:
    Fax Received``); a label standing alone (``Total``) stays one."""
    out = []
    for spec in specs:
        hits = [
            hit
            for hit in label_hits(page, spec, mid_line=1.0)
            if hit.score >= _STRONG_LABEL and _not_bare_code(hit.phrase) and _stands_out(hit)
        ]
        keys = [keyed(hit) for hit in hits]
        some = any(keys)
        out += [(spec, hit) for hit, key in zip(hits, keys, strict=True) if key or not some or _alone(hit)]
    return out


def _alone(hit: LabelHit) -> bool:
    """Whether a label ends its line (no run of text after it)."""
    return hit.end >= len(hit.line.words)


def parenthesized(text: str) -> bool:
    """Whether ``text`` is wrapped in parentheses (a label's qualifier such as ``(ug/plate)``)."""
    return text[:1] == "(" and text[-1:] == ")"


def label_starts(page: Page, labels: Sequence[tuple[FieldSpec, LabelHit]]) -> set[tuple[int, int]]:
    """(line, token) positions where a confident label begins (``strong_labels``): values stop there."""
    return {(page.position[id(hit.line)], hit.start) for _, hit in labels}


def label_owners(labels: Sequence[tuple[FieldSpec, LabelHit]]) -> dict[int, frozenset[str]]:
    """The fields (paths) whose confident label (``strong_labels``) each word (by id) is part of."""
    owners: dict[int, set[str]] = {}
    for spec, hit in labels:
        for word in hit.words:
            owners.setdefault(id(word), set()).add(spec.path)
    return {key: frozenset(paths) for key, paths in owners.items()}


def names_another(cand: Candidate, owners: dict[int, frozenset[str]]) -> bool:
    """Whether a value read next to a label starts inside another field's confident label: it would be that
    label or run on from it (``Maker AMF`` read through ``Type of`` from ``Type of Maker AMF`` for ``Type of
    Rod``). Figures glued to the field's own label (``Date_5-13-81``) start inside that label, not in
    another's."""
    if not cand.method.startswith("label-") or not cand.words:
        return False
    if cand.label and cand.label[-1] is cand.words[0] and cand.pick.text[:1].isdigit():
        return False
    return bool(owners.get(id(cand.words[0]), frozenset()) - {cand.spec.path})


_Owner = tuple[str, Role, tuple[int, ...], bool]
"""A field whose whole name a label prints: its path, role, the label's word ids and whether through a
synonym."""


def whole_names(labels: Sequence[tuple[FieldSpec, LabelHit]]) -> dict[int, frozenset[_Owner]]:
    """The fields whose whole name a confident label prints (``Amount`` over a table's ``amount`` column), by
    word id."""
    owners: dict[int, set[_Owner]] = {}
    for spec, hit in labels:
        if hit.phrase.weight >= _WHOLE_NAME:
            ids = tuple(map(id, hit.words))
            for word in hit.words:
                owners.setdefault(id(word), set()).add((spec.path, role_of(spec), ids, hit.phrase.weight < 1))
    return {key: frozenset(fields) for key, fields in owners.items()}


def names_in_part(cand: Candidate, whole: dict[int, frozenset[_Owner]]) -> bool:
    """Whether a value was read after a label that is the whole name of another field of its kind and only
    part of this field's name (``Amount``, a column's header, for ``amount_paid``): the label is theirs. A
    value of another kind stays (``8 %`` after ``Tax (8%)`` for a tax rate, the label being the tax
    amount's), and so does a value whose label is words of its own name that the other field's name reaches
    only through a synonym printed as that very label (``Amount`` for ``amount_charged`` beside a ``cost``
    column; not ``Total`` of ``Net Total`` for a subtotal)."""
    if not cand.method.startswith("label-") or not cand.label:
        return False
    role = role_of(cand.spec)
    owners = [whole.get(id(w), frozenset()) for w in cand.label]
    if not all(owners) or any(path == cand.spec.path for fields in owners for path, *_ in fields):
        return False
    label = tuple(map(id, cand.label))
    own = set(words_of(" ".join(w.text for w in cand.label))) <= set(words_of(cand.spec.name))
    return any(
        kind is role and not (own and synonym and ids == label)
        for fields in owners
        for _, kind, ids, synonym in fields
    )


def _stands_out(hit: LabelHit) -> bool:
    """A label at the start of its line, or inside a line when it is several words long or ends with a
    colon (``84 mm Total Cigt. Wt.``): one common word inside a line may belong to the value."""
    return hit.start == 0 or len(hit.phrase.tokens) > 1 or hit.words[-1].text.endswith(":")


def _cut(page: Page, line: Line, start: int, stops: set[tuple[int, int]]) -> tuple[Word, ...]:
    li = page.position[id(line)]
    words = line.words
    end = len(words)
    for k in range(start + 1, len(words)):
        if (li, k) in stops:
            end = k
            break
    return words[start:end]


Region = tuple[tuple[Word, ...], int, float, str]


def _opens_stop(page: Page, line: Line, stops: set[tuple[int, int]]) -> bool:
    """Whether ``line`` starts with another field's label (``stops`` holds (line index, word index) pairs)."""
    return (page.position[id(line)], 0) in stops


def _is_speck(line: Line) -> bool:
    """A segment of at most three characters and no digit (``FY)``, ``~``): smudge or a stray mark between
    a label and its value."""
    text = "".join(line.text.split())
    return len(text) <= _SPECK_CHARS and not any(c.isdigit() for c in text)


def _typed_mark(words: Sequence[Word], at: int) -> bool:
    """Whether ``words[at]`` is a tick, cross or check box put on a form: a sign anywhere, a letter ``X`` only
    on its blank (``X_``), opening its line or after a label's colon (``ACCEPTANCE: X POOR``; ``USE X TO
    INDICATE`` is prose)."""
    text = words[at].text
    if not values.is_mark(text):
        return False
    return (
        at == 0
        or "_" in text
        or any(c in values.MARK_SIGNS for c in text)
        or words[at - 1].text.endswith(":")
    )


def _marked_after(words: Sequence[Word]) -> bool:
    """Whether the words after an option's label start with a bare mark and go on (``Yes X No``, ``Male X
    FEMALE``): the mark, typed on the blank after the label, is the option's value; the words after it are
    the next option's."""
    return len(words) > 1 and values.is_mark(words[0].text) and "_" not in words[0].text


def _mark_before(page: Page, hit: LabelHit) -> Word | None:
    """A mark put just before an option's label (``X_ High``, ``☑ Yes``, ``☐ No``), on its line or ending the
    segment to its left within two line heights."""
    if hit.start > 0:
        at = hit.start - 1
        return hit.line.words[at] if _typed_mark(hit.line.words, at) else None
    row = page.row_of(hit.line)
    at = row.index(hit.line) if hit.line in row else 0
    if at == 0:
        return None
    left = row[at - 1].words
    near = hit.line.bbox.x - left[-1].bbox.x1 <= 2 * hit.line.bbox.h
    return left[-1] if near and _typed_mark(left, len(left) - 1) else None


_RATE = re.compile(r"[(@]?\d{1,2}(?:[.,]\d{1,2})?%\)?")
"""A rate printed after a label (``5%``, ``(6%)``): the label's value may still sit beside the line."""


def _regions(page: Page, hit: LabelHit, stops: set[tuple[int, int]]) -> Iterator[Region]:
    """Where a label's value may be printed: (words, characters of the first word to skip, factor, method)."""
    li = page.position[id(hit.line)]
    if hit.glued:
        yield _cut(page, hit.line, hit.end - 1, stops), hit.cut, _RIGHT, "label-right"
        return
    mark = _mark_before(page, hit)
    if mark is not None:
        yield (mark,), 0, _RIGHT, "mark-before"
    rest = _cut(page, hit.line, hit.end, stops) if hit.end < len(hit.line.words) else ()
    if rest and (li, hit.end) not in stops:
        yield rest, 0, _RIGHT, "label-right"
    nxt = page.right_of(hit.line)
    if (not rest or all(_RATE.fullmatch(w.text) or values.currency_code(w.text) for w in rest)) and (
        nxt is None or _opens_stop(page, nxt, stops)
    ):
        near = page.beside(hit.line, loose=len(page.row_of(hit.line)) == 1)
        if near is not None and (nxt is None or near.bbox.x < nxt.bbox.x):
            nxt = near
    if nxt is not None and not _opens_stop(page, nxt, stops):
        far = nxt.bbox.x - hit.line.bbox.x1
        factor = (_NEXT_SEGMENT - 0.2 * far) * (0.8 if rest else 1.0)
        after = page.right_of(nxt) if values.currency_code(nxt.text) else None
        if after is not None and not _opens_stop(page, after, stops):
            nxt = after
        yield _cut(page, nxt, 0, stops), 0, factor, "label-next"
        after = page.right_of(nxt) if _is_speck(nxt) else None
        if after is not None and not _opens_stop(page, after, stops):
            yield _cut(page, after, 0, stops), 0, factor * _PAST_SPECK, "label-next"
    under = page.below(hit.words, cell=_in_header_row(page, hit.line))
    if under is not None and not _opens_stop(page, under, stops):
        yield page.column(_cut(page, under, 0, stops), hit), 0, _BELOW, "label-below"
    figures = nxt is not None and not _opens_stop(page, nxt, stops) and any(c.isdigit() for c in nxt.text)
    if hit.start == 0 and not rest and not figures and not hit.line.text.endswith(":"):
        over = page.over(hit.line)
        if over is not None and not _opens_stop(page, over, stops) and not _answers_left(page, over, stops):
            cell = _cut(page, over, 0, stops)
            ticked = len(cell) == 1 and values.is_mark(cell[0].text)
            yield cell, 0, _RIGHT if ticked else _ABOVE, "label-above"


def _in_header_row(page: Page, line: Line) -> bool:
    """Whether a label's line shares its row with other cells of words only (``Supplier  Cost ($)  Est.
    Travel``): a table's header row, not a label with its value beside it (``TOTAL  9.52``)."""
    others = [ln for ln in page.row_of(line) if ln is not line]
    return bool(others) and not any(c.isdigit() for ln in others for c in ln.text)


_LINKING = frozenset({"of", "and"})
"""Words that join the words before them to the words after (``CHANGE OF AUTHORIZED COST``): a value starting
with one continues its label's phrase."""


def _continues_label(pick: Pick) -> bool:
    """Whether a free-text value starts with a linking word: the rest of a longer label, no answer."""
    return pick.words[0].text.lower() in _LINKING and not pick.head


def _answers_left(page: Page, line: Line, stops: set[tuple[int, int]]) -> bool:
    """Whether the line to the left of ``line`` on its row is a label (a field's, or one ending in a colon):
    ``line`` is its answer."""
    row = page.row_of(line)
    at = row.index(line) if line in row else 0
    return at > 0 and (_opens_stop(page, row[at - 1], stops) or row[at - 1].text.rstrip().endswith(":"))


def read_value(
    spec: FieldSpec,
    role: Role,
    words: tuple[Word, ...],
    head: int = 0,
    dayfirst: bool | None = None,
    labelled: bool = False,
    region: str | None = None,
) -> list[tuple[object, Pick, float, Status]]:
    """The field's value in a run of words, skipping ``head`` characters: (value, words, score, status).
    ``labelled``: the words follow one of the field's labels, which vouches for looser formats and, where the
    schema asks for plain text, for a written no-answer (``Unk.`` for a date); ``dayfirst`` and ``region``:
    the page's conventions (``find``)."""
    if not words:
        return []
    span = Span(words)
    text = span.text[head:]
    if role in FINDERS:
        found = [f for f in find(role, text, dayfirst, region) if plausible(spec, f.value)]
        if not found and labelled:
            found = list(find_after_label(role, text))
        if not found and labelled and spec.kind is Kind.STRING and spec.format is None:
            no = values.find_no_answer(text)
            if no is None:
                return []
            return [(no.value, span.pick(head + no.start, head + no.end), no.score, "exact")]
        if not found:
            return []
        f = next((f for f in found if f.score >= 0.6), max(found, key=lambda f: f.score))
        pick = span.pick(head + f.start, head + f.end)
        numeric = role is Role.MONEY and spec.kind is not Kind.STRING
        score = f.score * (_ZERO_TOTAL if zero_total(spec, f.value) else 1.0)
        return [(f.value, without_currency(pick) if numeric else pick, score, "exact")]
    if role is Role.ENUM:
        m = values.match_enum(text, spec.enum)
        return [(m.value, span.pick(head + m.start, head + m.end), m.score, "exact")] if m else []
    if role is Role.BOOL:
        b = values.parse_bool(text.split(" ", 1)[0])
        return [(b, span.pick(head, len(words[0].text)), 0.9, "exact")] if b is not None else []
    cleaned = clean_text(text)
    if not cleaned or not (any(c.isalnum() for c in cleaned) or values.is_mark(cleaned)):
        return []
    start = head + text.find(cleaned)
    return [(cleaned, span.pick(start, start + len(cleaned)), 0.9, "exact")]


def without_currency(pick: Pick) -> Pick:
    """An amount's words without a currency printed as a word of its own (``RM 31.80`` -> ``31.80``). A text
    field keeps the amount as printed, currency included, unless the currency belongs to a label
    (``Rounding RM 22.90``)."""
    words, head, tail = pick.words, pick.head, pick.tail
    if len(words) > 1 and head == 0 and values.currency_code(words[0].text):
        words = words[1:]
    if len(words) > 1 and tail == 0 and values.currency_code(words[-1].text):
        words = words[:-1]
    return pick if words is pick.words else Pick(words, head if words[0] is pick.words[0] else 0, tail)


def _coverage(hit: LabelHit, region: tuple[Word, ...], pick: Pick, method: str) -> float:
    """Lower for a label that is only part of the printed label (``Total`` in ``Total Qty: 2``); words in
    parentheses, stopwords and currencies qualify a label rather than extend it (``Total (Inclusive of GST)``,
    ``Totale EURO``)."""
    first = pick.words[0]
    after = hit.line.words[hit.end :] if method != "label-right" else ()
    before = tuple(itertools.takewhile(lambda w: w is not first, region))
    return 1.0 / (1.0 + 0.35 * _extension_words(after + before))


def _extension_words(words: Sequence[Word]) -> int:
    count = 0
    depth = 0
    for w in words:
        text = w.text
        depth += text.count("(") + text.count("[")
        if depth == 0 and any(c.isalpha() for c in text) and not _qualifies(text):
            count += 1
        depth = max(0, depth - text.count(")") - text.count("]"))
    return count


def _qualifies(text: str) -> bool:
    """A word that qualifies a label rather than extends it: a stopword or a currency (``Totale EURO``)."""
    return norm_token(text) in word_set("stopwords") or values.currency_code(text) is not None


def _fits(spec: FieldSpec, role: Role, pick: Pick) -> bool:
    """Free text that reads like a label or an identifier is not a name, nor a party named by its name alone
    (``merchant``); an address has letters (``Store #1458`` is no address)."""
    if role not in (Role.NAME, Role.TEXT):
        return True
    named = set(words_of(spec.name))
    if named & ADDRESS_WORDS:
        return sum(c.isalpha() for c in pick.text) >= _ADDRESS_LETTERS
    if not named & {"name", "company"} and not (named and named <= PARTY_WORDS):
        return True
    text = pick.text
    alnum = [c for c in text if c.isalnum()]
    return ":" not in text and sum(c.isalpha() for c in alnum) >= 0.6 * max(1, len(alnum))


def _label_like(page: Page, role: Role, pick: Pick) -> bool:
    """Free text that is itself a label (``GST No. :``): ends in a colon, or a colon follows it on its row;
    words ending in a key that asks for a number (``BUDGET NO.``); or a label's qualifier in parentheses
    (``(encap.)``)."""
    if role not in (Role.TEXT, Role.NAME):
        return False
    last = pick.words[-1]
    text = pick.text.strip()
    qualifier = parenthesized(text) and not any(c.isdigit() for c in text)
    keyed = len(pick.words) > 1 and _NUMBER_KEY.fullmatch(last.text) is not None
    if last.text.endswith(":") or qualifier or keyed:
        return True
    line = page.line_of(last)
    if line is None:
        return False
    at = line.words.index(last)
    if at + 1 < len(line.words):
        return line.words[at + 1].text.startswith(":")
    right = page.right_of(line)
    return right is not None and right.words[0].text.startswith(":")


_NUMBER_KEY = re.compile(r"(?i)(?:no|nos|no\(s\))\.+|#")
"""A key's last word that asks for a number (``BUDGET NO.``, ``Code No(s).``): no answer ends so."""
_WITH_CENTS = re.compile(r"^[^\d\s]{0,3}\d{1,6}[.,]\d{2}[^\d]{0,2}$")
_CENTED_WORDS = 3
_BARE_FIGURES = re.compile(r"\d|\d{5,}|0{3,}")


def _odd_amount(page: Page, role: Role, pick: Pick) -> bool:
    """An amount printed as no amount of its page is: one bare digit, five or more bare digits (a number, a
    code: ``35259``, ``79107828700``) or three or more zeros, on a page that prints its amounts with cents."""
    return role is Role.MONEY and bool(_BARE_FIGURES.fullmatch(pick.text.strip())) and page.prints_cents


def labelled(page: Page, spec: FieldSpec, stops: set[tuple[int, int]]) -> list[Candidate]:
    """Values printed next to or under one of the field's labels."""
    role = role_of(spec)
    out: list[Candidate] = []
    presence_type = role is Role.BOOL
    hits = label_hits(page, spec, 1.0 if presence_type else _MID_LINE)
    keys = [role is not Role.MONEY and keyed(h) for h in hits]
    fallback = role in _GUESSED and spec.kind is Kind.STRING
    ticked = role in _MARKED and any(
        h.phrase.weight >= _WHOLE_NAME and _mark_before(page, h) is not None for h in hits
    )
    for hit, key in zip(hits, keys, strict=True):
        if hit.phrase.weight < _WHOLE_NAME and _column_header(page, hit, spec):
            continue
        if role is Role.MONEY and _after_change(hit):
            continue
        presence = presence_type
        unkeyed = _UNKEYED if any(keys) and not key else 1.0
        whole = hit.phrase.weight >= _WHOLE_NAME
        for words, head, factor, method in _regions(page, hit, stops):
            if method == "mark-before" and role not in _MARKED:
                continue
            if ticked and method != "mark-before" and not (len(words) == 1 and values.is_mark(words[0].text)):
                continue
            if role in _MARKED and method in ("label-right", "label-next") and _marked_after(words):
                words = words[:1]
            if role in _NOT_IDS and words and norm_token(words[0].text) in word_set("id_words"):
                continue
            run = _run(page, words, hit, method, stops) if role in _FREE_TEXT or fallback else words
            if role in _FREE_TEXT and method != "label-above":
                words = run if run is not words else _wrapped(page, words, stops, hit)
            found = read_value(spec, role, words, head, page.dayfirst, True, page.region_for(role))
            if fallback and run is not words:
                out += _figures_as_text(page, spec, hit, method, run, head, factor * unkeyed)
            elif fallback and not found and method != "label-below" and (role is not Role.DATE or whole):
                out += _figures_as_text(page, spec, hit, method, words, head, factor * unkeyed * _AS_TEXT)
            for value, pick, score, status in found:
                if (
                    pick.words
                    and _fits(spec, role, pick)
                    and not _label_like(page, role, pick)
                    and not _odd_amount(page, role, pick)
                    and not (role in _FREE_TEXT and _of_own_label(spec, pick))
                    and not (role in _NOT_IDS and _after_id_word(words, pick))
                    and not (role in _FREE_TEXT and _continues_label(pick))
                ):
                    cover = _coverage(hit, words, pick, method)
                    out.append(
                        Candidate(
                            spec,
                            value,
                            pick,
                            hit.score * factor * score * cover * unkeyed,
                            method,
                            hit.words,
                            status,
                        )
                    )
                    presence = False
        if presence and hit.score >= 0.9:
            out.append(Candidate(spec, True, Pick(hit.words), hit.score * 0.9, "label-presence", (), "exact"))
    return out


def _after_change(hit: LabelHit) -> bool:
    """Whether an amount's label follows the word for the change given back (``CHANGE DUE``: the ``Due`` of
    ``Amount due`` there names the change)."""
    return hit.start > 0 and norm_token(hit.line.words[hit.start - 1].text) in word_set("tender_end")


def _column_header(page: Page, hit: LabelHit, spec: FieldSpec) -> bool:
    """Whether a label is a cell of a table's header row that names only part of the field: three or more
    short cells of words, none a key (``Description  Qty  Unit Price  Amount``), over at least two rows of as
    many cells (a card's row of labels over one row of values is no table), with the rest of the field's name
    not printed over the cell (a header of two lines: ``Ind/Lor`` over ``Volume``). Such a column is another
    field's."""
    line = hit.line
    cells = page.row_of(line)
    if len(cells) < _HEADER_CELLS:
        return False
    header = all(
        len(cell.words) <= _HEADER_WORDS
        and not any(c.isdigit() for c in cell.text)
        and not cell.text.endswith(":")
        for cell in cells
    )
    body = page.rows_under(line, _BODY_ROWS)
    if not header or len(body) < _BODY_ROWS or any(len(row) < _HEADER_CELLS for row in body):
        return False
    box = line.bbox
    over = (
        ln
        for ln in page.near(box.page, box.y - _HEADER_ABOVE * box.h, box.y)
        if ln.bbox.cy < box.y and min(ln.bbox.x1, box.x1) > max(ln.bbox.x, box.x)
    )
    printed = {token for ln in over for token in words_of(ln.text)}
    return not (set(words_of(spec.name)) - set(hit.phrase.tokens)) & printed


def keyed(hit: LabelHit) -> bool:
    """Whether the label is printed as a key: a colon ends it (before a blank: ``EXPENSES: _``) or follows
    it."""
    words = hit.line.words
    after = words[hit.end].text if hit.end < len(words) else ""
    last = [w.text.rstrip("_") for w in hit.words if w.text.rstrip("_")]
    return (bool(last) and last[-1].endswith(":")) or after.startswith(":")


_UNKEYED = 0.75
"""A field whose label is printed somewhere as a key (``Original:``) reads its other label places, without
a colon, less readily (``Original Budgeted`` is another key). Amounts are left to the ranking of totals
(``TOTAL 4.70`` after ``Total Qty:``)."""
_GUESSED = frozenset({Role.NUMBER, Role.ID, Role.DATE, Role.PHONE})
"""Roles guessed from a field's name (``committed_to_date``, ``telephone``, ``no_of_stores``): a plain string
field whose label is followed by figures of another kind reads them as text (``Committed to Date 146,925``,
``Telephone 6926``: an extension; a date only after its whole label, not ``PURCHASE`` of ``purchase_day``),
below a typed value (``_AS_TEXT``); its header's run of cells of one shape it reads whole (``23 21 15 17
82``)."""
_AS_TEXT = 0.5


_EXTENSION = re.compile(r"[\d\s()+-]+")
"""What a phone field takes when no phone number follows its label: an extension's digits, not an amount or a
date (``Tel: 12.50``)."""


def _figures_as_text(
    page: Page, spec: FieldSpec, hit: LabelHit, method: str, words: tuple[Word, ...], head: int, factor: float
) -> list[Candidate]:
    """The figures after a label read as printed, for a string field whose name guessed another kind
    (``_GUESSED``): a header's run of cells, or figures that are not of the guessed kind."""
    out = []
    for value, pick, score, status in read_value(spec, Role.TEXT, words, head):
        if _figures(pick.text, role_of(spec)) and not _label_like(page, Role.TEXT, pick):
            score *= hit.score * factor * _coverage(hit, words, pick, method)
            out.append(Candidate(spec, value, pick, score, method, hit.words, status))
    return out


def _figures(text: str, role: Role) -> bool:
    """Text that states something in figures: three digits at least (not a stray ``1``); for a phone, digits
    only (``_EXTENSION``)."""
    return sum(c.isdigit() for c in text) >= 3 and (
        role is not Role.PHONE or bool(_EXTENSION.fullmatch(text))
    )


_FREE_TEXT = frozenset({Role.TEXT})
_MARKED = frozenset({Role.TEXT, Role.BOOL})
"""Roles whose value can be a mark put before the field's label (an option ticked on a form)."""
_NOT_IDS = frozenset({Role.MONEY, Role.NAME})
"""Roles whose value never follows an identifier word (``VAT No. 343475355``, ``Store Number 364``)."""


def _after_id_word(words: Sequence[Word], pick: Pick) -> bool:
    """Whether the word right before the picked words is an identifier word (``TAX INVOICE - ABN 88 000``)."""
    at = next((i for i, w in enumerate(words) if w is pick.words[0]), 0)
    return at > 0 and not pick.head and norm_token(words[at - 1].text) in word_set("id_words")


_WRAP_LINES = 6
_WRAP_ALIGN = 0.02
_WRAP_GAP = 1.1
"""A wrapped free-text value: at most this many lines, each starting within ``_WRAP_ALIGN`` of the first and
at most ``_WRAP_GAP`` line heights under the one before (a list of names typed one per line)."""
_FULL_LINE = 0.12


_FIGURES = re.compile(r"[\W\d_]*\d[\W\d_]*(?:[A-Za-z]{1,2}\W*)?")
"""A table cell of figures: digits and signs, perhaps a short unit (``64 mm``, ``3.70***``, ``(17)``)."""


def _alike(a: str, b: str) -> bool:
    """Whether two cells of figures have one shape: the same signs in the same places, significance stars
    aside, digit runs of nearly the same length (``27 mm`` and ``72 mm``, ``31`` and ``460``, ``3.70***`` and
    ``3.47``; not ``1112`` and ``87533049``, not ``84 mm`` and ``974``, not ``15`` and ``(17)``)."""
    parts_a, parts_b = (re.findall(r"\d+|[^\d*+]", "".join(t.split())) for t in (a, b))
    return len(parts_a) == len(parts_b) and all(
        abs(len(x) - len(y)) <= 1 if x.isdigit() and y.isdigit() else x == y
        for x, y in zip(parts_a, parts_b, strict=True)
    )


def _run(
    page: Page, words: tuple[Word, ...], hit: LabelHit, method: str, stops: set[tuple[int, int]]
) -> tuple[Word, ...]:
    """A cell of figures with the cells of the same shape that follow it: on the row after a row header
    (``label-next``: ``27 mm``, ``27 mm``) or in the column under a column header (``label-below``: ``34``,
    ``35``, ``39``). A text field named by the header holds them all; a cell of another shape ends the run
    (``84 mm`` then ``974``: another column's value). Other values stay as they are."""
    text = " ".join(w.text for w in words)
    if not words or not (_FIGURES.fullmatch(text) or method == "label-next"):
        return words
    if method == "label-next":
        cells = _row_cells(page, words, text, stops)
    elif method == "label-below":
        cells = _column_cells(page, words, text, hit, stops)
    else:
        return words
    return (*words, *cells) if cells else words


def _row_cells(page: Page, words: tuple[Word, ...], text: str, stops: set[tuple[int, int]]) -> list[Word]:
    """The words of the cells alike ``text`` (figures of its shape, or the same words) that follow ``words``'
    line on its row."""
    out: list[Word] = []
    line = page.line_of(words[-1])
    cell = page.right_of(line) if line is not None else None
    same = _FIGURES.fullmatch(text) is None
    while (
        cell is not None
        and not _opens_stop(page, cell, stops)
        and (_restated if same else _alike)(cell.text, text)
    ):
        out.extend(cell.words)
        cell = page.right_of(cell)
    return out


_COLUMN_CELLS = 12
_RESTATED = 80
_COLUMN_SLACK = 0.03
"""A column's cells start no farther left of its header (as ``Page.column`` reads them)."""


def _restated(a: str, b: str) -> bool:
    """Whether two cells say the same words, as read (``Non Porous`` twice, ``N/A`` and ``N'A``,
    ``ECUSTA/B&W`` and ``ECUSTA/B &W``): a row that repeats one answer for each column. Marks (``x``) are
    each their option's own."""
    x, y = ("".join(c for c in t.lower() if c.isalnum()) for t in (a, b))
    return len(x) > 1 and fuzz.ratio(x, y) >= _RESTATED


def _column_cells(
    page: Page, words: tuple[Word, ...], text: str, hit: LabelHit, stops: set[tuple[int, int]]
) -> list[Word]:
    """The words of the cells alike ``text`` under ``words``, in the header's column."""
    out: list[Word] = []
    cell = words
    for _ in range(_COLUMN_CELLS - 1):
        under = page.below(cell, max_gap=1.5)
        if under is None or _opens_stop(page, under, stops):
            break
        cell = page.column(under.words, hit)
        if cell[0].bbox.x < hit.words[0].bbox.x - _COLUMN_SLACK:
            break
        if not _alike(" ".join(w.text for w in cell), text):
            break
        out.extend(cell)
    return out


def _wrapped(
    page: Page, words: tuple[Word, ...], stops: set[tuple[int, int]], hit: LabelHit
) -> tuple[Word, ...]:
    """A free-text value with the lines that continue it below: each starts where the value starts, or, for
    a value after its label that fills its line to within ``_FULL_LINE`` of the page's right edge, where the
    label or its line starts (a paragraph wrapped back to the form's margin: ``IF YES, CAN IT BE IMPROVED?``
    names ``can_it_be_improved`` from its third word), right under it, alone at the left of its
    row (no label before it) and not reading as a label (a word ending in a colon or a question mark, dash
    or dot leaders). A label's qualifier in parentheses (``(ug/plate)``) continues nothing."""
    text = " ".join(w.text for w in words)
    if not words or parenthesized(text):
        return words
    starts = [words[0].bbox.x]
    label = hit.words[0].bbox
    if (
        label.x < words[0].bbox.x
        and abs(label.cy - words[0].bbox.cy) < 0.5 * label.h
        and words[-1].bbox.x1 >= page.right_edge.get(label.page, 1.0) - _FULL_LINE
    ):
        starts.extend((label.x, hit.line.bbox.x))
    out = list(words)
    anchor: Sequence[Word] = words
    for _ in range(_WRAP_LINES - 1):
        under = page.below(anchor, max_gap=_WRAP_GAP)
        if under is None or _opens_stop(page, under, stops):
            break
        start = next((x for x in starts if abs(under.bbox.x - x) <= _WRAP_ALIGN), None)
        if start is None or page.row_of(under)[0] is not under:
            break
        if any(w.text.endswith((":", "?")) or "--" in w.text or "..." in w.text for w in under.words):
            break
        starts = [start]
        out.extend(under.words)
        anchor = under.words
    return tuple(out)


_DISTINCT = frozenset(
    {Role.PHONE, Role.EMAIL, Role.URL, Role.IBAN, Role.CURRENCY, Role.CARD, Role.TENDER, Role.CARD_KIND}
)
_ONCE = frozenset({Role.DATE, Role.DATETIME, Role.TIME})


def scan_roles(specs: Sequence[FieldSpec]) -> frozenset[Role]:
    """Roles whose values can be taken from anywhere on the page without a label: distinctive ones,
    and a date (or a time) when the schema holds a single field of that kind."""
    counts: dict[Role, int] = {}
    for spec in specs:
        role = role_of(spec)
        counts[role] = counts.get(role, 0) + 1
    once = {r for r in _ONCE if counts.get(r, 0) == 1}
    return _DISTINCT | once


def scanned(page: Page, spec: FieldSpec, roles: frozenset[Role]) -> list[Candidate]:
    """Values of a distinctive type found anywhere, with a low prior."""
    role = role_of(spec)
    if role not in roles:
        return []
    out: list[Candidate] = []
    dated: set[int] = set()
    region = page.region_for(role)
    for line in page.lines:
        for value, pick, score, status in _line_values(spec, role, line, page.dayfirst, region):
            label = _label_before(line.words, pick)
            phone_line = role is Role.PHONE and label is not None and _says_phone(label)
            if role is Role.PHONE and label is not None and not phone_line:
                continue
            if role is Role.PHONE and not phone_line and _unsure_run(pick, score):
                continue
            other = _OTHER_LABEL if label is not None and not phone_line else 1.0
            timed = _TIMED if role is Role.DATE and _time_after(line.words, pick) else 1.0
            if role is Role.TIME and _date_before(line.words, pick):
                dated.add(len(out))
            out.append(Candidate(spec, value, pick, _SCAN * score * other * timed, "type-scan", (), status))
    return _raise_latest(out, dated) if role is Role.TIME else out


def _line_values(
    spec: FieldSpec, role: Role, line: Line, dayfirst: bool | None, region: str | None
) -> list[tuple[object, Pick, float, Status]]:
    """The field's value in a line (``read_value``); every time of day the line prints, for a time (``ENTRADA
    15:09 SALIDA 15:45``: entry and exit), but two that a range joins (``_RANGE``: opening hours)."""
    found = read_value(spec, role, line.words, 0, dayfirst, region=region)
    if role is not Role.TIME:
        return found
    span = Span(line.words)
    times: list[tuple[tuple[object, Pick, float, Status], int, int]] = []
    while found:
        start, end = span.bounds(found[0][1])
        times.append((found[0], start, end))
        more = end < len(span.text)
        found = read_value(spec, role, line.words, end, dayfirst, region=region) if more else []
    ranged = {
        k
        for i, (a, b) in enumerate(itertools.pairwise(times))
        if _RANGE.fullmatch(span.text[a[2] : b[1]])
        for k in (i, i + 1)
    }
    return [value for i, (value, _, _) in enumerate(times) if i not in ranged]


_RANGE = re.compile(r"\s*(?:-|\u2013|~|to|a|à|bis)\s*", re.IGNORECASE)
"""What joins two times into opening hours (``8:00AM TO 9:00PM``, ``7:30am - 10:00pm``): neither is the
moment of a purchase."""


def _raise_latest(cands: list[Candidate], dated: set[int]) -> list[Candidate]:
    """Times read anywhere on the page, the latest raised by ``_LATEST``: a page that prints several times
    (opened and printed, entry and exit, ordered and paid) was issued at the last of them. Of two times or
    more printed after a date (indices ``dated``), the latest of those: a clock time alone may be a misread
    price (``13:49``)."""
    if len({c.value for c in cands}) < 2:
        return cands
    pool = dated if len({cands[i].value for i in dated}) > 1 else set(range(len(cands)))
    last = max(str(cands[i].value) for i in pool)
    return [
        replace(c, score=c.score * _LATEST) if i in pool and c.value == last else c
        for i, c in enumerate(cands)
    ]


_LATEST = 1.05
"""Raise of the latest of several times printed on a page (less than any label's evidence)."""


_VALID_PHONE = 0.9
"""Least score of a number valid in its country (``values.find_phones``: a possible one scores less)."""
_BARE_RUN = re.compile(r"\+?\d{9,}")


def _unsure_run(pick: Pick, score: float) -> bool:
    """A run of figures without a separator that is only a possible phone number, not a valid one
    (``2010300663``: no exchange starts with 0): a transaction or card number unless a label names it."""
    return score < _VALID_PHONE and _BARE_RUN.fullmatch(pick.text) is not None


_TIMED = 1.15
"""A date with the time of day after it on its line is the moment of the transaction more often than a date
alone (a printed header date, a due or an expiry date)."""


def _time_after(words: Sequence[Word], pick: Pick) -> bool:
    """Whether a clock time follows the picked words on their line (``14-03-18 21:49``)."""
    last = pick.words[-1]
    after = " ".join(w.text for w in words[next(i for i, w in enumerate(words) if w is last) + 1 :][:2])
    if pick.tail:
        after = f"{last.text[len(last.text) - pick.tail :]} {after}"
    return any(t.start < 3 for t in values.find_times(after.strip()))


def _date_before(words: Sequence[Word], pick: Pick) -> bool:
    """Whether a date ends right before the picked words on their line (``1/13/2008 12:57:15 PM``)."""
    first = next(i for i, w in enumerate(words) if w is pick.words[0])
    before = " ".join(w.text for w in words[max(0, first - 3) : first])
    if pick.head:
        before = f"{before} {pick.words[0].text[: pick.head]}"
    before = before.strip()
    return any(len(before) - f.end < 3 for f in values.find_dates(before))


def _label_before(words: Sequence[Word], pick: Pick) -> str | None:
    """The text before the value when it ends with a colon after some letters (``Card Expiry: 30/09/18``):
    the value belongs to that label, which is not one of the field's own; else None."""
    first = pick.words[0]
    before = list(itertools.takewhile(lambda w: w is not first, words))
    text = " ".join(w.text for w in before)
    if pick.head:
        text = f"{text} {first.text[: pick.head]}"
    text = text.rstrip()
    return text if text.endswith(":") and any(c.isalpha() for c in text) else None


def _says_phone(label: str) -> bool:
    """Whether a label names a phone line (``Hotline:``, ``Call us:``): a phone number after any other
    label (``ABN: 16 106 946 327``, ``Contact No:`` a customer's) is that label's number, not the field's."""
    return any(norm_token(t) in word_set("phone_labels") for t in re.split(r"[\s:/.()#-]+", label))


_ITEM_SEP = re.compile(r"\s*[,;|\u2022]\s*")


def listed(page: Page, spec: FieldSpec, stops: set[tuple[int, int]]) -> list[Candidate]:
    """Elements of a list of primitives: every value printed after the list's best label."""
    role = role_of(spec)
    for hit in label_hits(page, spec):
        for words, head, factor, method in _regions(page, hit, stops):
            span = Span(words)
            text = span.text[head:]
            score = hit.score * factor
            if role in FINDERS:
                region = page.region_for(role)
                found = [f for f in find(role, text, page.dayfirst, region) if plausible(spec, f.value)]
                items = [(f.value, head + f.start, head + f.end, f.score) for f in found]
            else:
                items = []
                pos = 0
                for part in _ITEM_SEP.split(text):
                    start = text.find(part, pos)
                    pos = start + len(part)
                    cleaned = clean_text(part)
                    if cleaned and any(c.isalnum() for c in cleaned):
                        s0 = head + start + part.find(cleaned)
                        items.append((cleaned, s0, s0 + len(cleaned), 0.9))
            out = [
                Candidate(spec, v, span.pick(a, b), score * sc, method, hit.words)
                for v, a, b, sc in items
                if span.pick(a, b).words
            ]
            if out:
                return out
    return []
