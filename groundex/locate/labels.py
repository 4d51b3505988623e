"""Label phrases of a field and where they are printed on the page."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from types import MappingProxyType

from rapidfuzz import fuzz, process

from groundex.resources import data_json
from groundex.types import FieldSpec, Line, Word

_TOKEN_STRIP = ":;,.()[]{}'\"*|_"
_DASH_LEADER = re.compile(r"(?<=[^\W\d_])-{2,}$")
"""Dashes a form runs from its label to the answer (``closures---``)."""
_MAX_DESC_WORDS = 6
_SYNONYM = 0.97
_COMPACT_MIN = 6
"""Least letters and digits of a label matched across word breaks (``CAT-C-EXPENSES`` for ``CAT- C-
EXPENSES``, ``SUBTOTAL`` for ``sub total``)."""


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class LabelHit:
    """A label phrase found on a line: the words it covers and how well it matches."""

    line: Line
    start: int
    end: int
    score: float
    phrase: Phrase
    cut: int = 0

    @property
    def words(self) -> tuple[Word, ...]:
        return self.line.words[self.start : self.end]

    @property
    def glued(self) -> bool:
        """The value is printed in the same token as the label's last word (``DL44104151``)."""
        return self.cut > 0


@cache
def _vocab() -> dict[str, object]:
    data: dict[str, object] = data_json("synonyms.json")
    return data


_QUALIFIED = re.compile(r"^([a-z]{2,})(?:\(.*|\d)$")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")
"""An abbreviation dotted letter by letter (``I.V.A.``, ``P.O.``): read without its dots."""


def norm_token(text: str) -> str:
    """Lower-case a printed token and strip label punctuation, dash leaders and blanks (``DOB:`` -> ``dob``,
    ``#:`` -> ``#``, ``City_`` -> ``city``, ``closures---`` -> ``closures``) and a qualifier glued to a word
    (``TAX(10%):`` -> ``tax``, ``TAX1`` -> ``tax``)."""
    t = _DASH_LEADER.sub("", text.lower()).strip(_TOKEN_STRIP)
    if not t:
        return text.lower().strip()
    if _DOTTED.fullmatch(t):
        return t.replace(".", "")
    m = _QUALIFIED.match(t)
    return m.group(1) if m and len(m.group(1)) >= 3 else t


def _compact(token: str) -> str:
    """A token's letters and digits only (``cat-c-expenses`` -> ``catcexpenses``)."""
    return "".join(c for c in token if c.isalnum())


def words_of(text: str) -> tuple[str, ...]:
    """Split an identifier or sentence into lower-case words (``zipCode``/``zip_code`` -> zip, code)."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return tuple(t for t in (norm_token(p) for p in re.split(r"[\s_\-/]+", text)) if t)


@cache
def vocabulary(kind: str) -> tuple[str, ...]:
    """A word list of ``data/synonyms.json`` (``org_words``, ``street_words`` ...)."""
    words = _vocab()[kind]
    assert isinstance(words, list)
    return tuple(str(w) for w in words)


@cache
def word_set(kind: str) -> frozenset[str]:
    """A word list of ``data/synonyms.json`` as a set, for membership tests."""
    return frozenset(vocabulary(kind))


_QUOTED = re.compile(r"['\"\u2018\u201c]([^'\"\u2019\u201d]{1,40})['\"\u2019\u201d]")


def _quotes(description: str) -> Iterator[tuple[str, str]]:
    """Phrases quoted in a description (no digits, at most four words), each with the lower-case clause
    before it (from the last bracket or sentence end)."""
    for m in _QUOTED.finditer(description):
        text = m.group(1).strip()
        if not text or any(c.isdigit() for c in text) or len(text.split()) > 4:
            continue
        before = re.sub(r"\b(e\.g|i\.e|etc)\.", "eg", description[: m.start()])
        yield text, before[max(before.rfind("("), before.rfind(". ")) + 1 :].lower()


@cache
def description_cues(description: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Phrases quoted in a description: ``(labels, values)``.

    A quote after the word "label" (``labelled e.g. 'TOTAL', 'NETT TOTAL'``) names a printed label; any
    other quote without digits is an example of the value (``often ending in 'SDN BHD'``)."""
    labels: list[str] = []
    examples: list[str] = []
    for text, clause in _quotes(description):
        (labels if "label" in clause else examples).append(text)
    return tuple(labels), tuple(examples)


