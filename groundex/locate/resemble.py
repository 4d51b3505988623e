"""The named domain a schema of its own names means, field by field: a user's driver's-license model
(``dl_id``, ``holder``, ``born_on``, an address object ``home``) is matched to the domain's fields
(``license_number``, ``full_name``, ``date_of_birth``, ``address``) by what each holds and the words of its
name and description, so that the domain's label hints (``4d``, ``1`` and ``2``, ``3``, ``8`` on a US
licence) label the user's fields too."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from groundex.domains import domain_model, hinted_domains, label_hints
from groundex.locate.groups import address_parts
from groundex.locate.labels import abbreviates, phrase_synonyms, related_words, word_set, words_of
from groundex.locate.roles import Role, described, described_when, role_of, total_by_description
from groundex.schema import Leaf, Node, Obj, load_schema
from groundex.types import FieldSpec, Kind

_MIN_SHARED = 3
"""Hinted fields of a domain a schema must match, and half of them, to be read as that domain."""
_WORDED = frozenset({Role.TEXT, Role.NAME, Role.ENUM, Role.STATE})
"""Roles of values printed as words: a text field may mean a domain's enum, name or state (``sex``:
``gender``, ``state``: ``issuing_state``)."""
_COMMON = 3
_DATED = frozenset({Role.DATE, Role.DATETIME})
_SHORTEST = 3
"""Letters of the shortest word read as an abbreviation of another field's word."""
_SAME_PATH = 10
"""What a field under the domain's own path scores: a copy of the domain's model matches itself."""


@dataclass(frozen=True)
class Resemblance:
    """A schema read as a domain: the domain's name and, per field path, the domain's path it means."""

    domain: str
    paths: Mapping[str, str]


def address_objects(node: Node) -> tuple[FieldSpec, ...]:
    """Every object under ``node`` whose leaves are an address's parts, as a field spec of its own."""
    if isinstance(node, Leaf):
        return ()
    if not isinstance(node, Obj):
        return address_objects(node.item)
    leaves = [c.spec for _, c in node.props if isinstance(c, Leaf)]
    own: tuple[FieldSpec, ...] = ()
    if node.path and address_parts(leaves):
        name = node.path.rsplit(".", 1)[-1]
        desc = node.description if len(node.description.split()) <= 6 else ""
        own = (FieldSpec(node.path, name, Kind.ANY, "", desc),)
    return own + tuple(spec for _, child in node.props for spec in address_objects(child))


@lru_cache(maxsize=64)
def resemble(leaves: tuple[FieldSpec, ...], objects: tuple[FieldSpec, ...]) -> Resemblance | None:
    """The domain whose hinted fields outside lists the schema's leaves and address objects match best, at
    least three and half of them, with the match; None when no domain is matched that well (memoized: a
    batch reads many documents with one schema)."""
    best: tuple[int, Resemblance] | None = None
    for domain in hinted_domains():
        paths = _match(leaves, objects, domain)
        shared = len(set(paths.values()) & _hinted(domain))
        hinted = len(_hinted(domain))
        if shared >= _MIN_SHARED and 2 * shared >= hinted and (best is None or shared > best[0]):
            best = (shared, Resemblance(domain, paths))
    return best[1] if best else None


@cache
def domain_field(domain: str, path: str) -> FieldSpec | None:
    """The domain's field at ``path`` (memoized: every document's plan asks for it)."""
    leaves, objects = _domain_fields(domain)
    return next((s for s in (*leaves, *objects) if s.path == path), None)


@cache
def _hinted(domain: str) -> frozenset[str]:
    """The domain's hinted fields outside lists (a user's table columns are matched by path only)."""
    leaves, objects = _domain_fields(domain)
    return frozenset(s.path for s in (*leaves, *objects) if label_hints(domain, s.path) and not s.in_list)


@cache
def _domain_fields(domain: str) -> tuple[tuple[FieldSpec, ...], tuple[FieldSpec, ...]]:
    schema = load_schema(domain_model(domain))
    return tuple(schema.leaves()), address_objects(schema.root)


