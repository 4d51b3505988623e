"""Typed value recognition and coercion over OCR text.

Every ``find_*`` function scans a text made of words joined by single spaces and returns
:class:`Match` objects whose ``start``/``end`` are character offsets, so a value can be mapped
back to the words it was read from (``text[m.start:m.end]`` is the printed form).
"""

from __future__ import annotations

from groundex.values.address import (
    AddressPart,
    country_code,
    find_countries,
    find_postal_codes,
    find_us_states,
    parse_address,
    state_code,
)
from groundex.values.base import Match, fix_ocr_digits, select_non_overlapping
from groundex.values.cards import find_card_endings, find_tenders
from groundex.values.choices import MARK_SIGNS, find_no_answer, is_mark, match_enum, parse_bool
from groundex.values.coerce import clean_string, coerce, normalize_for_compare
from groundex.values.contact import find_emails, find_ibans, find_phones, find_printed_phones, find_urls
from groundex.values.dates import (
    MONTH_ABBREVIATIONS,
    NUMERIC_DATE,
    find_dates,
    find_datetimes,
    find_times,
    infer_dayfirst,
    parse_date_loose,
    pivot_year,
)
from groundex.values.ids import find_ids
from groundex.values.measures import Quantity, find_heights, find_weights
from groundex.values.money import (
    Money,
    currency_code,
    find_amounts,
    find_numbers,
    find_percentages,
    is_grouped_whole,
    parse_decimal,
    parse_number,
)
from groundex.values.names import NameParts, split_name
from groundex.values.region import infer_region

__all__ = [
    "MARK_SIGNS",
    "MONTH_ABBREVIATIONS",
    "NUMERIC_DATE",
    "AddressPart",
    "Match",
    "Money",
    "NameParts",
    "Quantity",
    "clean_string",
    "coerce",
    "country_code",
    "currency_code",
    "find_amounts",
    "find_card_endings",
    "find_countries",
    "find_dates",
    "find_datetimes",
    "find_emails",
    "find_heights",
    "find_ibans",
    "find_ids",
    "find_no_answer",
    "find_numbers",
    "find_percentages",
    "find_phones",
    "find_postal_codes",
    "find_printed_phones",
    "find_tenders",
    "find_times",
    "find_urls",
    "find_us_states",
    "find_weights",
    "fix_ocr_digits",
    "infer_dayfirst",
    "infer_region",
    "is_grouped_whole",
    "is_mark",
    "match_enum",
    "normalize_for_compare",
    "parse_address",
    "parse_bool",
    "parse_date_loose",
    "parse_decimal",
    "parse_number",
    "pivot_year",
    "select_non_overlapping",
    "split_name",
    "state_code",
]
