"""Load stage: sniff, validate and open an image or PDF into renderable pages.

Formats are recognised by their magic bytes, never by extension. Images are size-checked from
their header before any pixel is decoded; PDFs are opened with pdfium and only the selected pages
are touched. The PDF text layer is read into word boxes (normalized, top-left origin).
"""

from __future__ import annotations

import ctypes
import math
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageFile, ImageOps

from groundex.errors import (
    DocumentError,
    LimitExceededError,
    PageRangeError,
    PasswordRequiredError,
    UnsupportedFormatError,
)
from groundex.types import BBox, Word

__all__ = ["Limits", "Loaded", "PageSource", "load", "sniff"]

DEFAULT_DPI = 300
RENDER_MAX_PIXELS = 12_000_000
PDF_MEDIA_TYPE = "application/pdf"

# pdfium is not thread-safe, not even across documents.
_PDFIUM_LOCK = threading.RLock()

_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, MemoryError)


@dataclass(frozen=True)
class Limits:
    """Input limits: pixels per page/frame, pages processed, bytes read."""

    max_pixels: int = 60_000_000
    max_pages: int = 2000
    max_bytes: int = 200 * 1024 * 1024


@dataclass(frozen=True)
class PageSource:
    """One selected page: its size, its PDF text layer and a way to render it.

    ``width``/``height`` are pixels for images and PDF points for PDFs (as displayed, after
    rotation). ``image_coverage`` is the fraction of the page covered by its largest image
    (1.0 for image files; for PDFs only measured when the text layer is small, else 0.0).
    """

    index: int
    width: float
    height: float
    _render: Callable[[int | None], Image.Image] = field(repr=False, compare=False)
    text_words: tuple[Word, ...] = ()
    image_coverage: float = 0.0
    _dpi: Callable[[int | None], float] | None = field(default=None, repr=False, compare=False)

    @property
    def is_pdf(self) -> bool:
        """Whether sizes are PDF points (else pixels)."""
        return self._dpi is not None

    def render_dpi(self, dpi: int | None = None) -> float:
        """The effective dpi ``render(dpi)`` uses (72 for images: one pixel per unit)."""
        return 72.0 if self._dpi is None else self._dpi(dpi)

    def render_size(self, dpi: int | None = None) -> tuple[int, int]:
        """Pixel size of ``render(dpi)`` without rendering."""
        scale = self.render_dpi(dpi) / 72.0
        return max(1, math.ceil(self.width * scale)), max(1, math.ceil(self.height * scale))

    def render(self, dpi: int | None = None) -> Image.Image:
        """The page as an RGB image (images: as loaded; PDFs: rendered, by default at 300 dpi
        capped to ~12 MP and ``Limits.max_pixels``). Do not mutate the returned image."""
        return self._render(dpi)


@dataclass(frozen=True)
class Loaded:
    """An opened document: provenance plus the selected pages. Close it (or use ``with``)."""

    name: str
    media_type: str
    page_count: int
    pages: tuple[PageSource, ...]
    _close: Callable[[], None] = field(repr=False, compare=False, default=lambda: None)

    def close(self) -> None:
        """Release the underlying PDF handle (idempotent); pages can no longer be rendered."""
        self._close()

    def __enter__(self) -> Loaded:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __iter__(self) -> Iterator[PageSource]:
        return iter(self.pages)

    def __len__(self) -> int:
        return len(self.pages)