@cache
def described_endings(description: str) -> tuple[str, ...]:
    """Phrases a description says the value ends with (``often ending in 'SDN BHD', 'S/B'``)."""
    return tuple(text for text, clause in _quotes(description) if _ENDING.search(clause))


_ENDING = re.compile(r"\bend(?:s|ing)?\s+(?:in|with)\b")


@cache
def _synonyms(kind: str) -> Mapping[str, tuple[str, ...]]:
    table = _vocab()[kind]
    assert isinstance(table, dict)
    return MappingProxyType({str(k): tuple(str(v) for v in vs) for k, vs in table.items()})


def synonyms(word: str) -> frozenset[str]:
    """``word`` and the words ``data/synonyms.json`` gives for it (``tax``: ``vat``, ``gst`` ...)."""
    return frozenset({word, *_synonyms("words").get(word, ())})


@cache
def related_words(word: str) -> frozenset[str]:
    """``word``, the one-word synonyms ``data/synonyms.json`` gives for it and the words it is given for
    (``sex``: ``gender``)."""
    table = _synonyms("words")
    out = {word, *(alt for alt in table.get(word, ()) if " " not in alt)}
    out.update(key for key, alts in table.items() if word in alts)
    return frozenset(out)


def phrase_synonyms(words: frozenset[str] | set[str]) -> frozenset[str]:
    """The one-word synonyms of every phrase of ``data/synonyms.json`` whose words are all among ``words``
    (``before``, ``tax``: ``subtotal``)."""
    stop = word_set("stopwords")
    out: set[str] = set()
    for key, alts in _synonyms("phrases").items():
        if {t for t in key.split() if t not in stop} <= words:
            out.update(alt for alt in alts if " " not in alt)
    return frozenset(out)


_ABBREVIATION = 4


def abbreviates(short: str, word: str) -> bool:
    """Whether ``short`` abbreviates ``word``: its first letter and then some of its letters in order, four
    letters at most (or any number of its first letters: ``subtot``) and two fewer (``hgt``: height, ``qty``:
    quantity; not ``due``: total, ``issue``: issued)."""
    if not short.isalpha() or len(word) - len(short) < 2 or short[0] != word[0]:
        return False
    if len(short) > _ABBREVIATION:
        return word.startswith(short)
    rest = iter(word[1:])
    return all(c in rest for c in short[1:])


@cache
def expansions(token: str) -> tuple[str, ...]:
    """The words ``data/synonyms.json`` gives ``token`` as an abbreviation of (``wgt``: weight)."""
    return tuple(k for k, alts in _synonyms("words").items() if token in alts and abbreviates(token, k))


def synonym_words() -> frozenset[str]:
    """The words that have synonyms (``data/synonyms.json`` ``words``)."""
    return frozenset(_synonyms("words"))


def with_synonyms(phrase: str) -> tuple[str, ...]:
    """A label phrase and its synonyms' phrases (``tax``: ``tax``, ``vat``, ``gst`` ...)."""
    return tuple(" ".join(v) for v in _variants(tuple(norm_token(t) for t in phrase.split())))


