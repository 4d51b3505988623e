"""Raster helpers: fonts, text runs with exact boxes, backgrounds and camera-like degradations."""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from groundex.synth.truth import PixBox

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
RGB = tuple[int, int, int]
Run = tuple[str, str | None, Font, RGB]
"""``text, tag, font, fill``: one piece of a row; tagged pieces get a box."""

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def font(name: str, size: int) -> Font:
    """A DejaVu font by file stem (``DejaVuSans-Bold``), or Pillow's default at ``size``."""
    try:
        return ImageFont.truetype(str(FONT_DIR / f"{name}.ttf"), size)
    except OSError:
        return ImageFont.load_default(size=size)


class Canvas:
    """An RGB image to draw text on, returning the box of every tagged run."""

    def __init__(self, image: Image.Image) -> None:
        self.image = image
        self.draw = ImageDraw.Draw(image)

    def width_of(self, text: str, f: Font) -> float:
        return float(self.draw.textlength(text, font=f))

    def row(self, x: float, y: float, runs: Sequence[Run], align: str = "l") -> dict[str, PixBox]:
        """Draw ``runs`` side by side on baseline ``y`` from ``x`` (``align`` l/m/r); boxes by tag."""
        total = sum(self.width_of(t, f) for t, _, f, _ in runs)
        cur = x - (total if align == "r" else total / 2 if align == "m" else 0.0)
        boxes: dict[str, PixBox] = {}
        for text, tag, f, fill in runs:
            self.draw.text((cur, y), text, font=f, fill=fill, anchor="ls")
            core = text.strip()
            if tag and core:
                lead = self.width_of(text[: len(text) - len(text.lstrip())], f)
                boxes[tag] = self.draw.textbbox((cur + lead, y), core, font=f, anchor="ls")
            cur += self.width_of(text, f)
        return boxes

    def text(self, x: float, y: float, text: str, f: Font, fill: RGB, align: str = "l") -> PixBox:
        """Draw one run and return its box."""
        return self.row(x, y, [(text, "t", f, fill)], align)["t"]


