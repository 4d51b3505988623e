"""Receipt and form mechanisms of the locator: grand totals among several labelled amounts, business names,
item lines with counts and summary rows, address blocks, values after other labels; on hand-placed words
and on a receipt rendered and read by OCR."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pydantic import BaseModel, Field

import groundex
from groundex.layout import build_lines
from groundex.locate.candidates import Page
from groundex.locate.local import LocalLocator, _plan
from groundex.locate.priors import party_name, without_registration
from groundex.locate.repeats import numbered_groups
from groundex.locate.totals import is_sum
from groundex.mend import (
    fix_confusions,
    mend,
    split_counts,
    split_glued,
    split_marks,
    with_business_words,
    with_cents,
    with_counts,
    with_meridiem,
    with_months,
    with_pound_signs,
    with_states,
)
from groundex.schema import load_schema
from groundex.synth.canvas import Canvas, font
from groundex.types import BBox
from groundex.values import find_dates
from tests.wordsheet import document, words_at


class Receipt(BaseModel):
    class Item(BaseModel):
        name: str | None = Field(None, description="Item name as printed")
        quantity: str | None = Field(None, description="Quantity of the item as printed")
        price: str | None = Field(None, description="Price printed on the item's line")

    company: str | None = Field(None, description="Name of the company that issued the receipt")
    address: str | None = Field(None, description="Address of the company")
    date: str | None = Field(None, description="Date of the receipt")
    total: str | None = Field(None, description="Total amount paid")
    items: list[Item] = Field(default_factory=list, description="Purchased line items")


def _locate(*placed: list[groundex.types.Word], model: type[BaseModel] = Receipt) -> dict[str, object]:
    """The printed text of every value the locator finds on the hand-placed words, for ``model``'s schema."""
    got = LocalLocator().locate(document(*placed), load_schema(model))
    return {path: cand.pick.text for path, cand in got.items()}


def test_grand_total_is_the_inclusive_sum_not_a_summary_row() -> None:
    got = _locate(
        words_at("Total Sales (Excluding GST)", 0.05, 0.50),
        words_at("45.00", 0.80, 0.50),
        words_at("Total GST", 0.40, 0.54),
        words_at("2.70", 0.80, 0.54),
        words_at("Total Sales (Inclusive of GST) :", 0.05, 0.60),
        words_at("47.70", 0.80, 0.60),
        words_at("CASH :", 0.40, 0.64),
        words_at("50.00", 0.80, 0.64),
        words_at("GST SUMMARY", 0.05, 0.75),
        words_at("Total :", 0.20, 0.80),
        words_at("45.00", 0.50, 0.80),
        words_at("2.70", 0.75, 0.80),
    )
    assert got["total"] == "47.70"


def test_a_grand_total_printed_after_another_sum_on_its_row_is_no_table_row() -> None:
    """``NET SALES 100.75 GRAND TOTAL 113.35`` on one row: one amount follows the grand total's label, so the
    row is no tax table's, and the VAT analysis's ``TOTAL`` column under it (``78.00``, which its row's
    ``66.37`` and ``11.63`` make) does not outrank it."""
    got = _locate(
        words_at("1 TIGER PRAWNS", 0.17, 0.25) + words_at("12.50", 0.78, 0.25),
        words_at("1 BREAST OF DUCK", 0.17, 0.29) + words_at("88.25", 0.78, 0.29),
        words_at("SERVICE CHARGE", 0.28, 0.47) + words_at("12.60", 0.78, 0.47),
        words_at("NET SALES", 0.01, 0.52) + words_at("100.75 GRAND TOTAL", 0.28, 0.52),
        words_at("113.35", 0.76, 0.52),
        words_at("VAT ANALYSIS", 0.30, 0.61),
        words_at("RATE %", 0.05, 0.63) + words_at("NET", 0.33, 0.63) + words_at("TAX", 0.53, 0.63),
        words_at("TOTAL", 0.74, 0.63),
        words_at("17.500", 0.06, 0.65) + words_at("66.37", 0.28, 0.65) + words_at("11.63", 0.49, 0.65),
        words_at("78.00", 0.74, 0.65),
    )
    assert got["total"] == "113.35"


def test_a_total_column_header_does_not_give_the_total() -> None:
    got = _locate(
        words_at("QTY ITEM", 0.05, 0.40),
        words_at("TOTAL", 0.75, 0.40),
        words_at("1 McChicken", 0.05, 0.44),
        words_at("9.50", 0.77, 0.44),
        words_at("1 Fries", 0.05, 0.48),
        words_at("15.90", 0.77, 0.48),
        words_at("TakeOut Total (incl GST)", 0.05, 0.60),
        words_at("25.40", 0.75, 0.60),
        words_at("Total Rounded", 0.05, 0.64),
        words_at("25.40", 0.75, 0.64),
    )
    assert got["total"] == "25.40"
    # a slanted photo reads the `Amount` header into a row of its own, level with the other header cells
    placed = (
        words_at("Description", 0.08, 0.522, h=0.024),
        words_at("Qty", 0.49, 0.534, h=0.025),
        words_at("Rate", 0.64, 0.538, h=0.021),
        words_at("Amount", 0.815, 0.526, h=0.021),
        words_at("SMOOTHING UPTO SH", 0.07, 0.589, h=0.025),
        words_at("1", 0.53, 0.599, h=0.025),
        words_at("5500.00", 0.61, 0.594, h=0.025),
        words_at("5500.00", 0.80, 0.586, h=0.025),
        words_at("Gross Amount :", 0.36, 0.660, h=0.024),
        words_at("5500.00", 0.79, 0.656, h=0.024),
        words_at("Ser TAX 15% :", 0.38, 0.693, h=0.024),
        words_at("825.00", 0.81, 0.691, h=0.024),
        words_at("Net Amount :", 0.40, 0.741, h=0.024),
        words_at("6325.00", 0.73, 0.714, h=0.024),
    )
    assert _locate(*placed)["total"] == "6325.00"
    due = load_schema(
        {
            "type": "object",
            "properties": {
                "total": {
                    "type": ["string", "null"],
                    "description": "Final total amount due, including tax (the 'TOTAL' or 'AMOUNT' line)",
                }
            },
        }
    )
    assert LocalLocator().locate(document(*placed), due)["total"].pick.text == "6325.00"


class Visit(BaseModel):
    date: str | None = Field(None, description="Date of the purchase as printed")
    time: str | None = Field(None, description="Time of the purchase as printed (e.g. '19:19', '04:11 PM')")


def test_a_date_joined_to_its_time_by_an_underscore_gives_both() -> None:
    got = LocalLocator().locate(
        document(list(mend(words_at("Ju1/15/2017_12:25", 0.55, 0.30)))), load_schema(Visit)
    )
    assert (got["date"].pick.text, got["time"].pick.text) == ("Jul/15/2017", "12:25")
    assert got["time"].words[0].bbox.x > got["date"].words[0].bbox.x1


def test_the_latest_of_several_times_is_the_purchase_time() -> None:
    checks = _locate(
        words_at("Table 9 opened 11/11/17 21:12", 0.20, 0.30),
        words_at("Check closed 11/11/17 21:40", 0.20, 0.33),
        words_at("Daal Tadka", 0.20, 0.40),
        words_at("470.00", 0.70, 0.40),
        model=Visit,
    )
    assert (checks["date"], checks["time"]) == ("11/11/17", "21:40")
    # of the times printed after a date, the latest: a price misread with a colon is no time
    misread = _locate(
        words_at("SUSPENDED ON 1/13/2008 12:57:15 PM", 0.02, 0.20),
        words_at("Colony Salad", 0.15, 0.35),
        words_at("13:49", 0.71, 0.35),
        words_at("1/13/2008 12:57", 0.08, 0.90),
        model=Visit,
    )
    assert misread["time"] == "12:57:15 PM"
    # every time a line prints counts (entry and exit), but opening hours are no moment of a purchase
    parking = _locate(
        words_at("11/08/2012", 0.20, 0.20),
        words_at("ENTRADA 15:09 SALIDA 15:45", 0.20, 0.60),
        words_at("OPEN 8:00AM TO 9:00PM DAILY", 0.20, 0.10),
        model=Visit,
    )
    assert parking["time"] == "15:45"
    hours = _locate(
        words_at("OPEN 8:00AM TO 9:00PM DAILY", 0.20, 0.10), words_at("TOTAL 9.99", 0.2, 0.5), model=Visit
    )
    assert "time" not in hours


def test_the_amount_tendered_less_the_change_is_the_total() -> None:
    got = _locate(
        words_at("SUBTOTAL:", 0.30, 0.44),
        words_at("44.90", 0.55, 0.44),
        words_at("CASH", 0.30, 0.53),
        words_at("100.00", 0.55, 0.53),
        words_at("CASH CHANGE", 0.30, 0.55),
        words_at("55.10", 0.55, 0.55),
    )
    assert got["total"] == "44.90"
    got = _locate(
        words_at("PLUG TOP 13A", 0.30, 0.43),
        words_at("36.00", 0.57, 0.43),
        words_at("36.00", 0.57, 0.50),
        words_at("Change :", 0.47, 0.54),
        words_at("0.00", 0.58, 0.54),
    )
    assert got["total"] == "36.00"
    got = _locate(
        words_at("Total", 0.30, 0.44),
        words_at("12.00", 0.55, 0.44),
        words_at("Cash", 0.30, 0.50),
        words_at("20.00", 0.55, 0.50),
        words_at("Change", 0.30, 0.53),
        words_at("8.00", 0.55, 0.53),
    )
    assert got["total"] == "12.00"
    got = _locate(
        words_at("Total", 0.40, 0.48),
        words_at("11.60", 0.78, 0.48),
        words_at("Total", 0.40, 0.52),
        words_at("10.45", 0.78, 0.52),
        words_at("CASH", 0.10, 0.56),
        words_at("20.00", 0.78, 0.56),
        words_at("Change", 0.10, 0.60),
        words_at("9.55", 0.78, 0.60),
    )
    assert got["total"] == "10.45"  # what was paid outranks the larger amount


def test_cash_rounding_gives_the_rounded_total() -> None:
    rounded_line = _locate(
        words_at("Total Sales (Inclusive GST) RM", 0.05, 0.50),
        words_at("72.74", 0.75, 0.50),
        words_at("Rounding Adjustment RM", 0.05, 0.54),
        words_at("0.01", 0.77, 0.54),
        words_at("Rounding RM", 0.40, 0.58),
        words_at("72.75", 0.75, 0.58),
        words_at("CASH RM 100.00", 0.40, 0.62),
    )
    assert rounded_line["total"] == "72.75"  # "RM" belongs to the label "Rounding RM"
    adjustment = _locate(
        words_at("Total (MYR) :", 0.30, 0.40),
        words_at("17.93", 0.75, 0.40),
        words_at("GST @ 6% :", 0.30, 0.44),
        words_at("1.08", 0.77, 0.44),
        words_at("Net Total (MYR) :", 0.30, 0.48),
        words_at("19.01", 0.75, 0.48),
        words_at("Rounding Adj. :", 0.30, 0.52),
        words_at("-0.01", 0.75, 0.52),
        words_at("Net Total Rounded (MYR) :", 0.10, 0.56),
        words_at("19.00", 0.75, 0.56),
    )
    assert adjustment["total"] == "19.00"


def test_totals_after_the_change_are_a_summary_and_a_currency_column_is_skipped() -> None:
    got = _locate(
        words_at("Total Sales (lnclusive of GST) :", 0.05, 0.40),
        words_at("RM", 0.60, 0.40),
        words_at("20.50", 0.75, 0.40),
        words_at("CASH", 0.40, 0.44),
        words_at("21.00", 0.75, 0.44),
        words_at("Change", 0.40, 0.48),
        words_at("0.50", 0.77, 0.48),
        words_at("Total :", 0.30, 0.60),
        words_at("19.34", 0.57, 0.60),
    )
    assert got["total"] == "20.50"


def test_item_lines_with_flags_article_numbers_and_at_prices() -> None:
    got = _locate(
        words_at("GREAT VALUE 007874223023 F", 0.10, 0.20),
        words_at("0.38 N", 0.70, 0.20),
        words_at("TOTAL 03 001600027484 F", 0.10, 0.24),
        words_at("3.54 X", 0.70, 0.24),
        words_at("Pacific Rim (4 @40.00)", 0.10, 0.28),
        words_at("160.00", 0.70, 0.28),
        words_at("TOMATE EN RAMA 0.230 KILOS", 0.10, 0.32),
        words_at("0.53", 0.70, 0.32),
        words_at("Chicken Fried Rice", 0.10, 0.36),
        words_at("2 @ 6.50", 0.10, 0.40),
        words_at("13.00", 0.70, 0.40),
        words_at("SUBTOTAL", 0.10, 0.46),
        words_at("177.45", 0.70, 0.46),
    )
    assert _rows(got, 6) == [
        ("GREAT VALUE", None, "0.38"),
        ("TOTAL 03", None, "3.54"),
        ("Pacific Rim", "(4", "160.00"),
        ("TOMATE EN RAMA", None, "0.53"),
        ("Chicken Fried Rice", "2", "13.00"),
        (None, None, None),
    ]
    coded = _locate(
        words_at("RECIPE CARDS 4X6", 0.10, 0.20),
        words_at("0.50", 0.75, 0.20),
        words_at("NOTECARDS RED Q3 400100998274 1.50 1@", 0.10, 0.24),
        words_at("1.50", 0.75, 0.24),
        words_at("SUBTOTAL", 0.30, 0.30),
        words_at("2.00", 0.60, 0.30),
    )
    assert _rows(coded, 2) == [("RECIPE CARDS 4X6", None, "0.50"), ("NOTECARDS RED Q3", "1@", "1.50")]
    # a flag column before the text: the letter alone in its segment is no name
    flagged = _locate(
        words_at("E", 0.12, 0.20),
        words_at("269865 HOM MILK 1GL", 0.25, 0.20),
        words_at("2.99", 0.80, 0.20),
        words_at("E", 0.12, 0.24),
        words_at("519639 LIPT ICE TEA", 0.25, 0.24),
        words_at("9.99", 0.80, 0.24),
        words_at("SUBTOTAL", 0.26, 0.30),
        words_at("12.98", 0.80, 0.30),
    )
    assert _rows(flagged, 2) == [("HOM MILK 1GL", None, "2.99"), ("LIPT ICE TEA", None, "9.99")]


def test_at_signs_read_as_digits_times_and_figures_under_a_name() -> None:
    got = _locate(
        words_at("Table 51/1", 0.10, 0.10),
        words_at("9.38 PM", 0.66, 0.10),
        words_at("L-STILL WATER (2 08.50)", 0.10, 0.20),
        words_at("17.00", 0.70, 0.20),
        words_at("FREYIN (4 0130.00)", 0.10, 0.24),
        words_at("520.00", 0.70, 0.24),
        words_at("OLIVE (2 08.50)", 0.10, 0.28),
        words_at("12.50", 0.70, 0.28),
        words_at("1", 0.02, 0.30),
        words_at("PATE (2 @28.00)", 0.10, 0.30),
        words_at("56.00", 0.70, 0.30),
        words_at("ZUMO NARANJA X6", 0.10, 0.385),
        words_at("1,05", 0.70, 0.385),
        words_at("SAM 128G MSD EVO+", 0.10, 0.32),
        words_at("40434 K 1x 29.98", 0.08, 0.35),
        words_at("29.98 A", 0.70, 0.35),
        words_at("TOTAL", 0.10, 0.42),
        words_at("609.48", 0.70, 0.42),
    )
    assert _rows(got, 7) == [
        ("L-STILL WATER", "(2", "17.00"),
        ("FREYIN", "(4", "520.00"),
        ("OLIVE (2 08.50)", None, "12.50"),
        ("PATE", "(2", "56.00"),
        ("SAM 128G MSD EVO+", "1x", "29.98"),
        ("ZUMO NARANJA", "X6", "1,05"),
        (None, None, None),
    ]


def test_an_amount_with_two_flags_after_it() -> None:
    """Flags printed after the amount: a capital ending the text is the end of a name cut short, no flag;
    on a row with nothing after its amount, it is the row's flag."""
    got = _locate(
        words_at("& CHICKEN OF THE SEA", 0.07, 0.28),
        words_at("$1.89 N F", 0.62, 0.29),
        words_at("& STARKIST CHUNK WAT W", 0.07, 0.32),
        words_at("$0.99 N F", 0.62, 0.33),
        words_at("M&M PRETZEL C", 0.07, 0.36),
        words_at("1.14", 0.62, 0.36),
        words_at("TOTAL", 0.07, 0.42),
        words_at("$4.02", 0.62, 0.42),
    )
    assert [(got.get(f"items[{i}].name"), got.get(f"items[{i}].price")) for i in range(4)] == [
        ("& CHICKEN OF THE SEA", "$1.89"),
        ("& STARKIST CHUNK WAT W", "$0.99"),
        ("M&M PRETZEL", "1.14"),
        (None, None),
    ]


