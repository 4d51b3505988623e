"""Booleans and enum values read from printed text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from groundex.values.base import Match

__all__ = ["MARK_SIGNS", "find_no_answer", "is_mark", "match_enum", "parse_bool"]

_TRUE = frozenset(
    (
        "yes",
        "y",
        "true",
        "t",
        "1",
        "x",
        "✓",
        "✔",
        "☑",
        "☒",
        "✗",
        "✘",
        "checked",
        "on",
        "si",
        "oui",
        "ja",
        "positive",
    )
)
_FALSE = frozenset(
    (
        "no",
        "n",
        "false",
        "f",
        "0",
        "☐",
        "□",
        "unchecked",
        "off",
        "none",
        "negative",
        "non",
        "nein",
    )
)


MARK_SIGNS = frozenset("✓✔☑☒✗✘☐□")
"""Tick, cross and check-box signs: marks whatever surrounds them (a letter ``x`` may be a word)."""
_MARKS = frozenset(("x", "xx")) | MARK_SIGNS


def is_mark(text: str) -> bool:
    """A tick, a cross or a check box put on a form (``X``, ``_X_``, ``✓``, ``☐``), with the blank it was
    typed on."""
    return text.strip("_()[]").casefold() in _MARKS


_NO_ANSWER = (
    "n/a", "n.a.", "na", "not applicable", "not available", "unknown", "unk", "tbd", "tba",
    "to be determined", "none", "nil", "pending", "as required", "see attached", "various",
)  # fmt: skip
_NO_ANSWER_RUN = re.compile(
    r"(?:{0})\.?(?:\s+(?:{0})\.?)*(?![^\W_])".format(
        "|".join(re.escape(w) for w in sorted(_NO_ANSWER, key=len, reverse=True))
    ),
    re.IGNORECASE,
)


def find_no_answer(text: str) -> Match | None:
    """A form's written answer that there is no value (``N/A``, ``Unk.``, ``TBD``, ``As required``) at the
    start of ``text``, repeated ones included (``N/A N/A``); value: the words as printed."""
    m = _NO_ANSWER_RUN.match(text)
    return Match(m.group(0), m.start(), m.end(), 0.6) if m else None


def parse_bool(text: str) -> bool | None:
    """``yes/no``, ``y/n``, ``true/false``, ``1/0``, ``x``, check marks; None when unclear."""
    key = text.strip().strip(".:;,()[]_").strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None


def _pattern(label: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s_\-]+", label.strip()) if w]
    return re.compile(r"(?<![^\W_])" + r"[\s_\-]*".join(words) + r"(?![^\W_])", re.IGNORECASE)


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", s).split()).casefold()


def match_enum(text: str, values: Sequence[str], names: Sequence[str] = ()) -> Match | None:
    """Map printed text to one of ``values`` (case-insensitive).

    ``names[i]`` is a printed name of ``values[i]`` (``MALE`` for ``M``). Tries, in order: the
    whole text equal to a value or name (1.0); a token-bounded occurrence (0.9, 0.75 for
    one-character labels, halved when different values occur); fuzzy matching with rapidfuzz
    for labels of 4+ characters (up to 0.8).
    """
    labels = [(v, v) for v in values] + [(values[i], n) for i, n in enumerate(names) if i < len(values) and n]
    stripped = text.strip().strip(".:;,()[]")
    if not stripped or not labels:
        return None
    start = text.find(stripped)
    for value, label in labels:
        if _norm(label) == _norm(stripped):
            return Match(value, start, start + len(stripped), 1.0)
    hits: list[tuple[float, int, int, str]] = []
    for value, label in labels:
        for m in _pattern(label).finditer(text):
            score = 0.9 if len(label.strip()) > 1 else 0.75
            hits.append((score, m.start(), m.end(), value))
    if hits:
        hits.sort(key=lambda h: (-h[0], -(h[2] - h[1]), h[1]))
        score, s, e, value = hits[0]
        if len({h[3] for h in hits}) > 1:
            score /= 2
        return Match(value, s, e, score)
    best: Match | None = None
    for value, label in labels:
        if len(label) < 4:
            continue
        al = fuzz.partial_ratio_alignment(_norm(label), text.lower())
        if al is None or al.score < 85:
            continue
        score = 0.8 * al.score / 100
        if best is None or score > best.score:
            best = Match(value, al.dest_start, al.dest_end, round(score, 3))
    return best
