"""Spaces a reader dropped: a word whose ink shows a clear gap as wide as a printed space between two of its
characters (``LIMSENG`` printed ``LIM SENG``) is two words, each boxed on its own ink."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from PIL import Image

from groundex.types import BBox, Word

__all__ = ["with_spaces"]

SPACE = 0.4
"""Least width of a space, in ink heights of the word."""
PITCH = 1.3
"""Least distance between the centres of the glyphs either side of a space, in the word's pitch (the lesser
of the median distance between neighbouring glyphs and the ink's width per character): a monospaced font
leaves wide gaps beside a narrow glyph (``WHITE``), not a wider pitch."""
BROKEN = 1
"""Most glyphs more than the text's characters: a faded print breaks glyphs into pieces with gaps between."""
RATIO = 2.5
"""Least width of a space over the word's median gap between glyphs."""
FAINT = 0.15
"""Ink is any pixel darker than paper by this share of the box's grey-level spread (faded glyphs count)."""
CONTRAST = 40
"""Least grey-level spread inside a word's box for its ink to be told from paper."""
MIN_PART = 2
"""Fewest letters or digits on each side of a space."""
MIN_HEIGHT = 9
"""Fewest pixels of a word's height for gaps between its glyphs to be told from the print's unevenness."""
LEVEL = 0.1
"""Words sloped more than this (radians) keep their text: their columns mix glyphs."""
_NARROW_CHARS = frozenset("Iil1!|.,:;'`")
_WIDE_CHARS = frozenset("MWmw@%")


def with_spaces(image: Image.Image, words: Sequence[Word]) -> tuple[Word, ...]:
    """``words`` with every word that prints a space inside it split there (``_split``)."""
    grey = np.asarray(image.convert("L"))
    return tuple(part for word in words for part in _split(word, grey))


def _split(word: Word, grey: np.ndarray) -> list[Word]:
    """``word`` cut at each gap wide enough for a space (``_spaces``) before a capital, or between a letter
    and a digit, with ``MIN_PART`` letters or digits or more in each part. Glued lower-case words stay whole:
    in them uneven print (a typewriter's, a worn head's) leaves gaps as wide as spaces."""
    text = word.text
    if len(text) < 2 * MIN_PART or abs(word.angle) > LEVEL or " " in text:
        return [word]
    height, width = grey.shape
    x0, y0, x1, y1 = (round(v) for v in word.bbox.to_pixels(width, height))
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
    if x1 - x0 < 2 * MIN_PART or y1 - y0 < MIN_HEIGHT:
        return [word]
    crop = grey[y0:y1, x0:x1].astype(float)
    lo, hi = np.percentile(crop, 2), np.percentile(crop, 98)
    if hi - lo < CONTRAST:
        return [word]
    cuts: list[tuple[int, int, int]] = []
    for k, a, b in _spaces(text, crop < hi - FAINT * (hi - lo)):
        previous = cuts[-1][0] if cuts else 0
        if (
            _alnum(text[previous:k]) >= MIN_PART
            and _alnum(text[k:]) >= MIN_PART
            and text[k - 1].isalnum()
            and text[k].isalnum()
            and (text[k].isupper() or text[k].isdigit() != text[k - 1].isdigit())
        ):
            cuts.append((k, a, b))
    if not cuts:
        return [word]
    out: list[Word] = []
    start, left = 0, 0
    for k, a, b in cuts:
        out.append(_part(word, text[start:k], x0 + left, x0 + a, width))
        start, left = k, b
    out.append(_part(word, text[start:], x0 + left, x1, width))
    return out


def _part(word: Word, text: str, px0: float, px1: float, width: int) -> Word:
    """A part of ``word`` over pixel columns ``px0..px1`` of a page ``width`` pixels wide."""
    box = word.bbox
    return replace(word, text=text, bbox=BBox.from_xyxy(px0 / width, box.y, px1 / width, box.y1, box.page))


def _spaces(text: str, ink: np.ndarray) -> list[tuple[int, int, int]]:
    """Spaces inside a word's ink: ``(k, a, b)`` with the space before ``text[k]`` over columns ``a..b``.

    A gap of clear columns between glyphs is a space when it is ``SPACE`` ink heights wide, ``RATIO`` times
    the word's median gap and ``PITCH`` times its pitch; none when the ink falls into more glyphs than
    ``BROKEN`` over the text's characters. The space's character index is the count of glyphs left of it when
    the ink falls into as many glyphs as the text has characters, else where a width model of the text
    (narrow and wide characters, one space inserted) puts it, within half a character."""
    rows = np.flatnonzero(ink.any(axis=1))
    on = np.asarray(ink.any(axis=0))
    cols = np.flatnonzero(on)
    if len(rows) == 0 or len(cols) < 2:
        return []
    ink_height = float(rows[-1] - rows[0] + 1)
    first, last = int(cols[0]), int(cols[-1]) + 1
    runs = _runs(on[first:last])
    gaps = [(a + first, b + first) for a, b, filled in runs if not filled]
    glyphs = [(a + first, b + first) for a, b, filled in runs if filled]
    if not gaps or len(glyphs) > len(text) + BROKEN:
        return []
    median = sorted(b - a for a, b in gaps)[(len(gaps) - 1) // 2]
    centres = [(a + b) / 2 for a, b in glyphs]
    pitches = sorted(q - p for p, q in itertools.pairwise(centres))
    pitch = min(pitches[len(pitches) // 2], (last - first) / len(text))
    weights = [_weight(c) for c in text]
    out = []
    for a, b in gaps:
        before = next(g for g in reversed(glyphs) if g[1] <= a)
        after = next(g for g in glyphs if g[0] >= b)
        across = (after[0] + after[1]) / 2 - (before[0] + before[1]) / 2
        if b - a < SPACE * ink_height or b - a < RATIO * max(median, 1) or across < PITCH * pitch:
            continue
        k = (
            sum(1 for g in glyphs if g[1] <= a)
            if len(glyphs) == len(text)
            else _index(weights, (a + b) / 2 - first, last - first)
        )
        if k is not None:
            out.append((k, a, b))
    return out


def _index(weights: list[float], centre: float, extent: float) -> int | None:
    """The character index whose boundary, with a space of one character inserted there, lies nearest
    ``centre`` of a word ``extent`` columns wide; None when it is half a character off or more."""
    total = sum(weights) + 1.0
    unit = extent / total
    best: tuple[float, int] | None = None
    run = 0.0
    for k, weight in enumerate(weights[:-1], start=1):
        run += weight
        miss = abs((run + 0.5) * unit - centre)
        if best is None or miss < best[0]:
            best = (miss, k)
    if best is None or best[0] >= 0.5 * unit:
        return None
    return best[1]


def _alnum(text: str) -> int:
    return sum(c.isalnum() for c in text)


def _weight(char: str) -> float:
    if char in _NARROW_CHARS:
        return 0.5
    if char in _WIDE_CHARS:
        return 1.3
    return 1.0


def _runs(on: np.ndarray) -> list[tuple[int, int, bool]]:
    """Runs of equal values in a boolean row: ``(start, end, value)``."""
    edges = [0, *(np.flatnonzero(np.diff(on.astype(np.int8))) + 1).tolist(), len(on)]
    return [(a, b, bool(on[a])) for a, b in itertools.pairwise(edges)]
