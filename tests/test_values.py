"""Typed value recognition and coercion over OCR text."""

from __future__ import annotations

import datetime as dt

import pytest

from groundex.types import Kind
from groundex.values import (
    Match,
    Money,
    Quantity,
    coerce,
    country_code,
    find_amounts,
    find_card_endings,
    find_countries,
    find_dates,
    find_datetimes,
    find_emails,
    find_heights,
    find_ibans,
    find_ids,
    find_no_answer,
    find_numbers,
    find_percentages,
    find_phones,
    find_postal_codes,
    find_tenders,
    find_times,
    find_urls,
    find_us_states,
    find_weights,
    fix_ocr_digits,
    infer_region,
    match_enum,
    normalize_for_compare,
    parse_address,
    parse_bool,
    parse_decimal,
    parse_number,
    split_name,
)


def spans(text: str, matches: list[Match]) -> list[str]:
    return [text[m.start : m.end] for m in matches]


def one(text: str, matches: list[Match], printed: str) -> Match:
    hits = [m for m in matches if text[m.start : m.end] == printed]
    assert len(hits) == 1, (printed, spans(text, matches))
    return hits[0]


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("09/15/2001", dt.date(2001, 9, 15)),
        ("9/15/01", dt.date(2001, 9, 15)),
        ("15.09.2001", dt.date(2001, 9, 15)),
        ("2001-09-15", dt.date(2001, 9, 15)),
        ("2001/09/15", dt.date(2001, 9, 15)),
        ("15-09-18", dt.date(2018, 9, 15)),
        ("28/03/18", dt.date(2018, 3, 28)),
        ("Sep 15, 2001", dt.date(2001, 9, 15)),
        ("Sept. 15, 2001", dt.date(2001, 9, 15)),
        ("15 SEP 2001", dt.date(2001, 9, 15)),
        ("15SEP2001", dt.date(2001, 9, 15)),
        ("15-Sep-2001", dt.date(2001, 9, 15)),
        ("September 15 2001", dt.date(2001, 9, 15)),
        ("15th of September, 2001", dt.date(2001, 9, 15)),
        ("15. Sep. 01", dt.date(2001, 9, 15)),
        ("Sep15'01", dt.date(2001, 9, 15)),
        ("15Sep\u00b401", dt.date(2001, 9, 15)),
        ("Sep/15/2001", dt.date(2001, 9, 15)),
        ("15/SEP/2001", dt.date(2001, 9, 15)),
        ("15 SEPT. 2001", dt.date(2001, 9, 15)),
        ("18AVR2014", dt.date(2014, 4, 18)),
        ("23 juin 2016", dt.date(2016, 6, 23)),
        ("5 ENE 2019", dt.date(2019, 1, 5)),
        ("3. März 2017", dt.date(2017, 3, 3)),
        ("12 dic 2016", dt.date(2016, 12, 12)),
        ("15Sep/2001", dt.date(2001, 9, 15)),
        ("15. September 2001", dt.date(2001, 9, 15)),
        ("08/31/2029", dt.date(2029, 8, 31)),
        ("01/02/60", dt.date(1960, 1, 2)),
    ],
)
def test_find_dates_formats(printed: str, expected: dt.date) -> None:
    text = f"DATE: {printed} ISSUED"
    m = one(text, find_dates(text), printed)
    assert m.value == expected
    assert 0.5 < m.score <= 1.0


def test_dates_spans_in_context() -> None:
    text = "DOB 03/04/1980 EXP 08/31/2029 ISS 2019-03-28"
    found = find_dates(text)
    assert spans(text, found) == ["03/04/1980", "08/31/2029", "2019-03-28"]
    assert [m.value for m in found] == [dt.date(1980, 3, 4), dt.date(2029, 8, 31), dt.date(2019, 3, 28)]


def test_a_date_glued_to_the_time_after_it() -> None:
    """The reader lost the space between a date and its clock time: the date still reads, the figures of a
    longer number do not."""
    text = "[Sales]2018-01-0522:55:25 PosNo: 86"
    assert spans(text, find_dates(text)) == ["2018-01-05"]
    assert find_dates("2018-01-0512") == []