def _variants(tokens: tuple[str, ...]) -> dict[tuple[str, ...], float]:
    """The phrase with each known word or phrase (with or without its stopwords: ``date of birth`` and ``date
    birth``) replaced by its synonyms, and each abbreviation by the word it shortens (``hgt``: ``height``),
    each with its weight: 0.97 per replacement, so a synonym of a synonym ranks below a direct one."""
    out = {tokens: 1.0}
    phrases = _synonyms("phrases")
    words = _synonyms("words")
    stop = word_set("stopwords")
    for key, alts in phrases.items():
        full = tuple(key.split())
        for k in {full, tuple(t for t in full if t not in stop) or full}:
            for i in range(len(tokens) - len(k) + 1):
                if tokens[i : i + len(k)] == k:
                    for alt in alts:
                        out.setdefault(tokens[:i] + tuple(alt.split()) + tokens[i + len(k) :], _SYNONYM)
    for variant, weight in list(out.items()):
        for i, tok in enumerate(variant):
            for alt in (*words.get(tok, ()), *expansions(tok)):
                for short, factor in ((alt, _SYNONYM), *((a, _SYNONYM**2) for a in _shortened(alt))):
                    changed = variant[:i] + tuple(short.split()) + variant[i + 1 :]
                    out[changed] = max(out.get(changed, 0.0), weight * factor)
    return out


@cache
def _shortened(word: str) -> tuple[str, ...]:
    """The abbreviations ``data/synonyms.json`` gives for a word (``amount``: ``amt``)."""
    return tuple(a for a in _synonyms("words").get(word, ()) if abbreviates(a, word))


_CUT = {
    "of",
    "for",
    "by",
    "to",
    "in",
    "on",
    "from",
    "when",
    "which",
    "that",
    "if",
    "where",
    "with",
    "as",
    "after",
    "before",
    "including",
    "e.g",
    "eg",
    "i.e",
    "ie",
    "such",
    "typically",
    "usually",
}


def head_phrase(text: str) -> tuple[str, ...]:
    """The leading noun phrase of a description: ``Expiration date of the license`` -> expiration, date; a
    leading parenthesis is a number, not the end (``(15) CAT- C- EXPENSES`` -> cat, c, expenses)."""
    text = re.split(r"[(,;:]", re.sub(r"^\s*\([^)]*\)", "", text), maxsplit=1)[0]
    out: list[str] = []
    for word in words_of(text):
        if word in _CUT:
            break
        out.append(word)
    return tuple(out)


def _alternatives(text: str) -> list[tuple[str, ...]]:
    """Slash-separated names at the head of a description (``Sales tax / VAT / GST amount``, ``Item name /
    description as printed``): each one, up to where its noun phrase ends."""
    head = re.split(r"[(,;:.]", text, maxsplit=1)[0]
    if "/" not in head:
        return []
    stop = word_set("stopwords")
    out = []
    for part in head.split("/"):
        tokens = tuple(t for t in head_phrase(part) if t not in stop)
        if 0 < len(tokens) <= 3:
            out.append(tokens)
    return out if len(out) >= 2 else []


def _owner(text: str) -> tuple[str, ...]:
    """The noun a one-word head belongs to (``Name of the business that issued it`` -> business): the first
    content word after ``of``; empty when the head is not followed by ``of``."""
    match = _OF_OWNER.match(text)
    if match is None:
        return ()
    stop = word_set("stopwords")
    for word in words_of(match.group(1)):
        if word in _CUT:
            return ()
        if word not in stop:
            return (word,)
    return ()


_OF_OWNER = re.compile(r"\W*\w+\s+of\s+(.*)", re.IGNORECASE | re.DOTALL)
_BARE_HEAD = 0.6
"""Weight of a one-word head said to be of something, for a field not named by that word or described by
both (``company``: ``Name of the business``, ``store_name``: ``Name of the store``; ``Name`` alone names any
name on the page, ``business name`` keeps the description's weight). A title (``Type of Rod``) is a printed
label and keeps its head."""

_BARE_AMOUNT = 0.9
"""Weight of a name or an alternative without its trailing ``amount`` (``discount_amount``: ``Discount``;
``Tip / gratuity amount``: ``GRATUITY``)."""


_QUALIFIERS = frozenset(
    {"before", "after", "excl", "excluding", "without", "pre", "less", "incl", "including"}
)
"""Words that turn the words after them into a qualifier (``before_tax``): no label without them."""
_ADDRESS_HEADS = frozenset({"address", "addr"})
"""A name's last word that makes its field an address: the words before it name whose (``store_addr``), and
alone (``Store #``) they label another field."""


