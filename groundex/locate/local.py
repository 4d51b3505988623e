"""The local backend: schema-driven location of every field's value on the page, no model needed."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace

from groundex.domains import label_hints
from groundex.locate.balance import balance, items_subtotal, tipped_subtotal
from groundex.locate.candidates import (
    Candidate,
    Page,
    clean_text,
    keyed,
    label_owners,
    label_starts,
    labelled,
    listed,
    names_another,
    names_in_part,
    scan_roles,
    scanned,
    strong_labels,
    whole_names,
)
from groundex.locate.groups import address_candidates, name_part_fields, reconcile_names
from groundex.locate.labels import synonym_words, vocabulary, with_synonyms, words_of
from groundex.locate.priors import (
    address_text,
    for_customer,
    is_address_text,
    is_party_name,
    opens_contact,
    party_name,
    state_header,
)
from groundex.locate.repeats import in_label_order, numbered_groups, repeats_a_label
from groundex.locate.resemble import address_objects, domain_field, resemble
from groundex.locate.roles import (
    Role,
    described_label,
    described_when,
    is_grand_total,
    name_words,
    role_of,
    total_by_description,
)
from groundex.locate.spans import Pick
from groundex.locate.tables import item_lines, line_amount, table_rows
from groundex.locate.totals import rank_totals, summed_total, tendered_total
from groundex.schema import Leaf, Node, Obj, Schema
from groundex.types import Document, FieldSpec, Kind

Located = dict[str, Candidate]
_SHARED = frozenset({Role.CURRENCY})
"""Values read from words another field's value also holds (``EUR`` of ``EUR 273.70``)."""


@dataclass(frozen=True)
class _Plan:
    scalars: tuple[FieldSpec, ...]
    addresses: tuple[tuple[FieldSpec, tuple[FieldSpec, ...]], ...]
    tables: tuple[tuple[str, tuple[FieldSpec, ...]], ...]
    lists: tuple[FieldSpec, ...]
    unasked: frozenset[str] = frozenset()
    """Paths of fields the locator adds to read the schema's own (a full name's parts), not returned."""


def _with_hints(spec: FieldSpec, domain: str | None, means: str) -> FieldSpec:
    """The field with the label hints of the domain's field it means (path ``means``) and, for a field of
    other words than the domain's or without hints from it, those its description gives; any other date
    whose name, synonyms included, does not say so is labelled by ``Date`` (``purchase_day``). A grand total
    its name does not call a total, untitled or titled by its name, reads as titled ``Total``, so that the
    words ``total`` stands for label it as they label a field of that name (``Saldo``, ``To pay``)."""
    if _unnamed_total(spec) and _untitled(spec):
        spec = replace(spec, title="Total")
    hints = label_hints(domain, means)
    if not hints or means != spec.path:
        hints = tuple(dict.fromkeys((*hints, *_described_hints(spec))))
    if not hints and role_of(spec) is Role.DATE and not _names_a_date(spec):
        hints = ("date",)
    return replace(spec, hints=hints) if hints else spec


def _read_as(spec: FieldSpec, theirs: FieldSpec) -> FieldSpec:
    """A field of its own words read as the domain's field it means (both at the top level or both nested:
    a free-text address is no address object's street) where it says nothing itself: without a description,
    the domain field's; untitled (or titled by its name), the domain field's title (``cust``: ``Customer
    Name``, a person's or business's name, not the block of lines under ``Bill To``)."""
    if not spec.description:
        spec = replace(spec, description=theirs.description)
    if _untitled(spec) and theirs.title:
        spec = replace(spec, title=theirs.title)
    return spec


def _untitled(spec: FieldSpec) -> bool:
    """Whether a field has no title of its own words (none, or its name's: a Pydantic model's default)."""
    return words_of(spec.title) in ((), words_of(spec.name))


def _unnamed_total(spec: FieldSpec) -> bool:
    """Whether a field outside lists is a grand total its name does not call a total: by its description
    only (not a ``subtotal`` whose description starts ``Total amount of all line items``), or a bare amount
    (``amount``, ``amt``: what a document comes to)."""
    if spec.in_list or not is_grand_total(spec):
        return False
    return total_by_description(spec) or set(name_words(spec)) <= {"amount"}


