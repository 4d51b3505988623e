"""Phone numbers, e-mail addresses, URLs and IBANs."""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from schwifty import IBAN

from groundex.values.base import Match, covered, fix_ocr_digits, select_non_overlapping
from groundex.values.dates import find_dates

__all__ = ["find_emails", "find_ibans", "find_phones", "find_printed_phones", "find_urls"]

_BARE_EXT = re.compile(r"\s*[xX#]\.?\s*\d{1,6}$")
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*(?: ?@ ?)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_TLDS = "com|org|net|edu|gov|mil|int|io|co|uk|us|ca|au|de|fr|nl|es|it|in|info|biz|me|ai|app|dev|ly|eu"
_URL = re.compile(
    r"(?i)(?<![\w@./-])(?:(?:https?|ftp)://[^\s<>\"']+|www\.[^\s<>\"']+"
    r"|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:" + _TLDS + r")(?![\w@-])(?:[/?#][^\s<>\"']*)?)"
)
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){8,32}")


_PHONE_DIGITS = 7
"""The fewest digits of a phone number with its area or country code."""
_MONEY_TAIL = re.compile(r"\d[.,]\d{1,2}$")
_AMOUNT = re.compile(r"\d{1,3}(?:[,.' ]\d{3})*[.,]\d{2}|\d+[.,]\d{2}")


def _blanked(text: str, spans: list[Match]) -> str:
    """``text`` with the characters of ``spans`` turned to spaces: a date printed before a phone number
    (``08/21/2008 (800)275-8777``) otherwise hides it from the matcher."""
    chars = list(text)
    for m in spans:
        chars[m.start : m.end] = " " * (m.end - m.start)
    return "".join(chars)


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end : end + 2]
    return not before.isalnum() and not re.match(r"[^\W_]|[.,:]\d", after)


def find_phones(text: str, region: str = "US") -> list[Match]:
    """Phone numbers (value: E.164 string, ``+19165551212``) via ``phonenumbers.PhoneNumberMatcher``.

    Valid numbers score 0.95; numbers that are merely possible (e.g. 555 exchanges) score 0.7
    and need a full national number (10+ digits) not ending in a group of one or two digits
    (``1234-5678-90``). OCR look-alikes (O/l/I) are read as digits; a bare ``x 12`` after a number is not
    taken as an extension; the initial of a phone's label glued to the number (``P212 966 7799``) is not
    part of it.
    """
    fixed = fix_ocr_digits(text)
    if sum(c.isdigit() for c in fixed) < _PHONE_DIGITS:
        return []
    dates = find_dates(text)
    fixed = _KEY_LETTER.sub(" ", _blanked(fixed, dates))
    found: list[Match] = []
    passes = ((phonenumbers.Leniency.VALID, 0.95), (phonenumbers.Leniency.POSSIBLE, 0.7))
    for leniency, score in passes:
        for m in phonenumbers.PhoneNumberMatcher(fixed, region, leniency=leniency):
            number = m.number
            nsn = phonenumbers.national_significant_number(number)
            if leniency == phonenumbers.Leniency.POSSIBLE and (len(nsn) < 10 or _short_end(m.raw_string)):
                continue
            start, end = m.start, m.end
            if not _bounded(fixed, start, end) or (score < 0.9 and _MONEY_TAIL.search(m.raw_string)):
                continue
            ext = _BARE_EXT.search(m.raw_string)
            if number.extension and ext and "ext" not in m.raw_string.lower():
                end = start + ext.start()
            if covered((start, end), dates):
                continue
            value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            found.append(Match(value, start, end, score))
    return select_non_overlapping(found)


_KEY_LETTER = re.compile(r"(?<![^\W\d_])[PTFMH](?=\d)")
"""The initial of a phone's label glued to its number (``P212 966 7799``, ``F:`` without its colon)."""


def _short_end(raw: str) -> bool:
    """Whether a number (its extension aside) ends in a group of one or two digits (``1234-5678-90``), as
    phones are not printed."""
    groups = re.findall(r"\d+", _BARE_EXT.sub("", raw))
    return len(groups) > 1 and len(groups[-1]) < 3


_PRINTED_PHONE = re.compile(r"(?<![\w.,/-])\+?\(?\d[\d ().\-/]{5,20}\d(?![\w])")


def find_printed_phones(text: str) -> list[Match]:
    """Phone numbers as printed after a phone label, in any country's format (``0203 011 1256``,
    ``02/511.89.82``, ``(84-8)39147676``): 7 to 15 digits with the usual separators, not a date or an amount
    with cents. The value is the printed text; score 0.6 (the label, not a numbering plan, vouches for it)."""
    fixed = fix_ocr_digits(text)
    dates = find_dates(text)
    found: list[Match] = []
    for m in _PRINTED_PHONE.finditer(fixed):
        raw = m.group()
        digits = sum(c.isdigit() for c in raw)
        if not 7 <= digits <= 15 or _AMOUNT.fullmatch(raw) or covered(m.span(), dates):
            continue
        found.append(Match(text[m.start() : m.end()], m.start(), m.end(), 0.6))
    return found


def find_emails(text: str) -> list[Match]:
    """E-mail addresses validated by ``email_validator`` (value: normalized address); a space the OCR put
    beside the ``@`` (``billing @example.com``) is dropped at 0.9 of the score."""
    found: list[Match] = []
    for m in _EMAIL.finditer(text):
        raw = m.group(0).rstrip(".-")
        joined = raw.replace(" ", "")
        try:
            info = validate_email(joined, check_deliverability=False)
        except EmailNotValidError:
            continue
        score = 0.97 if joined == raw else 0.87
        found.append(Match(info.normalized, m.start(), m.start() + len(raw), score))
    return found


def find_urls(text: str) -> list[Match]:
    """Web addresses: with a scheme (0.95), ``www.`` (0.9) or a bare domain with a common TLD (0.7).

    Value: the printed URL without trailing punctuation. E-mail domains are not URLs.
    """
    emails = find_emails(text)
    found: list[Match] = []
    for m in _URL.finditer(text):
        raw = m.group(0).rstrip(".,;:!?'\")]}")
        if raw.count("(") > raw.count(")") and m.group(0)[len(raw) : len(raw) + 1] == ")":
            raw += ")"
        span = (m.start(), m.start() + len(raw))
        if covered(span, emails):
            continue
        low = raw.lower()
        score = 0.95 if "://" in low else 0.9 if low.startswith("www.") else 0.7
        found.append(Match(raw, *span, score))
    return found


def find_ibans(text: str) -> list[Match]:
    """IBANs, spaced or compact, validated by ``schwifty`` (value: compact IBAN)."""
    found: list[Match] = []
    for m in _IBAN_START.finditer(text):
        raw = m.group(0)
        for end in range(len(raw), 13, -1):
            if raw[end - 1] == " ":
                continue
            try:
                iban = IBAN(raw[:end])
            except ValueError:
                continue
            found.append(Match(iban.compact, m.start(), m.start() + end, 0.99))
            break
    return found