def test_items_go_on_past_department_totals() -> None:
    """A grocery receipt totals each department (``TOTAL DEPARTMENT``, each the sum of the items above it
    since the last one): the items of every department are read; a single subtotal still ends them."""
    got = _locate(
        words_at("CHICKEN OF THE SEA", 0.07, 0.28),
        words_at("$1.89", 0.62, 0.28),
        words_at("STARKIST CHUNK", 0.07, 0.32),
        words_at("$0.99", 0.62, 0.32),
        words_at("TOTAL DEPARTMENT", 0.07, 0.38),
        words_at("$2.88", 0.62, 0.38),
        words_at("HARDWARE", 0.02, 0.44),
        words_at("REUSABLE BAG", 0.07, 0.48),
        words_at("$0.10", 0.62, 0.48),
        words_at("TOTAL DEPARTMENT", 0.07, 0.52),
        words_at("$0.10", 0.62, 0.52),
        words_at("TOTAL", 0.07, 0.60),
        words_at("$2.98", 0.62, 0.60),
    )
    assert [(got.get(f"items[{i}].name"), got.get(f"items[{i}].price")) for i in range(4)] == [
        ("CHICKEN OF THE SEA", "$1.89"),
        ("STARKIST CHUNK", "$0.99"),
        ("REUSABLE BAG", "$0.10"),
        (None, None),
    ]
    single = _locate(
        words_at("Burger", 0.07, 0.28),
        words_at("9.00", 0.62, 0.28),
        words_at("Subtotal", 0.07, 0.34),
        words_at("9.00", 0.62, 0.34),
        words_at("Delivery fee", 0.07, 0.38),
        words_at("2.00", 0.62, 0.38),
        words_at("Total", 0.07, 0.44),
        words_at("2.00", 0.62, 0.44),
    )
    assert (single.get("items[0].name"), single.get("items[1].name")) == ("Burger", None)


def test_an_item_amount_missing_its_last_digit_is_completed_by_the_subtotal() -> None:
    def page(first: str) -> dict[str, object]:
        return _locate(
            words_at("Gyros Pita, Fries", 0.15, 0.46),
            words_at(first, 0.80, 0.46),
            words_at("Large Soft Drink", 0.15, 0.49),
            words_at("2.59", 0.80, 0.49),
            words_at("Greek Cookies 3pcs", 0.15, 0.52),
            words_at("2.29", 0.80, 0.52),
            words_at("Subtotal", 0.08, 0.59),
            words_at("13.87", 0.79, 0.59),
        )

    assert page("8.9")["items[0].price"] == "8.99"
    assert page("7.9")["items[0].price"] == "7.9"


def _grouped(placed: list[tuple[int, str, float, float, float]]) -> dict[str, object]:
    """The printed text of every value the locator finds on lines placed as ``(row, text, x, y, h)``: rows as
    the layout grouped a photo."""
    lines = tuple(groundex.types.Line(tuple(words_at(text, x, y, h)), row) for row, text, x, y, h in placed)
    words = tuple(w for line in lines for w in line.words)
    page = groundex.types.Page(0, 1000, 1000, words, lines, "test")
    doc = groundex.types.Document((page,), "sheet", "image/png", 1)
    return {p: c.pick.text for p, c in LocalLocator().locate(doc, load_schema(Receipt)).items()}


def test_amounts_drifting_a_line_above_their_names_on_a_curved_photo() -> None:
    """The layout paired the first names with the amount of the next row (a curved photo: each amount a line
    above its name): an amount alone above them and a name alone below them re-pair the run in order."""
    placed = [  # (row, text, x, y, h) as the layout grouped a curved receipt
        (6, "1.50", 0.72, 0.361, 0.030),
        (7, "1 Sparkling", 0.10, 0.405, 0.028),
        (7, "26.00", 0.72, 0.373, 0.041),
        (8, "Organic", 0.15, 0.420, 0.032),
        (8, "10.00", 0.72, 0.396, 0.041),
        (9, "21 Dave", 0.09, 0.419, 0.055),
        (10, "1 Pain", 0.09, 0.464, 0.031),
        (10, "10.00", 0.73, 0.417, 0.043),
        (11, "1 Rusty", 0.09, 0.484, 0.051),
        (11, "6.50", 0.74, 0.441, 0.040),
        (12, "Uni", 0.15, 0.510, 0.025),
        (12, "7.00", 0.76, 0.464, 0.042),
        (13, "1 Hotate", 0.09, 0.531, 0.033),
        (13, "4.50", 0.77, 0.487, 0.041),
        (17, "Subtotal", 0.30, 0.660, 0.043),
        (17, "65.50", 0.78, 0.626, 0.036),
    ]
    got = _grouped(placed)
    assert [(got.get(f"items[{i}].name"), got.get(f"items[{i}].price")) for i in range(7)] == [
        ("Sparkling", "1.50"),
        ("Organic", "26.00"),
        ("Dave", "10.00"),
        ("Pain", "10.00"),
        ("Rusty", "6.50"),
        ("Uni", "7.00"),
        ("Hotate", "4.50"),
    ]


def test_an_amount_alone_just_above_a_name_alone_is_its_amount() -> None:
    """A curved photo put an amount on a row of its own just above its name, also on a row of its own: the
    name takes it, unless an amount alone on the row below is as near (a wrapped item's amount under it)."""
    curved = [  # (row, text, x, y, h) as the layout grouped a curved receipt
        (9, "1 Crb/Avo Eggrll", 0.15, 0.612, 0.020),
        (9, "12.00", 0.68, 0.612, 0.020),
        (10, "8.00", 0.70, 0.658, 0.020),
        (11, "1 Frd Wontons", 0.15, 0.675, 0.020),
        (12, "1 LS Ribeye Medall", 0.15, 0.698, 0.020),
        (12, "13.00", 0.69, 0.701, 0.020),
        (18, "Subtotal", 0.19, 0.908, 0.020),
        (18, "33.00", 0.71, 0.908, 0.020),
    ]
    assert _rows(_grouped(curved), 4) == [
        ("Crb/Avo Eggrll", "1", "12.00"),
        ("Frd Wontons", "1", "8.00"),
        ("LS Ribeye Medall", "1", "13.00"),
        (None, None, None),
    ]
    wrapped = [
        (1, "Coffee Beans", 0.10, 0.30, 0.020),
        (1, "12.00", 0.70, 0.30, 0.020),
        (2, "2.00-", 0.70, 0.33, 0.020),
        (3, "Espresso Cups Set", 0.10, 0.36, 0.020),
        (4, "18.00", 0.70, 0.39, 0.020),
        (9, "Subtotal", 0.10, 0.50, 0.020),
        (9, "28.00", 0.70, 0.50, 0.020),
    ]
    assert _rows(_grouped(wrapped), 2) == [
        ("Coffee Beans", None, "12.00"),
        ("Espresso Cups Set", None, "18.00"),
    ]


def test_a_header_without_a_description_column_and_whole_amounts() -> None:
    got = _locate(
        words_at("Particulars", 0.10, 0.20),
        words_at("Qty Rate Amount", 0.55, 0.20),
        words_at("TOMATO BASIL SOUP", 0.10, 0.24),
        words_at("1", 0.57, 0.24),
        words_at("199", 0.63, 0.24),
        words_at("199", 0.78, 0.24),
        words_at("CRISPY ALOO CUP", 0.10, 0.28),
        words_at("2", 0.57, 0.28),
        words_at("250", 0.63, 0.28),
        words_at("500", 0.78, 0.28),
        words_at("Sub Total", 0.40, 0.36),
        words_at("699.00", 0.75, 0.36),
    )
    assert (got["items[0].name"], got["items[0].quantity"], got["items[0].price"]) == (
        "TOMATO BASIL SOUP",
        "1",
        "199",
    )
    assert (got["items[1].name"], got["items[1].quantity"], got["items[1].price"]) == (
        "CRISPY ALOO CUP",
        "2",
        "500",
    )


def test_a_count_and_unit_price_whose_product_is_the_amount_give_the_quantity() -> None:
    table = _locate(
        words_at("Item Name", 0.10, 0.20),
        words_at("aty", 0.47, 0.20),
        words_at("Price Ext Price", 0.57, 0.20),
        words_at("Snack Sticks", 0.10, 0.24),
        words_at("2", 0.49, 0.24),
        words_at("$3.49", 0.57, 0.24),
        words_at("$6.98", 0.72, 0.24),
        words_at("Eggs White", 0.10, 0.28),
        words_at("4", 0.49, 0.28),
        words_at("$2.25", 0.57, 0.28),
        words_at("$2.25", 0.72, 0.28),
        words_at("Free Bag", 0.10, 0.32),
        words_at("3", 0.49, 0.32),
        words_at("$0.00", 0.57, 0.32),
        words_at("$0.00", 0.72, 0.32),
        words_at("Subtotal", 0.56, 0.38),
        words_at("$9.23", 0.72, 0.38),
    )
    assert _rows(table, 3) == [
        ("Snack Sticks", "2", "$6.98"),
        ("Eggs White", None, "$2.25"),
        ("Free Bag", None, "$0.00"),
    ]
    lines = _locate(
        words_at("DAHI PAPADI", 0.10, 0.24),
        words_at("2 85.00", 0.48, 0.24),
        words_at("170.00", 0.72, 0.24),
        words_at("MASALA TEA", 0.10, 0.28),
        words_at("3 10.00", 0.48, 0.28),
        words_at("20.00", 0.72, 0.28),
        words_at("TOTAL", 0.40, 0.34),
        words_at("190.00", 0.72, 0.34),
    )
    assert _rows(lines, 2) == [("DAHI PAPADI", "2", "170.00"), ("MASALA TEA", None, "20.00")]


def test_is_sum_needs_two_other_printed_amounts() -> None:
    assert is_sum(47.70, [45.00, 2.70, 47.70, 50.00])
    assert not is_sum(45.00, [45.00, 2.70, 47.70, 50.00])
    assert not is_sum(10.00, [10.00, 0.00])


def test_business_name_without_registration_and_over_two_lines() -> None:
    assert without_registration("AMANO MALAYSIA SDN BHD (682288-V)") == "AMANO MALAYSIA SDN BHD"
    assert without_registration("KING'S CONFECTIONERY S/B 273500-U (KSB)") == "KING'S CONFECTIONERY S/B"
    assert without_registration("ACME Inc. 2 Main St") == "ACME Inc."
    assert without_registration("MR. D.I.Y. (M) SDN BHD") == "MR. D.I.Y. (M) SDN BHD"
    got = _locate(
        words_at("POPULAR BOOK", 0.20, 0.04, h=0.025),
        words_at("CO. (M) SDN BHD", 0.15, 0.07, h=0.03),
        words_at("(Co. No. 113825-W)", 0.25, 0.11, h=0.015),
        words_at("No 8, Jalan 7/118B, Desa Tun Razak", 0.05, 0.14, h=0.015),
        words_at("56000 Kuala Lumpur, Malaysia", 0.10, 0.16, h=0.015),
    )
    assert got["company"] == "POPULAR BOOK CO. (M) SDN BHD"
    assert got["address"] == "No 8, Jalan 7/118B, Desa Tun Razak 56000 Kuala Lumpur, Malaysia"


def test_registration_number_does_not_hide_the_name_and_address_skips_it() -> None:
    got = _locate(
        words_at("99 SPEED MART S/B (519537-X)", 0.15, 0.20, h=0.025),
        words_at("LOT P.T.2811, JALAN ANGSA,", 0.15, 0.24, h=0.02),
        words_at("TAMAN BERKELEY", 0.25, 0.27, h=0.02),
        words_at("41150 KLANG, SELANGOR", 0.20, 0.30, h=0.02),
        words_at("GST ID. NO: 000181747712", 0.20, 0.34, h=0.02),
    )
    assert got["company"] == "99 SPEED MART S/B"
    assert got["address"] == "LOT P.T.2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR"


def test_receipt_boilerplate_is_not_the_business_name() -> None:
    got = _locate(
        words_at("WELCOME TO OUR STORE", 0.20, 0.02, h=0.03),
        words_at("Cashier: 12", 0.20, 0.06, h=0.03),
        words_at("Green Park Bakery", 0.20, 0.10, h=0.025),
    )
    assert got["company"] == "Green Park Bakery"


def test_counts_before_item_names_and_summary_rows() -> None:
    got = _locate(
        words_at("2 Cappuccino Small", 0.05, 0.30),
        words_at("4.60", 0.80, 0.30),
        words_at("1 x Pain Au Raisin", 0.05, 0.34),
        words_at("1.80", 0.80, 0.34),
        words_at("3 \u00d7 Almaza", 0.05, 0.37),
        words_at("7.50", 0.80, 0.37),
        words_at("1 $ Add Bacon", 0.05, 0.385),
        words_at("1.50", 0.80, 0.385),
        words_at("Net TTL", 0.05, 0.40),
        words_at("13.90", 0.80, 0.40),
        words_at("VAT 20%", 0.05, 0.44),
        words_at("1.07", 0.80, 0.44),
    )
    assert (got["items[0].name"], got["items[0].quantity"], got["items[0].price"]) == (
        "Cappuccino Small",
        "2",
        "4.60",
    )
    assert (got["items[1].name"], got["items[1].quantity"]) == ("Pain Au Raisin", "1")
    assert (got["items[2].name"], got["items[2].quantity"]) == ("Almaza", "3")
    assert (got["items[3].name"], got["items[3].quantity"]) == ("$ Add Bacon", "1")  # an add-on, counted
    assert "items[4].name" not in got and "items[4].price" not in got
    dotted = _locate(
        words_at("6. BC Turkey", 0.05, 0.30),
        words_at("41.94", 0.80, 0.30),
        words_at("2. Provolone", 0.05, 0.34),
        words_at("3.98", 0.80, 0.34),
        words_at("TOTAL", 0.05, 0.40),
        words_at("45.92", 0.80, 0.40),
    )
    assert [(dotted[f"items[{i}].name"], dotted[f"items[{i}].quantity"]) for i in range(2)] == [
        ("BC Turkey", "6."),
        ("Provolone", "2."),
    ]


def test_savings_coupon_and_discount_rows_are_not_items() -> None:
    got = _locate(
        words_at("BOYS 8-20 LNG BT", 0.05, 0.30),
        words_at("9.20", 0.80, 0.30),
        words_at("ItemPrice 46.00 YouSave", 0.05, 0.33),
        words_at("36.80", 0.80, 0.33),
        words_at("CVS MFR COUPON", 0.05, 0.36),
        words_at("2.00", 0.80, 0.36),
        words_at("RegPrice 13.96", 0.05, 0.39),
        words_at("3.96", 0.80, 0.39),
        words_at("PEPSI 2L", 0.05, 0.42),
        words_at("2.49", 0.80, 0.42),
        words_at("Open Disc %", 0.05, 0.45),
        words_at("-1.24", 0.80, 0.45),
        words_at("2 Items", 0.05, 0.47),
        words_at("11.69", 0.80, 0.47),
        words_at("Purchase $", 0.05, 0.485),
        words_at("11.69", 0.80, 0.485),
        words_at("CPDEPT Save $4 Cereal", 0.05, 0.44),
        words_at("4.00", 0.80, 0.44),
        words_at("Total", 0.05, 0.50),
        words_at("11.69", 0.80, 0.50),
        model=Sale,
    )
    items = [("BOYS 8-20 LNG BT", None, "9.20"), ("PEPSI 2L", None, "2.49"), (None, None, None)]
    assert _rows(got, 3) == items
    # a percentage taken off is a discount, whatever its words
    society = _locate(
        words_at("Bellini", 0.05, 0.30),
        words_at("£7.50", 0.80, 0.30),
        words_at("Gourmet Society 50%", 0.05, 0.34),
        words_at("£-3.75", 0.80, 0.34),
        words_at("Risotto", 0.05, 0.38),
        words_at("£12.00", 0.80, 0.38),
        words_at("Total", 0.05, 0.44),
        words_at("£15.75", 0.80, 0.44),
        model=Sale,
    )
    assert _rows(society, 3) == [("Bellini", None, "£7.50"), ("Risotto", None, "£12.00"), (None, None, None)]


def _priced(pairs: list[tuple[str, str]]) -> list[groundex.types.Word]:
    """Item lines ``name ... price`` from y = 0.30 down, one every 0.04."""
    return [
        w
        for i, (name, price) in enumerate(pairs)
        for w in words_at(name, 0.05, 0.30 + 0.04 * i) + words_at(price, 0.80, 0.30 + 0.04 * i)
    ]


def test_rows_summing_up_the_items_are_not_items() -> None:
    dishes = [("Guinness Pie", "14.50"), ("Blue Ch Burger", "12.00"), ("Cappuccino", "2.80")]
    drinks = [("Smirnoff", "4.50"), ("Dt Coke", "2.65")]
    sums = [("Food", "29.30"), ("Beverage", "7.15")]
    paid = words_at("Payment", 0.05, 0.62) + words_at("36.45", 0.80, 0.62)
    got = _locate(_priced(dishes + drinks + sums), paid, model=Sale)
    assert [row[0] for row in _rows(got, 6)] == [name for name, _ in dishes + drinks] + [None]
    priced = [("ACQUA PANNA", "3.00"), ("CONTORNO", "5.00"), ("DESSERT", "12.00"), ("CAPPUCCINO", "8.00")]
    subtotal = words_at("SUBTOTAL", 0.05, 0.50) + words_at("28.00", 0.80, 0.50)
    got = _locate(_priced(priced), subtotal, model=Sale)
    assert [row[0] for row in _rows(got, 4)] == [name for name, _ in priced]
    header = words_at("Description", 0.05, 0.26) + words_at("Amount", 0.78, 0.26)
    got = _locate(header, _priced([*priced, ("-FOOD", "28.00--"), ("Prev Bal:", "28.00")]), model=Sale)
    assert [row[0] for row in _rows(got, 5)] == [name for name, _ in priced] + [None]


