"""Short text a detector missed just left of a line: uncovered ink, cut out to be read on its own.

Text detectors merge a column of one-glyph tokens (the ``1`` quantities down a receipt) into one tall
region and then drop it, so each item line loses its count. The ink is still on the page: left of a
detected line, not under any detected box, with clean paper before it and the height of a glyph.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from groundex.ocr.tighten import ink_mask

__all__ = ["missed_starts", "stacked"]

_REACH = 4.0
"""How far left of a line (in line heights) its missed start is looked for."""
_LEFT_CLEAN = 0.6
"""Clean paper (in line heights) before the missed ink: a token starts there, not a fragment of more. The
detector's box runs taller than its glyphs, so this is about a glyph's height: a count printed close to the
paper's edge on a photographed receipt is still found."""
_WORD_GAP = 0.5
"""Blank columns (in line heights) inside one missed token."""
_MAX_WIDTH = 3.0
_RUN = (0.4, 1.5)
"""The ink's uninterrupted vertical run, in line heights: a glyph, not a speck and not a rule or arrow."""
_STACK_HEIGHT = 1.6
"""A detected box this many times the page's median line height, over two or more lines, is a stack."""
_STACK_WIDTH = 1.5
_PAD = 0.3
_MIN_HEIGHT = 6


def missed_starts(
    gray: np.ndarray, lines: Sequence[tuple[float, float, float, float]]
) -> list[tuple[int, int, int, int]]:
    """Pixel boxes ``(x0, y0, x1, y1)`` of uncovered ink just left of each line in ``lines`` (pixels),
    padded for a recognizer; at most one per line."""
    height, width = gray.shape
    covered = np.zeros(gray.shape, dtype=bool)
    boxes = []
    for x0, y0, x1, y1 in lines:
        box = (max(0, int(x0)), max(0, int(y0)), min(width, int(np.ceil(x1))), min(height, int(np.ceil(y1))))
        covered[box[1] : box[3], box[0] : box[2]] = True
        boxes.append(box)
    out = []
    for x0, y0, x1, y1 in boxes:
        found = _missed(gray, covered, x0, y0, x1, y1)
        if found is not None:
            out.append(found)
    return out


def stacked(lines: Sequence[tuple[float, float, float, float]]) -> set[int]:
    """Indices of boxes that stack one-glyph tokens of several lines into one narrow tall box (``2`` over
    ``1`` read as ``21``): taller than ``_STACK_HEIGHT`` median line heights, narrower than ``_STACK_WIDTH``,
    with two or more lines to their right whose middles fall inside them."""
    if len(lines) < 3:
        return set()
    median = float(np.median([y1 - y0 for _, y0, _, y1 in lines]))
    out = set()
    for i, (x0, y0, x1, y1) in enumerate(lines):
        h = y1 - y0
        if h < _STACK_HEIGHT * median or x1 - x0 > _STACK_WIDTH * median:
            continue
        beside = sum(
            1
            for j, (a0, b0, _, b1) in enumerate(lines)
            if j != i
            and x1 <= a0 <= x1 + _REACH * median
            and y0 <= (b0 + b1) / 2 <= y1
            and b1 - b0 < 0.75 * h
        )
        if beside >= 2:
            out.add(i)
    return out


def _missed(
    gray: np.ndarray, covered: np.ndarray, x0: int, y0: int, x1: int, y1: int
) -> tuple[int, int, int, int] | None:
    h = y1 - y0
    if h < _MIN_HEIGHT:
        return None
    sx0, sx1 = max(0, int(x0 - (_REACH + _LEFT_CLEAN) * h)), int(x0 - 0.1 * h)
    if sx1 - sx0 < 3:
        return None
    band = ink_mask(gray[y0:y1, sx0:x1])
    if band is None:
        return None
    inset = max(1, int(0.1 * h))
    loose = band[inset : h - inset, : sx1 - sx0] & ~covered[y0 + inset : y1 - inset, sx0:sx1]
    if loose.sum() < 0.3 * loose.shape[0]:
        return None
    cols = np.flatnonzero(loose.any(axis=0))
    right = left = int(cols[-1])
    for c in cols[::-1]:
        if left - c > _WORD_GAP * h:
            break
        left = int(c)
    before = left - int(_LEFT_CLEAN * h)
    if before < 0 or sx0 + left < x0 - _REACH * h or band[inset : h - inset, before:left].any():
        return None
    if not 2 <= right + 1 - left <= _MAX_WIDTH * h:
        return None
    bx0, bx1 = sx0 + left, sx0 + right + 1
    if not _glyph_run(gray, bx0, bx1, y0, y1):
        return None
    pad = int(_PAD * h)
    return max(0, bx0 - pad), y0, min(gray.shape[1], bx1 + pad), y1


def _glyph_run(gray: np.ndarray, bx0: int, bx1: int, y0: int, y1: int) -> bool:
    """Whether the ink in columns ``bx0..bx1`` runs up and down like one glyph of a ``y0..y1`` line."""
    h = y1 - y0
    reach = int(0.25 * h)
    cx0, cx1 = max(0, bx0 - reach), min(gray.shape[1], bx1 + reach)
    top, bottom = max(0, y0 - 2 * h), min(gray.shape[0], y1 + 2 * h)
    ink = ink_mask(gray[top:bottom, cx0:cx1])
    if ink is None:
        return False
    rows: np.ndarray = np.asarray(ink.any(axis=1))
    own = np.flatnonzero(rows[y0 - top : y1 - top])
    if not own.size:
        return False
    middle = y0 - top + int(own[own.size // 2])
    lo = middle
    while lo > 0 and rows[lo - 1]:
        lo -= 1
    hi = middle
    while hi < rows.size - 1 and rows[hi + 1]:
        hi += 1
    run = hi - lo + 1
    return _RUN[0] * h <= run <= _RUN[1] * h and lo > 0 and hi < rows.size - 1