def test_dates_dayfirst_decided_per_text() -> None:
    text = "from 03/04/2020 to 28/04/2020"
    assert [m.value for m in find_dates(text)] == [dt.date(2020, 4, 3), dt.date(2020, 4, 28)]
    ambiguous = find_dates("03/04/2020")[0]
    assert ambiguous.value == dt.date(2020, 3, 4)
    assert ambiguous.score < find_dates("28/04/2020")[0].score
    assert find_dates("03/04/2020", dayfirst=True)[0].value == dt.date(2020, 4, 3)
    assert find_dates("03/04/2020", dayfirst=False)[0].value == dt.date(2020, 3, 4)
    assert find_dates("03.04.2020")[0].value == dt.date(2020, 4, 3)


def test_dates_ocr_lookalikes() -> None:
    text = "Date 2O19-O3-28"
    m = find_dates(text)[0]
    assert m.value == dt.date(2019, 3, 28)
    assert text[m.start : m.end] == "2O19-O3-28"
    assert fix_ocr_digits("15OCT2001 I1234568 1O.5O") == "15OCT2001 I1234568 10.50"


@pytest.mark.parametrize(
    "text",
    [
        "12345",
        "12:30",
        "Call 555-123-4567",
        "(916) 555-1212",
        "D1234567",
        "I1234568",
        "$1,498.15",
        "12.50",
        "INV-2024-0042",
        "INV-2024-01-05",
        "31/31/2001",
        "02/30/2001",
        "version 1.2.3.4",
        "Mayor 15, 2001",
        "15%",
        "v2019-03-28",
    ],
)
def test_find_dates_rejects(text: str) -> None:
    assert find_dates(text) == []


def test_find_times_and_datetimes() -> None:
    text = "In 14:05 out 2:05 PM break 2pm end 23:59:59"
    found = find_times(text)
    assert spans(text, found) == ["14:05", "2:05 PM", "2pm", "23:59:59"]
    assert [m.value for m in found] == [dt.time(14, 5), dt.time(14, 5), dt.time(14), dt.time(23, 59, 59)]
    assert find_times("25:00 12.30 1:2 99:99") == []
    # a stray mark and a colon before the time (`Time +:10:02 PM`), but never the tail of a longer time
    assert spans("Time +:10:02 PM", find_times("Time +:10:02 PM")) == ["10:02 PM"]
    assert spans("at 12:30:45", find_times("at 12:30:45")) == ["12:30:45"]
    # a meridiem glued as one letter or after a colon, a dotted time with its meridiem, a time after `_`
    text = "7:23:34P | Time : 05:10:PM | 9.38 PM | 2017_12:25 | Total 9.38"
    found = find_times(text)
    assert spans(text, found) == ["7:23:34P", "05:10:PM", "9.38 PM", "12:25"]
    expected = [dt.time(19, 23, 34), dt.time(17, 10), dt.time(21, 38), dt.time(12, 25)]
    assert [m.value for m in found] == expected
    # a time zone printed after the time is part of it; another capitalized word is not
    text = "TIME 3:28 CST | 9:00 AM EST | 12:30 TOTAL"
    found = find_times(text)
    assert spans(text, found) == ["3:28 CST", "9:00 AM EST", "12:30"]
    assert [m.value for m in found] == [dt.time(3, 28), dt.time(9), dt.time(12, 30)]

    for printed, expected in [
        ("2019-03-28 14:05", dt.datetime(2019, 3, 28, 14, 5)),
        ("28/03/2019 2:05 PM", dt.datetime(2019, 3, 28, 14, 5)),
        ("2019-03-28T14:05:09Z", dt.datetime(2019, 3, 28, 14, 5, 9)),
        ("Mar 28, 2019 at 2:05 pm", dt.datetime(2019, 3, 28, 14, 5)),
    ]:
        text = f"Printed {printed} ok"
        m = one(text, find_datetimes(text), printed)
        assert m.value == expected
    assert find_datetimes("2019-03-28 total 14:05") == []