def _names_a_date(spec: FieldSpec) -> bool:
    """Whether a field's name, or a synonym of it, holds the word ``date`` (``due_date``; ``pay_by``: ``due
    date``)."""
    return any("date" in variant.split() for variant in with_synonyms(" ".join(words_of(spec.name))))


def _described_hints(spec: FieldSpec) -> tuple[str, ...]:
    """Labels a field's description gives: a grand total its name does not call a total (``amount_charged``:
    ``Final amount the customer paid``; a bare ``amt``) is labelled as totals are (``grand_total`` in
    ``data/synonyms.json``), another amount, a phone or a name by its description's words (``levy``: ``Sales
    tax``, ``Tax``), a date said to be when something happened by that event's words with their synonyms
    (``born``: ``DOB``)."""
    if _unnamed_total(spec):
        return vocabulary("grand_total")
    if named := described_label(spec):
        return with_synonyms(" ".join(named)) + with_synonyms(named[-1])
    if event := described_when(spec):
        return tuple(h for word in event if word in synonym_words() for h in with_synonyms(word))
    return ()


def _plan(schema: Schema) -> _Plan:
    scalars: list[FieldSpec] = []
    addresses: list[tuple[FieldSpec, tuple[FieldSpec, ...]]] = []
    tables: list[tuple[str, tuple[FieldSpec, ...]]] = []
    lists: list[FieldSpec] = []
    parts = name_part_fields(list(schema.leaves()))
    objects = {spec.path: spec for spec in address_objects(schema.root)}
    domain, means = schema.domain, {}
    if domain is None and (like := resemble((*schema.leaves(), *parts), tuple(objects.values()))):
        domain, means = like.domain, dict(like.paths)

    def hinted(spec: FieldSpec) -> FieldSpec:
        meant = means.get(spec.path, spec.path)
        theirs = domain_field(domain, meant) if domain and meant != spec.path else None
        if theirs is not None and bool(theirs.parent) is bool(spec.parent):
            spec = _read_as(spec, theirs)
        return _with_hints(spec, domain, meant)

    def walk(node: Node) -> None:
        if isinstance(node, Leaf):
            if node.spec.kind is not Kind.ANY:
                scalars.append(hinted(node.spec))
        elif isinstance(node, Obj):
            leaves = tuple(hinted(c.spec) for _, c in node.props if isinstance(c, Leaf))
            if node.path in objects:
                addresses.append((hinted(objects[node.path]), leaves))
            for _, child in node.props:
                walk(child)
        elif isinstance(node.item, Obj):
            kids = tuple(hinted(c.spec) for _, c in node.item.props if isinstance(c, Leaf))
            if kids:
                tables.append((node.path, kids))
        elif isinstance(node.item, Leaf) and node.item.spec.kind is not Kind.ANY:
            lists.append(hinted(node.item.spec))

    walk(schema.root)
    return _Plan(
        (*scalars, *map(hinted, parts)),
        tuple(addresses),
        tuple(tables),
        tuple(lists),
        frozenset(s.path for s in parts),
    )


def _key(cand: Candidate) -> str:
    return "".join(str(cand.value).split()).casefold()


def _against(cand: Candidate, rivals: list[Candidate]) -> Candidate:
    """``cand`` with its lead over rivals of another value and the methods that agree with it."""
    key = _key(cand)
    other = max((r.score for r in rivals if _key(r) != key), default=None)
    agree = {r.method for r in rivals if r.method != cand.method and _key(r) == key}
    margin = 1.0 if other is None else cand.score - other
    return replace(cand, margin=margin, support=len(agree))


def _lines_left(page: Page, cand: Candidate, used: set[int]) -> Candidate:
    """A text read over several lines, given up from the first line another field took (the address block
    under a name that ``Bill To:`` heads): its lines before that one; the candidate itself when it is no such
    text (an address has rules of its own) or its first line is taken."""
    spec = cand.spec
    if role_of(spec) is not Role.TEXT or spec.kind is not Kind.STRING or is_address_text(spec):
        return cand
    kept = tuple(itertools.takewhile(lambda w: id(w) not in used, cand.words))
    if not kept or len(kept) == len(cand.words):
        return cand
    if page.line_of(kept[-1]) is page.line_of(cand.words[len(kept)]):
        return cand
    pick = Pick(kept, cand.pick.head, 0)
    return replace(cand, value=clean_text(pick.text), pick=pick)


