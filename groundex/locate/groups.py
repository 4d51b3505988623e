"""Fields read together: the parts of an address block, the parts of a person's name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from groundex import values
from groundex.locate.candidates import Candidate, Page, label_hits
from groundex.locate.labels import vocabulary, words_of
from groundex.locate.priors import address_likeness
from groundex.locate.roles import described
from groundex.locate.spans import Pick, Span
from groundex.types import FieldSpec, Kind, Line, Word

_PARTS: dict[str, frozenset[str]] = {
    "street": frozenset({"street", "address1", "line1", "line", "road"}),
    "city": frozenset({"city", "town", "locality", "suburb"}),
    "state": frozenset({"state", "province", "region", "county"}),
    "postal_code": frozenset({"zip", "postal", "postcode", "zipcode", "post"}),
    "country": frozenset({"country", "nation"}),
}
_MAX_LINES = 3
_ALIGN = 0.08
_TYPED = ("state", "postal_code", "country")
"""Parts of an address with a form of their own: a block found without a label needs one of them."""


def address_parts(children: Sequence[FieldSpec]) -> dict[str, FieldSpec]:
    """Map address components to the object's leaves; empty unless at least two match."""
    out: dict[str, FieldSpec] = {}
    for spec in children:
        if spec.kind not in (Kind.STRING, Kind.ANY):
            continue
        name = set(words_of(spec.name))
        for part, keys in _PARTS.items():
            if name & keys and part not in out:
                out[part] = spec
                break
    return out if len(out) >= 2 else {}


def _foreign(words: Sequence[Word]) -> bool:
    """A line that ends with a colon (``Due Date:``) is a label, and a line holding a date or a phone number
    is no line of an address."""
    return bool(words) and _foreign_text(" ".join(w.text for w in words))


@lru_cache(maxsize=16384)
def _foreign_text(text: str) -> bool:
    return text.endswith(":") or bool(values.find_dates(text) or values.find_phones(text))


def _aligned(above: Sequence[Word], line: Line) -> bool:
    """Whether ``line`` starts where the line above starts, or is centred under it (a receipt's header)."""
    box = line.bbox
    left = above[0].bbox.x
    right = max(w.bbox.x1 for w in above)
    return abs(box.x - left) <= _ALIGN or abs(box.cx - (left + right) / 2) <= _ALIGN


def _block(page: Page, first: Sequence[Word], line: Line) -> list[tuple[Word, ...]]:
    """The run of lines an address occupies, starting with ``first`` and continuing below."""
    runs = [tuple(first)] if first else []
    anchor = first if first else line.words
    for _ in range(_MAX_LINES):
        under = page.below(anchor, max_gap=1.2)
        if under is None or _foreign(under.words) or not _aligned(anchor, under):
            break
        runs.append(under.words)
        anchor = under.words
    return runs


@lru_cache(maxsize=16384)
def _parse_address(text: str) -> tuple[values.AddressPart, ...]:
    return tuple(values.parse_address(text))


def _parse_lines(runs: list[tuple[Word, ...]]) -> list[values.AddressPart]:
    """Parse lines as one address, with each line end read as a comma; spans refer to the lines joined
    by single spaces."""
    texts = [" ".join(w.text for w in run) for run in runs]
    joined = ", ".join(t.rstrip(",") for t in texts)
    shifts: list[tuple[int, int]] = []
    pos = shift = 0
    for t in texts:
        stripped = t.rstrip(",")
        shifts.append((pos, shift))
        pos += len(stripped) + 2
        shift += 2 - (len(t) - len(stripped)) - 1

    def back(offset: int) -> int:
        base = max((s for s in shifts if s[0] <= offset), default=(0, 0))
        return offset - base[1]

    return [replace(p, start=back(p.start), end=back(p.end)) for p in _parse_address(joined)]


def _parse(
    spec_of: dict[str, FieldSpec],
    runs: list[tuple[Word, ...]],
    score: float,
    method: str,
    label: tuple[Word, ...],
) -> list[Candidate]:
    """Parse a block of lines as an address; one candidate per component found."""
    best: tuple[int, Span, dict[str, values.AddressPart]] | None = None
    for n in range(1, len(runs) + 1):
        span = Span(tuple(w for run in runs[:n] for w in run))
        found = {p.component: p for p in _parse_lines(runs[:n]) if p.component in spec_of}
        if len(found) < 2 or ("street" in spec_of and "street" not in found and n > 1):
            continue
        if best is None or len(found) > best[0]:
            best = (len(found), span, found)
    if best is None:
        return []
    count, span, found = best
    complete = count / len(spec_of)
    out = []
    for comp, part in found.items():
        pick = span.pick(part.start, part.end)
        if pick.words:
            out.append(
                Candidate(spec_of[comp], part.value, pick, score * (0.6 + 0.4 * complete), method, label)
            )
    return out