# --- money and numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "amount", "currency"),
    [
        ("$1,498.15", 1498.15, "USD"),
        ("1.498,15 €", 1498.15, "EUR"),
        ("12,50 €", 12.5, "EUR"),
        ("RM12.50", 12.5, "MYR"),
        ("RM 12.50", 12.5, "MYR"),
        ("12.50", 12.5, None),
        ("-5.00", -5.0, None),
        ("(5.00)", -5.0, None),
        ("5.00-", -5.0, None),
        ("-$5.00", -5.0, "USD"),
        ("USD 20", 20.0, "USD"),
        ("20.00 USD", 20.0, "USD"),
        ("£7", 7.0, "GBP"),
        ("$ 1 498.15", 1498.15, "USD"),
        ("1'498.15", 1498.15, None),
    ],
)
def test_find_amounts_formats(printed: str, amount: float, currency: str | None) -> None:
    text = f"TOTAL {printed} PAID"
    m = one(text, find_amounts(text), printed)
    assert m.value == Money(amount, currency)


def test_amount_scores() -> None:
    decimal = find_amounts("12.50")[0]
    integer = find_amounts("12")[0]
    with_currency = find_amounts("$12.50")[0]
    assert integer.score < decimal.score < with_currency.score
    assert find_amounts("2024")[0].score < integer.score


@pytest.mark.parametrize(
    "text",
    ["12:30", "15%", "7.5 %", "09/15/2001", "(916) 555-1212", "#12345", "INV-2024-0042", "D1234567"],
)
def test_find_amounts_rejects(text: str) -> None:
    assert find_amounts(text) == []


def test_amounts_on_a_receipt_line() -> None:
    text = "2 x 3.50 = $7.00 on 09/15/2001 at 12:30 tel 916-555-1212 tax 8%"
    found = find_amounts(text)
    assert spans(text, found) == ["2", "3.50", "$7.00"]
    assert found[2].value == Money(7.0, "USD")


def test_parse_decimal_and_number() -> None:
    assert parse_decimal("1,498.15") == 1498.15
    assert parse_decimal("1.498,15") == 1498.15
    assert parse_decimal("1 498,15") == 1498.15
    assert parse_decimal("1,498") == 1498.0
    assert parse_decimal("0.125") == 0.125
    assert parse_decimal("12,5") == 12.5
    assert parse_decimal("abc") is None
    assert parse_number("1 498.15") == 1498.15
    assert parse_number("(5.00)") == -5.0
    assert parse_number("x3") == 3.0
    assert parse_number("3 @") == 3.0
    assert parse_number("$ 1,2O0.00") == 1200.0
    assert parse_number("12%") == 12.0
    assert parse_number("n/a") is None


def test_find_numbers_and_percentages() -> None:
    text = "QTY 2 x3 3 @ 1.5 kg 1,000 units D1234567 09/15/2001 12:30"
    found = find_numbers(text)
    assert spans(text, found) == ["2", "3", "3", "1.5", "1,000"]
    assert [m.value for m in found] == [2.0, 3.0, 3.0, 1.5, 1000.0]
    assert one(text, found, "1.5").score < max(m.score for m in found)

    text = "VAT 15% discount 7.5 % rate 20 percent 12.50"
    pct = find_percentages(text)
    assert spans(text, pct) == ["15%", "7.5 %", "20 percent"]
    assert [m.value for m in pct] == [15.0, 7.5, 20.0]


# --- contact ------------------------------------------------------------------------------------


def test_find_phones() -> None:
    text = "Call (916) 555-1212 or 555-123-4567 x 2 fax +44 20 7946 0958, DL D1234567 on 09/15/2001"
    found = find_phones(text)
    assert spans(text, found) == ["(916) 555-1212", "555-123-4567", "+44 20 7946 0958"]
    assert [m.value for m in found] == ["+19165551212", "+15551234567", "+442079460958"]
    assert found[0].score > found[1].score
    assert find_phones("D1234567 12.50 $1,498.15 09/15/2001 2019-03-28") == []
    text = "TEL 916-555-l212"
    assert spans(text, find_phones(text)) == ["916-555-l212"]
    text = "08/21/2008 (800)275-8777 10:07:29 AM"  # a date right before the number
    assert spans(text, find_phones(text)) == ["(800)275-8777"]
    assert find_phones("Check 1234-5678-90") == []  # merely possible, and not grouped as phones are
    assert find_phones("8/0272010  17:43  0182") == []  # a misread date running into a time
    text = "P212 966 7799 F:212.966 7907 AP212 966 7799"  # a label's initial glued to its number
    assert spans(text, find_phones(text)) == ["212 966 7799", "212.966 7907"]
    text = "Call 800-786-1000: thanks"
    assert spans(text, find_phones(text)) == ["800-786-1000"]


