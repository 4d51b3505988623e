"""Evidence words to boxes: one tight box per printed run (line) of the value, per page."""

from __future__ import annotations

from collections.abc import Sequence

from groundex.types import BBox, Grounding, Word


def _runs(words: Sequence[Word]) -> list[list[int]]:
    """Indices of consecutive words that sit on one line (same page, vertically overlapping)."""
    runs: list[list[int]] = []
    for i, w in enumerate(words):
        if runs:
            prev = words[runs[-1][-1]].bbox
            box = w.bbox
            same_line = (
                box.page == prev.page
                and box.shared_height(prev) > 0.4 * min(box.h, prev.h)
                and box.x >= prev.x - 0.01
            )
            if same_line:
                runs[-1].append(i)
                continue
        runs.append([i])
    return runs


def _trim(box: BBox, text: str, head: int, tail: int) -> BBox:
    """Shrink a word box horizontally to the characters a value covers (proportional to character count)."""
    n = len(text)
    if n == 0 or (head == 0 and tail == 0):
        return box
    per = box.w / n
    return BBox(box.x + head * per, box.y, max(box.w - (head + tail) * per, per), box.h, box.page)


def ground(words: Sequence[Word], head: int = 0, tail: int = 0) -> tuple[Grounding, ...]:
    """Boxes for a value read from ``words``; ``head``/``tail`` trim characters off the first/last word."""
    out = []
    last = len(words) - 1
    for run in _runs(words):
        parts: list[str] = []
        box: BBox | None = None
        confs = []
        for i in run:
            w = words[i]
            h = head if i == 0 else 0
            t = tail if i == last else 0
            wb = _trim(w.bbox, w.text, h, t)
            parts.append(w.text[h : len(w.text) - t] if t else w.text[h:])
            box = wb if box is None else box.union(wb)
            confs.append(w.confidence)
        assert box is not None
        out.append(Grounding(" ".join(parts), box, round(sum(confs) / len(confs), 4)))
    return tuple(out)