def address_candidates(
    page: Page, obj_spec: FieldSpec, children: Sequence[FieldSpec], stops: set[tuple[int, int]]
) -> list[list[Candidate]]:
    """Address blocks for one address object: after its labels, then any block that parses as an address."""
    spec_of = address_parts(children)
    if not spec_of:
        return []
    groups: list[list[Candidate]] = []
    for hit in label_hits(page, obj_spec):
        rest = hit.line.words[hit.end :]
        runs = _block(page, rest, hit.line)
        if not rest and runs:
            under = page.below(hit.words)
            runs = _block(page, under.words, under) if under is not None else []
        group = _parse(spec_of, runs, hit.score, "address-label", hit.words)
        if group:
            groups.append(group)
    typed = {spec_of[part].path for part in _TYPED if part in spec_of}
    for line in page.lines:
        if _foreign(line.words) or not address_likeness(line.text):
            continue
        runs = _block(page, line.words, line)
        group = _parse(spec_of, runs, 0.6 - 0.1 * line.bbox.y, "address-scan", ())
        if len(group) >= 3 and any(c.spec.path in typed for c in group):
            groups.append(group)
    return groups


def _role(spec: FieldSpec) -> str | None:
    """Which part of a person's name a field holds, by its name, title and the head of its description
    (``holder``: ``The driver's whole name``)."""
    name = set(words_of(spec.name)) | set(words_of(spec.title)) | set(described(spec))
    if name & {"first", "given", "forename"}:
        return "first"
    if name & {"middle"}:
        return "middle"
    if name & {"last", "family", "surname"}:
        return "last"
    if ("name" in name and name & {"full", "whole", "holder", "person"}) or name == {"name"}:
        return "full"
    return None


def _name_roles(leaves: Sequence[FieldSpec]) -> list[dict[str, FieldSpec]]:
    """The name fields of each object, by the part of a name they hold."""
    by_parent: dict[str, dict[str, FieldSpec]] = {}
    for spec in leaves:
        role = _role(spec)
        if role and spec.kind is Kind.STRING and "[]" not in spec.path:
            by_parent.setdefault(spec.parent, {}).setdefault(role, spec)
    return list(by_parent.values())


def name_part_fields(leaves: Sequence[FieldSpec]) -> tuple[FieldSpec, ...]:
    """Unasked first- and last-name fields beside a full-name field that has no name parts next to it
    (``holder``), labelled as a name's parts are printed (``LN``, ``Surname``, ``Given names``): a full name
    printed only in its parts is joined from them. Their paths extend the full name's (``holder#last``)."""
    taken = {spec.path for spec in leaves}
    out = []
    for roles in _name_roles(leaves):
        full = roles.get("full")
        if full is None or roles.keys() & {"first", "middle", "last"}:
            continue
        for part in ("first", "last"):
            path = f"{full.path}#{part}"
            if path not in taken:
                hints = vocabulary(f"{part}_name_labels")
                out.append(FieldSpec(path, f"{part}_name", Kind.STRING, hints=hints))
    return tuple(out)


def reconcile_names(chosen: dict[str, Candidate], leaves: Sequence[FieldSpec]) -> None:
    """Fill name parts from a full name and a full name from its parts (same object, in place)."""
    for roles in _name_roles(leaves):
        if len(roles) < 2 and "full" not in roles:
            continue
        got = {r: chosen[s.path] for r, s in roles.items() if s.path in chosen}
        first = got.get("first")
        if first is not None and "middle" in roles and "middle" not in got and len(first.words) > 1:
            one = Pick(first.words[:1], first.pick.head, 0)
            got["first"] = chosen[roles["first"].path] = replace(first, value=one.text, pick=one)
            mid = Pick(first.words[1:], 0, first.pick.tail)
            got["middle"] = chosen[roles["middle"].path] = replace(
                first, spec=roles["middle"], value=mid.text, pick=mid, method="name-split"
            )
        if "full" in roles and "full" not in got and ("first" in got or "last" in got):
            parts = [got[r] for r in ("first", "middle", "last") if r in got]
            words = tuple(w for p in parts for w in p.words)
            text = " ".join(str(p.value) for p in parts)
            score = min(p.score for p in parts)
            pick = Pick(words, parts[0].pick.head, parts[-1].pick.tail)
            chosen[roles["full"].path] = Candidate(roles["full"], text, pick, score, "name-join")
        elif "full" in got:
            _split_full(chosen, roles, got)
        full = chosen.get(roles["full"].path) if "full" in roles else None
        if full is not None and "," in str(full.value):
            natural = values.split_name(str(full.value))
            text = " ".join(p for p in (natural.first, natural.middle, natural.last) if p)
            chosen[roles["full"].path] = replace(full, value=text or full.value)


def _split_full(chosen: dict[str, Candidate], roles: dict[str, FieldSpec], got: dict[str, Candidate]) -> None:
    full = got["full"]
    span = Span(full.words)
    parts = values.split_name(span.text)
    for role in ("first", "middle", "last"):
        part = getattr(parts, role, "")
        if role not in roles or role in got or not part:
            continue
        start = span.text.find(part)
        if start < 0:
            continue
        pick = span.pick(start, start + len(part))
        chosen[roles[role].path] = Candidate(
            roles[role], part, pick, full.score * 0.9, "name-split", full.label
        )
