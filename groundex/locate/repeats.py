"""Fields that repeat one label (``speaker``, ``speaker_2``, ``speaker_3``): the n-th field reads the value
of the n-th place the label is printed, in reading order."""

from __future__ import annotations

import re
from collections.abc import Sequence

from groundex.locate.candidates import Candidate, Page
from groundex.types import FieldSpec, Word

_NUMBERED = re.compile(r"(?P<base>.*[a-z].*?)_?(?P<n>\d{1,2})", re.IGNORECASE)


def _ordinal(spec: FieldSpec) -> tuple[str, str, int]:
    """The field's group (parent path and name without its number) and its number in the group (1 if none)."""
    match = _NUMBERED.fullmatch(spec.name)
    if match is None:
        return spec.parent, spec.name.casefold(), 1
    return spec.parent, match["base"].rstrip("_").casefold(), int(match["n"])


def repeats_a_label(spec: FieldSpec) -> bool:
    """Whether the field is numbered after another (``wave_s_2``): its label is printed for that one too."""
    return _ordinal(spec)[2] > 1


def _reading_key(page: Page, word: Word) -> tuple[int, int, float]:
    line = page.line_of(word)
    return (word.bbox.page, line.row if line is not None else 0, word.bbox.x)


def numbered_groups(specs: Sequence[FieldSpec]) -> list[list[FieldSpec]]:
    """Groups of two or more fields named alike but numbered 1, 2, 3... (the first may go unnumbered), in the
    order of their numbers."""
    groups: dict[tuple[str, str], list[tuple[int, FieldSpec]]] = {}
    for spec in specs:
        parent, base, n = _ordinal(spec)
        groups.setdefault((parent, base), []).append((n, spec))
    return [
        [s for _, s in sorted(g, key=lambda p: p[0])]
        for g in groups.values()
        if len(g) > 1 and sorted(n for n, _ in g) == list(range(1, len(g) + 1))
    ]


def in_label_order(page: Page, pool: list[Candidate], specs: Sequence[FieldSpec]) -> list[Candidate]:
    """``pool`` where each field of a numbered group keeps, of its labelled candidates, only those read at
    its own place of the label: the group's best-scored label places, as many as fields, in reading
    order. Candidates found without a label are kept."""
    drop: set[int] = set()
    words = {id(w): w for cand in pool if cand.label for w in cand.label[:1]}
    for group in numbered_groups(specs):
        paths = {spec.path: i for i, spec in enumerate(group)}
        best: dict[int, float] = {}
        for cand in pool:
            if cand.spec.path in paths and cand.label:
                key = id(cand.label[0])
                best[key] = max(best.get(key, 0.0), cand.score)
        if len(best) < 2:
            continue
        places = sorted(best, key=lambda k: -best[k])[: len(group)]
        order = sorted(places, key=lambda k: _reading_key(page, words[k]))
        own = dict(enumerate(order))
        for cand in pool:
            i = paths.get(cand.spec.path)
            if i is not None and cand.label and own.get(i) != id(cand.label[0]):
                drop.add(id(cand))
    return [c for c in pool if id(c) not in drop]
