"""Tests for groundex.load: sniffing, limits, bad inputs, images and PDFs."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from fpdf import FPDF
from PIL import Image

from groundex.errors import (
    DocumentError,
    LimitExceededError,
    PageRangeError,
    PasswordRequiredError,
    UnsupportedFormatError,
)
from groundex.load import Limits, load, sniff
from groundex.read import read
from groundex.types import BBox


def _png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _encode(image: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kw)
    return buf.getvalue()


def _bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` 1-bit pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    idat = zlib.compress(row * 64, 9)
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _pdf(pages: int = 1, size: float = 24.0) -> tuple[bytes, list[tuple[str, float, float, float]]]:
    """A born-digital PDF (points); returns bytes and (word, x, baseline, width) per page 0."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("helvetica", size=size)
    placed: list[tuple[str, float, float, float]] = []
    for i in range(pages):
        pdf.add_page()
        x, y = 72.0, 144.0
        for word in ("INVOICE", "12345", f"P{i}"):
            pdf.text(x, y, word)
            if i == 0:
                placed.append((word, x, y, pdf.get_string_width(word)))
            x += pdf.get_string_width(word) + pdf.get_string_width(" ")
    return bytes(pdf.output()), placed


# ---------------------------------------------------------------- bad inputs


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match="empty file"):
        load(path)
    with pytest.raises(DocumentError, match="empty file"):
        load(b"")


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        load(tmp_path / "nope.png")
    with pytest.raises(DocumentError):
        load(tmp_path)


def test_not_a_document() -> None:
    with pytest.raises(UnsupportedFormatError, match=r"not an image or PDF \(starts with 'hello, world'\)"):
        load(b"hello, world! this is text")
    with pytest.raises(UnsupportedFormatError, match="starts with"):
        load(bytes(range(256)))
    assert str(UnsupportedFormatError("a\nb")) == "a b"


def test_sniff_by_content_not_extension(tmp_path: Path) -> None:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    expected = {
        "PNG": "image/png",
        "JPEG": "image/jpeg",
        "TIFF": "image/tiff",
        "WEBP": "image/webp",
        "BMP": "image/bmp",
        "GIF": "image/gif",
    }
    for fmt, media in expected.items():
        data = _encode(image, fmt)
        assert sniff(data) == media
        path = tmp_path / f"file.{'pdf' if fmt != 'PNG' else 'jpg'}"
        path.write_bytes(data)
        with load(path) as loaded:
            assert loaded.media_type == media
            assert loaded.name == path.name
            page = loaded.pages[0]
            assert (page.width, page.height) == (40, 30)
            out = page.render()
            assert out.mode == "RGB" and out.size == (40, 30)
            assert page.text_words == ()
    assert sniff(_pdf()[0]) == "application/pdf"


