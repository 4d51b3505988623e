"""Tests for groundex.ocr engines, the registry, the auto heuristic and groundex.read."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from groundex.errors import UsageError
from groundex.load import load
from groundex.mend import split_glued
from groundex.ocr import ENGINES, engine_status, get_engine
from groundex.ocr.auto import AutoEngine, looks_clean
from groundex.ocr.base import split_line
from groundex.ocr.rapid import _from_word_boxes
from groundex.read import has_text_layer, read
from groundex.types import BBox, Word

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if FONT.exists():
        return ImageFont.truetype(str(FONT), size)
    return ImageFont.load_default(size=size)


def _text_image() -> tuple[Image.Image, dict[str, BBox]]:
    """White 1200x400 image with "INVOICE 12345" at a known position, plus true word boxes."""
    image = Image.new("RGB", (1200, 400), "white")
    draw = ImageDraw.Draw(image)
    font = _font(64)
    boxes: dict[str, BBox] = {}
    x = 150.0
    for word in ("INVOICE", "12345"):
        draw.text((x, 160), word, font=font, fill="black")
        x0, y0, x1, y1 = draw.textbbox((x, 160), word, font=font)
        boxes[word] = BBox.from_pixels(x0, y0, x1, y1, image.width, image.height, 2)
        x = x1 + 40
    return image, boxes


def _card(noisy: bool = False) -> Image.Image:
    """A 1000x640 ID-card-like image on a coloured gradient with a photo block."""
    image = Image.new("RGB", (1000, 640))
    draw = ImageDraw.Draw(image)
    for y in range(640):
        draw.line([(0, y), (1000, y)], fill=(200 - y // 8, 220 - y // 10, 255 - y // 6))
    draw.text((40, 30), "DRIVER LICENSE", font=_font(36), fill=(20, 20, 120))
    draw.rectangle([40, 120, 300, 460], fill=(150, 130, 110))
    for i, line in enumerate(["DL I1234568", "LN SAMPLE", "FN JANE", "DOB 08/31/1977", "EXP 08/31/2030"]):
        draw.text((340, 120 + i * 60), line, font=_font(30), fill=(10, 10, 10))
    if noisy:
        rng = np.random.default_rng(0)
        arr = np.asarray(image).astype(np.int16) + rng.normal(0, 18, (640, 1000, 3)).astype(np.int16)
        image = Image.fromarray(arr.clip(0, 255).astype(np.uint8)).rotate(2, fillcolor=(90, 90, 90))
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=70)
        image = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return image


@pytest.mark.parametrize("name", ["tesseract", "rapidocr", "auto"])
def test_engine_reads_text_with_boxes(name: str) -> None:
    image, truth = _text_image()
    words = get_engine(name).recognize(image, 2)
    found = {w.text: w for w in words}
    for text, box in truth.items():
        assert text in found, [w.text for w in words]
        word = found[text]
        assert word.bbox.page == 2
        assert word.bbox.iou(box) >= 0.5, (word.bbox, box)
        assert 0.5 <= word.confidence <= 1.0
        # auto: clean page -> tesseract first; only 2 words, so rapidocr is tried too
        assert word.source in ((name,) if name != "auto" else ("tesseract", "rapidocr"))


@pytest.mark.parametrize("name", ["tesseract", "rapidocr"])
def test_engines_say_which_line_each_word_was_read_in(name: str) -> None:
    words = get_engine(name).recognize(_card(), 0)
    line_of = {w.text: w.line for w in words}
    assert line_of["DRIVER"] == line_of["LICENSE"] >= 0
    assert line_of["LN"] == line_of["SAMPLE"] >= 0
    assert line_of["FN"] == line_of["JANE"] >= 0
    assert len({line_of["DRIVER"], line_of["SAMPLE"], line_of["JANE"]}) == 3


@pytest.mark.parametrize("name", ["rapidocr", "auto"])
def test_noisy_card(name: str) -> None:
    words = get_engine(name).recognize(_card(noisy=True), 0)
    texts = {w.text for w in words}
    assert {"DRIVER", "LICENSE", "SAMPLE", "08/31/2030", "08/31/1977"} <= texts
    assert all(w.source == "rapidocr" for w in words)


def test_tesseract_survives_blobs_without_text() -> None:
    """A strip through the middle of a printed line: tesseract finds blobs it cannot read."""
    image = Image.new("RGB", (840, 84), "white")
    draw = ImageDraw.Draw(image)
    text = "NO JAPANESE RESTAURANT 1082153"
    draw.text((10, 28), text, font=_font(28), fill="black")
    _, y0, _, y1 = draw.textbbox((10, 28), text, font=_font(28))
    strip = image.crop((0, int(y0 + 0.2 * (y1 - y0)) - 5, image.width, int(y0 + 0.35 * (y1 - y0)) + 5))
    engine = get_engine("tesseract")
    words = engine.recognize(strip, 0)
    assert all(w.text.strip() and 0.0 <= w.bbox.x <= 1.0 for w in words)
    whole, _ = _text_image()
    assert {"INVOICE", "12345"} <= {w.text for w in engine.recognize(whole, 0)}


def test_auto_heuristic_choice() -> None:
    small, _ = _text_image()
    page = Image.new("RGB", (2480, 3508), "white")
    page.paste(small, (200, 300))
    auto = AutoEngine()
    assert looks_clean(small) and looks_clean(page)
    assert auto.choose(page) == "tesseract"
    assert auto.choose(small) == "rapidocr"  # small images go to the more accurate engine
    assert not looks_clean(_card())
    assert auto.choose(_card(noisy=True)) == "rapidocr"


class _Fake:
    name = "fake"

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.calls = 0

    def recognize(self, image: Image.Image, page: int) -> list[Word]:
        self.calls += 1
        return self.words

    @classmethod
    def available(cls) -> tuple[bool, str]:
        return True, "fake"


def test_auto_falls_back_on_poor_result(monkeypatch: pytest.MonkeyPatch) -> None:
    box = BBox(0.1, 0.1, 0.1, 0.1)
    poor = _Fake([Word("x1", box, 0.3, "tesseract")])
    good = _Fake([Word(t, box, 0.95, "rapidocr") for t in ("A1", "B2", "C3", "D4")])
    auto = AutoEngine()
    engines = {"tesseract": poor, "rapidocr": good}
    monkeypatch.setattr(auto, "_engine", lambda name: engines[name])
    page = Image.new("RGB", (2480, 3508), "white")
    page.paste(_text_image()[0], (200, 300))
    assert [w.source for w in auto.recognize(page, 0)] == ["rapidocr"] * 4
    assert poor.calls == 1 and good.calls == 1
    # a confident first result is kept without running the other engine
    engines["tesseract"] = _Fake([Word(t, box, 0.9, "tesseract") for t in ("A1", "B2", "C3")])
    assert {w.source for w in auto.recognize(page, 0)} == {"tesseract"}
    assert good.calls == 1


def test_registry() -> None:
    assert set(ENGINES) == {"tesseract", "rapidocr", "auto"}
    assert get_engine("tesseract") is get_engine("tesseract")
    with pytest.raises(UsageError, match="unknown OCR engine"):
        get_engine("nope")
    status = engine_status()
    assert [row[0] for row in status] == list(ENGINES)
    assert all(ok for _, ok, _ in status), status


def test_split_line_proportional() -> None:
    words = split_line("AB CDEF", 0, 10, 70, 30, 100, 100, 1, 0.9, "rapidocr")
    assert [w.text for w in words] == ["AB", "CDEF"]
    assert words[0].bbox.xywh() == [0.0, 0.1, 0.2, 0.2]
    assert words[1].bbox.xywh() == [0.3, 0.1, 0.4, 0.2]
    assert words[1].bbox.page == 1 and words[1].confidence == 0.9


def test_rapid_word_boxes_regrouped_or_rejected() -> None:
    quad = [[0, 0], [10, 0], [10, 10], [0, 10]]
    quad2 = [[12, 0], [30, 0], [30, 10], [12, 10]]
    items = [("AB", 0.9, quad), ("CD", 0.8, quad2)]
    words = _from_word_boxes("AB CD", items, 100, 100, 0, "rapidocr")
    assert words is not None and [w.text for w in words] == ["AB", "CD"]
    merged = _from_word_boxes("ABCD", items, 100, 100, 0, "rapidocr")
    assert merged is not None and merged[0].bbox.xywh() == [0.0, 0.0, 0.3, 0.1]
    assert merged[0].confidence == 0.8
    assert _from_word_boxes("AB XY", items, 100, 100, 0, "rapidocr") is None


def test_read_image_uses_ocr(tmp_path: Path) -> None:
    image, truth = _text_image()
    path = tmp_path / "scan.png"
    image.save(path)
    with load(path) as loaded:
        document = read(loaded, ocr="tesseract")
    (page,) = document.pages
    assert document.ocr_pages == (0,)
    assert page.source == "tesseract" and page.image is not None
    assert (page.width, page.height) == (1200, 400)
    assert [line.text for line in page.lines] == ["INVOICE 12345"]
    assert page.words[0].bbox.iou(replace(truth["INVOICE"], page=0)) >= 0.5
    with load(path) as loaded, pytest.raises(UsageError):
        read(loaded, ocr="nope")


@pytest.mark.parametrize(
    ("printed", "parts"),
    [
        ("Tel:0592-333011", ["Tel:", "0592-333011"]),
        ("No.:75495-W", ["No.:", "75495-W"]),
        ("1993DEPARTMENT:", ["1993", "DEPARTMENT:"]),
        ("TOTAL.......EUROS", ["TOTAL", "EUROS"]),
        ("7.99T", ["7.99", "T"]),
        ("12.50SR", ["12.50", "SR"]),
        ("99.99mm", ["99.99mm"]),
        ("4/10/20151:22PM", ["4/10/2015", "1:22PM"]),
        ("Ju1/15/2017_12:25", ["Ju1/15/2017", "12:25"]),
        ("Ref_12:25", ["Ref_12:25"]),
        ("12:30", ["12:30"]),
        ("http://example.com", ["http://example.com"]),
        ("SubTOTAL:", ["SubTOTAL:"]),
        ("M:5", ["M:5"]),
        ("Telephone(415)", ["Telephone", "(415)"]),
        ("TEL(03)5241", ["TEL", "(03)5241"]),
        ("TAX(10%):", ["TAX(10%):"]),
        ("MARKETLakeland", ["MARKET", "Lakeland"]),
        ("GSTSummary", ["GST", "Summary"]),
        ("McDonald", ["McDonald"]),
        ("DATE3/23/91", ["DATE", "3/23/91"]),
        ("V7879274", ["V7879274"]),
        ("XC12-12/144", ["XC12-12/144"]),
    ],
)
def test_words_glued_across_a_label_are_split(printed: str, parts: list[str]) -> None:
    word = Word(printed, BBox(0.1, 0.2, 0.01 * len(printed), 0.03), 0.9, "rapidocr")
    split = list(split_glued([word]))
    assert [w.text for w in split] == parts
    assert split[0].bbox.x == pytest.approx(0.1) and split[-1].bbox.x1 == pytest.approx(word.bbox.x1)
    for w in split:
        start = printed.index(w.text)
        assert w.bbox.x == pytest.approx(0.1 + 0.01 * start) and w.bbox.w == pytest.approx(0.01 * len(w.text))
        assert (w.bbox.y, w.bbox.h, w.confidence) == (0.2, 0.03, 0.9)


def test_figures_glued_to_the_label_printed_after_them_are_split() -> None:
    """``923-9208BEEPER NUMBER:``: the capitals after the figures start the label the next word ends; a code
    before a word of its own (``400108003222USARMY ONE``) or far from the next word stays whole."""

    def split(*texts: str, gap: float = 0.01) -> list[str]:
        words, x = [], 0.1
        for text in texts:
            words.append(Word(text, BBox(x, 0.2, 0.01 * len(text), 0.03), 0.9, "rapidocr"))
            x += 0.01 * len(text) + gap
        return [w.text for w in split_glued(words)]

    assert split("(201)", "923-9208BEEPER", "NUMBER:") == ["(201)", "923-9208", "BEEPER", "NUMBER:"]
    assert split("400108003222USARMY", "ONE") == ["400108003222USARMY", "ONE"]
    assert split("923-9208BEEPER", "NUMBER:", gap=0.2) == ["923-9208BEEPER", "NUMBER:"]
    assert split("B73ABC", "NUMBER:") == ["B73ABC", "NUMBER:"]


def test_read_scanned_pdf_page_is_ocred(tmp_path: Path) -> None:
    from fpdf import FPDF

    image, _ = _text_image()
    scan = tmp_path / "scan.png"
    image.save(scan)
    pdf = FPDF(unit="pt", format=(600, 200))
    pdf.add_page()
    pdf.image(str(scan), x=0, y=0, w=600, h=200)
    pdf.add_page()
    pdf.set_font("helvetica", size=20)
    pdf.text(40, 100, "Born digital text layer")
    with load(bytes(pdf.output())) as loaded:
        assert not has_text_layer(loaded.pages[0])
        assert has_text_layer(loaded.pages[1])
        document = read(loaded, ocr="auto")
    assert document.ocr_pages == (0,)
    scanned, digital = document.pages
    assert scanned.source in ("tesseract", "rapidocr")
    assert {"INVOICE", "12345"} <= {w.text for w in scanned.words}
    assert digital.source == "pdf-text" and digital.image is None
    assert [line.text for line in digital.lines] == ["Born digital text layer"]
    assert all(w.bbox.page == 1 for w in digital.words)


def test_tighten_fits_a_word_to_its_own_ink_with_side_margins() -> None:
    """A one-glyph word in a slanted photo: the loose box also catches ink of the lines above and below
    (and an underline under a form field must not become the word)."""
    from groundex.ocr.tighten import tighten

    image = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((100, 100, 107, 129), fill=0)  # the glyph "1": 8 x 30 px
    draw.rectangle((98, 60, 112, 66), fill=0)  # a bit of the line above
    draw.rectangle((96, 160, 114, 166), fill=0)  # a bit of the line below
    loose = Word("1", BBox.from_pixels(90, 55, 120, 170, 400, 300, 0), 0.9, "rapidocr")
    box = tighten([loose], np.asarray(image))[0].bbox
    left, top, right, bottom = box.to_pixels(400, 300)
    assert (round(top), round(bottom)) == (100, 130)
    # the glyph's cell: half its height wide, centred on the stroke
    assert right - left == pytest.approx(15) and left + right == pytest.approx(208)

    wide = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(wide).rectangle((100, 100, 115, 129), fill=0)  # a wider glyph keeps its margins
    box = tighten([replace(loose, text="W")], np.asarray(wide))[0].bbox
    assert tuple(round(v) for v in box.to_pixels(400, 300)[::2]) == (97, 119)  # 3 px: a tenth of its height

    form = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(form)
    draw.text((100, 100), "Name", fill=0, font=_font(30))
    draw.rectangle((60, 140, 300, 142), fill=0)  # the field's underline, much denser than any letter row
    word = Word("Name", BBox.from_pixels(95, 95, 200, 145, 400, 300, 0), 0.9, "rapidocr")
    fitted = tighten([word], np.asarray(form))[0].bbox
    assert fitted.y1 * 300 < 138


def test_tighten_leaves_out_the_rule_a_value_is_typed_on() -> None:
    """A cross typed on a form's blank: the rule under it runs through the whole loose box, yet the fitted box
    holds the cross alone."""
    from groundex.ocr.tighten import tighten

    mark = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(mark).text((150, 100), "x", fill=0, font=_font(30))
    rows, cols = np.nonzero(np.asarray(mark) < 128)
    form = mark.copy()
    ImageDraw.Draw(form).rectangle((60, int(rows.max()) + 3, 340, int(rows.max()) + 5), fill=0)
    loose = Word("x", BBox.from_pixels(120, 95, 200, int(rows.max()) + 8, 400, 300, 0), 0.9, "rapidocr")
    x0, y0, x1, y1 = tighten([loose], np.asarray(form))[0].bbox.to_pixels(400, 300)
    assert abs(x0 - cols.min()) <= 4 and abs(x1 - cols.max() - 1) <= 4
    assert abs(y0 - rows.min()) <= 1 and abs(y1 - rows.max() - 1) <= 1


def test_ocr_cache_reads_a_page_once(tmp_path: Path) -> None:
    from groundex.ocr.cache import page_key, recognize_cached

    class Counting:
        name = "counting"
        calls = 0

        def recognize(self, image: Image.Image, page: int) -> list[Word]:
            Counting.calls += 1
            return [Word("TOTAL", BBox(0.1, 0.2, 0.3, 0.05, page), 0.9, "counting", 0.01)]

    image = Image.new("RGB", (40, 20), "white")
    first = recognize_cached(Counting(), image, 0, tmp_path)
    again = recognize_cached(Counting(), image, 3, tmp_path)
    assert Counting.calls == 1
    assert again == [replace(first[0], bbox=replace(first[0].bbox, page=3))]
    other = Image.new("RGB", (40, 20), "black")
    assert page_key("counting", other) != page_key("counting", image) != page_key("rapidocr", image)
    (tmp_path / f"{page_key('counting', image)}.json").write_text("{broken", encoding="utf-8")
    assert recognize_cached(Counting(), image, 0, tmp_path) == first and Counting.calls == 2


def test_ocr_cache_keys_on_the_readers_code_not_their_docstrings() -> None:
    """Rewording a docstring, adding a comment or reflowing a line of ``groundex.ocr`` keeps the cache; a
    change to what the code does makes it stale."""
    from groundex.ocr.cache import _logic

    code = 'SCALE = 2\n"""How much."""\n\n\ndef grow(x):\n    """Grow ``x``."""\n    return x * SCALE\n'
    reworded = (
        'SCALE = 2\n"""How much to grow."""\n\n\ndef grow(x):\n    """Scale."""\n'
        "    # twice\n    return (x *\n            SCALE)\n"
    )
    changed = code.replace("SCALE = 2", "SCALE = 3")
    assert _logic(code) == _logic(reworded) != _logic(changed)
    assert _logic('def f():\n    """Only a docstring."""\n') == _logic("def f():\n    pass\n")


Box = tuple[float, float, float, float]


def _items_with_counts(rule: bool = False) -> tuple[Image.Image, list[Box], list[int]]:
    """Item lines ``1  Sparkling  10.00`` drawn at known places; the detector's boxes (``lines``) are given
    without the counts, and the x of each drawn ``1`` is returned. With ``rule``, a vertical rule runs down
    the page where the counts would be."""
    image = Image.new("RGB", (900, 520), "white")
    draw = ImageDraw.Draw(image)
    font = _font(28)
    lines: list[Box] = []
    counts: list[int] = []
    for i, name in enumerate(("Sparkling", "Organic", "Rusty", "Tomato")):
        y = 80 + i * 36
        if rule:
            draw.rectangle((82, 60, 85, 460), fill="black")
        else:
            draw.text((80, y), "1", font=font, fill="black")
            counts.append(round(draw.textbbox((80, y), "1", font=font)[0]))
        for x, text in ((150, name), (600, "10.00")):
            x0, y0, x1, y1 = draw.textbbox((x, y), text, font=font)
            lines.append((float(x0), float(y0), float(x1), float(y1)))
    return image, lines, counts


def test_counts_the_detector_missed_are_read_from_their_ink() -> None:
    """A column of one-glyph counts that no detected box covers: each is found left of its line and read."""
    from groundex.ocr.rapid import RapidEngine
    from groundex.ocr.reread import missed_starts

    image, lines, counts = _items_with_counts()
    gray = np.asarray(image.convert("L"))
    found = missed_starts(gray, lines)
    assert len(found) == len(counts)  # one per name line, none left of the prices
    for (x0, _, x1, _), x in zip(sorted(found, key=lambda b: b[1]), counts, strict=True):
        assert x0 <= x + 2 and x1 >= x + 8 and x1 - x0 < 40
    words = RapidEngine()._missed(np.asarray(image)[:, :, ::-1].copy(), gray, lines, 0)
    assert [w.text for w in words] == ["1"] * 4
    assert all(w.bbox.x * 900 < 100 for w in words)

    ruled, lines, _ = _items_with_counts(rule=True)
    assert missed_starts(np.asarray(ruled.convert("L")), lines) == []  # a rule is no glyph
    photo = Image.new("L", (600, 200), 255)
    draw = ImageDraw.Draw(photo)
    draw.rectangle((0, 0, 24, 200), fill=30)  # the dark table a photographed receipt lies on
    x0, y0, x1, y1 = draw.textbbox((70, 80), "Sparkling", font=_font(28))
    draw.text((70, 80), "Sparkling", font=_font(28), fill=0)
    assert missed_starts(np.asarray(photo), [(float(x0), float(y0), float(x1), float(y1))]) == []


def test_a_count_near_the_paper_edge_is_found() -> None:
    """A photographed receipt whose counts sit two-thirds of a line from the table it lies on: the clean paper
    before a count is looked for over a little more than half a line."""
    from groundex.ocr.reread import missed_starts

    photo = Image.new("L", (600, 200), 255)
    draw = ImageDraw.Draw(photo)
    draw.rectangle((0, 0, 18, 200), fill=30)
    draw.text((40, 80), "1", font=_font(28), fill=0)
    x0, y0, x1, y1 = draw.textbbox((100, 80), "Sparkling", font=_font(28))
    draw.text((100, 80), "Sparkling", font=_font(28), fill=0)
    found = missed_starts(np.asarray(photo), [(float(x0), float(y0) - 4.0, float(x1), float(y1) + 4.0)])
    assert len(found) == 1 and found[0][0] <= 42 <= found[0][2] < 100


def test_a_tight_column_of_counts_is_read_line_by_line() -> None:
    """Counts printed one under another with little leading: the detector stacks several into one tall box
    (``11111``) or drops them; every item line still gets its own count, boxed on its own glyph."""
    from groundex.ocr.rapid import RapidEngine

    font = ImageFont.truetype(str(FONT.with_name("DejaVuSansMono.ttf")), 28) if FONT.exists() else _font(28)
    image = Image.new("RGB", (700, 500), "white")
    draw = ImageDraw.Draw(image)
    drawn = []
    for i, name in enumerate(("Sparkling", "Organic", "Dave", "Pain", "Rusty", "Uni", "Hotate", "Tomato")):
        y = 60 + i * 26
        count = "2" if name == "Organic" else "1"
        draw.text((40, y), count, font=font, fill="black")
        drawn.append((count, draw.textbbox((40, y), count, font=font)))
        draw.text((100, y), name, font=font, fill="black")
        draw.text((520, y), f"{i + 3}.50", font=font, fill="black")
    words = RapidEngine().recognize(image, 0)
    counts = sorted((w for w in words if w.bbox.x * 700 < 90), key=lambda w: w.bbox.y)
    assert [w.text for w in counts] == [c for c, _ in drawn]
    for word, (_, (x0, y0, x1, y1)) in zip(counts, drawn, strict=True):
        assert word.bbox.iou(BBox.from_pixels(x0, y0, x1, y1, 700, 500, 0)) > 0.4


def _cached_read(tmp_path: Path, texts: list[str], stacked: bool = False) -> list[str]:
    """The words ``read`` gives for a page the reader read as ``texts`` (its result kept in the OCR cache): on
    one line, or ``stacked`` one per line. The text is printed below the boxes given to it, so that no box
    holds ink of another word."""
    from groundex.ocr.cache import page_key

    image = Image.new("RGB", (800, 200), "white")
    ImageDraw.Draw(image).text((40, 160), " ".join(texts), font=_font(28), fill="black")
    path = tmp_path / f"page-{len(list(tmp_path.glob('*.png')))}.png"
    image.save(path)
    at = [(0.05, 0.05 + 0.15 * i) if stacked else (0.05 + 0.12 * i, 0.4) for i in range(len(texts))]
    rows = [[t, x, y, 0.1, 0.1, 0.9, "rapidocr", 0.0, -1] for t, (x, y) in zip(texts, at, strict=True)]
    cache = tmp_path / "cache"
    cache.mkdir(exist_ok=True)
    loaded = load(path)
    key = page_key(get_engine("rapidocr").name, loaded.pages[0].render())
    (cache / f"{key}.json").write_text(json.dumps(rows), encoding="utf-8")
    return [w.text for w in read(loaded, ocr="rapidocr", ocr_cache=cache).pages[0].words]


def test_accents_put_on_capitals_are_dropped_unless_the_page_writes_accents(tmp_path: Path) -> None:
    assert _cached_read(tmp_path, ["SETIA", "ÁLAM", "RECÉIPT", "Ámount", "Čigarette"]) == [
        "SETIA", "ALAM", "RECEIPT", "Amount", "Cigarette"
    ]  # fmt: skip
    accented = ["Übermünsterstraße", "Käse", "ÉTÉ"]
    assert _cached_read(tmp_path, accented) == accented
    full_width = ["Phone\uff1a\uff0802\uff0987787300", "\u8c22\uff01"]
    assert _cached_read(tmp_path, full_width) == ["Phone:", "(02)87787300", "\u8c22\uff01"]


def test_counts_hyphened_to_names_are_split_when_a_page_prints_several(tmp_path: Path) -> None:
    assert _cached_read(tmp_path, ["2-Tenderloin", "1-Large", "16-Port"], stacked=True) == [
        "2", "Tenderloin", "1", "Large", "16", "Port"
    ]  # fmt: skip
    assert _cached_read(tmp_path, ["Switch", "16-Port", "Markers", "12-Pack"]) == [
        "Switch",
        "16-Port",
        "Markers",
        "12-Pack",
    ]
    assert _cached_read(tmp_path, ["7-ELEVEN", "Store", "#35"]) == ["7-ELEVEN", "Store", "#35"]


def test_a_t_read_as_an_i_or_a_one_heading_a_summary_word_is_mended(tmp_path: Path) -> None:
    """``Iax``, ``1ax:`` and ``lotal`` are ``Tax``, ``Tax:`` and ``Total``; words that make no summary word
    with a T (``Ion``), capitals (``IVA``, Spain's tax) and a short ``l`` word (``lot``) keep their
    reading."""
    assert _cached_read(tmp_path, ["Total", "Iax", "1ax:", "lotal"]) == ["Total", "Tax", "Tax:", "Total"]
    kept = ["Ion", "IVA", "lot", "Iris"]
    assert _cached_read(tmp_path, kept) == kept


def test_a_currency_code_misread_by_a_letter_where_the_page_prints_it(tmp_path: Path) -> None:
    assert _cached_read(tmp_path, ["Rate", "RM1.00", "Total", "PM1.00", "Paid", "RM1.00"]) == [
        "Rate", "RM1.00", "Total", "RM1.00", "Paid", "RM1.00"
    ]  # fmt: skip
    assert _cached_read(tmp_path, ["Total", "PM1.00", "Paid", "RM1.00"]) == [
        "Total",
        "PM1.00",
        "Paid",
        "RM1.00",
    ]


def test_legal_forms_misread_after_a_name_are_mended(tmp_path: Path) -> None:
    assert _cached_read(tmp_path, ["FRESH", "MART", "SON", "BHD"]) == ["FRESH", "MART", "SDN", "BHD"]
    assert _cached_read(tmp_path, ["EDEN", "IMPRESSIONSDN", "BHD"]) == ["EDEN", "IMPRESSION", "SDN", "BHD"]
    assert _cached_read(tmp_path, ["SPEED", "MART", "5/B"]) == ["SPEED", "MART", "S/B"]
    assert _cached_read(tmp_path, ["TOTAL", "5/8", "SON", "LTD"]) == ["TOTAL", "5/8", "SON", "LTD"]
    assert _cached_read(tmp_path, ["HEALTHCARE", "SIN", "BHAD"]) == ["HEALTHCARE", "SDN", "BHD"]
    assert _cached_read(tmp_path, ["Realiti", "Sdn,", "Bhd."]) == ["Realiti", "Sdn.", "Bhd."]
    assert _cached_read(tmp_path, ["OF", "THE", "BHAD"]) == ["OF", "THE", "BHAD"]
