"""Layout: group the words of one page into rows and lines, in reading order."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from statistics import median

from groundex.types import Line, Word

__all__ = ["GAP_CHARS", "build_lines", "page_slope", "reading_order"]

#: A horizontal gap wider than this many typical character widths (~1.6 character heights)
#: splits a row into separate lines (columns, "DOB 01/02/1990      EXP 01/02/2030").
GAP_CHARS = 3.0
#: Two words share a row when their vertical overlap is at least this fraction of the shorter one.
ROW_OVERLAP = 0.5


def _char_width(word: Word) -> float:
    return word.bbox.w / max(len(word.text), 1)


def _overlap(a: Word, b: Word) -> float:
    """Vertical overlap of two words relative to the shorter one."""
    inter = a.bbox.shared_height(b.bbox)
    shorter = min(a.bbox.h, b.bbox.h)
    if shorter <= 0:
        return 1.0 if abs(a.bbox.cy - b.bbox.cy) <= 1e-9 else 0.0
    return inter / shorter


def _marked(word: Word) -> bool:
    """Whether ``word`` holds a letter or figure (not only punctuation)."""
    return any(ch.isalnum() for ch in word.text)


def _same_line(a: Word, b: Word) -> bool:
    """Whether the reader detected ``a`` and ``b`` as one line of text."""
    return a.line >= 0 and a.line == b.line


def _rows(words: Sequence[Word]) -> list[list[Word]]:
    """Chain words left to right into rows; each word joins the row whose rightmost word it
    overlaps most vertically (robust to slight skew, since it compares against neighbours), and
    first of all the row whose rightmost word the reader read in the same line as it, if they overlap
    at all (two tight lines of a slanted scan do not trade words). A row's height is its last word with a
    letter or figure in it: a trailing colon or dot sits at the baseline and would turn away the value
    printed after it."""
    cell = max(median(w.bbox.h for w in words), 1e-4)
    index: dict[int, set[int]] = {}  # vertical cell -> rows whose last word spans it
    rows: list[list[Word]] = []
    anchors: list[Word] = []  # per row: its last word with a letter or figure (its last word if none)

    def cells(word: Word) -> range:
        return range(int(word.bbox.y / cell), int(word.bbox.y1 / cell) + 1)

    for word in sorted(words, key=lambda w: (w.bbox.x, w.bbox.y)):
        best = -1
        best_score = ROW_OVERLAP
        candidates = set().union(*(index.get(c, set()) for c in cells(word)))
        for k in sorted(candidates):
            if word.bbox.x < rows[k][-1].bbox.cx:
                continue  # stacked under/over the row's last word: not the same row
            score = _overlap(anchors[k], word)
            if score > 0 and _same_line(rows[k][-1], word):
                score += 1.0
            if score >= best_score:
                best, best_score = k, score
        if best < 0:
            best = len(rows)
            rows.append([word])
            anchors.append(word)
        else:
            rows[best].append(word)
            if _marked(word):
                for c in cells(anchors[best]):
                    index[c].discard(best)
                anchors[best] = word
        for c in cells(anchors[best]):
            index.setdefault(c, set()).add(best)
    rows.sort(key=lambda r: (median(w.bbox.cy for w in r), r[0].bbox.x))
    return rows


def _split(row: list[Word]) -> list[list[Word]]:
    """Split a row (sorted by x) at gaps wider than GAP_CHARS typical character widths."""
    widths = [_char_width(w) for w in row if w.text]
    typical = median(widths) if widths else 0.0
    parts: list[list[Word]] = [[row[0]]]
    for prev, word in pairwise(row):
        if word.bbox.x - prev.bbox.x1 > GAP_CHARS * typical:
            parts.append([word])
        else:
            parts[-1].append(word)
    return parts


def page_slope(words: Sequence[Word], aspect: float) -> float:
    """The page's text slope in normalized units (dy per dx): the median of the words' line angles,
    each word weighing as much as it is wide, level words included. A short box's angle is its top
    edge's pixel step over a few dozen pixels, so a handful of short tilted boxes must not outvote the
    long level lines. ``aspect`` is the page's width / height in pixels; 0 when the engine reports no
    angles."""
    if sum(1 for w in words if w.angle) < max(3, len(words) // 4):
        return 0.0
    ranked = sorted(words, key=lambda w: w.angle)
    half = sum(w.bbox.w for w in ranked) / 2
    seen = 0.0
    for word in ranked:
        seen += word.bbox.w
        if seen >= half:
            return math.tan(word.angle) * aspect
    return 0.0


def _level(word: Word, slope: float) -> Word:
    box = word.bbox
    return replace(word, bbox=replace(box, y=box.y - slope * (box.cx - 0.5)))


def build_lines(words: Sequence[Word], slope: float = 0.0) -> tuple[Line, ...]:
    """Lines of one page in reading order (top to bottom, left to right).

    Words are grouped into rows by vertical overlap (at least half the shorter word's height),
    each row is sorted by x and split into Lines at wide gaps; ``row`` numbers the rows from the
    top, so lines split from one row share it. ``slope`` (see ``page_slope``) levels a skewed photo
    first, so a label and its value far to the right still share a row; boxes stay as read.
    """
    words = [w for w in words if w.text.strip()]
    if not words:
        return ()
    work = [_level(w, slope) for w in words] if slope else words
    original = {id(lw): w for lw, w in zip(work, words, strict=True)}
    lines: list[Line] = []
    for row_id, row in enumerate(_rows(work)):
        row.sort(key=lambda w: w.bbox.x)
        for part in _split(row):
            lines.append(Line(tuple(original.get(id(w), w) for w in part), row_id))
    return tuple(lines)


def reading_order(words: Sequence[Word]) -> tuple[Word, ...]:
    """Words of one page sorted top to bottom, left to right (via ``build_lines``)."""
    return tuple(w for line in build_lines(words) for w in line.words)
