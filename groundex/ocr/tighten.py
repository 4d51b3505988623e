"""Fit loose OCR word boxes to the ink they hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

import numpy as np

from groundex.types import BBox, Word

_MIN_SIDE = 4
_ROW_SHARE = 0.08
_MARGIN = 0.1
"""Side margin of a fitted word box, as a share of its ink height: a box drawn around a word leaves some
paper on either side, and a one-glyph word (``1``) is otherwise narrower than any box a reader draws."""
_GLYPH_CELL = 0.5
"""Least width of a one-glyph word's box, as a share of its ink height: a narrow glyph (``1``, ``l``, ``!``)
is boxed by the cell it is printed in, as a reader boxes it, not by its stroke."""
_OWN_SHARE = 0.6
"""Rows are trimmed to the word's own run only when other ink makes up most of the box's height."""
_CONTRAST = 40
_RULE_SHARE = 0.85
"""A row inked over this share of the box's width is a rule (the line a form's value is typed on), not the
word's ink."""
_ROW_GAP = 0.25
"""Blank rows inside a word (the dot of an ``i``, the two strokes of ``=``) up to this share of its ink
height; farther ink above or below belongs to the neighbouring lines of a slanted photo."""


def _otsu(values: np.ndarray) -> float:
    hist = np.bincount(values.ravel(), minlength=256).astype(float)
    total = hist.sum()
    if total == 0:
        return 128.0
    levels = np.arange(256, dtype=float)
    w0 = np.cumsum(hist)
    w1 = total - w0
    m0 = np.cumsum(hist * levels)
    mean0 = np.divide(m0, w0, out=np.zeros_like(m0), where=w0 > 0)
    mean1 = np.divide(m0[-1] - m0, w1, out=np.zeros_like(m0), where=w1 > 0)
    between = w0 * w1 * (mean0 - mean1) ** 2
    return float(np.argmax(between))


def _inked(profile: np.ndarray) -> np.ndarray:
    """Indices whose ink count is a real share of the densest row/column (none on a blank crop)."""
    peak = profile.max()
    if peak <= 0:
        return np.empty(0, dtype=np.intp)
    return np.flatnonzero(profile >= max(1.0, _ROW_SHARE * peak))


def _span(profile: np.ndarray) -> tuple[int, int] | None:
    """First and last inked index of a row/column profile."""
    idx = _inked(profile)
    return (int(idx[0]), int(idx[-1]) + 1) if idx.size else None


def _rows(profile: np.ndarray) -> tuple[int, int] | None:
    """The rows of the word's own ink: all inked rows, or, when the box is mostly other ink, the tallest run
    of inked rows and the runs close to it."""
    idx = _inked(profile)
    if not idx.size:
        return None
    breaks = np.flatnonzero(np.diff(idx) > 1)
    runs = [(int(r[0]), int(r[-1]) + 1) for r in np.split(idx, breaks + 1)]
    main = max(
        range(len(runs)),
        key=lambda i: (runs[i][1] - runs[i][0], float(profile[runs[i][0] : runs[i][1]].sum())),
    )
    lo, hi = runs[main]
    if hi - lo >= _OWN_SHARE * (runs[-1][1] - runs[0][0]):
        return runs[0][0], runs[-1][1]
    tolerance = max(2.0, _ROW_GAP * (hi - lo))
    for a, b in reversed(runs[:main]):
        if lo - b > tolerance:
            break
        lo = a
    for a, b in runs[main + 1 :]:
        if a - hi > tolerance:
            break
        hi = b
    return lo, hi


