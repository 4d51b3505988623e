"""Page images with every grounded field boxed and labelled."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from groundex.types import FieldResult

COLORS = {"hi": (22, 163, 74), "med": (217, 119, 6), "low": (220, 38, 38)}
_FONT_PATHS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def annotate(images: Mapping[int, Image.Image], results: Mapping[str, FieldResult]) -> dict[int, Image.Image]:
    """Copies of the page images (by page index) with each field's boxes drawn, coloured by confidence."""
    out: dict[int, Image.Image] = {}
    for page, image in images.items():
        canvas = image.convert("RGB")
        draw = ImageDraw.Draw(canvas, "RGBA")
        width, height = canvas.size
        size = max(10, min(width, height) // 60)
        font = _font(size)
        for path, res in results.items():
            color = COLORS[res.bucket]
            for g in res.boxes:
                if g.bbox.page != page:
                    continue
                x0, y0, x1, y1 = g.bbox.to_pixels(width, height)
                draw.rectangle(
                    (x0, y0, x1, y1), outline=(*color, 255), width=max(2, size // 6), fill=(*color, 40)
                )
                label = path
                tw = draw.textlength(label, font=font)
                ty = max(0.0, y0 - size - 4)
                draw.rectangle((x0, ty, x0 + tw + 4, ty + size + 3), fill=(*color, 220))
                draw.text((x0 + 2, ty + 1), label, fill=(255, 255, 255, 255), font=font)
        out[page] = canvas
    return out