def test_truncated_jpeg() -> None:
    rng = np.random.default_rng(0)
    image = Image.fromarray(rng.integers(0, 255, (300, 400, 3), dtype=np.uint8))
    data = _encode(image, "JPEG", quality=90)
    with pytest.raises(DocumentError, match="truncated or corrupt image"):
        load(data[: len(data) // 2])


def test_truncated_png() -> None:
    rng = np.random.default_rng(1)
    data = _png_bytes(Image.fromarray(rng.integers(0, 255, (300, 400, 3), dtype=np.uint8)))
    with pytest.raises(DocumentError, match="truncated or corrupt image"):
        load(data[: len(data) // 2])


def test_truncated_pdf() -> None:
    data, _ = _pdf(3)
    with pytest.raises(DocumentError, match="corrupt PDF") as info:
        load(data[: len(data) // 2])
    assert not isinstance(info.value, PasswordRequiredError)
    with pytest.raises(DocumentError):
        load(b"%PDF-1.4\nnothing here")


def test_encrypted_pdf() -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=20)
    pdf.text(20, 30, "SECRET 42")
    data = bytes(pdf.output())
    with pytest.raises(PasswordRequiredError, match="password required"):
        load(data)
    with pytest.raises(PasswordRequiredError, match="wrong password"):
        load(data, password="nope")
    with load(data, password="secret") as loaded:
        assert [w.text for w in loaded.pages[0].text_words] == ["SECRET", "42"]


def test_decompression_bomb_refused_fast() -> None:
    for side in (40000, 30000):
        data = _bomb_png(side, side)
        assert len(data) < 50_000
        start = time.perf_counter()
        with pytest.raises(LimitExceededError):
            load(data)
        assert time.perf_counter() - start < 1.0


def test_pixel_limit_from_header() -> None:
    data = _png_bytes(Image.new("RGB", (200, 100), "white"))
    with pytest.raises(LimitExceededError, match="20000 pixels"):
        load(data, limits=Limits(max_pixels=10_000))
    assert load(data, limits=Limits(max_pixels=20_000)).pages[0].width == 200


def test_byte_limit(tmp_path: Path) -> None:
    data = _png_bytes(Image.new("RGB", (50, 50), "white"))
    path = tmp_path / "a.png"
    path.write_bytes(data)
    with pytest.raises(LimitExceededError):
        load(path, limits=Limits(max_bytes=len(data) - 1))
    with pytest.raises(LimitExceededError):
        load(data, limits=Limits(max_bytes=10))


# ---------------------------------------------------------------- images


def test_multiframe_tiff_pages() -> None:
    frames = [Image.new("RGB", (60 + 10 * i, 40), (50 * i, 0, 0)) for i in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    with load(buf.getvalue()) as loaded:
        assert loaded.page_count == 3
        assert [p.index for p in loaded.pages] == [0, 1, 2]
        assert [p.width for p in loaded.pages] == [60, 70, 80]
        assert loaded.pages[2].render().getpixel((5, 5)) == (100, 0, 0)
    with load(buf.getvalue(), pages=[1]) as loaded:
        assert [p.index for p in loaded.pages] == [1]
        assert loaded.pages[0].width == 70
    with pytest.raises(PageRangeError, match="page 3 out of range"):
        load(buf.getvalue(), pages=[3])
    with pytest.raises(LimitExceededError):
        load(buf.getvalue(), limits=Limits(max_pages=2))


def test_gif_frames_are_pages() -> None:
    frames = [Image.new("RGB", (30, 20), c) for c in ((255, 0, 0), (0, 0, 255))]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:])
    with load(buf.getvalue()) as loaded:
        assert loaded.page_count == 2
        assert all(p.render().mode == "RGB" for p in loaded.pages)
        assert loaded.pages[1].render().getpixel((3, 3)) == (0, 0, 255)


def test_exif_rotated_jpeg_is_upright() -> None:
    stored = Image.new("RGB", (200, 100), "white")
    stored.paste((0, 0, 0), (0, 0, 40, 100))  # dark band on the stored left edge
    exif = Image.Exif()
    exif[0x0112] = 6  # display = stored rotated 90 degrees clockwise
    data = _encode(stored, "JPEG", exif=exif.tobytes(), quality=95)
    with load(data) as loaded:
        page = loaded.pages[0]
        assert (page.width, page.height) == (100, 200)
        image = page.render()
        assert image.size == (100, 200)
        grey = image.convert("L")
        assert grey.getpixel((50, 10)) == pytest.approx(0, abs=30)  # band is now at the top
        assert grey.getpixel((50, 190)) == pytest.approx(255, abs=30)


@pytest.mark.parametrize(
    ("mode", "color", "expected"),
    [
        ("CMYK", (0, 255, 255, 0), (255, 0, 0)),
        ("LA", (0, 0), (255, 255, 255)),  # fully transparent -> white
        ("LA", (0, 255), (0, 0, 0)),
        ("L", 128, (128, 128, 128)),
        ("RGBA", (0, 0, 255, 0), (255, 255, 255)),
    ],
)
def test_modes_become_rgb(mode: str, color: object, expected: tuple[int, int, int]) -> None:
    image = Image.new(mode, (20, 10), color)  # type: ignore[arg-type]
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    with load(_encode(image, fmt)) as loaded:
        out = loaded.pages[0].render()
        assert out.mode == "RGB"
        assert all(abs(a - b) <= 3 for a, b in zip(out.getpixel((5, 5)), expected, strict=True))  # type: ignore[arg-type]


def test_palette_with_transparency_and_16bit() -> None:
    pal = Image.new("P", (10, 10), 1)
    pal.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    pal.info["transparency"] = 1
    with load(_png_bytes(pal)) as loaded:
        assert loaded.pages[0].render().getpixel((1, 1)) == (255, 255, 255)
    wide = Image.fromarray(np.linspace(0, 65535, 100, dtype=np.uint16).reshape(10, 10))
    with load(_png_bytes(wide)) as loaded:
        out = loaded.pages[0].render()
        assert out.mode == "RGB"
        assert out.getpixel((0, 0)) == (0, 0, 0)
        assert out.getpixel((9, 9)) == (255, 255, 255)


def test_pil_image_source() -> None:
    with load(Image.new("L", (30, 20), 0)) as loaded:
        assert loaded.page_count == 1
        assert loaded.pages[0].render().mode == "RGB"


# ---------------------------------------------------------------- PDFs


def test_pdf_words_have_exact_boxes() -> None:
    data, placed = _pdf(1, size=24)
    with load(data) as loaded:
        page = loaded.pages[0]
        assert loaded.media_type == "application/pdf"
        assert (round(page.width), round(page.height)) == (595, 842)
        words = {w.text: w for w in page.text_words}
        assert list(words) == ["INVOICE", "12345", "P0"]
        for text, x, baseline, width in placed:
            cap = 0.72 * 24  # Helvetica cap height
            expected = BBox.from_pixels(x, baseline - cap, x + width, baseline, page.width, page.height)
            word = words[text]
            assert word.bbox.iou(expected) >= 0.5, (text, word.bbox, expected)
            assert word.confidence == 1.0 and word.source == "pdf-text" and word.bbox.page == 0


def test_pdf_rotated_page_boxes_match_render() -> None:
    import pypdfium2 as pdfium

    data, _ = _pdf(1, size=30)
    doc = pdfium.PdfDocument(data)
    doc[0].set_rotation(90)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    with load(buf.getvalue()) as loaded:
        page = loaded.pages[0]
        assert page.width < page.height or round(page.width) == 842
        image = page.render(dpi=72)
        ink = np.asarray(image.convert("L")) < 128
        total = ink.sum()
        inside = 0
        for word in page.text_words:
            x0, y0, x1, y1 = (round(v) for v in word.bbox.to_pixels(image.width, image.height))
            inside += ink[y0 : y1 + 1, x0 : x1 + 1].sum()
        assert total > 0 and inside / total > 0.97


def test_500_page_pdf_reads_only_selected_page() -> None:
    data, _ = _pdf(500)
    start = time.perf_counter()
    with load(data, pages=[3]) as loaded:
        assert loaded.page_count == 500
        assert [p.index for p in loaded.pages] == [3]
        assert [w.text for w in loaded.pages[0].text_words] == ["INVOICE", "12345", "P3"]
        document = read(loaded)
    assert time.perf_counter() - start < 2.0
    (page,) = document.pages
    assert page.index == 3 and page.source == "pdf-text" and page.image is None
    assert document.ocr_pages == ()
    assert all(w.bbox.page == 3 for w in page.words)
    assert [line.text for line in page.lines] == ["INVOICE 12345 P3"]
    assert (page.width, page.height) == (2481, 3508)
    with pytest.raises(PageRangeError):
        load(data, pages=[500])
    with pytest.raises(PageRangeError):
        load(data, pages=[-1])
    with pytest.raises(LimitExceededError):
        load(data, limits=Limits(max_pages=100))


def test_render_dpi_cap_and_close() -> None:
    pdf = FPDF(unit="pt", format=(2000, 2000))
    pdf.add_page()
    loaded = load(bytes(pdf.output()))
    page = loaded.pages[0]
    assert page.render_dpi() < 300
    image = page.render()
    assert image.mode == "RGB"
    assert image.width * image.height <= 12_100_000
    assert image.size == page.render_size()
    assert page.render(dpi=36).size == (1000, 1000)
    loaded.close()
    loaded.close()
    with pytest.raises(DocumentError, match="closed"):
        page.render()


def test_scanned_pdf_has_no_text_and_full_coverage(tmp_path: Path) -> None:
    scan = tmp_path / "scan.png"
    Image.new("RGB", (850, 1100), "white").save(scan)
    pdf = FPDF(unit="pt", format="letter")
    pdf.add_page()
    pdf.image(str(scan), x=0, y=0, w=612, h=792)
    with load(bytes(pdf.output())) as loaded:
        page = loaded.pages[0]
        assert page.text_words == ()
        assert page.image_coverage > 0.95