def test_the_country_a_page_was_printed_in() -> None:
    """Named countries (not on an amount's line), international prefixes and national currencies vote;
    the dollar and the euro do not, and a tie is no answer."""
    assert infer_region(["ZNK Foods Pvt. Ltd.", "SUB TOTAL Rs100.00", "Cash Rs118.07"]) == "IN"
    assert infer_region(["Hoxton Market", "Flat Bread £2.00", "Total £19.50"]) == "GB"
    assert infer_region(["KUALA LUMPUR, MALAYSIA", "TOTAL 12.00"]) == "MY"
    assert infer_region(["Tel +49 (0) 941 5999", "Summe 12,00 €"]) == "DE"
    assert infer_region(["TURKEY CLUB 8.99", "Total $8.99"]) is None
    assert infer_region(["Made in Malaysia", "Total £2.00"]) is None
    assert infer_region([]) is None
    text = "0151 485 5406"
    assert find_phones(text) == [] and spans(text, find_phones(text, "GB")) == [text]


def test_find_emails_and_urls() -> None:
    text = "Mail John.Doe@Example.COM. or visit https://ex.com/a?b=1). www.foo.org and acme.com; not a@b"
    emails = find_emails(text)
    assert spans(text, emails) == ["John.Doe@Example.COM"]
    assert emails[0].value == "John.Doe@example.com"
    urls = find_urls(text)
    assert spans(text, urls) == ["https://ex.com/a?b=1", "www.foo.org", "acme.com"]
    assert urls[0].score > urls[2].score
    assert find_urls("write to info@acme.com") == []
    split = find_emails("billing @northwind-supply.example")
    assert [m.value for m in split] == ["billing@northwind-supply.example"] and split[0].score < emails[
        0
    ].score
    assert find_emails("2 @ 5.00 each") == []


def test_find_card_endings_and_tenders() -> None:
    text = "VISA ****1234 paid, MC XXXX XXXX XXXX 9876, card ending in 4321, order 12345678"
    found = find_card_endings(text)
    assert [m.value for m in found] == ["1234", "9876", "4321"]
    assert spans(text, found)[:2] == ["****1234", "XXXX XXXX XXXX 9876"]
    tenders = find_tenders("AMERICAN EXPRESS 20.00 / Cash back / discovery")
    assert [m.value for m in tenders] == ["AMERICAN EXPRESS", "Cash"]
    assert tenders[0].score > tenders[1].score
    assert [m.value for m in find_tenders("CASH 20.00 VISA", cards=True)] == ["VISA"]


def test_find_ibans() -> None:
    text = "IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX alt GB82WEST12345698765432."
    found = find_ibans(text)
    assert spans(text, found) == ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"]
    assert found[0].value == "DE89370400440532013000"
    assert find_ibans("DE89 3704 0044 0532 0130 01") == []


# --- addresses ----------------------------------------------------------------------------------


def test_find_postal_codes() -> None:
    text = "Sacramento, CA 95818 or 95818-1234 London SW1A 2AA Toronto M5V 3L9 8001 Zurich"
    found = find_postal_codes(text)
    assert spans(text, found) == ["95818", "95818-1234", "SW1A 2AA", "M5V 3L9", "8001"]
    assert found[0].score > found[1].score > found[4].score
    assert found[4].score < 0.5
    assert find_postal_codes("12.50 09/15/2001 (916) 555-1212") == []
    glued = "San Jose CA95139 Denver CO80202-1234 ref ZZ12345 AB12345"
    assert spans(glued, find_postal_codes(glued)) == ["95139", "80202-1234"]
    assert spans(glued, find_us_states(glued)) == ["CA", "CO"]


