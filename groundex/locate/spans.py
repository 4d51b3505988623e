"""Runs of words as text, with character offsets mapped back to words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from groundex.types import Word


@dataclass(frozen=True)
class Span:
    """Words read as one text (joined by single spaces)."""

    words: tuple[Word, ...]

    @cached_property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @cached_property
    def starts(self) -> tuple[int, ...]:
        out, pos = [], 0
        for w in self.words:
            out.append(pos)
            pos += len(w.text) + 1
        return tuple(out)

    def bounds(self, pick: Pick) -> tuple[int, int]:
        """The character offsets of ``pick`` (words of this span) in ``text``: the inverse of ``pick``."""
        first = next(i for i, w in enumerate(self.words) if w is pick.words[0])
        last = next(i for i, w in enumerate(self.words) if w is pick.words[-1])
        return self.starts[first] + pick.head, self.starts[last] + len(self.words[last].text) - pick.tail

    def pick(self, start: int, end: int) -> Pick:
        """The words under ``text[start:end]`` and how far the match trims the first and last word."""
        idx = [i for i, s in enumerate(self.starts) if s < end and s + len(self.words[i].text) > start]
        if not idx:
            return Pick((), 0, 0)
        i, j = idx[0], idx[-1]
        head = max(0, start - self.starts[i])
        tail = max(0, self.starts[j] + len(self.words[j].text) - end)
        return Pick(self.words[i : j + 1], head, tail)


@dataclass(frozen=True)
class Pick:
    """Words a value covers; ``head``/``tail`` count characters of the first/last word outside the value."""

    words: tuple[Word, ...]
    head: int = 0
    tail: int = 0

    @property
    def text(self) -> str:
        raw = " ".join(w.text for w in self.words)
        return raw[self.head : len(raw) - self.tail]