class LocalLocator:
    """Pairs labels with values from the layout, scans for typed values, then assigns globally."""

    name = "local"

    def locate(self, document: Document, schema: Schema) -> Located:
        lines = [ln for page in document.pages for ln in page.lines]
        page = Page(lines)
        plan = _plan(schema)
        labels = strong_labels(page, plan.scalars)
        money_stops = label_starts(page, [(s, h) for s, h in labels if role_of(s) is Role.MONEY])
        stops = label_starts(page, labels)
        stop_rows = {(page.lines[li].page, page.lines[li].row) for li, _ in money_stops}
        chosen: Located = {}
        used: set[int] = set()
        items: list[Candidate] = []
        for path, kids in plan.tables:
            rows = table_rows(page, kids, stop_rows) or item_lines(page, kids, stop_rows)
            amount = line_amount(kids)
            for i, row in enumerate(rows):
                for child_path, cand in row.items():
                    concrete = f"{path}[{i}]" + child_path[len(path) + 2 :]
                    chosen[concrete] = cand
                    used.update(id(w) for w in cand.words)
                if amount is not None and amount.path in row:
                    items.append(row[amount.path])
        for spec in plan.lists:
            for i, cand in enumerate(listed(page, spec, stops)):
                chosen[f"{spec.path[:-2]}[{i}]"] = cand
                used.update(id(w) for w in cand.words)
        columns = [kid for _, kids in plan.tables for kid in kids]
        headers = [(spec, hit) for spec, hit in strong_labels(page, columns) if not keyed(hit)]
        owners = label_owners(labels + headers)
        numbered = {spec.path for group in numbered_groups(plan.scalars) for spec in group}
        numbered |= {spec.path for spec in plan.scalars if repeats_a_label(spec)}
        whole = whole_names([(spec, hit) for spec, hit in labels + headers if spec.path not in numbered])
        pool = [
            c
            for c in in_label_order(page, list(self._pool(page, plan, stops)), plan.scalars)
            if not names_another(c, owners) and (c.spec.path in numbered or not names_in_part(c, whole))
        ]
        pool.sort(key=lambda c: -c.score)
        rivals: dict[str, list[Candidate]] = {}
        for cand in pool:
            rivals.setdefault(cand.spec.path, []).append(cand)
        for cand in pool:
            path = cand.spec.path
            if path in chosen or cand.score <= 0:
                continue
            shared = role_of(cand.spec) in _SHARED
            if not shared and any(id(w) in used for w in cand.words):
                cand = _lines_left(page, cand, used)
                if any(id(w) in used for w in cand.words):
                    continue
            chosen[path] = _against(cand, rivals[path])
            if not shared:
                used.update(id(w) for w in cand.words)
        items_subtotal(page, chosen, plan.scalars, items)
        balance(page, chosen, pool, plan.scalars)
        tipped_subtotal(page, chosen, plan.scalars)
        reconcile_names(chosen, plan.scalars)
        return {path: cand for path, cand in chosen.items() if path not in plan.unasked}

    @staticmethod
    def _pool(page: Page, plan: _Plan, stops: set[tuple[int, int]]) -> Iterator[Candidate]:
        if not page.lines:
            return
        roles = scan_roles(plan.scalars)
        issuer = next((spec for spec in plan.scalars if is_party_name(spec)), None)
        in_address = {leaf.path for _, leaves in plan.addresses for leaf in leaves}
        for spec in plan.scalars:
            found = labelled(page, spec, stops)
            if is_address_text(spec):
                found = [c for c in found if not opens_contact(str(c.value)) and not for_customer(page, c)]
            grand = role_of(spec) is Role.MONEY and is_grand_total(spec)
            yield from rank_totals(page, found) if grand else found
            if grand:
                yield from summed_total(page, spec)
                yield from tendered_total(page, spec)
            yield from scanned(page, spec, roles)
            if spec is issuer:
                yield from party_name(page, spec)
            if is_address_text(spec):
                yield from address_text(page, spec)
            if spec.path not in in_address:
                yield from state_header(page, spec)
        for obj_spec, leaves in plan.addresses:
            for group in address_candidates(page, obj_spec, leaves, stops):
                yield from group
