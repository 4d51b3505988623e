"""Hand-placed words for locator tests: text at normalized positions, no OCR involved."""

from __future__ import annotations

from groundex.layout import build_lines
from groundex.types import BBox, Document, Page, Word

CHAR_W = 0.012


def words_at(
    text: str, x: float, y: float, h: float = 0.03, page: int = 0, char_w: float = CHAR_W
) -> list[Word]:
    """The words of ``text`` laid out left to right from ``(x, y)`` with a fixed character width."""
    out = []
    for token in text.split(" "):
        if token:
            out.append(Word(token, BBox(x, y, len(token) * char_w, h, page), 0.95, "test"))
        x += (len(token) + 1) * char_w
    return out


def document(*placed: list[Word], pages: int = 1) -> Document:
    """A document whose pages hold the given words."""
    by_page: dict[int, list[Word]] = {p: [] for p in range(pages)}
    for words in placed:
        for w in words:
            by_page.setdefault(w.bbox.page, []).append(w)
    built = tuple(
        Page(i, 1000, 1000, tuple(ws), build_lines(ws), "test") for i, ws in sorted(by_page.items())
    )
    return Document(built, "sheet", "image/png", len(built))