def test_find_us_states() -> None:
    text = "Sacramento, CA 95818 CALIFORNIA Calif. New York PAID IN FULL Ca"
    found = find_us_states(text)
    assert spans(text, found) == ["CA", "CALIFORNIA", "Calif.", "New York", "IN", "Ca"]
    assert [m.value for m in found] == ["CA", "CA", "CA", "NY", "IN", "CA"]
    scores = {text[m.start : m.end]: m.score for m in found}
    assert scores["CA"] > 0.9
    assert scores["IN"] < 0.7
    assert scores["Ca"] < 0.5
    assert find_us_states("in or me ok CAT") == []


def _parts(text: str) -> dict[str, tuple[str, str]]:
    return {p.component: (p.value, text[p.start : p.end]) for p in parse_address(text)}


def test_parse_address_us() -> None:
    text = "2570 24TH STREET SACRAMENTO, CA 95818"
    assert _parts(text) == {
        "street": ("2570 24TH STREET", "2570 24TH STREET"),
        "city": ("SACRAMENTO", "SACRAMENTO"),
        "state": ("CA", "CA"),
        "postal_code": ("95818", "95818"),
    }
    text = "123 Main St, Apt 4, Springfield IL 62701"
    parts = _parts(text)
    assert parts["street"] == ("123 Main St, Apt 4", "123 Main St, Apt 4")
    assert parts["city"][0] == "Springfield"
    assert parts["state"][0] == "IL"
    assert parts["postal_code"][0] == "62701"
    text = "1 Infinite Loop, Cupertino, CA 95014, USA"
    parts = _parts(text)
    assert parts["street"][0] == "1 Infinite Loop"
    assert parts["city"][0] == "Cupertino"
    assert parts["postal_code"] == ("95014", "95014")
    assert parts["country"][0] == "USA"
    parts = _parts("500 Oak Ave Portland Oregon 97201-1234")
    assert parts["state"] == ("OR", "Oregon")
    assert parts["postal_code"][0] == "97201-1234"


def test_parse_address_fallback() -> None:
    text = "10 Downing Street, London SW1A 2AA, UK"
    assert _parts(text) == {
        "street": ("10 Downing Street", "10 Downing Street"),
        "city": ("London", "London"),
        "postal_code": ("SW1A 2AA", "SW1A 2AA"),
        "country": ("UK", "UK"),
    }
    assert parse_address("   ") == []


def test_an_address_country_is_a_country() -> None:
    """Only a printed country (or its code) is a country; the line under an address is not (an e-mail, a
    price, a thank-you), and a building's name on its own line before the number is whom the address is
    for."""
    assert country_code("U.S.A.") == "US" and country_code("Deutschland") == "DE"
    assert country_code("France") == "FR" and country_code("UK") == "GB" and country_code("438") is None
    assert country_code("ca") is None and country_code("and") is None and country_code("per") is None
    assert [m.value for m in find_countries("bread and butter, price per kg, can of soda")] == []
    parts = _parts("450 Market Street, San Francisco, CA 94105, billing@northwind.example")
    assert "country" not in parts and parts["postal_code"][0] == "94105"
    assert "country" not in _parts("12 High Street, Leeds LS1 4AP, Thank you for your business")
    assert _parts("12 Rue de Rivoli, 75001 Paris, France")["country"][0] == "France"
    assert [m.value for m in find_countries("KUALA LUMPUR, MALAYSIA. Made in United States of America")] == [
        "MALAYSIA",
        "United States of America",
    ]
    assert find_countries("IN STOCK") == [] and [m.value for m in find_countries("US")] == ["US"]
    assert _parts("Harbor View Hotel, 900 Bay Street, Tampa, FL 33602")["street"][0] == "900 Bay Street"


