"""The VLM backend: ask the model page chunk by page chunk, read and re-ask until the answer fits the
schema, verify every value against the printed words, and merge the chunks."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from groundex.errors import EngineError
from groundex.locate.candidates import Candidate
from groundex.schema import Obj, Schema
from groundex.types import Document, Line, Page
from groundex.vlm.client import ChatClient, Usage
from groundex.vlm.config import VlmConfig
from groundex.vlm.prompt import correction, messages, number_lines
from groundex.vlm.response_schema import Answer, asked, json_schema, read_answer
from groundex.vlm.verify import Verifier

Located = dict[str, Candidate]
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_INDEX = re.compile(r"^([^\[]*)\[(\d+)\](.*)$")
_RANK = {"exact": 2, "fuzzy": 1}


class VlmBackend:
    """Locates fields with a model behind an OpenAI-compatible endpoint."""

    def __init__(self, config: VlmConfig) -> None:
        self.config = config
        self.client = ChatClient(config)

    def locate(
        self, document: Document, schema: Schema, wanted: Collection[str] | None = None
    ) -> tuple[Located, Usage]:
        """Candidates by concrete path for every field (or only ``wanted`` ones), and the tokens spent."""
        tree = asked(schema, wanted)
        if not tree.props:
            return {}, Usage()
        response = json_schema(tree)
        ids = number_lines(document)
        verifier = Verifier(document, ids, strict=self.config.strict)
        size = max(1, self.config.chunk_pages)
        merged: Located = {}
        total = Usage()
        for first in range(0, len(document.pages), size):
            answers, usage = self._ask(document.pages[first : first + size], ids, tree, response)
            total += usage
            found = {a.path: c for a in answers if (c := verifier.verify(a)) is not None}
            merge(merged, found)
        return merged, total

    def _ask(
        self, pages: Sequence[Page], ids: Mapping[str, Line], tree: Obj, response: Mapping[str, Any]
    ) -> tuple[list[Answer], Usage]:
        """The answers for ``pages``, re-asking with the reasons while an answer does not fit."""
        chat = messages(pages, ids, tree, images=self.config.images, max_pixels=self.config.max_pixels)
        total = Usage()
        problems: list[str] = []
        for _ in range(1 + max(0, self.config.retries)):
            reply = self.client.complete(chat, response)
            total += reply.usage
            if reply.cut:
                raise EngineError(
                    f"the answer of model {self.config.model!r} was cut off after "
                    f"{reply.usage.completion_tokens} tokens (its context or the server's max_tokens): "
                    "give it a longer context, or ask for fewer fields or pages at a time"
                )
            answers, problems = parse(tree, reply.text)
            if not problems:
                return answers, total
            chat = [*chat, *correction(reply.text, problems)]
        raise EngineError(
            f"model {self.config.model!r} gave no usable answer in {1 + max(0, self.config.retries)} "
            f"attempts: {problems[0]}"
        )


def parse(tree: Obj, text: str) -> tuple[list[Answer], list[str]]:
    """The leaf answers in a reply (code fences allowed) and why it does not fit ``tree``."""
    fenced = _FENCE.match(text)
    try:
        data = json.loads(fenced.group(1) if fenced else text)
    except json.JSONDecodeError as exc:
        return [], [f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"]
    return read_answer(tree, data)


def _better(new: Candidate, old: Candidate) -> bool:
    return (_RANK.get(new.status, 0), new.score) > (_RANK.get(old.status, 0), old.score)


def merge(merged: Located, found: Mapping[str, Candidate]) -> None:
    """Add one chunk's candidates: list elements are appended after those of earlier chunks (numbered
    without gaps), and a scalar keeps the better grounded of two values."""
    lists: dict[str, list[int]] = {}
    for path in found:
        hit = _INDEX.match(path)
        if hit:
            lists.setdefault(hit.group(1), []).append(int(hit.group(2)))
    renumber: dict[tuple[str, int], int] = {}
    for root, indices in lists.items():
        offset = _length(merged, root)
        for rank, index in enumerate(sorted(set(indices))):
            renumber[(root, index)] = offset + rank
    for path, cand in found.items():
        hit = _INDEX.match(path)
        if hit:
            root, index, rest = hit.group(1), int(hit.group(2)), hit.group(3)
            merged[f"{root}[{renumber[(root, index)]}]{rest}"] = cand
        elif path not in merged or _better(cand, merged[path]):
            merged[path] = cand


def _length(located: Mapping[str, Candidate], root: str) -> int:
    indices = [int(hit.group(2)) for p in located if (hit := _INDEX.match(p)) and hit.group(1) == root]
    return max(indices) + 1 if indices else 0
