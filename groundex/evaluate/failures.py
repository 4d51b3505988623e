"""Failure pictures: each page with its wrong or ungrounded fields, predicted boxes red, true boxes green."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from groundex.evaluate.score import Outcome
from groundex.load import load
from groundex.types import BBox

RED = (220, 38, 38)
GREEN = (22, 163, 74)
MIN_SIDE = 900
PANEL = 640
_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(_FONT, size)
    except OSError:
        return ImageFont.load_default(size=size)


def _rect(draw: ImageDraw.ImageDraw, box: BBox, size: tuple[int, int], color: tuple[int, int, int],
          width: int) -> tuple[float, float]:  # fmt: skip
    x0, y0, x1, y1 = box.to_pixels(*size)
    draw.rectangle((x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)), outline=color, width=width)
    return x0, y0


def _label(outcome: Outcome, n: int) -> str:
    why = "ungrounded" if outcome.correct else "wrong" if outcome.returned else "missing"
    why = "false positive" if outcome.false_positive else why
    row = "" if outcome.row is None else f" (row {outcome.row})"
    return (
        f"{n}. {outcome.field}{row} [{why}, {outcome.bucket or '-'}]\n"
        f"   expected: {outcome.expected}\n   predicted: {outcome.predicted}"
    )


def draw_page(image: Image.Image, page: int, failures: Sequence[Outcome]) -> Image.Image:
    """The page scaled to at least 900 px, boxes numbered, and a side panel listing each failure."""
    scale = max(1.0, MIN_SIDE / min(image.size))
    page_img = image.convert("RGB").resize((round(image.width * scale), round(image.height * scale)))
    size = page_img.size
    font = _font(16)
    lines: list[str] = []
    for n, o in enumerate(failures, 1):
        for text in _label(o, n).split("\n"):
            lines += textwrap.wrap(text, 70, subsequent_indent="      ") or [""]
    height = max(size[1], 22 * len(lines) + 20)
    canvas = Image.new("RGB", (size[0] + PANEL, height), "white")
    canvas.paste(page_img, (0, 0))
    draw = ImageDraw.Draw(canvas)
    for n, o in enumerate(failures, 1):
        for color, boxes in ((GREEN, o.truth_boxes), (RED, tuple(b.bbox for b in o.boxes))):
            for b in boxes:
                if b.page != page:
                    continue
                x0, y0 = _rect(draw, b, size, color, 3)
                draw.text((x0, max(0.0, y0 - 18)), str(n), fill=color, font=font)
    y = 10
    for text in lines:
        draw.text((size[0] + 12, y), text, fill=(20, 20, 20), font=font)
        y += 22
    return canvas


def write_failures(image_path: Path, failures: Sequence[Outcome], out: Path, stem: str) -> list[Path]:
    """One PNG per page that has failures (``stem.png``, or ``stem-p1.png`` … for later pages)."""
    if not failures:
        return []
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with load(image_path) as loaded:
        for src in loaded.pages:
            on_page = [
                o for o in failures
                if any(b.page == src.index for b in o.truth_boxes)
                or any(b.bbox.page == src.index for b in o.boxes)
                or (src.index == 0 and not o.truth_boxes and not o.boxes)
            ]  # fmt: skip
            if not on_page:
                continue
            name = f"{stem}.png" if src.index == 0 else f"{stem}-p{src.index}.png"
            draw_page(src.render(100), src.index, on_page).save(out / name)
            written.append(out / name)
    return written