@cache
def field_phrases(spec: FieldSpec, typed: bool = False) -> tuple[Phrase, ...]:
    """Label phrases for a field, weighted by how specific they are (1.0 = the field's own full name).

    The field's name gives every ordered sub-phrase (``invoice issue date`` -> ``invoice date``, ``date``),
    except, for a ``typed`` field, a part made only of number words (``#`` of ``contact_number``) and any
    part that keeps a word a qualifier governs without the qualifier (``tax`` of ``before_tax``);
    the title and the leading noun phrase of the description are used whole; hints come from the domain;
    phrases quoted in the description as labels count too, and so do all quoted words of a ``typed`` field
    (a value with digits cannot be quoted without them, so ``the 'TOTAL' line`` names a label); a slash
    alternative ending in ``amount`` counts without it too.
    """
    stop = word_set("stopwords")
    weights: dict[tuple[str, ...], float] = {}

    def add(tokens: tuple[str, ...], weight: float) -> None:
        if tokens and weights.get(tokens, 0.0) < weight:
            weights[tokens] = weight

    def add_variants(tokens: tuple[str, ...], weight: float) -> None:
        for variant, factor in _variants(tokens).items():
            add(variant, weight * factor)

    for hint in spec.hints:
        add(tuple(norm_token(t) for t in hint.split()), 1.0)
    labels, examples = description_cues(spec.description)
    for cue in labels + (examples if typed else ()):
        add_variants(tuple(norm_token(t) for t in cue.split()), 0.95)
    name = words_of(spec.name)
    content = tuple(t for t in name if t not in stop) or name
    n = len(content)
    for size in range(n, 0, -1):
        for keep in combinations(range(n), size):
            sub = tuple(content[i] for i in keep)
            if typed and size < n and set(sub) <= word_set("id_words"):
                continue
            if any(content[q] in _QUALIFIERS and q not in keep and keep[-1] > q for q in range(n)):
                continue
            if keep[-1] != n - 1 and content[-1] in _ADDRESS_HEADS:
                continue
            add_variants(sub, (0.45 + 0.55 * size / n) * (1.0 if keep[-1] == n - 1 else 0.8))
    if n > 1 and content[-1] == "amount":
        add_variants(content[:-1], _BARE_AMOUNT)
    for text, weight, described in ((spec.title, 1.0, False), (spec.description, 0.9, True)):
        head = tuple(t for t in head_phrase(text) if t not in stop)
        owner = _owner(text) if len(head) == 1 else ()
        if owner and (head[0] not in name or (owner[0] in name and described)):
            add_variants(owner + head, weight)
            add_variants(head + owner, weight)
            add_variants(head, weight * _BARE_HEAD)
        elif 0 < len(head) <= _MAX_DESC_WORDS:
            add_variants(head, weight)
        for part in _alternatives(text):
            add_variants(part, weight)
            if len(part) > 1 and part[-1] == "amount":
                add_variants(part[:-1], weight * _BARE_AMOUNT)
    return tuple(Phrase(t, w) for t, w in sorted(weights.items(), key=lambda kv: -kv[1]))


_LOOKALIKES = {"t": "i1|7", "i": "1l|!", "l": "1i|!", "o": "0u", "s": "5", "g": "6", "b": "8", "z": "2"}
"""Marks the reader puts for a short label's letters (``Iax``, ``1ax``, ``GSI``, ``G5T``, ``T1me``)."""
_MARKS = frozenset("".join(_LOOKALIKES.values()))
_MISREAD = 0.85
"""Similarity of a short page token that reads as a label word only through ``_LOOKALIKES``."""
_PLURAL = 0.9
"""Similarity of the plural of a short label word (``Taxes`` for ``tax``) on a page that never prints the
word itself (``Promo Dates`` is no place of ``Date`` where ``Date`` is printed)."""


