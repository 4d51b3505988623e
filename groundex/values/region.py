"""The country a page was printed in, from what it prints: country names, international phone prefixes and
national currencies. Phone numbers written in a country's national format (``01514 855406``, ``0124-4231919``)
read only with that country's numbering plan."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import phonenumbers
import pycountry

from groundex.values.address import country_code, find_countries
from groundex.values.money import find_amounts

_INTERNATIONAL = re.compile(r"\+\s?\d[\d ().-]{6,18}\d")
_NAME_LETTERS = 4
"""Country names of fewer letters (``CAN``, ``PER``, ``UK``) are words or codes too often to count."""


def infer_region(lines: Sequence[str]) -> str | None:
    """The ISO 3166 two-letter code of the page's country, or None when the page names none or its signs
    disagree without a majority. A country counts where it is named on a line without an amount (not
    ``TURKEY CLUB 8.99``); a currency where it is one country's (``RM`` -> ``MY``, ``£`` -> ``GB``): ``$``
    (read as the US dollar, which many countries print) and the euro do not."""
    votes: Counter[str] = Counter(code for line in lines for code in _votes(line))
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


@lru_cache(maxsize=65536)
def _votes(line: str) -> tuple[str, ...]:
    """The countries one line of text speaks for (memoized: a document is read for many fields and runs)."""
    out: list[str] = []
    amounts = find_amounts(line)
    for m in amounts:
        region = _currency_region(getattr(m.value, "currency", None))
        if region:
            out.append(region)
    for m in find_countries(line) if not amounts else ():
        code = country_code(str(m.value))
        if code and sum(c.isalpha() for c in str(m.value)) >= _NAME_LETTERS:
            out.append(code)
    for raw in _INTERNATIONAL.findall(line):
        try:
            number = phonenumbers.parse(raw, None)
        except phonenumbers.NumberParseException:
            continue
        region = phonenumbers.region_code_for_number(number)
        if region and region != "001":
            out.append(region)
    return tuple(out)


def _currency_region(code: str | None) -> str | None:
    """The country of a national currency (ISO 4217 codes begin with the country's code: ``MYR``, ``INR``)."""
    if not code or code == "USD":
        return None
    return code[:2] if pycountry.countries.get(alpha_2=code[:2]) is not None else None
