"""Box-set geometry for grounding, and the check that a box covers its own content."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from groundex.evaluate.shapes import PredBox
from groundex.evaluate.truth import TruthWord
from groundex.types import BBox

CONTENT_MATCH = 60.0


def union_by_page(boxes: Iterable[BBox]) -> dict[int, BBox]:
    """The union of the boxes on each page."""
    out: dict[int, BBox] = {}
    for b in boxes:
        out[b.page] = out[b.page].union(b) if b.page in out else b
    return out


def set_iou(predicted: Sequence[BBox], truth: Sequence[BBox]) -> float:
    """IoU of the per-page unions, averaged over every page either side uses (0 on a page only one uses)."""
    if not predicted or not truth:
        return 0.0
    a, b = union_by_page(predicted), union_by_page(truth)
    pages = set(a) | set(b)
    return sum(a[p].iou(b[p]) if p in a and p in b else 0.0 for p in pages) / len(pages)


def _squash(text: str) -> str:
    return "".join(text.casefold().split())


def supported(box: PredBox, words: Sequence[TruthWord]) -> bool:
    """Whether ``box`` overlaps a gt word of its page whose text shares characters with the box's content
    (rapidfuzz ``partial_ratio`` >= 60; any overlapping word when the content is empty)."""
    content = _squash(box.content)
    for w in words:
        if w.bbox.page != box.bbox.page or w.bbox.intersection(box.bbox) <= 0:
            continue
        text = _squash(w.text)
        if not content or (text and fuzz.partial_ratio(content, text) >= CONTENT_MATCH):
            return True
    return False