def test_a_date_after_another_label_ranks_below_a_bare_one() -> None:
    got = _locate(
        words_at("01/03/18 19:14", 0.05, 0.25),
        words_at("Card Expiry: 30/09/18", 0.05, 0.35),
    )
    assert got["date"] == "01/03/18"


def test_a_date_with_its_time_of_day_outranks_a_date_alone() -> None:
    got = _locate(
        words_at("13 MAR 2018", 0.60, 0.09),
        words_at("MR. D.I.Y. (M) SDN BHD", 0.10, 0.15),
        words_at("14-03-18 21:49 - SH03 ZJ20", 0.49, 0.50),
    )
    assert got["date"] == "14-03-18"
    alone = _locate(words_at("13 MAR 2018", 0.60, 0.09), words_at("14-03-18 - SH03 ZJ20", 0.49, 0.50))
    assert alone["date"] == "13 MAR 2018"


class Form(BaseModel):
    overall_length: str | None = Field(None, title="Overall Cigarette Length")
    total_weight: str | None = Field(None, title="Total Cigt. Wt.")
    pressure_unencap: str | None = Field(None, title="Total Pressure Drop (unencap.)")
    pressure_encap: str | None = Field(None, title="Total Pressure Drop (encap.)")


def test_form_values_stop_at_the_next_label_and_skip_qualifiers() -> None:
    got = _locate(
        words_at("Overall Cigarette Length 84 mm Total Cigt. Wt. 974 mg", 0.05, 0.20),
        words_at("Total Pressure Drop", 0.05, 0.30),
        words_at("(unencap.)", 0.05, 0.33),
        words_at("90 mm", 0.40, 0.30),
        words_at("Total Pressure Drop", 0.05, 0.40),
        words_at("(encap.)", 0.05, 0.43),
        words_at("110 mm", 0.40, 0.40),
        model=Form,
    )
    assert got["overall_length"] == "84 mm"
    assert got["total_weight"] == "974 mg"
    assert got["pressure_unencap"] == "90 mm"
    assert got["pressure_encap"] == "110 mm"


def _render_receipt(path: Path) -> dict[str, BBox]:
    """A Malaysian-style till receipt: registered company, address, items with counts, GST lines."""
    image = Image.new("RGB", (900, 1400), "white")
    canvas = Canvas(image)
    big, body = font("DejaVuSans-Bold", 34), font("DejaVuSansMono", 26)
    ink = (20, 20, 20)
    boxes = {"company": canvas.text(450, 80, "KEDAI MAJU SDN BHD (123456-X)", big, ink, "m")}
    canvas.text(450, 130, "NO 12, JALAN MERANTI 3,", body, ink, "m")
    canvas.text(450, 170, "43000 KAJANG, SELANGOR", body, ink, "m")
    canvas.text(450, 210, "TEL: 03-8736 1234", body, ink, "m")
    canvas.text(60, 290, "Date: 14/03/2018   Cashier: AMIN", body, ink)
    rows = [("2 TEH TARIK", "6.00"), ("1 NASI LEMAK", "8.50"), ("3 ROTI CANAI", "4.50")]
    for i, (name, price) in enumerate(rows):
        y = 380 + 45 * i
        canvas.text(60, y, name, body, ink)
        canvas.text(840, y, price, body, ink, "r")
    canvas.text(60, 560, "Total Excl. GST", body, ink)
    canvas.text(840, 560, "17.92", body, ink, "r")
    canvas.text(60, 605, "GST 6%", body, ink)
    canvas.text(840, 605, "1.08", body, ink, "r")
    canvas.text(60, 650, "Total Incl. GST", body, ink)
    boxes["total"] = canvas.text(840, 650, "19.00", big, ink, "r")
    canvas.text(60, 700, "CASH", body, ink)
    canvas.text(840, 700, "20.00", body, ink, "r")
    canvas.text(60, 745, "CHANGE", body, ink)
    canvas.text(840, 745, "1.00", body, ink, "r")
    image.save(path)
    w, h = image.size
    return {k: BBox(b[0] / w, b[1] / h, (b[2] - b[0]) / w, (b[3] - b[1]) / h, 0) for k, b in boxes.items()}


@pytest.mark.slow
def test_rendered_receipt_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "receipt.png"
    truth = _render_receipt(path)
    pred = groundex.extract(path, Receipt)
    data = pred.data
    assert isinstance(data, Receipt)
    assert data.total == "19.00"
    assert data.company is not None and data.company.replace(" ", "") == "KEDAIMAJUSDNBHD"
    assert [(i.name, i.quantity, i.price) for i in data.items] == [
        ("TEH TARIK", "2", "6.00"),
        ("NASI LEMAK", "1", "8.50"),
        ("ROTI CANAI", "3", "4.50"),
    ]
    total_box = pred.fields["total"].boxes[0].bbox
    assert total_box.iou(truth["total"]) >= 0.5
    company_box = pred.fields["company"].boxes[0].bbox
    assert company_box.x1 < truth["company"].x1 - 0.05  # the registration number is left out of the box


class Bill(BaseModel):
    store_name: str | None = Field(None, description="Name of the store")
    tax: str | None = Field(None, description="Sales tax / VAT / GST amount, as printed")
    tips: str | None = Field(None, description="Tip / gratuity amount")


def test_tax_labels_with_qualifiers_and_described_alternatives() -> None:
    got = _locate(
        words_at("Amore Trattoria Italiana", 0.28, 0.02, h=0.025),
        words_at("5080 Alpine Ave NW", 0.32, 0.05, h=0.03),
        words_at("TAX(10%): 6.65", 0.45, 0.40),
        words_at("Gratis(18%): 11.97", 0.45, 0.44),
        model=Bill,
    )
    assert got["store_name"] == "Amore Trattoria Italiana"
    assert got["tax"] == "6.65"
    gst = document(
        words_at("GST 7%", 0.18, 0.40), words_at("$6.72", 0.77, 0.40), words_at("TAX1", 0.03, 0.50)
    )
    assert LocalLocator().locate(gst, load_schema(Bill))["tax"].pick.text == "$6.72"
    # the names of sales taxes in other countries (Malaysia's SST, Germany's USt, Scandinavia's moms)
    for name in ("SST 6%", "USt 19%", "Moms 25%"):
        assert _locate(words_at(name, 0.18, 0.40), words_at("1.24", 0.77, 0.40), model=Bill)["tax"] == "1.24"
    # `Tip / gratuity amount` names a `GRATUITY` line
    tip = _locate(words_at("GRATUITY", 0.22, 0.20), words_at("$8.10", 0.58, 0.20), model=Bill)
    assert tip["tips"] == "$8.10"
    # a tax registration number is not the tax amount
    assert "tax" not in _locate(words_at("VAT No. 343475355", 0.37, 0.10), model=Bill)
    # a label printed in the plural where the page never prints it in the singular
    taxes = _locate(
        words_at("SubTotal", 0.45, 0.35),
        words_at("2.00", 0.61, 0.35),
        words_at("Taxes", 0.49, 0.40),
        words_at("0.23", 0.61, 0.40),
        model=Bill,
    )
    assert taxes["tax"] == "0.23"


def test_short_labels_the_reader_misread_with_lookalike_marks() -> None:
    for printed in ("Iax", "1ax", "TAX"):
        got = _locate(
            words_at("Amore Trattoria", 0.28, 0.02),
            words_at("Subtotal", 0.10, 0.40),
            words_at("27.56", 0.70, 0.40),
            words_at(printed, 0.10, 0.44),
            words_at("2.44", 0.70, 0.44),
            model=Bill,
        )
        assert got["tax"] == "2.44", printed
    gst = _locate(words_at("GSI 7%", 0.18, 0.40), words_at("$6.72", 0.77, 0.40), model=Bill)
    assert gst["tax"] == "$6.72"
    subtotal = words_at("Subtotal", 0.10, 0.40) + words_at("2.15", 0.70, 0.40)
    total = _locate(subtotal, words_at("IUIAL", 0.10, 0.44), words_at("2.28", 0.70, 0.44))
    assert total["total"] == "2.28"
    # a lookalike mark does not turn a word of other letters into a label
    assert "tax" not in _locate(words_at("Max", 0.10, 0.44), words_at("2.44", 0.70, 0.44), model=Bill)


def test_label_tokens_drop_glued_qualifiers() -> None:
    from groundex.locate.labels import field_phrases, norm_token
    from groundex.types import FieldSpec, Kind

    assert [norm_token(t) for t in ("TAX(10%):", "TAX1", "Item(s)", "DL44104151", "4d", "No.")] == [
        "tax", "tax", "item", "dl44104151", "4d", "no",
    ]  # fmt: skip
    spec = FieldSpec("tax", "tax", Kind.STRING, "", "Sales tax / VAT / GST amount, as printed")
    phrases = {" ".join(p.tokens) for p in field_phrases(spec, True)}
    assert {"sales tax", "vat", "gst amount"} <= phrases
    name = FieldSpec("name", "name", Kind.STRING, "", "Item name / description as printed on its line.")
    assert {"item name", "description"} <= {" ".join(p.tokens) for p in field_phrases(name)}


class Shop(BaseModel):
    tel: str | None = Field(None, description="Telephone number of the store")
    total: str | None = Field(None, description="Total amount paid")


def test_a_phone_in_any_countrys_format_after_its_label() -> None:
    def tel(*placed: list[groundex.types.Word]) -> str | None:
        got = LocalLocator().locate(document(*placed), load_schema(Shop))
        return got["tel"].pick.text if "tel" in got else None

    assert tel(words_at("Tel: 0203 011 1256", 0.30, 0.10)) == "0203 011 1256"
    assert tel(words_at("TEL", 0.10, 0.10), words_at("02/511.89.82", 0.40, 0.10)) == "02/511.89.82"
    assert tel(words_at("Tel\u00e9fono 952532311", 0.27, 0.10)) == "952532311"
    assert tel(words_at("TELEFONO 02.3313350", 0.21, 0.10)) == "02.3313350"
    assert (
        tel(words_at("Tlf. 918539389", 0.38, 0.10))
        == tel(words_at("Tfno: 918539389", 0.38, 0.10))
        == "918539389"
    )
    contact = load_schema(
        {
            "type": "object",
            "properties": {
                "contact_number": {
                    "type": ["string", "null"],
                    "description": "Telephone the shop can be reached at",
                }
            },
        }
    )
    got = LocalLocator().locate(document(words_at("Tlf. 918539389", 0.38, 0.10)), contact)
    assert got["contact_number"].pick.text == "918539389"
    # two numbers printed joined by a slash are one value, as printed; a label between them parts them
    assert tel(words_at("TEL: 212-966 7799 /212-966 7907", 0.10, 0.10)) == "212-966 7799 /212-966 7907"
    assert tel(words_at("Tel (212) 966-7799, Fax (212) 966-7907", 0.10, 0.10)) == "(212) 966-7799"
    # without a label, only numbers of a known numbering plan are taken, and never an amount or a date
    assert tel(words_at("0203 011 1256", 0.30, 0.10)) is None
    assert tel(words_at("Tel: 12.50", 0.30, 0.10), words_at("Tel: 12/05/2015", 0.30, 0.20)) is None
    # a label read glued to its value (`Tel:0592-333011`) is split off before layout; the box is the value
    glued = LocalLocator().locate(
        document(list(split_glued(words_at("Tel:0592-333011", 0.30, 0.10)))), load_schema(Shop)
    )
    assert glued["tel"].pick.text == "0592-333011"
    assert [w.bbox.x for w in glued["tel"].words] == [pytest.approx(0.30 + 4 * 0.012)]


class Sale(BaseModel):
    class Line(BaseModel):
        name: str | None = Field(None, description="Item name / description as printed on its line.")
        quantity: str | None = Field(None, description="Quantity of the item as printed")
        price: str | None = Field(None, description="Price printed on the item's line")

    items: list[Line] = Field(default_factory=list, description="Purchased line items")


def _rows(got: dict[str, object], n: int) -> list[tuple[object, ...]]:
    return [
        (got.get(f"items[{i}].name"), got.get(f"items[{i}].quantity"), got.get(f"items[{i}].price"))
        for i in range(n)
    ]


def test_table_headers_named_by_a_description_alternative_or_a_longer_label() -> None:
    got = _locate(
        words_at("Qty. Description", 0.09, 0.20),
        words_at("Amount", 0.71, 0.20),
        words_at("0.48 COURGETTES GREEN ESP", 0.09, 0.24),
        words_at("7.92", 0.73, 0.24),
        words_at("1 PK MUSHROOM-FINE/SMALL", 0.09, 0.28),
        words_at("5.50", 0.73, 0.28),
        model=Sale,
    )
    assert _rows(got, 2) == [
        ("COURGETTES GREEN ESP", "0.48", "7.92"),
        ("MUSHROOM-FINE/SMALL", "1", "5.50"),
    ]
    got = _locate(
        words_at("QTY ITEM NAME", 0.13, 0.20),
        words_at("AMOUNT", 0.71, 0.20),
        words_at("1", 0.15, 0.24),
        words_at("XO Chicken", 0.21, 0.24),
        words_at("40.00", 0.73, 0.24),
        words_at("1", 0.15, 0.28),
        words_at("Tom Yum Soup", 0.21, 0.28),
        words_at("26.00", 0.73, 0.28),
        model=Sale,
    )
    assert _rows(got, 2) == [("XO Chicken", "1", "40.00"), ("Tom Yum Soup", "1", "26.00")]


def test_an_item_name_running_under_the_quantity_header_stays_whole() -> None:
    got = _locate(
        words_at("Product", 0.35, 0.40),
        words_at("Quantity", 0.51, 0.40),
        words_at("Price", 0.66, 0.40),
        words_at("Subtotal", 0.76, 0.40),
        words_at("Oolong Tea", 0.36, 0.45),
        words_at("1", 0.57, 0.45),
        words_at("5.00", 0.66, 0.45),
        words_at("5.00", 0.78, 0.45),
        words_at("Vegetable Chow Mein 1", 0.36, 0.49),
        words_at("29.00", 0.66, 0.49),
        words_at("29.00", 0.78, 0.49),
        words_at("Total", 0.36, 0.56),
        words_at("34.00", 0.78, 0.56),
        model=Sale,
    )
    assert _rows(got, 2) == [("Oolong Tea", "1", "5.00"), ("Vegetable Chow Mein", "1", "29.00")]


def test_a_letter_o_among_figures_is_a_zero() -> None:
    words = words_at("NO 29O, JALAN AIR PANAS 4750O SHAH ALAM TEL 843-O455 NO 2O B10O 10oz O18)", 0.05, 0.10)
    assert [w.text for w in fix_confusions(words)] == [
        "NO", "290,", "JALAN", "AIR", "PANAS", "47500", "SHAH", "ALAM", "TEL", "843-0455", "NO", "2O", "B10O",
        "10oz", "O18)",
    ]  # fmt: skip


def test_a_zero_for_the_o_of_a_short_key() -> None:
    words = words_at("T0: Mr. Johnny Pedersen N0: 10: T00: T0", 0.05, 0.10)
    assert [w.text for w in fix_confusions(words)] == [
        "TO:", "Mr.", "Johnny", "Pedersen", "NO:", "10:", "T00:", "T0",
    ]  # fmt: skip


def test_a_one_among_lowercase_letters_is_an_l() -> None:
    words = words_at("Volkano Ro11 Gr1ld Eggr11 Labe1 ITEM1 Suite 1a A1 Pi1s 2x1", 0.05, 0.10)
    assert [w.text for w in fix_confusions(words)] == [
        "Volkano", "Roll", "Grlld", "Eggrll", "Label", "ITEM1", "Suite", "1a", "A1", "Pils", "2x1",
    ]  # fmt: skip


def test_a_one_for_the_l_of_the_pound_unit() -> None:
    words = words_at("50 1bs. (= 1.94 1bs) 1b 11bs", 0.05, 0.10)
    assert [w.text for w in fix_confusions(words)] == ["50", "lbs.", "(=", "1.94", "lbs)", "1b", "11bs"]


def test_a_one_among_dotted_capital_initials_is_an_i() -> None:
    words = words_at("MR. D.1.Y. (M) SDN BHD 1.B.M. 1.A. S.1. 1.5.2.", 0.05, 0.10)
    assert [w.text for w in fix_confusions(words)] == [
        "MR.", "D.I.Y.", "(M)", "SDN", "BHD", "I.B.M.", "1.A.", "S.1.", "1.5.2.",
    ]  # fmt: skip


def test_a_state_code_misread_with_a_one_before_a_zip_code() -> None:
    page = words_at("Orlando, F1 32837", 0.05, 0.10) + words_at("Madison, W1, 53706", 0.05, 0.15)
    page += words_at("Ames 1A 50011", 0.05, 0.20) + words_at("Gate F1 Level 2", 0.05, 0.25)
    assert [w.text for w in with_states(page)] == [
        "Orlando,", "FL", "32837", "Madison,", "WI,", "53706",
        "Ames", "1A", "50011", "Gate", "F1", "Level", "2",
    ]  # fmt: skip


def test_the_half_of_the_day_misread_after_a_clock_time() -> None:
    page = words_at("Sat Aug 26 2017 3:33 PH", 0.05, 0.10) + words_at("PH 5:11 AH", 0.05, 0.20)
    words = with_meridiem(page)
    assert [w.text for w in words] == ["Sat", "Aug", "26", "2017", "3:33", "PM", "PH", "5:11", "AM"]


