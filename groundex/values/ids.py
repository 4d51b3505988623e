"""Document identifiers: invoice, licence, account and reference numbers."""

from __future__ import annotations

import re

from groundex.values.base import Match, covered
from groundex.values.dates import find_dates, find_times

__all__ = ["find_ids"]

_TOKEN = re.compile(r"\S+")
_LEAD = "#:№([{'\""
_TAIL = ".,;:)]}'\""
_SHAPE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-/._]*[A-Za-z0-9])?")
_GROUPED = re.compile(r"(?<![\w.,/:-])\d{2,4}(?: \d{2,4}){2,}(?![\w/:%-]|[.,]\d)")
"""An identifier printed in groups of digits (``22 244 00``, ``4011 00 00``)."""
_NOT_ID = re.compile(
    r"\d+(?:st|nd|rd|th)|[-+]?\d+(?:[.,]\d+)?(?:kgs?|lbs?|cm|mm|m|pm|am|g|oz|ml|x|pcs?|ea|%)?"
    r"|[xX]\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?",
    re.IGNORECASE,
)


def find_ids(text: str) -> list[Match]:
    """Identifier tokens holding a digit: ``D1234567``, ``INV-2024-0042``, ``#12345``, and groups of digits
    (``22 244 00``).

    Value: the token without a leading ``#``/``:``/``№`` and trailing punctuation. Scores rise
    when letters and digits mix and with length; plain short numbers, decimals, dates, times,
    ordinals and numbers with units score low or are skipped.
    """
    taken = [*find_dates(text), *find_times(text)]
    found = [
        Match(m.group(0), m.start(), m.end(), 0.6)
        for m in _GROUPED.finditer(text)
        if not covered((m.start(), m.end()), taken)
    ]
    taken += found
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        start, end = m.start(), m.end()
        hashed = False
        while start < end and text[start] in _LEAD:
            hashed = hashed or text[start] in "#№"
            start += 1
        while end > start and text[end - 1] in _TAIL:
            end -= 1
        token = text[start:end]
        if not token or not any(c.isdigit() for c in token) or not _SHAPE.fullmatch(token):
            continue
        if covered((start, end), taken) or raw.startswith(("$", "€", "£")):
            continue
        digits_only = _NOT_ID.fullmatch(token) is not None
        if digits_only and not re.fullmatch(r"\d+", token):
            continue
        letters = any(c.isalpha() for c in token)
        n = sum(c.isalnum() for c in token)
        if letters and not digits_only:
            score = 0.9 if n >= 6 else 0.75
        elif n >= 6:
            score = 0.6
        elif n >= 4:
            score = 0.45
        else:
            score = 0.2
        if hashed:
            score = min(1.0, score + 0.15)
        found.append(Match(token, start, end, score))
    return found