def tighten(words: Sequence[Word], gray: np.ndarray) -> list[Word]:
    """Each word's box fitted to its ink with a small side margin (see ``_MARGIN``); boxes too small to
    judge stay."""
    height, width = gray.shape
    out = []
    for w in words:
        x0, y0, x1, y1 = (round(v) for v in w.bbox.to_pixels(width, height))
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
        if x1 - x0 < _MIN_SIDE or y1 - y0 < _MIN_SIDE:
            out.append(w)
            continue
        ink = _without_rules(_ink(gray[y0:y1, x0:x1]))
        rows = _rows(ink.sum(axis=1))
        if rows is None:
            out.append(w)
            continue
        cols = _span(ink[rows[0] : rows[1]].sum(axis=0))
        if cols is None:
            out.append(w)
            continue
        ink_h = rows[1] - rows[0]
        margin = _MARGIN * ink_h
        if len(w.text.strip()) == 1:
            margin = max(margin, (_GLYPH_CELL * ink_h - (cols[1] - cols[0])) / 2)
        box = BBox.from_pixels(
            max(0.0, x0 + cols[0] - margin),
            y0 + rows[0],
            min(float(width), x0 + cols[1] + margin),
            y0 + rows[1],
            width,
            height,
            w.bbox.page,
        )
        out.append(replace(w, bbox=box))
    return out


def _ink(crop: np.ndarray) -> np.ndarray:
    ink = crop <= _otsu(crop)
    return ~ink if ink.mean() > 0.5 else ink


def _without_rules(ink: np.ndarray) -> np.ndarray:
    """``ink`` without its rule rows (``_RULE_SHARE``), unless they are all the ink there is."""
    rules = ink.mean(axis=1) >= _RULE_SHARE
    if not rules.any() or not ink[~rules].any():
        return ink
    out: np.ndarray = ink.copy()
    out[rules] = False
    return out


def ink_mask(crop: np.ndarray) -> np.ndarray | None:
    """The ink pixels of a grey crop (the minority side of its Otsu split); None for a crop of plain paper
    (less than ``_CONTRAST`` grey levels between its darkest percent and its median)."""
    if crop.size == 0:
        return None
    low, high = np.percentile(crop, (1, 50))
    if high - low < _CONTRAST:
        return None
    return _ink(crop)


def snap_to_gaps(
    words: Sequence[Word], line: tuple[float, float, float, float], gray: np.ndarray
) -> list[Word]:
    """Move the borders between a line's words onto the blank columns nearest to them.

    Engines that place words inside a line box from character positions often cut a word short; the
    white space between printed words is where the borders really are.
    """
    if not words:
        return []
    height, width = gray.shape
    x0, y0, x1, y1 = (round(v) for v in line)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
    if x1 - x0 < _MIN_SIDE or y1 - y0 < _MIN_SIDE:
        return list(words)
    profile = _ink(gray[y0:y1, x0:x1]).sum(axis=0)
    blank = profile <= max(1.0, 0.04 * (y1 - y0))
    gaps: list[tuple[int, int]] = []
    start = None
    for i, b in enumerate(blank):
        if b and start is None:
            start = i
        elif not b and start is not None:
            gaps.append((start, i))
            start = None
    inner = [(a + x0, b + x0) for a, b in gaps if b - a >= 2 and a > 0]
    lefts = [float(x0)]
    rights: list[float] = []
    char = (x1 - x0) / max(1, sum(len(w.text) for w in words) + len(words) - 1)
    for left, right in pairwise(words):
        guess = (left.bbox.x1 + right.bbox.x) / 2 * width
        near = min(inner, key=lambda g: abs((g[0] + g[1]) / 2 - guess), default=None)
        if near is not None and abs((near[0] + near[1]) / 2 - guess) <= 2 * char:
            rights.append(float(near[0]))
            lefts.append(float(near[1]))
        else:
            rights.append(left.bbox.x1 * width)
            lefts.append(right.bbox.x * width)
    rights.append(float(x1))
    out = []
    for w, a, b in zip(words, lefts, rights, strict=True):
        if b - a < 1:
            out.append(w)
            continue
        out.append(replace(w, bbox=BBox.from_pixels(a, y0, b, y1, width, height, w.bbox.page)))
    return out