def test_a_clock_time_that_lost_the_colon_before_its_seconds() -> None:
    """``02:5621 PM`` is ``02:56:21 PM``; without the half of the day, or with more than 59 seconds, the
    figures stay as read."""
    page = words_at("27/03/2016 02:5621 PM", 0.05, 0.10) + words_at("Ref 12:3456", 0.05, 0.20)
    page += words_at("11:2075 AM", 0.05, 0.30)
    texts = [w.text for w in with_meridiem(page)]
    assert texts == ["27/03/2016", "02:56:21", "PM", "Ref", "12:3456", "11:2075", "AM"]


def test_a_date_glued_to_a_clock_time_that_lost_its_colons() -> None:
    """``3/1/201852249 PM`` (the date's box twice as tall as the ``PM`` printed level with its top) is
    ``3/1/2018`` and ``5:22:49 PM``, each boxed by its share of the characters; an hour past 12 before ``PM``
    is no clock time of the half-day."""
    glued = words_at("3/1/201852249", 0.05, 0.10, h=0.04) + words_at("PM", 0.40, 0.10, h=0.02)
    date, clock, half = with_meridiem(glued)
    assert (date.text, clock.text, half.text) == ("3/1/2018", "5:22:49", "PM")
    assert date.bbox.x == glued[0].bbox.x and clock.bbox.x1 == pytest.approx(glued[0].bbox.x1)
    assert clock.bbox.x == pytest.approx(date.bbox.x1)
    late = words_at("3/1/2018132249 PM", 0.05, 0.20)
    assert [w.text for w in with_meridiem(late)] == ["3/1/2018132249", "PM"]


def test_a_colon_or_hyphen_for_a_decimal_point_after_a_summary_label() -> None:
    page = words_at("TAX", 0.16, 0.56) + words_at("2:44", 0.72, 0.56) + words_at("Amount: 65:19", 0.3, 0.60)
    page += words_at("Printed 12:31", 0.16, 0.70) + words_at("TOTAL", 0.12, 0.74)
    page += words_at("28-90", 0.71, 0.74) + words_at("Pages 10-12", 0.16, 0.80)
    assert [w.text for w in with_cents(page)] == [
        "TAX", "2.44", "Amount:", "65.19", "Printed", "12:31", "TOTAL", "28.90", "Pages", "10-12",
    ]  # fmt: skip


def test_a_total_abbreviated_tot() -> None:
    got = _locate(
        words_at("PAN S/CORTEZA 450G", 0.21, 0.52),
        words_at("1,97", 0.75, 0.52),
        words_at("18 ART. TOT. COMPRA", 0.23, 0.68),
        words_at("28,02", 0.73, 0.68),
        words_at("PAGADO 25% Fanta", 0.18, 0.83),
        words_at("0,86", 0.74, 0.83),
    )
    assert got["total"] == "28,02"


def test_a_business_word_the_reader_broke_apart() -> None:
    page = words_at("ASO ELECTRICAL T RADING SDN BHD", 0.2, 0.05) + words_at("T 012 RADIO", 0.2, 0.1)
    got = with_business_words(page)
    assert [w.text for w in got] == ["ASO", "ELECTRICAL", "TRADING", "SDN", "BHD", "T", "012", "RADIO"]
    joined = got[2].bbox
    assert joined.x == page[2].bbox.x and abs(joined.x1 - page[3].bbox.x1) < 1e-9


def test_a_pound_sign_read_as_an_e_on_a_page_that_prints_pounds() -> None:
    page = (
        words_at("SUBTOT £5.99", 0.16, 0.64)
        + words_at("TOTAL E5.99", 0.16, 0.72)
        + words_at("EXP 12.25", 0.1, 0.8)
    )
    assert [w.text for w in with_pound_signs(page)] == ["SUBTOT", "£5.99", "TOTAL", "£5.99", "EXP", "12.25"]
    dollars = words_at("TOTAL E5.99", 0.16, 0.72) + words_at("CASH $20.00", 0.16, 0.80)
    assert with_pound_signs(dollars)[1].text == "E5.99"


def test_a_compact_dates_month_misread_by_one_character() -> None:
    """``270ec'16``, ``20Har'17`` and ``Ju1/15/2017`` are ``27Dec'16``, ``20Mar'17`` and ``Jul/15/2017``;
    a word a character off two months (``JUM``: June or July), off none, or with a figure that stands for no
    letter of a month (``S3p``) stays as read."""
    page = words_at("270ec'16 17:58 20Har'17 05JUM'18 12Abc'16 27Dec'16 Ju1/15/2017_12:25 S3p-1-2019", 0, 0.4)
    assert [w.text for w in with_months(page)] == [
        "27Dec'16",
        "17:58",
        "20Mar'17",
        "05JUM'18",
        "12Abc'16",
        "27Dec'16",
        "Jul/15/2017_12:25",
        "S3p-1-2019",
    ]
    assert find_dates(mend(page)[0].text)[0].value == date(2016, 12, 27)
    # the apostrophe before the year read as a colon after a month's name and day
    colon = words_at("JAN09:03 9:03PM ABC09:03", 0, 0.4)
    assert [w.text for w in with_months(colon)] == ["JAN09'03", "9:03PM", "ABC09:03"]
    assert find_dates(mend(colon)[0].text)[0].value == date(2003, 1, 9)


def test_a_letter_read_for_a_count_of_one_in_the_count_column() -> None:
    lines = ["I pulao rice", "1 cucumber and mint", "| Ginger Mang Man", "2 plain naan", "I am happy to help"]
    xs = [0.25, 0.25, 0.25, 0.25, 0.60]
    page = [
        w
        for i, (text, x) in enumerate(zip(lines, xs, strict=True))
        for w in words_at(text, x, 0.4 + 0.03 * i)
    ]
    assert [w.text for w in with_counts(page) if len(w.text) == 1] == ["1", "1", "1", "2", "I"]
    alone = words_at("I pulao rice", 0.25, 0.40) + words_at("1 cucumber and mint", 0.25, 0.43)
    assert with_counts(alone)[0].text == "I"
    beers = ["1 HEINEKEN", "2 CORONA", "1NOTHING", "7UP"]
    page = [w for i, text in enumerate(beers) for w in words_at(text, 0.1, 0.3 + 0.03 * i)]
    assert [w.text for w in with_counts(page)] == ["1", "HEINEKEN", "2", "CORONA", "1", "NOTHING", "7UP"]


def test_a_tick_glued_to_the_option_it_marks() -> None:
    page = words_at("WERE QUANTITIES APPROPRIATE? XYES NO*", 0.16, 0.68) + words_at(
        "_YES XNO XMAS XRM RM", 0.5, 0.76
    )
    assert [w.text for w in split_marks(page)][3:] == [
        "X",
        "YES",
        "NO*",
        "_YES",
        "X",
        "NO",
        "XMAS",
        "XRM",
        "RM",
    ]
    after = split_marks(words_at("DomesticX Export yesX no FedEx", 0.16, 0.10))
    assert [w.text for w in after] == ["Domestic", "X", "Export", "yes", "X", "no", "FedEx"]
    assert after[1].bbox.x > after[0].bbox.x1 - 1e-9


def test_counts_hyphened_to_item_names() -> None:
    lines = ["1-Large Diet Coke", "2-Tenderloin", "2-Onion Rings"]
    page = split_counts([w for i, text in enumerate(lines) for w in words_at(text, 0.05, 0.30 + 0.04 * i)])
    prices = [words_at(p, 0.80, 0.30 + 0.04 * i) for i, p in enumerate(["1.69", "9.78", "3.38"])]
    got = _locate(page, *prices, model=Sale)
    assert _rows(got, 3) == [
        ("Large Diet Coke", "1", "1.69"),
        ("Tenderloin", "2", "9.78"),
        ("Onion Rings", "2", "3.38"),
    ]
    alone = split_counts(words_at("7-ELEVEN", 0.05, 0.10) + words_at("5-May 12-Dec", 0.05, 0.20))
    assert [w.text for w in alone] == ["7-ELEVEN", "5-May", "12-Dec"]
    plates = split_counts([w for n in (2, 3) for w in words_at(f"1 {n}-ENTREE PLATE", 0.05, 0.30 + 0.04 * n)])
    got = _locate(plates, *(words_at("8.50", 0.80, 0.30 + 0.04 * n) for n in (2, 3)), model=Sale)
    assert _rows(got, 2) == [("2-ENTREE PLATE", "1", "8.50"), ("3-ENTREE PLATE", "1", "8.50")]


def test_a_code_before_most_item_names_is_not_part_of_them() -> None:
    placed = []
    for i, (name, price) in enumerate(
        [("PR CO-OP SOFT CHSE", "1.05"), ("PR CP TI CUBED BEEF", "4.25"), ("PR NAP TOM PASSATA", "0.59"),
         ("CO-OP BAGUETTES", "1.39")]
    ):  # fmt: skip
        placed += [words_at(name, 0.19, 0.30 + 0.04 * i), words_at(price, 0.73, 0.30 + 0.04 * i)]
    got = _locate(*placed, model=Sale)
    assert [got[f"items[{i}].name"] for i in range(4)] == [
        "CO-OP SOFT CHSE", "CP TI CUBED BEEF", "NAP TOM PASSATA", "CO-OP BAGUETTES",
    ]  # fmt: skip
    got = _locate(
        words_at("PR CO-OP SOFT CHSE", 0.19, 0.30),
        words_at("1.05", 0.73, 0.30),
        words_at("PR NAP TOM PASSATA", 0.19, 0.34),
        words_at("0.59", 0.73, 0.34),
        model=Sale,
    )
    assert got["items[0].name"] == "PR CO-OP SOFT CHSE"


def test_business_names_broken_over_lines_and_item_rows_are_no_address() -> None:
    open_end = _locate(
        words_at("HOME MASTER HARDWARE &", 0.20, 0.03, h=0.02),
        words_at("ELECTRICAL", 0.36, 0.055, h=0.02),
        words_at("NO.113G & 115G, JALAN SETIA GEMBILANG", 0.11, 0.08, h=0.02),
        words_at("40170 BANDAR SETIA ALAM,", 0.23, 0.105, h=0.02),
    )
    assert open_end["company"] == "HOME MASTER HARDWARE & ELECTRICAL"
    continued = _locate(
        words_at("AIK HUAT HARDWARE", 0.13, 0.03, h=0.02),
        words_at("ENTERPRISE (SETIA", 0.13, 0.055, h=0.02),
        words_at("ALAM) SDN BHD", 0.21, 0.08, h=0.02),
        words_at("NO. 17-G, JALAN SETIA INDAH", 0.20, 0.11, h=0.02),
    )
    assert continued["company"] == "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"
    two_names = _locate(
        words_at("KIKU JAPANESE RESTAURANT", 0.15, 0.03, h=0.025),
        words_at("TK DIVISION KITCHEN SDN BHD", 0.15, 0.06, h=0.02),
    )
    assert two_names["company"] in ("KIKU JAPANESE RESTAURANT", "TK DIVISION KITCHEN SDN BHD")
    items = _locate(
        words_at("SYARIKAT PERNIAGAAN GIN KEE", 0.10, 0.02, h=0.02),
        words_at("NO 290, JALAN AIR PANAS,", 0.26, 0.05, h=0.02),
        words_at("53200, KUALA LUMPUR.", 0.29, 0.075, h=0.02),
        words_at("3483 11/2 SANCORA PAINT BRUSH", 0.05, 0.30),
        words_at("7.95", 0.53, 0.30),
        words_at("1452 7 INCH PAINT ROLLER SET", 0.05, 0.33),
        words_at("12.50", 0.53, 0.33),
        words_at("1664 1LT BIG TREE GLOSS PAINT", 0.05, 0.36),
        words_at("26.00", 0.53, 0.36),
    )
    assert items["address"] == "NO 290, JALAN AIR PANAS, 53200, KUALA LUMPUR."


def test_a_bare_label_takes_the_amount_alone_just_above_it_on_a_curved_photo() -> None:
    got = _locate(
        words_at("The Real Greek", 0.32, 0.10),
        words_at("Flat Bread", 0.17, 0.80, h=0.022),
        words_at("£2.00", 0.79, 0.79, h=0.022),
        words_at("8 Items", 0.46, 0.88, h=0.02),
        words_at("£31.80", 0.68, 0.932, h=0.024),
        words_at("TOTAL", 0.16, 0.952, h=0.022),
    )
    assert got["total"] == "£31.80"


def test_an_address_ends_at_its_postal_code_line() -> None:
    got = _locate(
        words_at("Thai Village", 0.23, 0.01),
        words_at("8102 S. Lewis Ave. Suite E", 0.22, 0.035),
        words_at("Tulsa, OK 74137", 0.31, 0.08),
        words_at("2017 Toan", 0.25, 0.115),
        words_at("Check: 6911", 0.09, 0.24),
    )
    assert got["address"] == "8102 S. Lewis Ave. Suite E Tulsa, OK 74137"
    uk = _locate(
        words_at("The Real Greek", 0.30, 0.02),
        words_at("14 Hoxton Street", 0.30, 0.06),
        words_at("London N1 6HG", 0.30, 0.10),
        words_at("United Kingdom", 0.30, 0.14),
        words_at("Table: 13", 0.10, 0.24),
    )
    assert uk["address"] == "14 Hoxton Street London N1 6HG United Kingdom"
    glued = _locate(
        words_at("Sushi Boat Town", 0.39, 0.02),
        words_at("7130 Santa Teresa Blvd.", 0.33, 0.06),
        words_at("San Jose CA95139", 0.40, 0.10),
        words_at("(408)972-0379", 0.40, 0.14),
        words_at("Table: 43", 0.26, 0.24),
    )
    assert glued["address"] == "7130 Santa Teresa Blvd. San Jose CA95139"
    unit = _locate(
        words_at("XIN WANG", 0.41, 0.02),
        words_at("370 Alexandra Road", 0.41, 0.06),
        words_at("#01-13/14 Anchorpoint", 0.38, 0.10),
        words_at("Tel: 6474 4498", 0.41, 0.14),
        words_at("Table No: 3", 0.26, 0.24),
    )
    assert unit["address"] == "370 Alexandra Road #01-13/14 Anchorpoint"
    section = _locate(
        words_at("Segi Cash & Carry Sdn.Bhd", 0.19, 0.02),
        words_at("(317041-W)", 0.37, 0.05),
        words_at("PT17920, SEKSYEN U9,", 0.26, 0.08),
        words_at("40150 SHAH ALAM, SELANGOR", 0.20, 0.11),
        words_at("Table No: 3", 0.26, 0.24),
    )
    assert section["address"] == "PT17920, SEKSYEN U9, 40150 SHAH ALAM, SELANGOR"


def test_the_address_under_a_customers_key_is_not_the_issuers() -> None:
    """An invoice prints the customer's address after ``BILL TO`` under an ``ADDRESS`` key; the company's
    address is the unlabelled block under its name."""
    got = _locate(
        words_at("ELKEN SERVICE SDN BHD (310184-X)", 0.21, 0.07),
        words_at("No 2-1 Jalan 3/137B Batu 5", 0.26, 0.09),
        words_at("Jalan Kelang Lama 58000 Kuala Lumpur", 0.16, 0.11),
        words_at("Tel: 603-79859377", 0.16, 0.13),
        words_at("TAX INVOICE", 0.41, 0.18),
        words_at("BILL TO", 0.07, 0.28),
        words_at(". WONG PEI HAR", 0.29, 0.28),
        words_at("ADDRESS", 0.07, 0.30),
        words_at(": 2920/1, JALAN JINJANG INDAH 1,", 0.29, 0.30),
        words_at("JINJANG UTARA,", 0.31, 0.32),
        words_at("52000 KEPONG, KUALA LUMPUR.", 0.31, 0.34),
    )
    assert got["address"] == "No 2-1 Jalan 3/137B Batu 5 Jalan Kelang Lama 58000 Kuala Lumpur"


def test_address_lines_on_a_slanted_photo_and_before_a_phone() -> None:
    slanted = _locate(
        words_at("COSTCO WHOLESALE", 0.30, 0.12, h=0.03),
        words_at("14585 BISCAYNE BLVD.", 0.36, 0.195, h=0.034),
        words_at("N. MIAMI, FL 33181", 0.36, 0.207, h=0.040),
        words_at("MEMBER#80V", 0.35, 0.226, h=0.039),
    )
    assert slanted["address"] == "14585 BISCAYNE BLVD. N. MIAMI, FL 33181"
    phone = _locate(
        words_at("SUPERMARKET", 0.29, 0.07, h=0.025),
        words_at("2000 AVONDALE DR", 0.33, 0.10, h=0.022),
        words_at("DURHAM, N.C. 27704 Te1 (919) 220-9638", 0.14, 0.13, h=0.022),
    )
    assert phone["address"] == "2000 AVONDALE DR DURHAM, N.C. 27704"
    label = _locate(
        words_at("3, Jalan Perdana 5, Taman Indah Perdana,", 0.07, 0.13, h=0.022),
        words_at("Kepong, 52100 KL.", 0.33, 0.157, h=0.022),
        words_at("Telephone No, 03-62801198", 0.25, 0.184, h=0.02),
    )
    assert label["address"] == "3, Jalan Perdana 5, Taman Indah Perdana, Kepong, 52100 KL."
    town = _locate(
        words_at("SAFEWAY", 0.40, 0.05, h=0.03),
        words_at("SANTA CLARA, CA", 0.36, 0.09, h=0.02),
        words_at("(408) 555-0100", 0.37, 0.12, h=0.02),
        words_at("1 MILK 2%", 0.10, 0.25),
        words_at("3.49", 0.70, 0.25),
    )
    assert town["address"] == "SANTA CLARA, CA"


