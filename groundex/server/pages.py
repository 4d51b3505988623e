"""Page pictures for viewers: sizes and PNGs in the frame the boxes are normalized to (``groundex.load``:
PDF pages rendered by pdfium, images as loaded with their EXIF orientation applied)."""

from __future__ import annotations

import math
from io import BytesIO
from pathlib import Path

from PIL import Image

from groundex.errors import PageRangeError
from groundex.load import Limits, load
from groundex.server.problems import ApiError


def page_sizes(path: Path, limits: Limits) -> list[tuple[int, int]]:
    """The pixel size of every page as rendered."""
    with load(path, limits=limits) as loaded:
        return [page.render_size() for page in loaded.pages]


def page_png(path: Path, index: int, max_side: int, limits: Limits) -> bytes:
    """Page ``index`` (0-based) as a PNG whose longer side is at most ``max_side`` pixels."""
    try:
        loaded = load(path, pages=[index], limits=limits)
    except PageRangeError as exc:
        raise ApiError(404, str(exc)) from None
    with loaded:
        page = loaded.pages[0]
        if page.is_pdf:
            dpi = max(1, math.ceil(72.0 * max_side / max(page.width, page.height)))
            image = page.render(dpi)
        else:
            image = page.render()
        if max(image.size) > max_side:
            image = image.copy()
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out = BytesIO()
        image.save(out, format="PNG", optimize=False, compress_level=3)
        return out.getvalue()
