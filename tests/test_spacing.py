"""Spaces the reader dropped, found in the ink: words printed with a space and read as one are rendered here,
boxed as the reader boxes them, and cut back into their printed words."""

from __future__ import annotations

from PIL import Image, ImageDraw

from groundex.spacing import with_spaces
from groundex.synth.canvas import font
from groundex.types import BBox, Word

WIDTH, HEIGHT = 900, 120


def _printed(
    text: str, family: str = "DejaVuSans", size: int = 30, grey: dict[int, int] | None = None
) -> tuple[Image.Image, list[tuple[str, tuple[int, int, int, int]]]]:
    """``text`` printed at (40, 40) on white; each whitespace word with its ink box. ``grey`` prints the
    characters at those indices in that grey level (a faded print)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    face = font(family, size)
    x = 40.0
    for i, char in enumerate(text):
        draw.text((x, 40), char, font=face, fill=(grey or {}).get(i, 0))
        x += draw.textlength(char, font=face)
    words = []
    x = 40.0
    for token in text.split(" "):
        box = draw.textbbox((x, 40), token, font=face)
        words.append((token, (int(box[0]), int(box[1]), int(box[2]), int(box[3]))))
        x += draw.textlength(token + " ", font=face)
    return image, words


def _read_as_one(words: list[tuple[str, tuple[int, int, int, int]]]) -> Word:
    """The words as a reader that dropped their spaces reports them: one word over all their ink."""
    x0 = min(b[0] for _, b in words)
    y0 = min(b[1] for _, b in words)
    x1 = max(b[2] for _, b in words)
    y1 = max(b[3] for _, b in words)
    text = "".join(t for t, _ in words)
    return Word(text, BBox.from_pixels(x0, y0, x1, y1, WIDTH, HEIGHT, 0), 0.95, "rapidocr")


def test_a_space_the_reader_dropped_splits_the_word_where_its_ink_shows_it() -> None:
    """``LIMSENG`` over the ink of ``LIM SENG`` is ``LIM`` and ``SENG``, each boxed on its own ink, in a
    proportional and a monospaced font; a space between a word and a number is found too, and so is one
    among few gaps, where kerned capitals touch (``TY``, ``AX``: the space is no gap between glyphs to compare
    it with)."""
    for text, family in (
        ("LIM SENG", "DejaVuSans"),
        ("SYARIKAT PERNIAGAAN", "DejaVuSans"),
        ("TAX INVOICE", "DejaVuSansMono"),
        ("LOT PT 1138", "DejaVuSans"),
        ("Total Sales", "DejaVuSans"),
        ("TY 77", "DejaVuSans"),
        ("TAX ID", "DejaVuSansCondensed-Bold"),
    ):
        image, words = _printed(text, family)
        parts = with_spaces(image, [_read_as_one(words)])
        assert [p.text for p in parts] == [t for t, _ in words], text
        for part, (_, box) in zip(parts, words, strict=True):
            printed = BBox.from_pixels(*box, WIDTH, HEIGHT, 0)
            assert part.bbox.iou(printed) >= 0.8, (text, part)
            assert part.confidence == 0.95 and part.source == "rapidocr"


def test_words_without_a_printed_space_stay_whole() -> None:
    """No space is made where none is printed: a monospaced ``WHITE`` (wide gaps beside its narrow ``I``), a
    word with a faded letter (``Round``, its ``o`` light grey), glued lower-case words (uneven print leaves
    gaps as wide as spaces in them, so ``good order`` read as ``goodorder`` keeps it), and print too small for
    its gaps to be measured."""
    for text, family, size, grey in (
        ("WHITE", "DejaVuSansMono", 30, None),
        ("MILLION", "DejaVuSansMono", 30, None),
        ("Round", "DejaVuSans", 30, {1: 205}),
        ("good order", "DejaVuSans", 30, None),
        ("LIM SENG", "DejaVuSans", 8, None),
    ):
        image, words = _printed(text, family, size, grey)
        word = _read_as_one(words)
        assert with_spaces(image, [word]) == (word,), text


def test_a_part_of_one_character_is_not_cut_off() -> None:
    """A space found before a last lone character (``TOTAL A``) leaves the word whole: each part needs two
    letters or digits."""
    image, words = _printed("TOTAL A")
    word = _read_as_one(words)
    assert with_spaces(image, [word]) == (word,)