def test_item_lines_with_long_flags_rate_lines_discounts_and_glued_counts() -> None:
    got = _locate(
        words_at("1 YELLOW ONIONS", 0.16, 0.20),
        words_at("0.99 TFW", 0.70, 0.20),
        words_at("1 CALABAZA (TROPICAL)", 0.16, 0.24),
        words_at("1.66 TFW", 0.70, 0.24),
        words_at("1.29 lbs @1.29 lb TW 0.01", 0.21, 0.28),
        words_at("4@2.50 NV CASHEW ROASTED", 0.16, 0.32),
        words_at("10.00 TFW", 0.70, 0.32),
        words_at("SUBTOTAL", 0.47, 0.38),
        words_at("12.65", 0.69, 0.38),
    )
    assert _rows(got, 4) == [
        ("YELLOW ONIONS", "1", "0.99"),
        ("CALABAZA (TROPICAL)", "1", "1.66"),
        ("NV CASHEW ROASTED", "4", "10.00"),
        (None, None, None),
    ]
    table = _locate(
        words_at("Description", 0.20, 0.20),
        words_at("Qty", 0.52, 0.20),
        words_at("Amount", 0.64, 0.20),
        words_at("SKITTLES SWEET & SO", 0.16, 0.24),
        words_at("1.66", 0.67, 0.24),
        words_at("1.99 Dsc -0.33", 0.22, 0.27),
        words_at("STARBURST ORIGINAL", 0.16, 0.30),
        words_at("1.99", 0.67, 0.30),
        model=Sale,
    )
    names = {p: text for p, text in table.items() if p.endswith("name")}
    assert names == {"items[0].name": "SKITTLES SWEET & SO", "items[1].name": "STARBURST ORIGINAL"}


def test_a_header_naming_no_description_and_products_named_like_summaries() -> None:
    got = _locate(
        words_at("QTY ITEM", 0.15, 0.20),
        words_at("AMT", 0.59, 0.20),
        words_at("2", 0.15, 0.24),
        words_at("Chicken Dum Biryani", 0.22, 0.24),
        words_at("750.00", 0.55, 0.24),
        words_at("1", 0.15, 0.28),
        words_at("Jalpari Fish Tikka", 0.22, 0.28),
        words_at("475.00", 0.55, 0.28),
        model=Sale,
    )
    assert _rows(got, 2) == [("Chicken Dum Biryani", "2", "750.00"), ("Jalpari Fish Tikka", "1", "475.00")]
    cards = _locate(
        words_at("CARD THANKS CLASSIC COUNTER", 0.15, 0.20),
        words_at("720473578652", 0.19, 0.23),
        words_at("5.99 T", 0.70, 0.23),
        words_at("CARD THANKS CROWN", 0.15, 0.26),
        words_at("720473536751 5.99 T", 0.48, 0.26),
        words_at("SUBTOTAL", 0.14, 0.32),
        words_at("$11.98", 0.70, 0.32),
        words_at("VISA CARD", 0.14, 0.36),
        words_at("$11.98", 0.70, 0.36),
    )
    assert _rows(cards, 3) == [
        ("CARD THANKS CLASSIC COUNTER", None, "5.99"),
        ("CARD THANKS CROWN", None, "5.99"),
        (None, None, None),
    ]


def test_a_count_printed_apart_and_prices_without_cents() -> None:
    apart = _locate(
        words_at("1", 0.08, 0.30),
        words_at("N1 Pad Thai", 0.17, 0.30),
        words_at("9.99", 0.63, 0.30),
        words_at("2", 0.08, 0.34),
        words_at("Iced Tea", 0.17, 0.34),
        words_at("4.00", 0.63, 0.34),
    )
    assert _rows(apart, 2) == [("N1 Pad Thai", "1", "9.99"), ("Iced Tea", "2", "4.00")]
    whole = _locate(
        words_at("ICHIBAN SUSHI", 0.34, 0.02, h=0.025),
        words_at("Green Pramuka, Unit GF 02", 0.23, 0.05, h=0.02),
        words_at("1 Spicy Creamy Volkano Roll", 0.04, 0.30),
        words_at("50,000", 0.79, 0.30),
        words_at("1 Chicken Teriyaki Bento", 0.04, 0.34),
        words_at("62,000", 0.79, 0.34),
        words_at("30000", 0.76, 0.37),
        words_at("2 Ocha", 0.04, 0.40),
        words_at("18,000", 0.79, 0.40),
        words_at("Subtotal", 0.05, 0.46),
        words_at("130,000", 0.78, 0.46),
    )
    assert _rows(whole, 4)[:2] == [
        ("Spicy Creamy Volkano Roll", "1", "50,000"),
        ("Chicken Teriyaki Bento", "1", "62,000"),
    ]
    assert ("Ocha", "2", "18,000") in _rows(whole, 4)
    assert "30000" not in str(whole.get("address"))


class Memo(BaseModel):
    to: str | None = Field(None, title="TO")
    subject: str | None = Field(None, title="SUBJECT")
    date: str | None = Field(None, title="DATE")


def test_a_free_text_answer_wrapped_over_lines_but_not_into_the_next_key() -> None:
    got = _locate(
        words_at("TO:", 0.05, 0.20),
        words_at("Debbie Lockery", 0.20, 0.20),
        words_at("Suzi Hicks, RJR-IR", 0.20, 0.23),
        words_at("Karen Giddens", 0.20, 0.26),
        words_at("SUBJECT:", 0.05, 0.32),
        words_at("Sneak Preview Confirmation", 0.20, 0.32),
        words_at("DATE:", 0.05, 0.35),
        words_at("June 21, 1993", 0.20, 0.35),
        model=Memo,
    )
    assert got["to"] == "Debbie Lockery Suzi Hicks, RJR-IR Karen Giddens"
    assert got["subject"] == "Sneak Preview Confirmation"
    assert got["date"] == "June 21, 1993"


class Copies(BaseModel):
    cc: str | None = Field(None, title="cc")
    compound: str | None = Field(None, title="COMPOUND")


def test_a_list_answer_over_five_spaced_lines_and_a_qualifier_that_wraps_nothing() -> None:
    names = ["R. B. Spell", "A. J. Giacoio", "P. J. McCann", "S. L. Enloe", "T. L. Achey"]
    got = _locate(
        words_at("COMPOUND (ug/plate)", 0.05, 0.10, h=0.01),
        words_at("500", 0.158, 0.12, h=0.01),
        words_at("250", 0.158, 0.14, h=0.01),
        words_at("cc:", 0.05, 0.40, h=0.01),
        *(words_at(name, 0.12, 0.40 + 0.02 * k, h=0.01) for k, name in enumerate(names)),
        model=Copies,
    )
    assert got["cc"] == " ".join(names)
    assert got["compound"] == "500 250"


class Claim(BaseModel):
    city: str | None = Field(None, title="City")
    state: str | None = Field(None, title="State")


def test_a_label_typed_with_its_blank_line_glued() -> None:
    got = _locate(
        words_at("City_", 0.16, 0.30, h=0.01),
        words_at("Novato", 0.31, 0.30, h=0.01),
        words_at("State CA", 0.60, 0.30, h=0.01),
        model=Claim,
    )
    assert got["city"] == "Novato"
    assert got["state"] == "CA"


class Fax(BaseModel):
    fax: str | None = Field(None, title="Fax #")
    subject: str | None = Field(None, title="Subject")


class TaxNotes(BaseModel):
    tax_notes: str | None = Field(None, title="Tax")
    total: str | None = Field(None, title="Total")


def test_a_word_of_a_field_keyed_elsewhere_starts_a_value_but_a_lone_label_stops() -> None:
    got = _locate(
        words_at("Fax #: 816-545-7473", 0.24, 0.20, h=0.01),
        words_at("Subject:", 0.26, 0.30, h=0.01),
        words_at("Fax Received", 0.50, 0.30, h=0.01),
        model=Fax,
    )
    assert got["fax"] == "816-545-7473"
    assert got["subject"] == "Fax Received"
    alone = _locate(
        words_at("Total: $12.96", 0.05, 0.10, h=0.01),
        words_at("Tax", 0.60, 0.40, h=0.01),
        words_at("$0.96", 0.95, 0.40, h=0.01),
        words_at("Total", 0.60, 0.415, h=0.01),
        words_at("$12.96", 0.85, 0.415, h=0.01),
        model=TaxNotes,
    )
    assert alone.get("tax_notes") != "Total"


class Change(BaseModel):
    change: str | None = Field(None, title="THIS CHANGE FROM CURRENT BUDGET")
    strength: str | None = Field(None, title="Strength")
    remarks: str | None = Field(None, title="Remarks")


def test_a_minus_sign_before_a_figure_is_part_of_the_value() -> None:
    got = _locate(
        words_at("THIS CHANGE FROM CURRENT BUDGET: -70,825.00", 0.05, 0.20, h=0.01),
        words_at("Strength -15*", 0.05, 0.30, h=0.01),
        words_at("Remarks: - see attached", 0.05, 0.40, h=0.01),
        model=Change,
    )
    assert got["change"] == "-70,825.00"
    assert got["strength"] == "-15*"
    assert got["remarks"] == "see attached"


def test_a_total_of_zero_only_when_no_other_total_is_printed() -> None:
    free = _locate(
        words_at("1 PROMO GAME CODE", 0.05, 0.30),
        words_at("0.00", 0.70, 0.30),
        words_at("TOTAL", 0.05, 0.36),
        words_at("0.00", 0.70, 0.36),
    )
    assert free["total"] == "0.00"
    paid = _locate(
        words_at("1 LATTE", 0.05, 0.30),
        words_at("4.50", 0.70, 0.30),
        words_at("TOTAL DISCOUNT", 0.05, 0.36),
        words_at("0.00", 0.70, 0.36),
        words_at("TOTAL", 0.05, 0.40),
        words_at("4.50", 0.70, 0.40),
    )
    assert paid["total"] == "4.50"


class Request(BaseModel):
    work_requested_by: str | None = Field(None, title="WORK REQUESTED BY")
    hair: str | None = Field(None, title="HAIR")


def test_a_value_typed_a_little_above_its_label() -> None:
    got = _locate(
        words_at("PROJECT LEADER:", 0.17, 0.371, h=0.009),
        words_at("R. S. Sprinkle, III", 0.33, 0.405, h=0.010),
        words_at("WORK REQUESTED BY:", 0.08, 0.414, h=0.009),
        words_at("SAMPLE", 0.72, 0.601, h=0.017),
        words_at("HEIGHT", 0.19, 0.604, h=0.013),
        words_at("HAIR", 0.53, 0.615, h=0.012),
        words_at("5-03", 0.19, 0.627, h=0.021),
        words_at("BLK", 0.53, 0.639, h=0.019),
        model=Request,
    )
    assert got["work_requested_by"] == "R. S. Sprinkle, III"
    assert got["hair"] == "BLK"


class Sums(BaseModel):
    subtotal: str | None = Field(None, description="Subtotal before tax")
    tax: str | None = Field(None, description="Sales tax amount")
    total: str | None = Field(None, description="Total amount paid")


def test_subtotal_and_tax_labels_in_other_languages() -> None:
    got = _locate(
        words_at("Total HT", 0.10, 0.60),
        words_at("30,00", 0.75, 0.60),
        words_at("TVA 10%", 0.10, 0.64),
        words_at("3,00", 0.75, 0.64),
        words_at("Total TTC", 0.10, 0.68),
        words_at("33,00", 0.75, 0.68),
        model=Sums,
    )
    assert (got["subtotal"], got["tax"], got["total"]) == ("30,00", "3,00", "33,00")


class Program(BaseModel):
    speaker: str | None = Field(None, description="Name of the speaker")
    topic: str | None = Field(None, description="Topic of the talk")
    speaker_2: str | None = Field(None, description="Name of the speaker")
    topic_2: str | None = Field(None, description="Topic of the talk")
    floor: str | None = Field(None, description="Floor")
    floor_40: str | None = Field(None, description="Floor (40)")


def test_numbered_fields_read_their_labels_in_reading_order() -> None:
    # the second `Speaker:` scores higher (its colon), yet `speaker` is the first one printed
    got = _locate(
        words_at("Speaker", 0.05, 0.20),
        words_at("Dr. Ada Byron", 0.30, 0.20),
        words_at("Topic", 0.05, 0.24),
        words_at("Analytical engines", 0.30, 0.24),
        words_at("Speaker:", 0.05, 0.40),
        words_at("Dr. Alan Turing", 0.30, 0.40),
        words_at("Topic:", 0.05, 0.44),
        words_at("Computable numbers", 0.30, 0.44),
        model=Program,
    )
    assert (got["speaker"], got["topic"]) == ("Dr. Ada Byron", "Analytical engines")
    assert (got["speaker_2"], got["topic_2"]) == ("Dr. Alan Turing", "Computable numbers")
    groups = numbered_groups(list(load_schema(Program).leaves()))
    assert [[s.name for s in g] for g in groups] == [["speaker", "speaker_2"], ["topic", "topic_2"]]


def test_indented_lines_under_an_item_are_price_less_items() -> None:
    got = _locate(
        words_at("1 3-ENTREE PLATE", 0.14, 0.30),
        words_at("12.99", 0.75, 0.30),
        words_at("CHOW MEIN", 0.24, 0.33),
        words_at("ORANGE CKN", 0.24, 0.36),
        words_at("2 LARGE SODA", 0.14, 0.39),
        words_at("8.58", 0.75, 0.39),
        words_at("NO ICE", 0.164, 0.42),
        words_at("SubTotal", 0.37, 0.45),
        words_at("21.57", 0.75, 0.45),
        words_at("THANK YOU", 0.30, 0.60),
        words_at("PLEASE COME AGAIN", 0.36, 0.63),
        model=Sale,
    )
    assert _rows(got, 5) == [
        ("3-ENTREE PLATE", "1", "12.99"),
        ("CHOW MEIN", None, None),
        ("ORANGE CKN", None, None),
        ("LARGE SODA", "2", "8.58"),
        ("NO ICE", None, None),
    ]
    assert "items[5].name" not in got
    # lines after the last item are kept only when the items' end follows them
    tail = _locate(
        words_at("1 3-ENTREE PLATE", 0.14, 0.30),
        words_at("12.99", 0.75, 0.30),
        words_at("THANK YOU", 0.24, 0.36),
        words_at("ENTER BIRTH DATE 09-20-1965", 0.24, 0.40),
        model=Sale,
    )
    assert _rows(tail, 2) == [("3-ENTREE PLATE", "1", "12.99"), (None, None, None)]


def test_a_line_indented_under_an_article_number_and_sized_in_fractions_is_an_item() -> None:
    got = _locate(
        words_at("032888406759 1/2 CAP BLAC <A>", 0.06, 0.30),
        words_at("1.47", 0.80, 0.30),
        words_at('1/2" BLK CAP', 0.11, 0.33),
        words_at("048643072619 PIPE BUSHING <A>", 0.06, 0.36),
        words_at("2.80", 0.80, 0.36),
        words_at("PB110 1/2 X 3/8 BRASS PIPE BUSHING", 0.13, 0.39),
        words_at("019442147631 1/2 TEE BLAC <A>", 0.06, 0.42),
        words_at("2.34", 0.80, 0.42),
        words_at("2 @ 1.17", 0.11, 0.45),
        words_at("SUBTOTAL", 0.44, 0.50),
        words_at("6.61", 0.80, 0.50),
        model=Sale,
    )
    assert _rows(got, 6) == [
        ("1/2 CAP BLAC <A>", None, "1.47"),
        ('1/2" BLK CAP', None, None),
        ("PIPE BUSHING <A>", None, "2.80"),
        ("PB110 1/2 X 3/8 BRASS PIPE BUSHING", None, None),
        ("1/2 TEE BLAC <A>", None, "2.34"),
        (None, None, None),
    ]


def test_an_unlabelled_total_is_the_sum_of_the_rows_above_it_and_due_is_a_total() -> None:
    got = _locate(
        words_at("1 Cappuccino", 0.16, 0.30),
        words_at("2.80", 0.66, 0.30),
        words_at("Cash", 0.18, 0.40),
        words_at("50.00", 0.65, 0.40),
        words_at("Food", 0.19, 0.44),
        words_at("29.30", 0.66, 0.44),
        words_at("Beverage", 0.19, 0.48),
        words_at("16.55", 0.66, 0.48),
        words_at("Payment", 0.18, 0.52),
        words_at("45.85", 0.66, 0.52),
        words_at("Change Due", 0.18, 0.56),
        words_at("4.15", 0.68, 0.56),
    )
    assert got["total"] == "45.85"
    # `Due` alone labels the total; the change due never is it
    due = _locate(
        words_at("Rounding Adj", 0.44, 0.40),
        words_at("0.00", 0.78, 0.40),
        words_at("Due", 0.44, 0.44),
        words_at("19.20", 0.76, 0.44),
        words_at("Cash", 0.44, 0.48),
        words_at("20.00", 0.76, 0.48),
        words_at("Change Due", 0.44, 0.52),
        words_at("0.80", 0.77, 0.52),
    )
    assert due["total"] == "19.20"
    # a stray mark between the label and its amount is read past
    smudged = _locate(
        words_at("SUB-TOTAL (EX)", 0.04, 0.40),
        words_at("52.00", 0.32, 0.40),
        words_at("TOTAL TAX", 0.03, 0.44),
        words_at("3.12", 0.33, 0.44),
        words_at("TOTAL", 0.03, 0.48),
        words_at("FY)", 0.16, 0.48),
        words_at("55.10", 0.31, 0.48),
    )
    assert smudged["total"] == "55.10"
    # no sum, no total
    assert "total" not in _locate(words_at("Cash", 0.18, 0.40), words_at("50.00", 0.65, 0.40))


