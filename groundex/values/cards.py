"""How a bill was paid: masked card numbers and the tender (card brand, cash) printed on the payment line."""

from __future__ import annotations

import re

from groundex.values.base import Match

__all__ = ["find_card_endings", "find_tenders"]

_MASKED = re.compile(r"(?<![\w*#•])(?:[*xX#•]{2,}[ -]?)+(\d{4})(?!\d)")
"""Mask characters (possibly in groups: ``**** **** **** 1234``) then the card's last four digits."""
_ENDING = re.compile(r"(?i)\b(?:ending(?: in)?|last 4(?: digits)?)[ :#]*(\d{4})(?!\d)")
_TENDERS = (
    "american express",
    "master card",
    "mastercard",
    "amex",
    "visa",
    "discover",
    "diners club",
    "diners",
    "jcb",
    "unionpay",
    "maestro",
    "interac",
    "eftpos",
    "debit",
    "credit",
    "cash",
    "apple pay",
    "google pay",
    "paypal",
    "gift card",
    "cheque",
    "ebt",
)
_NOT_CARDS = frozenset(("cash", "cheque", "ebt", "paypal", "apple pay", "google pay"))
_TENDER = re.compile(
    r"(?i)(?<![^\W_])(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _TENDERS) + r")(?![^\W_])"
)


def find_card_endings(text: str) -> list[Match]:
    """The last four digits of a masked card number (``****9362``, ``XXXX XXXX XXXX 1234``: 0.9) or of one
    said to end in them (``ending in 1234``: 0.8). Value: the four digits; the span covers the masked
    number."""
    found = [Match(m.group(1), m.start(), m.end(), 0.9) for m in _MASKED.finditer(text)]
    found += [Match(m.group(1), m.start(1), m.end(1), 0.8) for m in _ENDING.finditer(text)]
    return sorted(found, key=lambda m: m.start)


def find_tenders(text: str, cards: bool = False) -> list[Match]:
    """Ways of paying: card brands (``VISA``, ``American Express``), ``debit``, ``cash``, wallets; with
    ``cards`` only card brands and kinds. Value: the printed words; names in capitals (as a payment line
    prints them) score 0.8, others 0.5."""
    out = []
    for m in _TENDER.finditer(text):
        printed = " ".join(m.group(0).split())
        if cards and printed.casefold() in _NOT_CARDS:
            continue
        out.append(Match(printed, m.start(), m.end(), 0.8 if printed.isupper() else 0.5))
    return out
