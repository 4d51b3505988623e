"""Read stage: words and lines for every loaded page, from the PDF text layer or from OCR."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PIL import Image

from groundex.checkboxes import with_ticked_boxes
from groundex.errors import UsageError
from groundex.layout import build_lines, page_slope
from groundex.load import Loaded, PageSource
from groundex.mend import mend
from groundex.ocr import ENGINES, OcrEngine, get_engine
from groundex.ocr.cache import recognize_cached
from groundex.spacing import with_spaces
from groundex.types import Document, Page, Word

__all__ = ["has_text_layer", "page_image", "read"]

#: A text layer with at least this many letters/digits is used even over a full-page image.
TEXT_CHARS = 200
#: Below TEXT_CHARS, a page whose largest image covers this much of it is treated as a scan.
SCAN_COVERAGE = 0.5


def has_text_layer(src: PageSource) -> bool:
    """Whether a page's PDF text layer is real text to read instead of OCR.

    Used when it has >= 200 letters/digits (a scan with an OCR layer counts), or any text at
    all while no image covers half the page (a born-digital page with little text).
    """
    alnum = sum(sum(c.isalnum() for c in w.text) for w in src.text_words)
    if alnum >= TEXT_CHARS:
        return True
    return alnum > 0 and src.image_coverage < SCAN_COVERAGE


def read(loaded: Loaded, ocr: str = "auto", render: bool = False, ocr_cache: Path | None = None) -> Document:
    """Read every page of ``loaded`` into a Document.

    Pages with a usable text layer take its words (source "pdf-text") without rendering, unless
    ``render`` asks for their image too; other pages are rendered and read by the ``ocr``
    engine (source: the engine that produced the words), their words split where the ink shows a space the
    engine dropped (``groundex.spacing``) and mended (``groundex.mend``), with a
    ``☑`` word for every ticked check box the engine did not read (``groundex.checkboxes``).
    ``Page.width``/``height`` are the pixel size of the page's default render, ``Page.index`` its index in
    the file. ``ocr_cache``: a directory where OCR results are kept and found again (``groundex.ocr.cache``).
    """
    if ocr not in ENGINES:
        raise UsageError(f"unknown OCR engine {ocr!r} (choose from {', '.join(sorted(ENGINES))})")
    engine: OcrEngine | None = None
    pages: list[Page] = []
    ocr_pages: list[int] = []
    for src in loaded.pages:
        image: Image.Image | None = None
        if has_text_layer(src):
            words: tuple[Word, ...] = src.text_words
            source = "pdf-text"
            width, height = src.render_size()
            if render:
                image = src.render()
                width, height = image.size
        else:
            image = src.render()
            width, height = image.size
            if engine is None:
                engine = get_engine(ocr)
            raw = (
                recognize_cached(engine, image, src.index, ocr_cache)
                if ocr_cache is not None
                else engine.recognize(image, src.index)
            )
            words = with_ticked_boxes(image, mend(with_spaces(image, raw)), src.index)
            source = _source(words, engine.name)
            ocr_pages.append(src.index)
        pages.append(
            Page(
                index=src.index,
                width=width,
                height=height,
                words=words,
                lines=build_lines(words, page_slope(words, width / height)),
                source=source,
                image=image,
            )
        )
    return Document(
        pages=tuple(pages),
        name=loaded.name,
        media_type=loaded.media_type,
        page_count=loaded.page_count,
        ocr_pages=tuple(ocr_pages),
    )


def page_image(loaded: Loaded, page: Page) -> Image.Image:
    """The image of a read page: the one OCR used, or a fresh render sized like ``page``."""
    if page.image is not None:
        return page.image
    for src in loaded.pages:
        if src.index == page.index:
            image = src.render()
            if image.size != (page.width, page.height):
                image = image.resize((page.width, page.height), Image.Resampling.BILINEAR)
            return image
    raise UsageError(f"page {page.index} is not among the loaded pages")


def _source(words: tuple[Word, ...], default: str) -> str:
    if not words:
        return default
    return Counter(w.source for w in words).most_common(1)[0][0]