def test_a_dated_line_lends_no_text_to_an_amount_below_it() -> None:
    got = _locate(
        words_at("8/9/2008 Derrick", 0.10, 0.20),
        words_at("1.50", 0.72, 0.23),
        words_at("1 Sparkling", 0.10, 0.26),
        words_at("26.00", 0.72, 0.26),
    )
    assert got["date"] == "8/9/2008"
    assert (got["items[0].name"], got["items[0].price"]) == ("Sparkling", "26.00")


def test_a_name_never_follows_an_identifier_word() -> None:
    got = _locate(
        words_at("Liberty Tree Tavern", 0.25, 0.02),
        words_at("Store Number 364", 0.26, 0.05),
        words_at("CHECK NUMBER: 12", 0.01, 0.10),
        model=Bill,
    )
    assert str(got["store_name"]).startswith("Liberty Tree Tavern")


class Outlet(BaseModel):
    store_addr: str | None = Field(None, description="Address of the store")


def test_an_address_has_letters() -> None:
    assert "store_addr" not in _locate(words_at("Store #1458", 0.38, 0.02), model=Outlet)


def test_whose_address_a_name_says_labels_no_address_alone() -> None:
    """``store_addr``: ``Store`` alone (``STORE #``) labels the store's number or name, not its address, so
    the line under it (a tax registration) is no address."""
    got = _locate(
        words_at("SHOPPERS DRUG MART", 0.30, 0.05, h=0.04),
        words_at("STORE #", 0.30, 0.30),
        words_at("** HST # R105216170", 0.30, 0.33),
        model=Outlet,
    )
    assert "store_addr" not in got


class Branch(BaseModel):
    store_name: str | None = Field(None, description="Name of the store")
    store_addr: str | None = Field(None, description="Address of the store")
    tel: str | None = Field(None, description="Telephone number of the store")


def test_an_address_goes_on_past_a_phone_line_to_the_city_that_closes_it() -> None:
    """A phone number printed between the street and the city (``P212 966 7799``) is skipped when the line
    under it closes an address beyond doubt (a state and its ZIP code); a line that closes nothing ends the
    address at the street."""
    head = (
        words_at("SUPREME NY", 0.40, 0.05),
        words_at("274 LAFAYETTE STREET", 0.38, 0.08),
        words_at("P212 966 7799", 0.43, 0.11),
    )
    got = _locate(*head, words_at("NEW YORK NEW YORK 10012", 0.34, 0.14), model=Branch)
    assert got["store_addr"] == "274 LAFAYETTE STREET NEW YORK NEW YORK 10012"
    assert got["tel"] == "212 966 7799"
    got = _locate(*head, words_at("Receipt # 653026", 0.40, 0.14), model=Branch)
    assert got["store_addr"] == "274 LAFAYETTE STREET"


def test_a_business_number_is_no_address() -> None:
    got = _locate(
        words_at("Store 1320 Waurn Ponds", 0.33, 0.05),
        words_at("ABN 28 142 927 642", 0.37, 0.08),
        words_at("TEL (03) 5241 8855", 0.36, 0.116),
        words_at("RECEIPT (Tax Invoice)", 0.33, 0.157),
        model=Branch,
    )
    assert "store_addr" not in got and got["tel"] == "(03) 5241 8855"


class Taxed(BaseModel):
    tax: float | None = Field(None, description="Sales tax / VAT / GST amount")


def test_an_amount_never_follows_an_identifier_word() -> None:
    """``TAX INVOICE - ABN 88 000 014 675``: the ``88`` after the business number's word is no tax amount."""
    got = _locate(
        words_at("Woolworths", 0.31, 0.16, h=0.04),
        words_at("WOOLWORTHS TAX INVOICE - ABN 88 000 014 675", 0.26, 0.307),
        words_at("*OPTUS ALCATEL PIXI3", 0.20, 0.374),
        words_at("29.00", 0.67, 0.374),
        model=Taxed,
    )
    assert "tax" not in got


def test_street_lines_in_other_languages_and_a_name_set_in_two_large_lines() -> None:
    """``Rue ...``, ``Via ...`` and compound street names (``Kollnerhofgasse``) start an address; a name set
    in two lines of one large type over each other is one name, but a greeting above it is not part of it."""
    brussels = _locate(
        words_at("PASTA DIVINA", 0.26, 0.03, h=0.025),
        words_at("Rue de la Montagne 16", 0.26, 0.07),
        words_at("1000 Bruxelles", 0.30, 0.10),
        words_at("Tel: 02/511.21.55", 0.27, 0.13),
    )
    assert brussels["address"] == "Rue de la Montagne 16 1000 Bruxelles"
    vienna = _locate(
        words_at("CAFE DIGLAS", 0.26, 0.03),
        words_at("Kollnerhofgasse 4", 0.26, 0.07),
        words_at("1010 Wien", 0.30, 0.10),
    )
    assert vienna["address"] == "Kollnerhofgasse 4 1010 Wien"
    stacked = _locate(
        words_at("SALVATION", 0.26, 0.03, h=0.045),
        words_at("ARMY", 0.29, 0.08, h=0.045),
        words_at("NEW YORK, NY 10036", 0.25, 0.14),
        words_at("01/08/11 10:24AM", 0.17, 0.18),
        words_at("COATS", 0.16, 0.22),
        words_at("2.00", 0.60, 0.22),
    )
    assert stacked["company"] == "SALVATION ARMY"
    greeted = document(
        words_at("WELCOME TO", 0.32, 0.03, h=0.04),
        words_at("CIRCLE K", 0.34, 0.075, h=0.04),
        words_at("979 OAK HARBOR BLV", 0.33, 0.15),
    )
    company = next(s for s in load_schema(Receipt).leaves() if s.name == "company")
    names = {c.value for c in party_name(Page(greeted.pages[0].lines), company)}
    assert "CIRCLE K" in names and "WELCOME TO CIRCLE K" not in names


class Totals(BaseModel):
    subtotal: str | None = Field(None, description="Amount before tax")
    tax: str | None = Field(None, description="Tax amount")
    total: str | None = Field(None, description="Total amount paid")


class PreTax(BaseModel):
    before_tax: str | None = Field(None, description="Sum of the lines before tax and tip")
    amount_charged: str | None = Field(None, description="Final amount the customer had to pay")


def test_a_net_total_is_the_amount_before_tax() -> None:
    """``Net TTL`` (the total net of VAT) is the subtotal; ``Grand Total`` after a ``Net Total`` and the
    charges under it is the total."""
    vat = _locate(
        words_at("Total", 0.19, 0.45),
        words_at("44.85", 0.59, 0.45),
        words_at("20% VAT", 0.26, 0.50),
        words_at("7.48", 0.71, 0.50),
        words_at("Net TTL", 0.26, 0.54),
        words_at("37.37", 0.71, 0.54),
        model=Totals,
    )
    assert (vat["subtotal"], vat["total"]) == ("37.37", "44.85")
    named_otherwise = _locate(
        words_at("Total", 0.19, 0.45),
        words_at("44.85", 0.59, 0.45),
        words_at("Net TTL", 0.26, 0.54),
        words_at("37.37", 0.71, 0.54),
        model=PreTax,
    )
    assert named_otherwise["before_tax"] == "37.37"
    service = _locate(
        words_at("Sub Total", 0.43, 0.61),
        words_at("1774.00", 0.71, 0.60),
        words_at("Food Dis @50%", 0.35, 0.64),
        words_at("887.00", 0.73, 0.64),
        words_at("Net Total", 0.43, 0.70),
        words_at("887.00", 0.72, 0.70),
        words_at("S.C.010%", 0.42, 0.74),
        words_at("177.00", 0.74, 0.74),
        words_at("G.S.T. 05% :", 0.40, 0.76),
        words_at("44.35", 0.76, 0.76),
        words_at("Grand Total :", 0.10, 0.83),
        words_at("1108", 0.70, 0.84),
        model=Totals,
    )
    assert service["total"] == "1108"


def test_subtotal_and_tax_are_the_amounts_that_add_up_to_the_total() -> None:
    unlabelled_tax = _locate(
        words_at("Discount", 0.30, 0.40),
        words_at("-12.24", 0.52, 0.40),
        words_at("Subtotal", 0.30, 0.44),
        words_at("36.71", 0.55, 0.44),
        words_at("12x", 0.40, 0.48),
        words_at("2.57", 0.57, 0.48),
        words_at("Total", 0.35, 0.52),
        words_at("39.28", 0.55, 0.52),
        words_at("Cash", 0.20, 0.56),
        words_at("40.00", 0.58, 0.56),
        words_at("Change", 0.20, 0.60),
        words_at("0.72", 0.58, 0.60),
        model=Totals,
    )
    assert (unlabelled_tax["subtotal"], unlabelled_tax["tax"]) == ("36.71", "2.57")
    # the tax label's own amount is the net; the tax is the smaller of the two that make the gross
    vat_table = _locate(
        words_at("Total", 0.26, 0.60),
        words_at("EUR", 0.60, 0.60),
        words_at("8.70", 0.79, 0.60),
        words_at("Rate", 0.26, 0.66),
        words_at("Net", 0.52, 0.66),
        words_at("VAT", 0.70, 0.66),
        words_at("Gross", 0.83, 0.66),
        words_at("A 19% VAT", 0.25, 0.70),
        words_at("7.31", 0.54, 0.70),
        words_at("1.39", 0.70, 0.70),
        words_at("8.70", 0.86, 0.70),
        model=Totals,
    )
    assert vat_table["tax"] == "1.39"
    no_tax = _locate(
        words_at("Coffee", 0.10, 0.40),
        words_at("2.50", 0.70, 0.40),
        words_at("Muffin", 0.10, 0.44),
        words_at("3.20", 0.70, 0.44),
        words_at("Total", 0.10, 0.50),
        words_at("5.70", 0.70, 0.50),
        model=Totals,
    )
    assert no_tax.get("tax") is None and no_tax.get("subtotal") is None
    service = _locate(
        words_at("SUBTOTAL", 0.23, 0.40),
        words_at("316.00", 0.66, 0.40),
        words_at("SERVICE", 0.27, 0.44),
        words_at("31.60", 0.69, 0.44),
        words_at("TOTAL DUE", 0.19, 0.48),
        words_at("347.60", 0.65, 0.48),
        model=Totals,
    )
    assert service["subtotal"] == "316.00" and service.get("tax") is None


def test_a_tax_tables_total_row_gives_the_subtotal_and_the_tax() -> None:
    """Two rates' rows and a row restating the total with the net and the tax that make it: the net is the
    subtotal, the tax the tax, whichever order the columns print them in."""
    rates = [
        ("TVA 21.00% BOISSONS", ("10.74", "2.26", "13.00")),
        ("TVA 12.00% CUISINE", ("28.12", "3.38", "31.50")),
        ("TOTAL", ("38.87", "5.63", "44.50")),
    ]
    table = [
        w
        for i, (name, amounts) in enumerate(rates)
        for w in words_at(name, 0.05, 0.60 + 0.04 * i)
        + [w for k, a in enumerate(amounts) for w in words_at(a, 0.50 + 0.15 * k, 0.60 + 0.04 * i)]
    ]
    got = _locate(
        words_at("TOTAL", 0.10, 0.40) + words_at("44.50", 0.70, 0.40),
        words_at("HTVA", 0.50, 0.56) + words_at("TAXE", 0.65, 0.56) + words_at("TVAC", 0.80, 0.56),
        table,
        model=Totals,
    )
    assert (got["subtotal"], got["tax"], got["total"]) == ("38.87", "5.63", "44.50")
    total_first = _locate(
        words_at("Tot Euro", 0.05, 0.40) + words_at("122.10", 0.60, 0.40),
        words_at("TVA", 0.05, 0.56) + words_at("Total", 0.25, 0.56) + words_at("HT", 0.50, 0.56),
        words_at("Tva", 0.70, 0.56),
        words_at("21%", 0.05, 0.60) + words_at("33.00", 0.25, 0.60) + words_at("27.27", 0.45, 0.60),
        words_at("5.73", 0.68, 0.60),
        words_at("12%", 0.05, 0.64) + words_at("89.10", 0.25, 0.64) + words_at("79.55", 0.45, 0.64),
        words_at("9.55", 0.68, 0.64),
        words_at("Tot", 0.05, 0.68) + words_at("122.10", 0.25, 0.68) + words_at("106.82", 0.45, 0.68),
        words_at("15.28", 0.68, 0.68),
        model=Totals,
    )
    assert (total_first["subtotal"], total_first["tax"]) == ("106.82", "15.28")


def test_the_issuers_address_is_the_first_block_under_its_name() -> None:
    """A tax invoice prints the issuer's address under its name, then the customer's block, which reads as
    more address (more lines) but is not the one the schema asks for."""
    placed = (
        words_at("GARDENIA BAKERIES (KL) SDN BHD (139386 X)", 0.06, 0.078, h=0.012),
        words_at("Lot 3, Jalan Pelabur 23/1,", 0.29, 0.095, h=0.012),
        words_at("40300 Shah Alam, Selangor.", 0.26, 0.112, h=0.012),
        words_at("Tel: 03-55423228 Fax: 03-55423213", 0.21, 0.129, h=0.012),
        words_at("GSTID: 000381399040", 0.31, 0.147, h=0.012),
        words_at("TAX INVOICE / ADJUSTMENT NOTE", 0.22, 0.180, h=0.022),
        words_at("Cash Inv No.: 7724F717", 0.40, 0.224, h=0.022),
        words_at("Date: 24/07/2017", 0.52, 0.256, h=0.012),
        words_at("MAKASSAR FRESH MARKET SDN BHD", 0.05, 0.278, h=0.022),
        words_at("GROUND FLOOR, NO. 4 & 6,", 0.05, 0.300, h=0.012),
        words_at("JALAN SS 15/4B,", 0.06, 0.317, h=0.012),
        words_at("47500 SUBANG JAYA, SELANGOR", 0.05, 0.334, h=0.012),
        words_at("VE05: Ridzuan(11900)", 0.05, 0.351, h=0.012),
    )
    assert _locate(*placed)["address"] == "Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam, Selangor."

    class Delivery(BaseModel):
        customer_address: str | None = Field(None, description="Address of the customer")

    assert str(_locate(*placed, model=Delivery)["customer_address"]).startswith("GROUND FLOOR")


def test_boilerplate_above_a_name_is_not_part_of_it_even_glued() -> None:
    spaced = _locate(
        words_at("TAX INVOICE", 0.46, 0.03),
        words_at("DOMINO'S PIZZA", 0.45, 0.06),
        words_at("GST REF NO : 001694261248", 0.40, 0.09),
        words_at("No.12, Jalan Permas Jaya 10,", 0.39, 0.12),
    )
    assert spaced["company"] == "DOMINO'S PIZZA"
    glued = _locate(
        words_at("TAXINVOICE", 0.40, 0.03, h=0.04),
        words_at("Rosie's Diner", 0.30, 0.08),
        words_at("12 Main Street", 0.30, 0.11),
    )
    assert glued["company"] == "Rosie's Diner"


def test_sale_lines_with_a_postcode_like_number_are_no_address() -> None:
    got = _locate(
        words_at("THE SEA FISH & CHIPS", 0.20, 0.03),
        words_at("Guest Name : 7282", 0.10, 0.30),
        words_at("Chk 7545 TAKE OUT", 0.10, 0.33),
        words_at("Sale Unit Qty Price", 0.10, 0.36),
        words_at("1 Cod", 0.10, 0.40),
        words_at("8.50", 0.70, 0.40),
    )
    assert got.get("address") is None


