"""The ``Match`` result type and span helpers shared by every recognizer."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Match", "covered", "fix_ocr_digits", "overlaps", "select_non_overlapping"]


@dataclass(frozen=True)
class Match:
    """A typed value recognized in a text.

    ``text[start:end]`` is the raw printed form; ``score`` (0..1) is how sure the
    recognizer is that this span holds a value of its type.
    """

    value: object
    start: int
    end: int
    score: float


# Letters OCR confuses with digits; replaced only inside digit runs.
_CONFUSABLE = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}
_SEPARATORS = ".,/:-"
_CONFUSABLE_RE = re.compile(r"[OolI|]")


def fix_ocr_digits(text: str) -> str:
    """Replace digit look-alikes (O, l, I, |) that sit inside a number; keeps the length.

    A look-alike is replaced when a digit (possibly across one separator) is on its left
    and no letter is on its right, so ``2O19-O3-28`` reads ``2019-03-28`` while
    ``15OCT2001`` and ``I1234568`` are left alone.
    """
    if not _CONFUSABLE_RE.search(text):
        return text
    chars = list(text)
    n = len(chars)
    for i, c in enumerate(text):
        if c not in _CONFUSABLE or i == 0:
            continue
        prev = chars[i - 1]
        left_digit = prev.isdigit() or (
            prev in _SEPARATORS and i >= 2 and chars[i - 2].isdigit() and i + 1 < n and text[i + 1].isdigit()
        )
        nxt = text[i + 1] if i + 1 < n else " "
        if left_digit and not nxt.isalpha():
            chars[i] = _CONFUSABLE[c]
    return "".join(chars)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def select_non_overlapping(matches: Iterable[Match]) -> list[Match]:
    """Keep the best non-overlapping matches (by score, then length), in text order."""
    ranked = sorted(matches, key=lambda m: (-m.score, -(m.end - m.start), m.start))
    kept: list[Match] = []
    for m in ranked:
        if all(not overlaps((m.start, m.end), (k.start, k.end)) for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def covered(span: tuple[int, int], taken: Iterable[Match]) -> bool:
    """Whether ``span`` overlaps any of ``taken``."""
    return any(overlaps(span, (t.start, t.end)) for t in taken)
