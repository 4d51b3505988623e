"""Money amounts, plain numbers and percentages, tolerant of OCR and locale separators."""

from __future__ import annotations

import re
from dataclasses import dataclass

from groundex.values.base import Match, covered, fix_ocr_digits, select_non_overlapping
from groundex.values.contact import find_phones
from groundex.values.dates import find_dates, find_times

__all__ = [
    "Money",
    "find_amounts",
    "find_numbers",
    "find_percentages",
    "is_grouped_whole",
    "parse_decimal",
    "parse_number",
]


@dataclass(frozen=True)
class Money:
    """An amount and its ISO 4217 currency code when one is printed (``$`` reads as USD).

    ``float(money)`` is the amount.
    """

    amount: float
    currency: str | None = None

    def __float__(self) -> float:
        return float(self.amount)


_SYMBOLS = {
    "US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB",
    "₺": "TRY", "₫": "VND", "₱": "PHP", "฿": "THB", "₪": "ILS", "R$": "BRL", "S$": "SGD", "A$": "AUD",
    "C$": "CAD", "HK$": "HKD", "NZ$": "NZD", "RM": "MYR", "Rp": "IDR", "Rs.": "INR", "Rs": "INR",
    "zł": "PLN", "Kč": "CZK", "Fr.": "CHF", "Dhs": "AED", "EURO": "EUR", "EUROS": "EUR",
}  # fmt: skip
_CODES = frozenset(
    (
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CNY",
        "RMB",
        "INR",
        "AUD",
        "CAD",
        "CHF",
        "SEK",
        "NOK",
        "DKK",
        "MYR",
        "SGD",
        "HKD",
        "NZD",
        "ZAR",
        "BRL",
        "MXN",
        "RUB",
        "KRW",
        "IDR",
        "THB",
        "PHP",
        "VND",
        "TRY",
        "PLN",
        "CZK",
        "HUF",
        "ILS",
        "AED",
        "SAR",
        "EGP",
        "NGN",
        "KES",
        "PKR",
        "BDT",
        "LKR",
        "TWD",
        "CLP",
        "COP",
        "ARS",
        "PEN",
        "QAR",
        "KWD",
    )
)
_CUR = "|".join(re.escape(c) for c in sorted([*_SYMBOLS, *_CODES], key=len, reverse=True))
_GROUPED = r"\d{1,3}(?:[,.'\u2019]\d{3})+(?:[.,]\d{1,2})?"
_PLAIN = r"\d+(?:[.,]\d{1,2})?"
_LEFT = r"(?<![^\W_])(?<![#@/\\])(?<!\d:)(?<![^\W_][-/.,])"
_RIGHT = r"(?![^\W_])(?![-/.,:]\d)(?!\s?(?:%|percent\b|pct\b))"
_AMOUNT = re.compile(
    _LEFT + r"(?P<open>\()?(?P<neg1>[-\u2212\u2013])?\s?(?:(?P<cur1>" + _CUR + r")\s?)?(?P<neg2>[-\u2212])?"
    r"(?P<num>" + _GROUPED + "|" + _PLAIN + r")"
    r"(?:\s?(?P<cur2>" + _CUR + r")(?![^\W_]))?(?P<close>\))?(?P<neg3>-(?!\d))?" + _RIGHT
)
_SPACED = re.compile(
    _LEFT + r"(?:(?P<cur1>" + _CUR + r")\s?(?P<num1>\d{1,3}(?: \d{3})+(?:[.,]\d{2})?)"
    r"|(?P<num2>\d{1,3}(?: \d{3})+[.,]\d{2})\s?(?P<cur2>" + _CUR + r"))" + _RIGHT
)
_NUMBER = re.compile(
    r"(?<![^\W_](?<![xX]))(?<![#/\\])(?<!\d:)(?<![^\W_][-/.,])[-+]?"
    r"(?P<num>\d{1,3}(?:[,.'\u2019]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?!(?![xX](?![^\W_])|(?:pcs?|ea|kgs?|g|lbs?|ml|l|cm|mm|m|oz)\b)[^\W_])(?![-/.,:]\d)"
)
_PERCENT = re.compile(
    r"(?<![^\W_])(?<![-/.,:]\d)(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:[.,]\d+)?)\s?(?:%|percent\b|pct\b)",
    re.IGNORECASE,
)


