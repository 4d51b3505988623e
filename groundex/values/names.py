"""Person names split into parts with nameparser."""

from __future__ import annotations

from dataclasses import dataclass

from nameparser import HumanName

__all__ = ["NameParts", "split_name"]


@dataclass(frozen=True)
class NameParts:
    """A person's name as printed (case kept); empty strings for missing parts."""

    first: str
    middle: str
    last: str
    title: str = ""
    suffix: str = ""


def split_name(text: str) -> NameParts:
    """Split ``JOHN MICHAEL DOE``, ``DOE, JOHN MICHAEL`` or ``Dr. Jane Q. Public Jr.`` into parts.

    A comma means ``LAST, FIRST MIDDLE``; otherwise the order is first middle last.
    """
    cleaned = " ".join(text.replace(" ,", ",").split()).strip(" ,;:")
    if not cleaned:
        return NameParts("", "", "")
    name = HumanName(cleaned)
    return NameParts(
        first=str(name.first),
        middle=str(name.middle),
        last=str(name.last),
        title=str(name.title),
        suffix=str(name.suffix),
    )