def test_totals_labelled_abroad_or_as_what_to_pay() -> None:
    german = _locate(
        words_at("Cappuccino", 0.06, 0.40),
        words_at("€ 2,90", 0.75, 0.40),
        words_at("Saldo", 0.06, 0.44),
        words_at("€ 32,60", 0.73, 0.44),
        words_at("Bar", 0.05, 0.52),
        words_at("€ 40,00", 0.57, 0.52),
        model=Totals,
    )
    assert german["total"] == "€ 32,60"
    exchange = _locate(
        words_at("BUY HONKONG DOLLAR", 0.20, 0.40),
        words_at("7,000.00", 0.22, 0.44),
        words_at("0.150000", 0.45, 0.44),
        words_at("1,050.00", 0.71, 0.44),
        words_at("To pay SGD", 0.22, 0.48),
        words_at("1,050.00", 0.69, 0.48),
        model=Totals,
    )
    assert exchange["total"] == "1,050.00"
    below = _locate(
        words_at("BUY HONKONG DOLLAR", 0.20, 0.70, h=0.03),
        words_at("7,000.00", 0.22, 0.77, h=0.03),
        words_at("0.150000", 0.45, 0.78, h=0.03),
        words_at("1,050.00", 0.71, 0.79, h=0.03),
        words_at("To pay SGD", 0.22, 0.845, h=0.035),
        words_at("1,050.00", 0.69, 0.864, h=0.035),
        model=Totals,
    )
    assert below["total"] == "1,050.00" and below.get("tax") is None
    pump = _locate(
        words_at("PUMP# 04", 0.23, 0.40),
        words_at("GALLONS:", 0.23, 0.48),
        words_at("10.889", 0.54, 0.47),
        words_at("PRICE/G:", 0.23, 0.50),
        words_at("3.399", 0.56, 0.50),
        words_at("FUEL SALE", 0.23, 0.53),
        words_at("37.01", 0.58, 0.52),
        words_at("CREDIT", 0.29, 0.56),
        words_at("$37.01", 0.55, 0.55),
    )
    assert pump["total"] == "37.01"
    machine = _locate(
        words_at("010100 Pay parking ticket", 0.09, 0.44),
        words_at("1.50 RM", 0.66, 0.44),
        words_at("Total amount", 0.23, 0.58),
        words_at("1.50 RM", 0.66, 0.58),
        words_at("Accepted total", 0.23, 0.63),
        words_at("2.00 RM", 0.66, 0.63),
        words_at("Change", 0.23, 0.66),
        words_at("0.50 RM", 0.66, 0.66),
    )
    assert machine["total"] == "1.50 RM"


def test_a_line_with_the_time_of_day_lends_no_text_to_an_item() -> None:
    got = _locate(
        words_at("ONE MILL STREET", 0.28, 0.03),
        words_at("JAN09:03 9:03PM", 0.28, 0.20),
        words_at("2 @ 8.00", 0.10, 0.24),
        words_at("CALAMARI W/ MOJO", 0.16, 0.28),
        words_at("16.00", 0.77, 0.28),
        words_at("1 ARTICHOKES", 0.10, 0.32),
        words_at("8.00", 0.79, 0.32),
    )
    assert got["items[0].name"] == "CALAMARI W/ MOJO"
    assert "JAN09:03 9:03PM" not in got.values()


def test_an_item_of_a_short_receipt_is_no_business_name() -> None:
    class Issuer(BaseModel):
        company: str | None = Field(None, description="Name of the company that issued the receipt")

    got = _locate(
        words_at("holtigé", 0.57, 0.100, h=0.022),
        words_at("RESTORAN SIAM VILLAGE", 0.40, 0.129, h=0.010),
        words_at("No. 8, Jalan Permas 10/7,", 0.43, 0.143, h=0.009),
        words_at("Permas Jaya, 81750 Johor Bahru.", 0.41, 0.157, h=0.009),
        words_at("Description", 0.40, 0.263, h=0.009),
        words_at("Total (RM)", 0.60, 0.264, h=0.009),
        words_at("1 BC001 CLAYPOT F/TOFU", 0.38, 0.282, h=0.007),
        words_at("18.90", 0.82, 0.283, h=0.007),
        words_at("2 DROO1C THAI ICE TEA", 0.38, 0.301, h=0.007),
        words_at("7.00", 0.82, 0.301, h=0.007),
        model=Issuer,
    )
    assert got["company"] == "RESTORAN SIAM VILLAGE"


def test_key_value_lines_above_an_address_are_not_part_of_it() -> None:
    got = _locate(
        words_at("PETRODELI ENTERPRISE", 0.07, 0.02),
        words_at("Company No: SA0127959-D", 0.06, 0.05),
        words_at("Site: 2395", 0.07, 0.08),
        words_at("LOT 485 TMN LEMBAH KERAMAT", 0.07, 0.11),
        words_at("JLN ULU KELANG", 0.07, 0.14),
        words_at("54200 KUALA LUMPUR", 0.07, 0.17),
        words_at("Telephone: 03-41056485", 0.06, 0.20),
    )
    assert got["address"] == "LOT 485 TMN LEMBAH KERAMAT JLN ULU KELANG 54200 KUALA LUMPUR"


class Check(BaseModel):
    items: list[Sale.Line] = Field(default_factory=list, description="Purchased line items")
    subtotal: str | None = Field(None, description="Subtotal before tax")
    tax: str | None = Field(None, description="Sales tax amount")
    total: str | None = Field(None, description="Total amount paid")


def test_the_amount_the_items_add_up_to_is_the_subtotal() -> None:
    dishes = [("Iced Tea", "$2.50"), ("Diet Coke", "$2.50"), ("BLT Salad", "$10.99"), ("Cuban", "$11.99")]
    sums = [("Food", "$27.98"), ("Tx", "$2.03")]
    total = words_at("Total", 0.05, 0.60) + words_at("$30.01", 0.80, 0.60)
    got = _locate(_priced(dishes + sums), total, model=Check)
    assert [row[2] for row in _rows(got, 5)] == [price for _, price in dishes] + [None]
    assert (got["subtotal"], got["tax"], got["total"]) == ("$27.98", "$2.03", "$30.01")
    paid = words_at("Total", 0.05, 0.60) + words_at("$27.98", 0.80, 0.60)
    cash = words_at("Cash", 0.05, 0.64) + words_at("$27.98", 0.80, 0.64)
    got = _locate(_priced(dishes), paid, cash, model=Check)
    assert "subtotal" not in got and got["total"] == "$27.98"


def test_the_sum_of_the_items_printed_above_an_equal_total_is_the_subtotal() -> None:
    """With no tax, a row above the total that repeats what the items add up to (its label misread,
    ``uetouens $3.21``) is the subtotal; one under a charge's row (``Service``) is not, nor is a tender
    below the total."""
    produce = [("BANANAS", "0.34"), ("SPINACH", "1.99"), ("BREAD", "0.88")]
    summed = words_at("uetouens", 0.05, 0.46) + words_at("$3.21", 0.80, 0.46)
    total = words_at("Total", 0.05, 0.52) + words_at("$3.21", 0.80, 0.52)
    cash = words_at("Cash", 0.05, 0.56) + words_at("$3.21", 0.80, 0.56)
    got = _locate(_priced(produce), summed, total, cash, model=Check)
    assert (got.get("subtotal"), got["total"]) == ("$3.21", "$3.21")
    found = LocalLocator().locate(document(_priced(produce), summed, total, cash), load_schema(Check))
    assert found["subtotal"].words[0].bbox.cy == pytest.approx(summed[-1].bbox.cy)
    service = words_at("Service", 0.05, 0.42) + words_at("0.00", 0.80, 0.42)
    got = _locate(_priced(produce), service, summed, total, cash, model=Check)
    assert "subtotal" not in got and got["total"] == "$3.21"
    got = _locate(_priced(produce), total, cash, model=Check)
    assert "subtotal" not in got and got["total"] == "$3.21"


def test_an_amount_read_as_an_item_is_the_subtotal_that_the_tax_tops_up_to_the_total() -> None:
    """A base line the summary words do not name (``Base imponible``, misread) is taken for an item; the tax
    and the total still make it the subtotal, but never the tax."""
    dishes = [("Sopa casera", "4.80"), ("Pan de ajo", "1.50"), ("Penne", "7.95"), ("Base taponible", "14.05")]
    tax = words_at("I.V.A. 10%", 0.05, 0.50) + words_at("1.41", 0.80, 0.50)
    total = words_at("Total", 0.05, 0.56) + words_at("15.46", 0.80, 0.56)
    got = _locate(_priced(dishes), tax, total, model=Check)
    assert (got["subtotal"], got["tax"], got["total"]) == ("14.05", "1.41", "15.46")
    unread_tax = [("Soup", "10.00"), ("Tea", "1.50"), ("Subtotal", "11.50")]
    total = words_at("Total", 0.05, 0.50) + words_at("13.00", 0.80, 0.50)
    got = _locate(_priced(unread_tax), total, model=Check)
    assert got["subtotal"] == "11.50" and got.get("tax") is None


def test_amounts_misread_in_a_column_printed_alike_are_mended() -> None:
    rolls = [("Chkn Teri", "$3.86"), ("Chop Roll", "$3.75"), ("Ala Roll", "$395"), ("Tuna Roll", "$1.85"),
             ("Cali Roll", "88.09"), ("Sal Sashimi", "$2.95")]  # fmt: skip
    got = _locate(_priced(rolls), model=Sale)
    assert [row[2] for row in _rows(got, 6)] == ["$3.86", "$3.75", "$3.95", "$1.85", "$8.09", "$2.95"]
    comma = [("CREMA", "€2,58"), ("SALMON", "€1,88"), ("AZUCAR", "€0,95"), ("PAPEL", "€135")]
    got = _locate(_priced(comma), model=Sale)
    assert [row[2] for row in _rows(got, 4)] == ["€2,58", "€1,88", "€0,95", "€1,35"]
    plain = [("Rice", "12.50"), ("Soup", "15.00"), ("Tea", "3.20"), ("Cake", "88.09")]
    got = _locate(_priced(plain), model=Sale)
    assert [row[2] for row in _rows(got, 4)] == ["12.50", "15.00", "3.20", "88.09"]


def test_a_local_number_alone_under_the_address_is_the_phone() -> None:
    got = _locate(
        words_at("RED ROBIN", 0.38, 0.05, h=0.04),
        words_at("1200 5th Ave", 0.36, 0.10),
        words_at("Seattle, WA 98101", 0.33, 0.13),
        words_at("329-4418", 0.39, 0.16),
        words_at("Check #1234 Table 12", 0.10, 0.30),
        model=Branch,
    )
    assert got["tel"] == "329-4418"


@pytest.mark.parametrize(
    ("line", "tel"),
    [
        ("ABN: 16 106 946 327", None),
        ("F: 212.966 7907", None),
        ("Reservations: (212) 966-7799", "(212) 966-7799"),
        ("Call us at: 800-786-1000", "800-786-1000"),
        ("(212) 966-7799", "(212) 966-7799"),
        ("2129667799", "2129667799"),
        ("2010300663", None),
        ("Tel 2010300663", "2010300663"),
    ],
)
def test_a_phone_number_after_another_label_is_that_labels(line: str, tel: str | None) -> None:
    """A number after another label is that label's; a bare run of figures is a phone number only where it
    is valid (``2010300663``: no exchange starts with 0) or a phone label names it."""
    got = _locate(
        words_at("TUSCANY RISTORANTE", 0.30, 0.05, h=0.04),
        words_at("55 NORTON STREET", 0.33, 0.10),
        words_at(line, 0.25, 0.14),
        words_at("Table 51/1", 0.10, 0.30),
        model=Branch,
    )
    assert got.get("tel") == tel


@pytest.mark.parametrize(("sign", "tel"), [("£", "0151 485 5406"), ("$", None)])
def test_a_national_phone_number_reads_with_the_pages_country(sign: str, tel: str | None) -> None:
    """A number in the national format of the country the page prices in (a pound receipt) is its phone;
    the same digits on a dollar receipt are no US number."""
    got = _locate(
        words_at("THE REAL GREEK", 0.30, 0.05, h=0.04),
        words_at("14-15 Hoxton Market", 0.30, 0.10),
        words_at("0151 485 5406", 0.33, 0.14),
        words_at("Flat Bread", 0.10, 0.30),
        words_at(f"{sign}2.00", 0.70, 0.30),
        words_at("Total", 0.10, 0.36),
        words_at(f"{sign}2.00", 0.70, 0.36),
        model=Branch,
    )
    assert got.get("tel") == tel


def test_the_change_due_is_no_total() -> None:
    got = _locate(
        words_at("100 PLUS 500ML", 0.02, 0.42),
        words_at("2.28", 0.77, 0.42),
        words_at("IUIAL (GSI INUL)", 0.03, 0.50),
        words_at("2.28", 0.76, 0.50),
        words_at("CHANGE DUE", 0.02, 0.57),
        words_at("0.70", 0.77, 0.57),
    )
    assert got.get("total") != "0.70"


class Tipped(Check):
    tips: str | None = Field(None, description="Tip / gratuity amount")


def test_a_bare_digit_or_a_long_bare_number_is_no_amount_where_amounts_have_cents() -> None:
    got = _locate(
        words_at("Burger", 0.05, 0.30),
        words_at("12.50", 0.80, 0.30),
        words_at("Fries", 0.05, 0.34),
        words_at("3.95", 0.80, 0.34),
        words_at("Subtotal", 0.05, 0.40),
        words_at("16.45", 0.80, 0.40),
        words_at("Tax Invoice No. 35259", 0.05, 0.10),
        words_at("Tip 6", 0.05, 0.46),
        model=Tipped,
    )
    assert "tax" not in got and "tips" not in got
    assert got["subtotal"] == "16.45"


def test_the_amount_a_tip_tops_up_to_the_total_is_the_subtotal() -> None:
    """A card slip prints ``AMOUNT``, ``TIP`` and ``TOTAL``: the amount the tip adds up to the total with is
    the sum before the tip, and the tip is the figure of its row that makes the sum (the reader glued a
    handwritten figure to it). Without the arithmetic nothing is a subtotal."""
    slip = (
        words_at("MOS CRAB & PASTA FACTORY", 0.20, 0.05),
        words_at("AMOUNT", 0.04, 0.60),
        words_at("$83.51", 0.66, 0.60),
        words_at("TIP", 0.04, 0.66),
        words_at("$160.70$14.20", 0.37, 0.66),
        words_at("TOTAL", 0.04, 0.72),
    )
    got = _locate(*slip, words_at("$97.71", 0.67, 0.72), model=Tipped)
    assert (got["subtotal"], got["tips"], got["total"]) == ("$83.51", "14.20", "$97.71")
    unsummed = _locate(*slip, words_at("$98.71", 0.67, 0.72), model=Tipped)
    assert "subtotal" not in unsummed and unsummed["total"] == "$98.71"


def test_amounts_printed_a_line_above_their_labels_follow_the_arithmetic() -> None:
    dishes = [("Miso Soup", "2.50"), ("Salmon Roll", "11.00")]
    got = _locate(
        _priced(dishes),
        words_at("79.50", 0.78, 0.626),
        words_at("Subtotal", 0.30, 0.660),
        words_at("6.76", 0.81, 0.648),
        words_at("SALES TAX", 0.30, 0.684),
        words_at("86.26", 0.74, 0.674),
        words_at("Total", 0.31, 0.713),
        model=Check,
    )
    assert (got["subtotal"], got["tax"], got["total"]) == ("79.50", "6.76", "86.26")


def test_a_currency_after_a_total_label_does_not_weaken_it() -> None:
    dishes = [("CESTINO PANE", "2,00"), ("OSTRICHE", "16,00"), ("PESCE", "300,00"), ("ACQUA", "3,00")]
    got = _locate(
        _priced(dishes),
        words_at("Totale", 0.19, 0.74) + words_at("321,00", 0.51, 0.74),
        words_at("Servizio", 0.19, 0.77) + words_at("38,00", 0.52, 0.77),
        words_at("Totale EURO", 0.18, 0.80) + words_at("359,00", 0.51, 0.80),
        model=Check,
    )
    assert (got["subtotal"], got["total"]) == ("321,00", "359,00")


def test_a_weighed_items_rate_line_prints_its_amount_and_a_multibuy_rate_is_no_item() -> None:
    got = _locate(
        words_at("ICE CREAM", 0.33, 0.20),
        words_at("2.99", 0.60, 0.20),
        words_at("ORANGES AUST", 0.27, 0.24),
        words_at("1.385kg @ $2.98/kg", 0.27, 0.28),
        words_at("4.13", 0.60, 0.28),
        words_at("3 ORANGES (FLORIDA)", 0.16, 0.32),
        words_at("0.59 TFW", 0.70, 0.32),
        words_at("0.20 EA 5 FOR 0.99", 0.23, 0.36),
        words_at("BBQ Propane", 0.16, 0.40),
        words_at("3.2 gallon $1.99/gallon", 0.16, 0.44),
        words_at("$6.37", 0.80, 0.44),
        words_at("SUBTOTAL", 0.31, 0.50),
        words_at("14.08", 0.60, 0.50),
    )
    assert _rows(got, 5) == [
        ("ICE CREAM", None, "2.99"),
        ("ORANGES AUST", "1.385", "4.13"),
        ("ORANGES (FLORIDA)", "3", "0.59"),
        ("BBQ Propane", None, "$6.37"),
        (None, None, None),
    ]


class Charged(BaseModel):
    amount_charged: str | None = Field(None, description="Final amount the customer had to pay")


class Slip(BaseModel):
    """A receipt model of other words: a grand total named only by its description, a table of costs."""

    class Line(BaseModel):
        product: str | None = Field(None, description="What was bought")
        cost: str | None = Field(None, description="Money charged for the line")

    amount_charged: str | None = Field(None, description="Final amount the customer had to pay")
    lines: list[Line] = Field(default_factory=list)