# --- people and measures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "first", "middle", "last"),
    [
        ("DOE, JOHN MICHAEL", "JOHN", "MICHAEL", "DOE"),
        ("JOHN MICHAEL DOE", "JOHN", "MICHAEL", "DOE"),
        ("Jane Doe", "Jane", "", "Doe"),
        ("SMITH , ANNA", "ANNA", "", "SMITH"),
    ],
)
def test_split_name(printed: str, first: str, middle: str, last: str) -> None:
    parts = split_name(printed)
    assert (parts.first, parts.middle, parts.last) == (first, middle, last)


def test_split_name_title_suffix_and_empty() -> None:
    parts = split_name("Dr. Jane Q. Public Jr.")
    assert (parts.title, parts.first, parts.middle, parts.last, parts.suffix) == (
        "Dr.",
        "Jane",
        "Q.",
        "Public",
        "Jr.",
    )
    assert split_name("  ").first == ""


def test_find_heights() -> None:
    text = "HGT 5-07 or 5'-07\" or 5' 7\" or 5ft 7in HT 507 tall 170 cm 1.70 m 6' ok"
    found = find_heights(text)
    assert spans(text, found) == ["5-07", "5'-07\"", "5' 7\"", "5ft 7in", "507", "170 cm", "1.70 m", "6'"]
    assert [m.value for m in found] == ["5'7\""] * 5 + ["170 cm", "170 cm", "6'0\""]
    unlabelled = find_heights("size 5-07")
    assert unlabelled[0].score < found[0].score
    assert find_heights("4-15 12:30 09/15/2001 5'13\"") == []


def test_find_weights() -> None:
    text = "WGT 150 lb also 150 lbs 68 kg 68KG 12 oz WT 165"
    found = find_weights(text)
    assert spans(text, found) == ["150 lb", "150 lbs", "68 kg", "68KG", "12 oz", "165"]
    assert found[0].value == Quantity(150.0, "lb")
    assert found[2].value == Quantity(68.0, "kg")
    assert found[5].value == Quantity(165.0, None)
    assert find_weights("150 lbsx 12.50") == []


# --- ids, choices -------------------------------------------------------------------------------


def test_find_ids() -> None:
    text = "DL D1234567 INV-2024-0042 No #12345, I1234568 12.50 09/15/2001 24TH 150lbs 7 x3"
    found = find_ids(text)
    assert spans(text, found) == ["D1234567", "INV-2024-0042", "12345", "I1234568", "7"]
    assert found[2].value == "12345"
    by = {m.value: m.score for m in found}
    assert by["D1234567"] > by["7"]
    assert by["INV-2024-0042"] >= 0.8
    assert by["7"] < 0.3
    grouped = find_ids("Account 22 244 00, ref 4011 00 00 on 12/05/2019 12 345")
    assert [m.value for m in grouped][:2] == ["22 244 00", "4011 00 00"]
    assert "12 345" not in {m.value for m in grouped}


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("x", True),
        ("✓", True),
        (" No. ", False),
        ("n", False),
        ("false", False),
        ("0", False),
        ("maybe", None),
        ("", None),
    ],
)
def test_parse_bool(printed: str, expected: bool | None) -> None:
    assert parse_bool(printed) is expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Unk.", "Unk."),
        ("N/A N/A", "N/A N/A"),
        ("As required by plant", "As required"),
        ("TBD 3/95", "TBD"),
        ("Unknownx", None),
        ("NAME", None),
        ("3 N/A", None),
    ],
)
def test_find_no_answer(printed: str, expected: str | None) -> None:
    m = find_no_answer(printed)
    assert (m and m.value) == expected
    assert m is None or printed[m.start : m.end] == expected


def test_match_enum() -> None:
    values, names = ("M", "F", "X"), ("MALE", "FEMALE", "OTHER")
    m = match_enum("SEX M", values, names)
    assert m is not None
    assert (m.value, m.start, m.end) == ("M", 4, 5)
    female = match_enum("FEMALE", values, names)
    assert female is not None
    assert (female.value, female.score) == ("F", 1.0)
    male = match_enum("Sex: Male", values, names)
    assert male is not None
    assert male.value == "M"
    assert "Sex: Male"[male.start : male.end] == "Male"
    progress = match_enum("Status In Progress", ["in_progress", "done"])
    assert progress is not None
    assert progress.value == "in_progress"
    fuzzy = match_enum("method: CREDITT CARD", ["credit_card", "cash"])
    assert fuzzy is not None
    assert fuzzy.value == "credit_card"
    assert fuzzy.score < 0.9
    assert match_enum("nothing here", ["credit_card", "cash"]) is None
    assert match_enum("SEXY", values) is None
    mixed = match_enum("M F", values)
    assert mixed is not None
    assert mixed.score < 0.5