def sniff(data: bytes) -> str:
    """The media type of ``data`` from its magic bytes; raises UnsupportedFormatError."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "image/tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"BM") and int.from_bytes(data[14:18], "little") in (12, 16, 40, 52, 56, 64, 108, 124):
        return "image/bmp"
    if b"%PDF-" in data[:1024]:
        return PDF_MEDIA_TYPE
    shown = data[:12]
    text = shown.decode("ascii", "replace") if all(32 <= b < 127 for b in shown) else shown.hex(" ")
    raise UnsupportedFormatError(f"not an image or PDF (starts with {text!r})")


def load(
    source: str | Path | bytes | Image.Image,
    pages: Sequence[int] | None = None,
    limits: Limits = Limits(),
    password: str | None = None,
) -> Loaded:
    """Open ``source`` (path, bytes or PIL image), keeping only the 0-based ``pages`` selected.

    Raises DocumentError (or a subclass: UnsupportedFormatError, PasswordRequiredError,
    LimitExceededError, PageRangeError) with a one-line reason.
    """
    if isinstance(source, Image.Image):
        name = Path(str(getattr(source, "filename", "") or "")).name or "<image>"
        fmt = source.format or ""
        media = Image.MIME.get(fmt.upper(), "image/png") if fmt else "image/png"
        return _load_image(source, name, media, pages, limits)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = "<bytes>"
        if len(data) > limits.max_bytes:
            raise LimitExceededError(f"input is {len(data)} bytes, above the limit of {limits.max_bytes}")
    else:
        path = Path(source)
        name = path.name
        data = _read_file(path, limits)
    if not data:
        raise DocumentError("empty file")
    media = sniff(data)
    if media == PDF_MEDIA_TYPE:
        return _load_pdf(data, name, pages, limits, password)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise LimitExceededError(f"image too large: {exc}") from exc
    except _IMAGE_ERRORS as exc:
        raise DocumentError(f"truncated or corrupt image: {exc}") from exc
    with image:
        return _load_image(image, name, media, pages, limits)


def _read_file(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DocumentError(f"{path} is a directory, not a document")
        if size > limits.max_bytes:
            raise LimitExceededError(f"{path.name} is {size} bytes, above the limit of {limits.max_bytes}")
        with path.open("rb") as fh:
            return fh.read(limits.max_bytes + 1)
    except FileNotFoundError as exc:
        raise DocumentError(f"no such file: {path}") from exc
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _select(pages: Sequence[int] | None, count: int, limits: Limits) -> list[int]:
    if pages is None:
        selected = list(range(count))
    else:
        selected = list(dict.fromkeys(int(p) for p in pages))
        if not selected:
            raise PageRangeError("no pages selected")
        bad = [p for p in selected if not 0 <= p < count]
        if bad:
            raise PageRangeError(
                f"page {bad[0]} out of range: the document has {count} page{'s' if count != 1 else ''}"
                f" (0-based, valid 0..{count - 1})"
            )
    if len(selected) > limits.max_pages:
        raise LimitExceededError(f"{len(selected)} pages selected, above the limit of {limits.max_pages}")
    return selected


# ---------------------------------------------------------------- images


def _check_pixels(width: int, height: int, limits: Limits) -> None:
    if width * height > limits.max_pixels:
        raise LimitExceededError(
            f"image is {width}x{height} = {width * height} pixels, above the limit of {limits.max_pixels}"
        )


def _to_rgb(image: Image.Image) -> Image.Image:
    """Upright RGB: EXIF orientation applied, alpha composited on white, other modes converted."""
    image = ImageOps.exif_transpose(image) or image
    mode = image.mode
    if mode == "RGB":
        return image
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        mode = image.mode
    if mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if mode.startswith("I;16") or mode in ("I", "F"):
        values = np.asarray(image.convert("F"), dtype=np.float32)
        lo, hi = float(values.min()), float(values.max())
        scaled = (values - lo) * (255.0 / (hi - lo) if hi > lo else 1.0)
        image = Image.fromarray(scaled.clip(0, 255).astype(np.uint8))
    return image.convert("RGB")


def _image_page(image: Image.Image, index: int) -> PageSource:
    def render(dpi: int | None = None) -> Image.Image:
        return image

    return PageSource(
        index=index,
        width=float(image.width),
        height=float(image.height),
        image_coverage=1.0,
        _render=render,
    )


def _load_image(
    image: Image.Image, name: str, media: str, pages: Sequence[int] | None, limits: Limits
) -> Loaded:
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise DocumentError("refusing to load images while PIL.ImageFile.LOAD_TRUNCATED_IMAGES is set")
    _check_pixels(image.width, image.height, limits)
    try:
        count = int(getattr(image, "n_frames", 1) or 1)
        selected = _select(pages, count, limits)
        out: list[PageSource] = []
        for index in selected:
            if count > 1:
                image.seek(index)
            _check_pixels(image.width, image.height, limits)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image.load()
                frame = image.copy() if count > 1 else image
                if count > 1 and frame.info.get("exif") is None and image.getexif():
                    frame.info["exif"] = image.getexif().tobytes()
                rgb = _to_rgb(frame)
            if rgb is image:
                rgb = image.copy()
            out.append(_image_page(rgb, index))
    except Image.DecompressionBombError as exc:
        raise LimitExceededError(f"image too large: {exc}") from exc
    except _IMAGE_ERRORS as exc:
        raise DocumentError(f"truncated or corrupt image: {exc}") from exc
    return Loaded(name=name, media_type=media, page_count=count, pages=tuple(out))


# ---------------------------------------------------------------- PDF


class _PdfHandle:
    """Owns the pdfium document; renders pages on demand under the global pdfium lock."""

    def __init__(self, doc: Any, limits: Limits) -> None:
        self.doc: Any = doc
        self.limits = limits

    def close(self) -> None:
        with _PDFIUM_LOCK:
            if self.doc is not None:
                self.doc.close()
                self.doc = None

    def dpi(self, width: float, height: float, dpi: int | None) -> float:
        area = max(width * height, 1.0)
        cap = math.sqrt(self.limits.max_pixels / area) * 72.0
        if dpi is None:
            return max(1.0, min(float(DEFAULT_DPI), math.sqrt(RENDER_MAX_PIXELS / area) * 72.0, cap))
        if dpi <= 0:
            raise ValueError("dpi must be positive")
        return max(1.0, min(float(dpi), cap))

    def render(self, index: int, width: float, height: float, dpi: int | None) -> Image.Image:
        scale = self.dpi(width, height, dpi) / 72.0
        with _PDFIUM_LOCK:
            if self.doc is None:
                raise DocumentError("document is closed")
            page = self.doc[index]
            try:
                bitmap = page.render(scale=scale, rev_byteorder=True)
                raw: Image.Image = bitmap.to_pil()
                image = raw.convert("RGB") if raw.mode != "RGB" else raw.copy()
                bitmap.close()
            finally:
                page.close()
        return image


def _open_pdf(data: bytes, password: str | None) -> Any:
    with _PDFIUM_LOCK:
        try:
            return pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == pdfium_c.FPDF_ERR_PASSWORD:
                if password:
                    raise PasswordRequiredError("PDF is encrypted: wrong password") from exc
                raise PasswordRequiredError("PDF is encrypted: password required") from exc
            if code == pdfium_c.FPDF_ERR_SECURITY:
                raise DocumentError("PDF uses an unsupported security scheme") from exc
            raise DocumentError("truncated or corrupt PDF: cannot parse its structure") from exc


def _load_pdf(
    data: bytes, name: str, pages: Sequence[int] | None, limits: Limits, password: str | None
) -> Loaded:
    doc = _open_pdf(data, password)
    handle = _PdfHandle(doc, limits)
    try:
        with _PDFIUM_LOCK:
            count = len(doc)
            if count <= 0:
                raise DocumentError("truncated or corrupt PDF: it has no pages")
            selected = _select(pages, count, limits)
            out = [_pdf_page(doc, index, handle, limits) for index in selected]
    except BaseException:
        handle.close()
        raise
    return Loaded(
        name=name, media_type=PDF_MEDIA_TYPE, page_count=count, pages=tuple(out), _close=handle.close
    )


def _pdf_page(doc: Any, index: int, handle: _PdfHandle, limits: Limits) -> PageSource:
    try:
        page = doc[index]
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"truncated or corrupt PDF: cannot load page {index}") from exc
    try:
        width, height = (float(v) for v in page.get_size())
        if width <= 0 or height <= 0:
            raise DocumentError(f"PDF page {index} has an empty size")
        words = _text_words(page, index)
        coverage = 0.0
        alnum = sum(sum(c.isalnum() for c in w.text) for w in words)
        if alnum < 200:
            coverage = _image_coverage(page)
    except pdfium.PdfiumError as exc:
        raise DocumentError(f"truncated or corrupt PDF: cannot read page {index}: {exc}") from exc
    finally:
        page.close()

    def render(dpi: int | None = None) -> Image.Image:
        return handle.render(index, width, height, dpi)

    def dpi_of(dpi: int | None = None) -> float:
        return handle.dpi(width, height, dpi)

    return PageSource(
        index=index,
        width=width,
        height=height,
        text_words=words,
        image_coverage=coverage,
        _render=render,
        _dpi=dpi_of,
    )


def _page_transform(page: Any) -> Callable[[float, float], tuple[float, float]]:
    """PDF user-space point -> normalized top-left point on the page as displayed."""
    left, bottom, right, top = page.get_bbox()
    bw = (right - left) or 1.0
    bh = (top - bottom) or 1.0
    rotation = page.get_rotation() % 360

    def transform(x: float, y: float) -> tuple[float, float]:
        u = (x - left) / bw
        v = (top - y) / bh
        if rotation == 90:
            return 1.0 - v, u
        if rotation == 180:
            return 1.0 - u, 1.0 - v
        if rotation == 270:
            return v, 1.0 - u
        return u, v

    return transform


def _text_words(page: Any, index: int) -> tuple[Word, ...]:
    """One Word per whitespace-separated run of characters, boxed by its tight char boxes."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return ()
        transform = _page_transform(page)
        raw = textpage.raw
        runs: list[tuple[str, float, float, float, float]] = []  # text, l, b, r, t in user space
        chars: list[str] = []
        box: list[float] = []
        get_unicode = pdfium_c.FPDFText_GetUnicode
        get_box = pdfium_c.FPDFText_GetCharBox
        cl, cr, cb, ct = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        for i in range(count + 1):
            code = get_unicode(raw, i) if i < count else 32
            if code in (0, 0xFFFE, 0xFFFF):
                continue
            ch = chr(code)
            if ch.isspace():
                if chars and box:
                    runs.append(("".join(chars), box[0], box[1], box[2], box[3]))
                chars.clear()
                box.clear()
                continue
            if not ch.isprintable() or not get_box(raw, i, cl, cr, cb, ct):  # tight box, l-r-b-t order
                continue
            left, bottom, right, top = cl.value, cb.value, cr.value, ct.value
            if right <= left and top <= bottom:
                chars.append(ch)
                continue
            if box:
                if _jumps(box, left, bottom, right, top) and _horizontal(raw, i):
                    runs.append(("".join(chars), box[0], box[1], box[2], box[3]))
                    chars.clear()
                    box[:] = [left, bottom, right, top]
                else:
                    if left < box[0]:
                        box[0] = left
                    if bottom < box[1]:
                        box[1] = bottom
                    if right > box[2]:
                        box[2] = right
                    if top > box[3]:
                        box[3] = top
            else:
                box.extend((left, bottom, right, top))
            chars.append(ch)
        words: list[Word] = []
        for text, left, bottom, right, top in runs:
            text = text.strip()
            if text:
                xa, ya = transform(left, top)
                xb, yb = transform(right, bottom)
                words.append(Word(text, BBox.from_xyxy(xa, ya, xb, yb, index), 1.0, "pdf-text"))
        return tuple(words)
    finally:
        textpage.close()


def _horizontal(raw: Any, i: int) -> bool:
    angle = float(pdfium_c.FPDFText_GetCharAngle(raw, i))
    return angle < 0.05 or angle > 2 * math.pi - 0.05


def _jumps(box: list[float], left: float, bottom: float, right: float, top: float) -> bool:
    """A char that jumps to another row, backwards or far ahead (for horizontal text)."""
    size = max(top - bottom, box[3] - box[1], 1e-6)
    if bottom > box[3] or top < box[1]:
        return True
    return left < box[0] - size * 0.5 or left > box[2] + size


def _image_coverage(page: Any) -> float:
    """Fraction of the page area covered by its largest image object."""
    left, bottom, right, top = page.get_bbox()
    area = max((right - left) * (top - bottom), 1e-9)
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        ol, ob, orr, ot = obj.get_bounds()
        w = min(orr, right) - max(ol, left)
        h = min(ot, top) - max(ob, bottom)
        if w > 0 and h > 0:
            best = max(best, w * h / area)
    return min(best, 1.0)
