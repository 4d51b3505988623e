"""The OCR engine protocol and small helpers shared by engines."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from groundex.types import BBox, Word

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["OcrEngine", "mean_confidence", "split_line"]


@runtime_checkable
class OcrEngine(Protocol):
    """Reads an RGB image into word-level Words with boxes normalized to the image.

    ``recognize`` returns one Word per whitespace-separated word, ``confidence`` in 0..1 and
    ``source`` set to the engine name; ``page`` goes into every box.
    """

    name: ClassVar[str]

    def recognize(self, image: Image.Image, page: int) -> list[Word]: ...

    @classmethod
    def available(cls) -> tuple[bool, str]:
        """Whether the engine can run here, with a one-line reason."""
        ...


def mean_confidence(words: list[Word]) -> float:
    """Mean word confidence (0 for no words)."""
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def split_line(
    text: str,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    width: float,
    height: float,
    page: int,
    confidence: float,
    source: str,
) -> list[Word]:
    """Split a line box (pixels) into word boxes proportionally to character counts."""
    if not text.strip() or x1 <= x0:
        return []
    span = (x1 - x0) / len(text)
    out: list[Word] = []
    pos = 0
    for token in text.split(" "):
        if token:
            a = x0 + pos * span
            b = x0 + (pos + len(token)) * span
            out.append(Word(token, BBox.from_pixels(a, y0, b, y1, width, height, page), confidence, source))
        pos += len(token) + 1
    return out
