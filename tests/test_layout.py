"""Tests for groundex.layout: rows, column splits and reading order."""

from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest

from groundex.layout import build_lines, page_slope, reading_order
from groundex.types import BBox, Word

CHAR_W = 0.01  # normalized width of one character
H = 0.02


def _words(text: str, x: float, y: float, page: int = 0, slope: float = 0.0) -> list[Word]:
    """Words of ``text`` laid out from ``x`` on baseline-top ``y`` (one space = one char)."""
    out = []
    for token in text.split(" "):
        if token:
            w = len(token) * CHAR_W
            out.append(Word(token, BBox(x, y + slope * x, w, H, page)))
        x += (len(token) + 1) * CHAR_W
    return out


def test_empty() -> None:
    assert build_lines([]) == ()
    assert reading_order([]) == ()


def test_wide_gap_splits_row_into_two_lines() -> None:
    words = _words("DOB 01/02/1990", 0.1, 0.5) + _words("EXP 01/02/2030", 0.4, 0.5)
    lines = build_lines(words)
    assert [line.text for line in lines] == ["DOB 01/02/1990", "EXP 01/02/2030"]
    assert lines[0].row == lines[1].row == 0


def test_normal_spaces_stay_one_line() -> None:
    lines = build_lines(_words("Total amount due: $1,234.00", 0.1, 0.3))
    assert [line.text for line in lines] == ["Total amount due: $1,234.00"]


def test_rows_in_reading_order_with_row_ids() -> None:
    words = (
        _words("third row", 0.1, 0.7)
        + _words("first left", 0.1, 0.1)
        + _words("first right", 0.6, 0.1)
        + _words("second", 0.2, 0.4)
    )
    random.Random(3).shuffle(words)
    lines = build_lines(words)
    assert [(line.text, line.row) for line in lines] == [
        ("first left", 0),
        ("first right", 0),
        ("second", 1),
        ("third row", 2),
    ]
    order = [w.text for w in reading_order(words)]
    assert order == ["first", "left", "first", "right", "second", "third", "row"]


def test_skewed_row_stays_together() -> None:
    # 2.3 degrees of skew over a long line: the ends differ by more than a word height
    words = _words("this line is printed with a slight skew from left to right edge", 0.05, 0.5, slope=0.04)
    assert abs(words[0].bbox.y - words[-1].bbox.y) > H
    lines = build_lines(words + _words("next line below", 0.05, 0.56, slope=0.04))
    assert [line.text for line in lines] == [
        "this line is printed with a slight skew from left to right edge",
        "next line below",
    ]
    assert [line.row for line in lines] == [0, 1]


def test_slope_weighs_words_by_width() -> None:
    # long level lines and a few short boxes whose top edges step one pixel: the page is level
    level = [replace(w, angle=0.0) for w in _words("a long line printed level across the page", 0.05, 0.3)]
    stepped = [replace(w, angle=0.05) for w in _words("1 2 3 4 5", 0.05, 0.4)]
    tilted = [replace(w, angle=0.02) for w in _words("a long line printed level across the page", 0.05, 0.5)]
    assert page_slope(level + stepped, 1.0) == 0.0
    assert page_slope(level + stepped + tilted + tilted, 1.0) == pytest.approx(math.tan(0.02))


def test_words_keep_the_line_the_reader_read_them_in() -> None:
    # two tight lines of a slanted scan: the phone number drifts up against the line above it
    above = [replace(w, line=0) for w in _words("SEKSYEN U13,", 0.05, 0.100)]
    below = [replace(w, line=1) for w in _words("TEL: 012", 0.05, 0.112)]
    drifted = [replace(w, line=1) for w in _words("6651783", 0.30, 0.104)]
    lines = build_lines(above + below + drifted)
    assert [(line.text, line.row) for line in lines] == [("SEKSYEN U13,", 0), ("TEL: 012", 1), ("6651783", 1)]
    unknown = build_lines([replace(w, line=-1) for w in above + below + drifted])
    assert [(line.text, line.row) for line in unknown] == [
        ("SEKSYEN U13,", 0),
        ("6651783", 0),
        ("TEL: 012", 1),
    ]


def test_tight_rows_do_not_merge() -> None:
    words = _words("alpha beta", 0.1, 0.100) + _words("gamma delta", 0.1, 0.100 + H * 1.05)
    assert [line.text for line in build_lines(words)] == ["alpha beta", "gamma delta"]


def test_small_label_and_big_value_share_a_row() -> None:
    label = Word("DOB", BBox(0.1, 0.505, 0.03, 0.012))
    value = Word("01/02/1990", BBox(0.135, 0.495, 0.15, 0.03))
    lines = build_lines([value, label])
    assert [line.text for line in lines] == ["DOB 01/02/1990"]
    assert lines[0].bbox.page == 0


def test_value_after_a_baseline_colon_shares_its_labels_row() -> None:
    # the reader boxes a label's colon at the baseline; the amount after it sits a little higher
    label = [replace(w, line=0) for w in _words("Ser TAX 15%", 0.38, 0.694)]
    colon = Word(":", BBox(0.50, 0.712, 0.005, 0.006), line=0)
    amount = Word("825.00", BBox(0.81, 0.687, 0.127, 0.027), line=1)
    lines = build_lines([*label, colon, amount])
    assert [(line.text, line.row) for line in lines] == [("Ser TAX 15% :", 0), ("825.00", 0)]


def test_dense_page_is_fast() -> None:
    import time

    words = [w for r in range(120) for w in _words("lorem ipsum dolor sit amet consectetur", 0.05, r * 0.008)]
    words = [Word(w.text, BBox(w.bbox.x, w.bbox.y, w.bbox.w, 0.006)) for w in words]
    start = time.perf_counter()
    lines = build_lines(words)
    assert time.perf_counter() - start < 0.5
    assert len(lines) == 120