def noise_field(size: tuple[int, int], rng: random.Random, cells: int = 8) -> np.ndarray:
    """Smooth random field in -1..1 (upsampled coarse noise)."""
    gen = np.random.default_rng(rng.getrandbits(32))
    coarse = gen.uniform(0, 255, (max(2, cells * size[1] // size[0]), cells)).astype(np.uint8)
    smooth = Image.fromarray(coarse).resize(size, Image.Resampling.BICUBIC)
    return np.asarray(smooth, dtype=np.float32) / 127.5 - 1.0


def gradient(size: tuple[int, int], left: RGB, right: RGB, rng: random.Random) -> Image.Image:
    """A diagonal two-colour gradient with faint mottling."""
    w, h = size
    xs = np.linspace(0, 1, w, dtype=np.float32)[None, :] * 0.75 + np.linspace(0, 1, h)[:, None] * 0.25
    a, b = np.array(left, np.float32), np.array(right, np.float32)
    img = a[None, None, :] * (1 - xs[..., None]) + b[None, None, :] * xs[..., None]
    img += noise_field(size, rng)[..., None] * 6
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")


def silhouette(canvas: Canvas, box: tuple[int, int, int, int]) -> None:
    """A grey portrait placeholder: head and shoulders in a frame."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    tile = Image.new("RGB", (w, h), (178, 180, 186))
    d = ImageDraw.Draw(tile)
    d.ellipse((w * 0.05, h * 0.64, w * 0.95, h * 1.4), fill=(126, 128, 136))
    d.ellipse((w * 0.28, h * 0.16, w * 0.72, h * 0.6), fill=(138, 140, 148))
    d.rectangle((0, 0, w - 1, h - 1), outline=(110, 112, 118), width=2)
    canvas.image.paste(tile, (x0, y0))


def guilloche(canvas: Canvas, rng: random.Random, colour: RGB, region: tuple[int, int, int, int]) -> None:
    """Faint security-pattern waves across ``region``."""
    x0, y0, x1, y1 = region
    for k in range(14):
        amp, freq, phase = rng.uniform(6, 18), rng.uniform(0.008, 0.02), rng.uniform(0, 6.3)
        base = y0 + (y1 - y0) * (k + 0.5) / 14
        pts = [(x, base + amp * math.sin(freq * x + phase)) for x in range(x0, x1, 6)]
        canvas.draw.line(pts, fill=colour, width=1)


def jpeg(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "PNG", optimize=True)
    return buf.getvalue()


def add_noise(image: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    """Gaussian sensor noise."""
    gen = np.random.default_rng(rng.getrandbits(32))
    arr = np.asarray(image, dtype=np.float32)
    arr = arr + gen.normal(0, sigma, arr.shape).astype(np.float32)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), image.mode)


def photograph(
    item: Image.Image,
    rng: random.Random,
    out: tuple[int, int] = (1280, 960),
    fill: float = 0.7,
    max_angle: float = 2.5,
    radius: int = 28,
) -> tuple[Image.Image, Callable[[PixBox], PixBox]]:
    """``item`` photographed on a table: scaled, rotated, lit unevenly, blurred and noisy.

    Returns the photo and the map from ``item`` pixel boxes to the photo's axis-aligned bounds.
    """
    w_out, h_out = out
    s = min(fill * w_out / item.width, 0.9 * h_out / item.height)
    th = math.radians(rng.uniform(0.8, max_angle) * rng.choice((-1, 1)))
    cos, sin = math.cos(th), math.sin(th)
    cx, cy = item.width / 2, item.height / 2
    tx = w_out / 2 + rng.uniform(-0.03, 0.03) * w_out
    ty = h_out / 2 + rng.uniform(-0.03, 0.03) * h_out

    def fwd(x: float, y: float) -> tuple[float, float]:
        dx, dy = x - cx, y - cy
        return s * (cos * dx - sin * dy) + tx, s * (sin * dx + cos * dy) + ty

    inv = (
        cos / s,
        sin / s,
        cx - (cos * tx + sin * ty) / s,
        -sin / s,
        cos / s,
        cy - (-sin * tx + cos * ty) / s,
    )
    table = rng.choice([(122, 88, 58), (74, 82, 94), (196, 186, 166), (60, 96, 78), (150, 140, 130)])
    bg = np.asarray(Image.new("RGB", out, table), np.float32)
    grain = noise_field(out, rng, cells=48) * 10 + noise_field(out, rng, cells=6) * 14
    photo = Image.fromarray(np.clip(bg + grain[..., None], 0, 255).astype(np.uint8), "RGB")
    mask = Image.new("L", item.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, item.width - 1, item.height - 1), radius, fill=255)
    shadow = mask.transform(out, Image.Transform.AFFINE, inv, Image.Resampling.BILINEAR)
    shadow = shadow.filter(ImageFilter.GaussianBlur(10)).point(lambda v: v * 0.45)
    photo.paste((20, 20, 20), (6, 8), shadow)
    warped = item.convert("RGB").transform(out, Image.Transform.AFFINE, inv, Image.Resampling.BICUBIC)
    photo.paste(warped, (0, 0), mask.transform(out, Image.Transform.AFFINE, inv, Image.Resampling.BILINEAR))
    gx = np.linspace(-1, 1, w_out, dtype=np.float32)[None, :]
    gy = np.linspace(-1, 1, h_out, dtype=np.float32)[:, None]
    ax, ay = rng.uniform(-0.12, 0.12), rng.uniform(-0.1, 0.1)
    light = 1.0 + ax * gx + ay * gy - 0.1 * (gx**2 + gy**2)
    arr = np.asarray(photo, np.float32) * light[..., None] + rng.uniform(-6, 10)
    photo = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    photo = add_noise(photo.filter(ImageFilter.GaussianBlur(0.8)), rng, 4.0)

    def transform(box: PixBox) -> PixBox:
        pts = [fwd(x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    return photo, transform