# --- coerce -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        (Kind.NUMBER, "$1,498.15", 1498.15),
        (Kind.NUMBER, "1 498.15", 1498.15),
        (Kind.NUMBER, "12,50 €", 12.5),
        (Kind.NUMBER, "(5.00)", -5.0),
        (Kind.NUMBER, "Total: 12.50", 12.5),
        (Kind.NUMBER, "n/a", None),
        (Kind.INTEGER, "x3", 3),
        (Kind.INTEGER, "1,000", 1000),
        (Kind.INTEGER, "3.5", None),
        (Kind.BOOLEAN, "Yes", True),
        (Kind.BOOLEAN, "N", False),
        (Kind.BOOLEAN, "perhaps", None),
        (Kind.DATE, "09/15/2001", "2001-09-15"),
        (Kind.DATE, "15SEP2001", "2001-09-15"),
        (Kind.DATE, "DOB: 28/03/18", "2018-03-28"),
        (Kind.DATE, "12.50", None),
        (Kind.DATETIME, "28/03/2019 2:05 PM", "2019-03-28T14:05:00"),
        (Kind.DATETIME, "2019-03-28", "2019-03-28T00:00:00"),
        (Kind.TIME, "2:05 PM", "14:05:00"),
        (Kind.TIME, "2019-03-28T14:05:09", "14:05:09"),
        (Kind.STRING, " : ACME  Corp. Inc. ;", "ACME Corp. Inc."),
        (Kind.STRING, "(555) 123", "(555) 123"),
        (Kind.STRING, " ,; ", None),
        (Kind.ANY, "  a   b ", "a b"),
    ],
)
def test_coerce(kind: Kind, raw: str, expected: object) -> None:
    assert coerce(kind, raw) == expected


def test_coerce_enum_and_formats() -> None:
    assert coerce(Kind.ENUM, "MALE", enum=("M", "F"), enum_names=("MALE", "FEMALE")) == "M"
    assert coerce(Kind.ENUM, "purple", enum=("M", "F")) is None
    assert coerce(Kind.ENUM, "anything", enum=()) == "anything"
    assert coerce(Kind.DATE, "15/09/2001", format="%d/%m/%Y") == "2001-09-15"
    assert coerce(Kind.STRING, "Sep 15, 2001", format="date") == "2001-09-15"
    assert coerce(Kind.STRING, "Mail: John@Example.com", format="email") == "John@example.com"
    assert coerce(Kind.INTEGER, "1e400") is None


def test_normalize_for_compare() -> None:
    assert normalize_for_compare("  Acme   corp. ") == "ACME CORP"
    assert normalize_for_compare(12.0) == "12"
    assert normalize_for_compare(12.5) == "12.5"
    assert normalize_for_compare(True) == "TRUE"
    assert normalize_for_compare(None) == ""
    assert normalize_for_compare(dt.date(2001, 9, 15)) == "2001-09-15"
    assert normalize_for_compare("Main St,") == "MAIN ST"


def test_money_and_quantity_convert_to_float() -> None:
    assert float(Money(12.5, "USD")) == 12.5
    assert float(Quantity(150.0, "lb")) == 150.0


def test_printed_phones_any_format_but_not_amounts_or_dates() -> None:
    from groundex.values import find_printed_phones

    got = [m.value for m in find_printed_phones("Tel: 0203 011 1256 Fax (84-8)39147676")]
    assert got == ["0203 011 1256", "(84-8)39147676"]
    assert [m.value for m in find_printed_phones("02/511.89.82")] == ["02/511.89.82"]
    assert find_printed_phones("1,234.56 12.50 12/05/2015 4711") == []