def _marked(label: str, token: str) -> bool:
    """Whether ``token`` is ``label`` with none, some or all of its letters read as their lookalike marks."""
    return len(token) == len(label) and all(
        a == b or b in _LOOKALIKES.get(a, "") for a, b in zip(label, token, strict=True)
    )


def _misread(label: str, token: str) -> bool:
    """Whether ``token`` is ``label`` with some letters read as their lookalike marks."""
    return _marked(label, token) and sum(c.isalpha() for c in token) >= 2


_MISREAD_RUN = 6
"""Letters of a label per lookalike mark it may show."""


def _misread_run(label: str, printed: str) -> bool:
    """Whether ``printed`` is ``label`` (of letters and digits) with at most one letter in six read as its
    lookalike mark."""
    if label == printed or len(label) < _MISREAD_RUN:
        return label == printed
    swaps = sum(a != b for a, b in zip(label, printed, strict=True))
    return swaps <= len(label) // _MISREAD_RUN and _marked(label, printed)


class LabelIndex:
    """Fuzzy look-up of label phrases over the lines of a document."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = tuple(lines)
        self.tokens = [tuple(norm_token(w.text) for w in line.words) for line in self.lines]
        self.where: dict[str, list[tuple[int, int]]] = {}
        self.raw: dict[str, list[tuple[int, int]]] = {}
        for li, line in enumerate(self.lines):
            for i, (tok, word) in enumerate(zip(self.tokens[li], line.words, strict=True)):
                self.where.setdefault(tok, []).append((li, i))
                self.raw.setdefault(word.text.lower(), []).append((li, i))
        self.vocab = sorted(self.where)
        self.compact = [tuple(_compact(t) for t in toks) for toks in self.tokens]
        self.heads: dict[str, list[tuple[int, int]]] = {}
        for li, toks in enumerate(self.compact):
            for i, tok in enumerate(toks):
                if tok:
                    self.heads.setdefault(tok[:2], []).append((li, i))
        self.marked: dict[int, list[str]] = {}
        for tok in self.vocab:
            if len(tok) >= 3 and any(c in _MARKS for c in tok):
                self.marked.setdefault(len(tok), []).append(tok)
        self.stop = word_set("stopwords")
        self._sim: dict[str, dict[str, float]] = {}
        self._prefixed: dict[str, list[tuple[int, int]]] = {}

    def similar(self, token: str) -> dict[str, float]:
        """Page tokens that read as ``token`` (exact for short tokens, fuzzy for longer), with similarity; a
        short token also with its colon read as a one (``TO1`` for ``TO:``)."""
        cached = self._sim.get(token)
        if cached is not None:
            return cached
        if len(token) <= 4 or not token.isalpha():
            found = {token: 1.0} if token in self.vocab else {}
            if not found and token.isalpha():
                found = {p: _PLURAL for p in (f"{token}s", f"{token}es") if p in self.vocab}
        else:
            found = {
                t: score / 100.0
                for t, score, _ in process.extract(
                    token, self.vocab, scorer=fuzz.ratio, score_cutoff=80, limit=None
                )
                if abs(len(t) - len(token)) <= 2 and len(t) >= 4
            }
        if token.isalpha() and len(token) >= 3:
            for t in self.marked.get(len(token), ()):
                if t not in found and _misread(token, t):
                    found[t] = _MISREAD
        if token.isalpha() and len(token) <= 4:
            for t in self.marked.get(len(token) + 1, ()):
                if t not in found and t.endswith("1") and (t[:-1] == token or _misread(token, t[:-1])):
                    found[t] = _MISREAD
        self._sim[token] = found
        return found

    def glued(self, token: str, li: int, i: int) -> int:
        """Characters of the word at (line, i) that the label ``token`` takes when a value is glued to it.

        Only where the split is plain: ``DL44104151``, ``2JOHN`` (a code before a value), ``FNJANE``, and a
        mark between a word label and a value that starts with a figure or a capital, which the label takes
        too (``TEL.0323.30652``, ``DIVISION_Analytical``; not a dotted abbreviation, ``V.O.C.s``).
        """
        word = self.lines[li].words[i].text
        low = word.lower()
        if not low.startswith(token) or len(low) - len(token) < 2:
            return 0
        rest = word[len(token) :]
        code = token.isdigit() and rest[:1].isalpha()
        short = len(token) <= 2 and token.isalpha() and rest.isupper() and len(rest) >= 3
        if (rest[:1].isdigit() and not token[-1:].isdigit()) or code or short:
            return len(token)
        if (
            len(token) > 1
            and token.isalpha()
            and rest[:1] in "._:"
            and (rest[1:2].isdigit() or rest[1:2].isupper())
        ):
            return len(token) + 1
        return 0

    def prefixed(self, token: str) -> list[tuple[int, int]]:
        """Positions of words that start with ``token`` and go on for at least two more characters."""
        cached = self._prefixed.get(token)
        if cached is None:
            cached = [
                pos
                for raw, places in self.raw.items()
                if len(raw) >= len(token) + 2 and raw.startswith(token)
                for pos in places
            ]
            self._prefixed[token] = cached
        return cached

    def _across_breaks(self, phrase: Phrase) -> Iterable[tuple[int, int, int, float]]:
        """``(line, start, end, similarity)`` of word runs printing the phrase with its word breaks elsewhere
        (``CAT-C-EXPENSES`` for ``cat c expenses``, ``SUB TOTAL`` for ``subtotal``): the same letters and
        digits, in a different number of words, a letter here and there read as its lookalike
        (``CAT-1-EXPENSES`` for ``cat i expenses``)."""
        target = "".join(_compact(t) for t in phrase.tokens)
        if len(target) < _COMPACT_MIN:
            return
        for li, i in self.heads.get(target[:2], ()):
            toks = self.compact[li]
            joined = ""
            for j in range(i, len(toks)):
                joined += toks[j]
                if len(joined) > len(target) or not _misread_run(target[: len(joined)], joined):
                    break
                if len(joined) == len(target) and j + 1 - i != len(phrase.tokens):
                    yield li, i, j + 1, _MISREAD if joined != target else 1.0

    def find(self, phrases: Iterable[Phrase], min_score: float = 0.3) -> list[LabelHit]:
        """Every place a phrase is printed; one best hit per line position. A stopword printed before one of
        the phrase's words but the first is skipped (``COST OF PROJECT`` for ``cost project``)."""
        best: dict[tuple[int, int, int], LabelHit] = {}
        for phrase in phrases:
            n = len(phrase.tokens)
            starts = {pos for t in self.similar(phrase.tokens[0]) for pos in self.where[t]}
            if n == 1:
                starts.update(self.prefixed(phrase.tokens[0]))
            for li, i in starts:
                toks = self.tokens[li]
                if i + n > len(toks):
                    continue
                total, cut, at = 0.0, 0, i
                for k in range(n):
                    if k and at < len(toks) - 1 and toks[at] in self.stop and toks[at] != phrase.tokens[k]:
                        at += 1
                    if at >= len(toks):
                        break
                    sk = self.similar(phrase.tokens[k]).get(toks[at])
                    if sk is None and k == n - 1:
                        cut = self.glued(phrase.tokens[k], li, at)
                        sk = 0.9 if cut else None
                    if sk is None:
                        break
                    total += sk
                    at += 1
                else:
                    score = phrase.weight * total / n
                    key = (li, i, at)
                    if score >= min_score and (key not in best or best[key].score < score):
                        best[key] = LabelHit(self.lines[li], i, at, score, phrase, cut)
            for li, i, j, sim in self._across_breaks(phrase):
                score = phrase.weight * sim
                key = (li, i, j)
                if score >= min_score and (key not in best or best[key].score <= score):
                    best[key] = LabelHit(self.lines[li], i, j, score, phrase)
        return sorted(best.values(), key=lambda h: (-h.score, h.line.bbox.page, h.line.bbox.y, h.start))