def parse_decimal(raw: str) -> float | None:
    """``1,498.15`` / ``1.498,15`` / ``1 498,15`` / ``1'498.15`` / ``12,50`` to a float.

    With both ``.`` and ``,`` the last is the decimal mark; a single mark followed by
    exactly three digits (and not after a lone ``0``) is a thousands separator.
    """
    s = re.sub(r"[\s'\u2019]", "", raw.strip())
    neg = s.startswith(("-", "\u2212"))
    s = s.lstrip("+-\u2212")
    if not s or not re.fullmatch(r"[\d.,]*\d[\d.,]*", s):
        return None
    if "." in s and "," in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        s = s.replace("," if dec == "." else ".", "").replace(dec, ".")
    elif "." in s or "," in s:
        mark = "." if "." in s else ","
        head, _, tail = s.rpartition(mark)
        if s.count(mark) > 1 or (
            len(tail) == 3 and head not in ("0", "") and len(head.replace(mark, "")) <= 3
        ):
            s = s.replace(mark, "")
        else:
            s = s.replace(mark, ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return -value if neg else value


def _currency(token: str | None) -> str | None:
    if not token:
        return None
    return _SYMBOLS.get(token, token if token in _CODES else None)


def currency_code(token: str) -> str | None:
    """The ISO code of a printed currency symbol or code (``RM`` -> ``MYR``, ``$`` -> ``USD``), or None."""
    return _currency(token.strip(" .:"))


_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
"""Digits in groups of three, no decimals (``1,498``, ``50.000``)."""


def _amount_score(num: str, has_currency: bool) -> float:
    decimals = re.search(r"[.,](\d{1,2})$", num) is not None and not _THOUSANDS.fullmatch(num)
    digits = re.sub(r"\D", "", num)
    if has_currency:
        return 0.95 if decimals else 0.85
    if decimals:
        return 0.8 if re.search(r"[.,]\d{2}$", num) else 0.6
    if len(digits) > 7:
        return 0.2
    if re.fullmatch(r"(19|20)\d\d", num):
        return 0.25
    return 0.55 if re.search(r"[,.'\u2019]", num) else 0.4


_GROUPED_WHOLE = re.compile(rf"[$€£¥₫]?{_THOUSANDS.pattern}")


def is_grouped_whole(text: str) -> bool:
    """A whole amount with grouped thousands and nothing else (``50,000``, ``23.967``): how currencies
    without cents print prices."""
    return _GROUPED_WHOLE.fullmatch(text.strip("()-:")) is not None


def find_amounts(text: str) -> list[Match]:
    """Money amounts (value: :class:`Money`): ``$1,498.15``, ``1.498,15 €``, ``RM12.50``, ``USD 20``,
    ``-5.00``, ``(5.00)``, ``5.00-``. Integers without a currency score low; dates, times,
    phone numbers and percentages are skipped.
    """
    fixed = fix_ocr_digits(text)
    taken = [*find_dates(text), *find_times(text), *find_phones(text), *find_percentages(text)]
    found: list[Match] = []
    for m in _AMOUNT.finditer(fixed):
        if bool(m["open"]) != bool(m["close"]) or (m["cur1"] and m["cur2"]):
            continue
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        value = parse_decimal(m["num"])
        if value is None or covered((start, end), taken):
            continue
        if m["open"] or m["neg1"] or m["neg2"] or m["neg3"]:
            value = -value
        cur = _currency(m["cur1"] or m["cur2"])
        found.append(Match(Money(value, cur), start, end, _amount_score(m["num"], cur is not None)))
    for m in _SPACED.finditer(fixed):
        num = m["num1"] or m["num2"]
        value = parse_decimal(num)
        if value is not None and not covered(m.span(), taken):
            found.append(Match(Money(value, _currency(m["cur1"] or m["cur2"])), *m.span(), 0.96))
    return select_non_overlapping(found)


def find_numbers(text: str) -> list[Match]:
    """Plain quantities (value: float): ``2``, ``1.5``, ``x3``, ``3 @``, ``1,000``; the span is the number.

    Numbers inside dates, times and alphanumeric IDs are skipped.
    """
    fixed = fix_ocr_digits(text)
    taken = [*find_dates(text), *find_times(text)]
    found: list[Match] = []
    for m in _NUMBER.finditer(fixed):
        value = parse_decimal(m.group(0))
        if value is None or covered(m.span(), taken):
            continue
        before, after = fixed[max(0, m.start() - 2) : m.start()], fixed[m.end() : m.end() + 2]
        if re.search(r"[xX]$", before) or re.match(r"\s?[xX@]", after):
            score = 0.9
        elif re.search(r"[$€£¥₹]\s?$", before):
            score = 0.5
        else:
            score = 0.7
        found.append(Match(value, m.start(), m.end(), score))
    return found


def find_percentages(text: str) -> list[Match]:
    """``15%``, ``7.5 %``, ``20 percent`` (value: float in percent, ``15.0``); span includes the sign."""
    found: list[Match] = []
    for m in _PERCENT.finditer(fix_ocr_digits(text)):
        value = parse_decimal(m["num"])
        if value is not None:
            found.append(Match(value, m.start(), m.end(), 0.95))
    return found


def parse_number(raw: str) -> float | None:
    """Leniently read a whole string as one number: currency, spaces inside digits, ``(5.00)``,
    trailing minus, ``x3``, ``15%`` and OCR look-alikes are all accepted.
    """
    s = fix_ocr_digits(" ".join(raw.split()))
    s = re.sub(r"^[xX#@]\s?(?=\d)|(?<=\d)\s?(?:[xX@]|pcs?|ea)$", "", s)
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1].strip()
    if s.endswith("-") and not s.startswith("-"):
        neg, s = True, s[:-1].strip()
    s = re.sub(r"\s?(?:%|percent|pct)$", "", s, flags=re.IGNORECASE)
    cur = re.fullmatch(
        r"(?:(?:" + _CUR + r")\s?)?([-+\u2212]?\s?[\d][\d.,'\u2019 ]*)(?:\s?(?:" + _CUR + r"))?", s
    )
    value = parse_decimal(cur.group(1).replace(" ", "")) if cur else None
    if value is None:
        from price_parser import Price

        price = Price.fromstring(s)
        digits = re.sub(r"\D", "", price.amount_text or "")
        if price.amount_float is not None and digits and digits == re.sub(r"\D", "", s):
            value = float(price.amount_float)
    if value is None:
        return None
    return -abs(value) if neg else value
