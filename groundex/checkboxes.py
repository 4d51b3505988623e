"""Ticked check boxes on a page image: a printed square about a text line high with a tick or a cross inside,
which OCR engines read as nothing. Each becomes a ``☑`` word beside the option it marks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from PIL import Image

from groundex.types import BBox, Word
from groundex.values import is_mark

__all__ = ["with_ticked_boxes"]

INK = 140
"""Grey level below which a pixel is ink."""
FAINT = 180
"""Grey level below which a pixel may be a box's thin frame, drawn grey on a low-resolution scan: a box
framed only at this level needs clear paper on both sides at it too (a letter's anti-aliased edges touch the
next)."""
PAPER_GREY = 190
PAPER = 0.5
"""Least share of pixels at ``PAPER_GREY`` or lighter: a page of paper, not a card or a photo."""
SIZE = (0.6, 2.5)
"""A box's side, in median word heights."""
SQUARE = (0.7, 1.8)
"""A box's width over its height."""
EDGE = 0.8
"""Least share of each side of a box's frame that is ink."""
INSIDE = 0.04
"""Least share of ink inside the frame (inset by a quarter of the side, at least three pixels) for a box to be
ticked."""
FULL = 0.5
"""A frame at least this full inside is a blot or a filled glyph, not a box."""
APART = 0.25
"""Clear paper on both sides of a box, in box heights (a letter touches its neighbours)."""
MIN_SIDE = 10
"""Least side of a box in pixels: smaller framed specks are letters of a small print."""
CONFIDENCE = 0.9
_GLYPHS = 3
_FRAME = "[](){}|"
_BOXED_X = frozenset("区冈凶図☒⊠")
"""How a character reader spells a box with a cross in it."""


def _median_height(words: Sequence[Word], height: int) -> float:
    heights = sorted(w.bbox.h * height for w in words if any(c.isalnum() for c in w.text))
    return heights[len(heights) // 2] if heights else 0.0


def _framed(ink: np.ndarray) -> bool:
    """Whether a crop is framed by four straight lines: within the outer band of each side (an eighth of the
    side, at least two pixels) one row or column is ink along most of its length. Letters fail (``O``, ``D``
    curve, ``H`` and ``E`` leave sides open)."""
    h, w = ink.shape
    band_y, band_x = max(2, h // 8), max(2, w // 8)
    rows = ink.mean(axis=1)
    cols = ink.mean(axis=0)
    sides = (rows[:band_y], rows[-band_y:], cols[:band_x], cols[-band_x:])
    return all(float(side.max()) >= EDGE for side in sides)


def _apart(ink: np.ndarray, x: int, y: int, w: int, h: int) -> bool:
    """Whether clear paper (``APART``) lies on both sides of a box."""
    gap = max(2, math.ceil(h * APART))
    left = ink[y : y + h, max(0, x - gap) : x]
    right = ink[y : y + h, x + w : x + w + gap]
    return not left.any() and not right.any()


def _over(box: BBox, word: Word) -> bool:
    return word.bbox.x <= box.cx <= word.bbox.x1 and word.bbox.y <= box.cy <= word.bbox.y1


def _boxed_with(box: BBox, word: Word) -> bool:
    """Whether OCR boxed an option's label together with the check box before it: a word of more than three
    characters whose box starts at the check box."""
    return len(word.text) > _GLYPHS and _over(box, word) and abs(word.bbox.x - box.x) <= box.w / 2


def _read_as(box: BBox, words: Sequence[Word]) -> tuple[Word, ...] | None:
    """The words OCR read over the box's middle (the label boxed with it aside) when they spell a tick (``X``,
    ``[X]``, ``区``): the box read as a glyph. None when a word there is text: ink inside a word is a letter,
    no check box."""
    over = tuple(w for w in words if _over(box, w) and not _boxed_with(box, w))
    return over if all(is_mark(w.text.strip(_FRAME)) or w.text in _BOXED_X for w in over) else None


def _boxes(image: Image.Image, words: Sequence[Word], page: int) -> list[tuple[BBox, tuple[Word, ...]]]:
    """Ticked check boxes on ``image``, each with the words OCR read it as (none, or a tick). The pieces of
    ink are the outer contours of a two-level contour tree (components inside another's hole included)."""
    import cv2

    width, height = image.size
    line = _median_height(words, height)
    if line < 4:
        return []
    grey = np.asarray(image.convert("L"))
    if float((grey[::4, ::4] >= PAPER_GREY).mean()) < PAPER:
        return []
    ink = (grey < INK).astype(np.uint8)
    faint = grey < FAINT
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    outer = [c for c, links in zip(contours, hierarchy[0], strict=True) if links[3] < 0]
    out: list[tuple[BBox, tuple[Word, ...]]] = []
    for x, y, w, h in (cv2.boundingRect(c) for c in outer):
        if (
            min(w, h) < MIN_SIDE
            or not SIZE[0] * line <= h <= SIZE[1] * line
            or not SQUARE[0] <= w / h <= SQUARE[1]
        ):
            continue
        crop = ink[y : y + h, x : x + w]
        framed = _framed(crop) or (_framed(faint[y : y + h, x : x + w]) and _apart(faint, x, y, w, h))
        if not framed or not _apart(ink, x, y, w, h):
            continue
        dy, dx = max(3, h // 4), max(3, w // 4)
        inside = float(crop[dy : h - dy, dx : w - dx].mean())
        if not INSIDE <= inside < FULL:
            continue
        box = BBox(x / width, y / height, w / width, h / height, page)
        read_as = _read_as(box, words)
        if read_as is not None:
            out.append((box, read_as))
    return out


def with_ticked_boxes(image: Image.Image, words: Sequence[Word], page: int) -> tuple[Word, ...]:
    """``words`` with a ``☑`` word for every ticked check box on ``image``, in place of the tick OCR read in
    it if any (``X``, ``[X]``); a label boxed together with its check box starts after it. Only on a page that
    is mostly white paper (a form, not a card or a photo)."""
    found = _boxes(image, words, page)
    boxes = [box for box, _ in found]
    ticks = {id(w) for _, read_as in found for w in read_as}
    out = []
    for word in words:
        if id(word) in ticks:
            continue
        box = next((b for b in boxes if _boxed_with(b, word)), None)
        if box is not None:
            x = min(box.x1 + box.w / 4, word.bbox.x1 - 1e-4)
            word = replace(word, bbox=replace(word.bbox, x=x, w=word.bbox.x1 - x))
        out.append(word)
    out += [Word("\u2611", box, CONFIDENCE, "checkbox") for box in boxes]
    return tuple(out)