def _match(leaves: Sequence[FieldSpec], objects: Sequence[FieldSpec], domain: str) -> dict[str, str]:
    """Each field's domain counterpart: pairs of one kind of role (both address objects; the only address
    object of each side whatever their words), best scored first, of equal scores those both at the top level
    or both nested (a top-level ``state`` is the issuing state, not the address's)."""
    own_leaves, own_objects = _domain_fields(domain)
    lone = len(objects) == len(own_objects) == 1
    pairs = [
        (score, bool(mine.parent) is bool(theirs.parent), mine.path, theirs.path)
        for group, own in ((leaves, own_leaves), (objects, own_objects))
        for mine in group
        for theirs in own
        if (score := _likeness(mine, theirs, domain) or int(lone and group is objects)) > 0
    ]
    out: dict[str, str] = {}
    taken: set[str] = set()
    for *_, mine_path, theirs_path in sorted(pairs, key=lambda p: (-p[0], not p[1])):
        if mine_path not in out and theirs_path not in taken:
            out[mine_path] = theirs_path
            taken.add(theirs_path)
    return out


@cache
def _common(domain: str, role: Role) -> frozenset[str]:
    """Concept words of three or more of a domain's fields of a role's kind (``date`` of its dates,
    ``amount`` of its amounts): shared alone, they do not tell which of them is meant."""
    fields = [s for s in _domain_fields(domain)[0] if _same_kind(role, role_of(s))]
    counts = Counter(w for spec in fields for w in _related(spec))
    return frozenset(w for w, n in counts.items() if n >= _COMMON)


def _likeness(mine: FieldSpec, theirs: FieldSpec, domain: str) -> int:
    """How many of a field's words (one reached through a phrase counting twice: ``before tax``:
    ``subtotal``) relate to the other's, for two fields of one kind of role outside lists (a table's columns
    keep their own labels); none when only common words do; a field under the other's very path scores
    high."""
    if mine.in_list or theirs.in_list or (mine.kind is Kind.ANY) != (theirs.kind is Kind.ANY):
        return _SAME_PATH if mine.path == theirs.path else 0
    if mine.kind is not Kind.ANY and not _same_kind(role_of(mine), role_of(theirs)):
        return 0
    plain, phrased = _concepts(mine)
    other = _related(theirs)
    shared = {w for w in plain | phrased if related_words(w) & other or _shortens(w, other)}
    if mine.path == theirs.path:
        return len(shared) + _SAME_PATH
    common = _common(domain, role_of(theirs)) if theirs.kind is not Kind.ANY else frozenset()
    if all(related_words(w) <= common for w in shared):
        return 0
    return len(shared) + len(shared & phrased)


def _shortens(word: str, other: frozenset[str]) -> bool:
    """Whether a word of three letters or more that no synonym relates abbreviates one of the other field's
    (``cls``: class; not the ``M`` of ``M or F``: middle)."""
    if len(word) < _SHORTEST or related_words(word) != {word}:
        return False
    return any(abbreviates(word, o) for o in other)


def _same_kind(mine: Role, theirs: Role) -> bool:
    return mine is theirs or {mine, theirs} <= _WORDED or {mine, theirs} <= _DATED


@cache
def _related(spec: FieldSpec) -> frozenset[str]:
    plain, phrased = _concepts(spec)
    return frozenset(r for w in plain | phrased for r in related_words(w))


@cache
def _concepts(spec: FieldSpec) -> tuple[frozenset[str], frozenset[str]]:
    """The words a field is about: its name's, title's and description head's, what a description saying
    when something happened names, singular too, ``total`` for a grand total its description names; and
    apart, the one-word synonyms ``data/synonyms.json`` gives for the phrases these words and the rest of the
    description make (``Sum of the lines before tax``: ``subtotal``)."""
    stop = word_set("stopwords")
    words = {*words_of(spec.name), *words_of(spec.title), *described(spec)}
    if spec.kind is not Kind.ANY:
        words.update(described_when(spec))
        if total_by_description(spec):
            words.add("total")
    plain = {w.removesuffix("'s") for w in words if w not in stop and not w.isdigit()}
    plain |= {w[:-1] for w in plain if len(w) > 3 and w.endswith("s") and not w.endswith("ss")}
    said = plain | {w for w in words_of(spec.description) if w not in stop}
    return frozenset(plain), phrase_synonyms(said) - plain