def test_a_total_named_by_its_description_reads_the_totals_labels_and_its_own_words() -> None:
    """A total named only by its description is labelled as a ``total`` field is, synonyms of its hints
    included (``To pay``); and ``AMOUNT``, a word of its own name, stays its label although a
    ``cost`` column reaches that word through a synonym. A subtotal whose description starts ``Total
    amount`` is no grand total and takes none of its labels."""
    card = _locate(
        words_at("TERMINAL ID:", 0.10, 0.31) + words_at("****6992", 0.73, 0.31),
        words_at("SALE", 0.10, 0.60),
        words_at("AMOUNT", 0.10, 0.62) + words_at("£32.00", 0.65, 0.638),
        words_at("*** CUSTOMER COPY ***", 0.11, 0.70),
        model=Slip,
    )
    assert card["amount_charged"] == "£32.00"
    exchange = _locate(
        words_at("Description", 0.20, 0.63) + words_at("Rate", 0.55, 0.64) + words_at("SGD", 0.74, 0.64),
        words_at("BUY HONKONG DOLLAR", 0.20, 0.71),
        words_at("7,000.00", 0.22, 0.77) + words_at("0.15", 0.45, 0.78) + words_at("1,050.00", 0.71, 0.79),
        words_at("To pay SGD", 0.22, 0.845),
        words_at("1,050.00", 0.69, 0.864),
        words_at("Please check and verify your amount", 0.23, 0.92),
        model=Slip,
    )
    assert exchange["amount_charged"] == "1,050.00"
    described = {"type": ["string", "null"], "description": "Total amount of all line items before any taxes"}
    plan = _plan(load_schema({"type": "object", "properties": {"subtotal": described}}))
    assert plan.scalars[0].hints == ()


def test_a_column_headed_by_an_abbreviation_of_a_synonym_of_its_name() -> None:
    """``AMT`` heads a ``cost`` column (``cost``: amount, whose abbreviation is ``amt``), and the rows under
    the header pair each name with its amount."""
    from groundex.locate.candidates import Page, strong_labels

    rows = [("2", "Chicken Dum Biryani", "750.00"), ("1", "Jalpari Fish Tikka", "475.00")]
    placed = [words_at("QTY", 0.151, 0.382, h=0.018) + words_at("ITEM", 0.222, 0.384, h=0.018)]
    placed.append(words_at("AMT", 0.593, 0.391, h=0.016))
    for i, (count, name, amount) in enumerate(rows):
        y = 0.431 + 0.025 * i
        placed += [words_at(count, 0.15, y, h=0.018), words_at(name, 0.215, y + 0.002, h=0.025)]
        placed.append(words_at(amount, 0.55, y + 0.006, h=0.02))
    plan = _plan(load_schema(Slip))
    columns = [kid for _, kids in plan.tables for kid in kids]
    page = Page([line for p in document(*placed).pages for line in p.lines])
    assert [(s.path, [w.text for w in hit.words]) for s, hit in strong_labels(page, columns)] == [
        ("lines[].cost", ["AMT"])
    ]
    got = _locate(*placed, model=Slip)
    assert [(got[f"lines[{i}].product"], got[f"lines[{i}].cost"]) for i in range(2)] == [
        ("Chicken Dum Biryani", "750.00"),
        ("Jalpari Fish Tikka", "475.00"),
    ]


def test_a_receipt_schema_of_terse_names() -> None:
    """Abbreviated names without descriptions read as the words they shorten: ``ph`` a phone, ``tm`` a time,
    ``subtot`` (the first letters of subtotal) a subtotal, which the items' sum finds under them (``Food``),
    ``tot`` a total (``AMOUNT`` on a card slip), ``amt`` a line's amount, which is no grand total to doubt at
    zero (``Cover 0.00``); a ``tip`` is labelled ``Gratuity``."""
    from groundex.locate.labels import abbreviates

    def text() -> dict[str, object]:
        return {"type": ["string", "null"]}

    line = {"desc": text(), "qty": text(), "amt": text()}
    fields: dict[str, object] = {
        name: text() for name in ("merchant", "ph", "dt", "tm", "subtot", "vat", "tip", "tot")
    }
    fields["lines"] = {"type": "array", "items": {"type": "object", "properties": line}}
    terse = {"type": "object", "properties": fields}
    doc = document(
        words_at("BLUE BOTTLE CAFE", 0.30, 0.05, h=0.04),
        words_at("Tel: (415) 555-0134", 0.28, 0.11),
        words_at("12/30/2016", 0.10, 0.17) + words_at("19:19", 0.70, 0.17),
        words_at("1 Cover", 0.10, 0.21) + words_at("0.00", 0.75, 0.21),
        words_at("2 Latte", 0.10, 0.25) + words_at("9.00", 0.75, 0.25),
        words_at("1 Scone", 0.10, 0.30) + words_at("3.50", 0.75, 0.30),
        words_at("Food", 0.10, 0.38) + words_at("12.50", 0.75, 0.38),
        words_at("Tax", 0.10, 0.42) + words_at("1.09", 0.75, 0.42),
        words_at("Gratuity", 0.10, 0.46) + words_at("2.00", 0.75, 0.46),
        words_at("Total", 0.10, 0.50) + words_at("15.59", 0.75, 0.50),
    )
    got = {path: cand.pick.text for path, cand in LocalLocator().locate(doc, load_schema(terse)).items()}
    assert (got["ph"], got["dt"], got["tm"]) == ("(415) 555-0134", "12/30/2016", "19:19")
    assert (got["subtot"], got["vat"], got["tip"], got["tot"]) == ("12.50", "1.09", "2.00", "15.59")
    assert [(got[f"lines[{i}].desc"], got[f"lines[{i}].qty"], got[f"lines[{i}].amt"]) for i in range(3)] == [
        ("Cover", "1", "0.00"),
        ("Latte", "2", "9.00"),
        ("Scone", "1", "3.50"),
    ]
    assert abbreviates("subtot", "subtotal") and not abbreviates("subtota", "subtotal")
    slip = document(
        words_at("TERMINAL ID:", 0.10, 0.31) + words_at("****6992", 0.73, 0.31),
        words_at("SALE", 0.10, 0.60),
        words_at("AMOUNT", 0.10, 0.62) + words_at("£32.00", 0.65, 0.638),
        words_at("DATE: 19/05/13 TIME: 14:48", 0.12, 0.89),
    )
    paid = LocalLocator().locate(slip, load_schema(terse))
    assert paid["tot"].pick.text == "£32.00"


class Merchant(BaseModel):
    merchant: str | None = None
    total: str | None = None


def test_a_party_named_by_its_name_alone_is_no_number() -> None:
    """``merchant`` without a description is the business's name: not ``#1458`` after ``Store``, a party word
    of its vocabulary, but the name printed under it."""
    got = _locate(
        words_at("Store #1458", 0.38, 0.05),
        words_at("Panda Express", 0.38, 0.08, h=0.035),
        words_at("EUREKA, MO", 0.40, 0.12),
        words_at("1 3-ENTREE PLATE", 0.14, 0.24) + words_at("12.99", 0.75, 0.25),
        words_at("Total", 0.14, 0.40) + words_at("12.99", 0.75, 0.40),
        model=Merchant,
    )
    assert got["merchant"] == "Panda Express"


class Bare(BaseModel):
    store: str | None = None
    amt: str | None = None


def test_a_bare_amount_is_what_the_receipt_comes_to() -> None:
    """A field named only ``amt`` (no description) is the receipt's total, labelled as a total is: not the
    ``Amt. Excl. GST`` of its tax summary."""
    got = _locate(
        words_at("Description", 0.13, 0.395) + words_at("Amount TX", 0.68, 0.396),
        words_at("50346155 BOSTRAK WRD 80X50X18", 0.13, 0.451),
        words_at("2 pc @ 269.00", 0.17, 0.464) + words_at("538.00 SRS", 0.67, 0.465),
        words_at("TotalRM Including GST 6%", 0.13, 0.524) + words_at("538.00", 0.68, 0.525),
        words_at("Rounding Adj.", 0.13, 0.536) + words_at("0.00", 0.70, 0.539),
        words_at("Total Rounded", 0.13, 0.555) + words_at("538.00", 0.68, 0.556),
        words_at("Visa", 0.13, 0.599) + words_at("-538.00", 0.66, 0.599),
        words_at("GST SR", 0.13, 0.654) + words_at("6%", 0.38, 0.654) + words_at("538.00 30.45", 0.51, 0.654),
        words_at("Amt. Excl. GST", 0.13, 0.667) + words_at("507.55", 0.68, 0.668),
        model=Bare,
    )
    assert got["amt"] == "538.00"
    amt = next(spec for spec in _plan(load_schema(Bare)).scalars if spec.path == "amt")
    assert amt.title == "Total" and "grand total" in amt.hints


class Where(BaseModel):
    store: str | None = None
    addr: str | None = None


def test_a_bare_address_is_the_documents_own() -> None:
    """``addr`` without a description is the address printed under the issuer's name, not the customer's
    block further down."""
    got = _locate(
        words_at("GARDENIA BAKERIES (KL) SDN BHD (139386 X)", 0.06, 0.063),
        words_at("Lot 3, Jalan Pelabur 23/1,", 0.28, 0.082, h=0.012),
        words_at("40300 Shah Alam, Selangor.", 0.26, 0.096, h=0.012),
        words_at("Tel: 03-55423228 Fax: 03-55423213", 0.20, 0.116, h=0.012),
        words_at("TAX INVOICE / ADJUSTMENT NOTE", 0.22, 0.174, h=0.012),
        words_at("VE0514", 0.05, 0.256, h=0.012) + words_at("Date: 30/07/2017", 0.52, 0.257, h=0.012),
        words_at("MAKASSAR FRESH MARKET SDN BHD", 0.04, 0.281, h=0.012),
        words_at("GROUND FLOOR, NO. 4 & 6,", 0.05, 0.315, h=0.012),
        words_at("JALAN SS 15/4B,", 0.05, 0.329, h=0.012),
        words_at("47500 SUBANG JAYA, SELANGOR", 0.05, 0.354, h=0.012),
        words_at("VE05: Ridzuan(11900)", 0.05, 0.371, h=0.012),
        model=Where,
    )
    assert got["addr"] == "Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam, Selangor."


def test_a_total_payable_outranks_larger_totals_that_agree() -> None:
    got = _locate(
        words_at("Total 6% supplies (excl. GST): -17.73", 0.08, 0.60),
        words_at("GST:", 0.57, 0.636) + words_at("-1.07", 0.72, 0.636),
        words_at("Total 0% supplies:", 0.30, 0.678) + words_at("39.01", 0.72, 0.678),
        words_at("Total Sales:", 0.30, 0.708) + words_at("39.01", 0.72, 0.717),
        words_at("Total Payable:", 0.38, 0.758) + words_at("20.21", 0.72, 0.760),
        model=Charged,
    )
    assert got["amount_charged"] == "20.21"


def test_a_count_before_the_name_in_a_tables_description_cell_is_the_quantity() -> None:
    got = _locate(
        words_at("No Description", 0.07, 0.42),
        words_at("Amount", 0.72, 0.42),
        words_at("1 R6 Bulgogi Deopbap", 0.07, 0.49) + words_at("18.00", 0.78, 0.48),
        words_at("2 R7 Jeyuk Deopbap", 0.07, 0.52) + words_at("36.00", 0.78, 0.51),
        words_at("Subtotal", 0.06, 0.58) + words_at("54.00", 0.78, 0.58),
        model=Sale,
    )
    assert _rows(got, 2) == [("R6 Bulgogi Deopbap", "1", "18.00"), ("R7 Jeyuk Deopbap", "2", "36.00")]


def test_what_was_paid_outranks_what_the_rows_above_add_up_to() -> None:
    got = _locate(
        words_at("TEPUNG JAGUNG 1 25.00", 0.08, 0.50),
        words_at("VITAMAS CARTON 1 42.50", 0.08, 0.53),
        words_at("GULA PASIR 1 25.00", 0.08, 0.56),
        words_at("SUB-TOTAL 92.50", 0.08, 0.60),
        words_at("DISC 0.00", 0.08, 0.62),
        words_at("GST 1.50", 0.08, 0.64),
        words_at("TAX 0.00", 0.08, 0.66),
        words_at("L 94.00", 0.17, 0.70),
        words_at("CASH 94.00", 0.08, 0.73),
        words_at("CHANGE 0.00", 0.08, 0.76),
    )
    assert got["total"] == "94.00"


class Reachable(BaseModel):
    contact_number: str | None = Field(None, description="Telephone the shop can be reached at")


def test_a_number_sign_alone_is_no_label_of_a_contact_number() -> None:
    got = _locate(
        words_at("USA GASOLINE", 0.39, 0.01),
        words_at("# 68228", 0.43, 0.05),
        words_at("SPRING VALLEY, CA", 0.32, 0.10),
        words_at("PUMP # 18", 0.28, 0.46),
        model=Reachable,
    )
    assert "contact_number" not in got
    got = _locate(
        words_at("Store #0208", 0.30, 0.05), words_at("Tel 619-555-0142", 0.30, 0.09), model=Reachable
    )
    assert got["contact_number"] == "619-555-0142"


class Levied(BaseModel):
    before_tax: str | None = Field(None, description="Sum of the lines before tax and tip")
    levy: str | None = Field(None, description="Sales tax charged")
    amount_charged: str | None = Field(None, description="Final amount the customer had to pay")


def test_the_arithmetic_reads_a_tax_its_description_names() -> None:
    got = _locate(
        words_at("Salmon Roll", 0.15, 0.55) + words_at("11.00", 0.69, 0.55),
        words_at("44.00", 0.69, 0.879),
        words_at("Subtotal", 0.19, 0.908),
        words_at("3.85", 0.71, 0.922),
        words_at("Tax", 0.19, 0.963),
        words_at("47.85", 0.61, 0.966),
        model=Levied,
    )
    assert (got["before_tax"], got["levy"], got["amount_charged"]) == ("44.00", "3.85", "47.85")


class Purchased(BaseModel):
    purchase_day: str | None = Field(None, description="Day the purchase happened, as printed")


class Card(BaseModel):
    dl_id: str | None = Field(None, description="The licence's identifier printed on the card")


def test_figures_after_a_part_of_a_date_fields_name_are_no_date_but_an_ids_are_its_value() -> None:
    got = _locate(
        words_at("PURCHASE", 0.17, 0.62) + words_at("TERMINAL No. 89012172", 0.41, 0.62), model=Purchased
    )
    assert "purchase_day" not in got
    got = _locate(words_at("DLX1275648", 0.30, 0.22), words_at("CLASS C", 0.68, 0.23), model=Card)
    assert got["dl_id"] == "X1275648"


def test_a_date_field_named_otherwise_reads_the_date_label() -> None:
    got = _locate(
        words_at("SSAMBAP", 0.06, 0.07),
        words_at("1-1-24 Kristal Point Corporate Par", 0.07, 0.09),
        words_at("11900 Bayan Lepas Penang", 0.06, 0.16),
        words_at("R.No: P0S002007", 0.06, 0.24),
        words_at("Date: 2015-08-12 13:15:31", 0.06, 0.27),
        model=Purchased,
    )
    assert got["purchase_day"] == "2015-08-12"


def test_a_key_and_its_figures_are_no_business_name() -> None:
    got = _locate(
        words_at("2017 Toan", 0.09, 0.16),
        words_at("Check: 6911", 0.09, 0.24),
        words_at("Guests: 1", 0.62, 0.25),
        words_at("08/17/2016 08:22PM", 0.28, 0.29),
    )
    assert "company" not in got


class BeforeTax(BaseModel):
    before_tax: str | None = Field(None, description="Sum of the lines before tax and tip")


def test_the_word_a_qualifier_governs_is_no_label_alone() -> None:
    got = _locate(words_at("Tax", 0.07, 0.60) + words_at("3.00", 0.70, 0.60), model=BeforeTax)
    assert "before_tax" not in got
    got = _locate(words_at("Before Tax", 0.07, 0.60) + words_at("36.00", 0.70, 0.60), model=BeforeTax)
    assert got["before_tax"] == "36.00"


def test_a_thank_you_line_under_the_address_is_not_part_of_it() -> None:
    got = _locate(
        words_at("N1 CENTRE", 0.32, 0.18),
        words_at("21 PARKFIELD STREET", 0.32, 0.20),
        words_at("LONDON N1 0PS", 0.32, 0.22),
        words_at("THANK YOU", 0.40, 0.24),
        words_at("TERMINAL ID: ****6992", 0.10, 0.31),
    )
    assert str(got["address"]).endswith("21 PARKFIELD STREET LONDON N1 0PS")


def test_a_rate_after_a_tax_label_leaves_its_amount_beside_it() -> None:
    words = [
        *words_at("Sub Total", 0.12, 0.584, h=0.012),
        *words_at("339", 0.76, 0.589, h=0.012),
        *words_at("Gst 5%", 0.12, 0.622, h=0.012),
        *words_at("16.95", 0.74, 0.628, h=0.012),
        *words_at("Grand Total", 0.12, 0.696, h=0.012),
        *words_at("356.0", 0.60, 0.700, h=0.012),
    ]
    page = groundex.types.Page(0, 1000, 1000, tuple(words), build_lines(words, slope=-0.01), "test")
    got = LocalLocator().locate(groundex.types.Document((page,), "sheet", "image/png", 1), load_schema(Check))
    assert got["tax"].pick.text == "16.95"


def test_indian_state_and_central_gst_are_taxes() -> None:
    got = _locate(
        words_at("Sub Total", 0.12, 0.54) + words_at("300.00", 0.76, 0.54),
        words_at("SGST", 0.11, 0.57) + words_at("27.00", 0.77, 0.57),
        words_at("CGST", 0.11, 0.60) + words_at("27.00", 0.77, 0.60),
        words_at("Net Amt:", 0.36, 0.64) + words_at("354.00", 0.66, 0.64),
        model=Check,
    )
    assert got["tax"] == "27.00"
