"""Value equality and ANLS under the stated normalization.

Text: case-insensitive, dashes and underscores after a word count as spaces (``917-663-3056`` ==
``917- 663 3056``, ``non-mutagenic`` == ``non mutagenic``), whitespace collapsed (removed entirely when
the gt has no spaces, and next to punctuation: ``B. A. T.`` == ``B.A.T.``), punctuation stripped at both
ends. Dates compare as dates when both sides hold one date (plus at most a weekday or a time; spaces
around ``/ - .`` ignored); an ambiguous day/month order matches either reading. Amounts compare as
numbers when both sides read as one number (currency symbols and codes ignored:
``RM 9.00`` == ``9.0`` == ``9.00``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from groundex.values import find_dates, find_times, normalize_for_compare, parse_number

ANLS_THRESHOLD = 0.5
_END_PUNCT = " \t\n.,;:!?|•·_-'\"()[]{}"
_PUNCT_SPACES = re.compile(r"\s*([^\w\s])\s*")
_DASHES = re.compile(r"(?<=[^\W_)])(?:\s*[-\u2010-\u2014_])+")
"""Dashes and underscores after a word: separators like a space (a leading minus is kept)."""
_SEP_SPACES = re.compile(r"(?<=\d)\s*([/.-])\s*(?=\d)")
_GLUE = re.compile(r"(?<=\d)(?=[A-Za-z])|(?<=[A-Za-z])(?=\d)")
_WEEKDAY = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\b\.?", re.IGNORECASE
)


def normalize_text(value: object, no_spaces: bool = False) -> str:
    """The comparable text of a value (upper case; ISO for dates; ``9.0`` -> ``9``)."""
    text = _PUNCT_SPACES.sub(r"\1", " ".join(_DASHES.sub(" ", normalize_for_compare(value)).split()))
    if no_spaces:
        text = "".join(text.split())
    return text.strip(_END_PUNCT)


@lru_cache(maxsize=4096)
def date_readings(text: str) -> frozenset[dt.date]:
    """The dates ``text`` can mean when it is one date (plus an optional weekday or time), else empty."""
    spaced = _GLUE.sub(" ", _SEP_SPACES.sub(r"\1", text))
    readings: set[dt.date] = set()
    for dayfirst in (None, True, False):
        found = find_dates(spaced, dayfirst=dayfirst)
        if len(found) != 1:
            continue
        m = found[0]
        rest = spaced[: m.start] + " " + spaced[m.end :]
        for t in sorted(find_times(rest), key=lambda t: -t.start):
            rest = rest[: t.start] + rest[t.end :]
        if re.search(r"[^\W_]", _WEEKDAY.sub(" ", rest)):
            continue
        if isinstance(m.value, dt.date):
            readings.add(m.value)
    return frozenset(readings)


def _number(text: str) -> float | None:
    if not re.search(r"\d", text):
        return None
    return parse_number(text)


def same_value(expected: str, predicted: object, no_spaces: bool = False) -> bool:
    """Whether ``predicted`` is ``expected`` as text, as a date or as an amount."""
    if predicted is None:
        return False
    a, b = normalize_text(expected, no_spaces), normalize_text(predicted, no_spaces)
    if a == b:
        return True
    raw_a, raw_b = " ".join(expected.split()), normalize_for_compare(predicted)
    dates_a, dates_b = date_readings(raw_a), date_readings(raw_b)
    if dates_a and dates_b:
        return bool(dates_a & dates_b)
    na, nb = _number(raw_a), _number(raw_b)
    return na is not None and nb is not None and abs(na - nb) < 0.005


def anls(expected: str, predicted: object, no_spaces: bool = False) -> float:
    """1 - normalized Levenshtein distance of the normalized texts, 0 below 0.5; 1 when ``same_value``."""
    if same_value(expected, predicted, no_spaces):
        return 1.0
    a, b = normalize_text(expected, no_spaces), normalize_text(predicted, no_spaces)
    if not a and not b:
        return 1.0
    score = 1.0 - Levenshtein.normalized_distance(a, b)
    return score if score >= ANLS_THRESHOLD else 0.0
