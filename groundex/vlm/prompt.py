"""LMDX-style prompts: the page images, the OCR lines with short ids and coarse positions, and the fields."""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from typing import Any

from PIL import Image

from groundex.schema import Obj, leaves
from groundex.types import Document, FieldSpec, Line, Page

SYSTEM = (
    "You read documents. You get the page images and the text lines an OCR engine found on them, each with "
    "an id such as L12 and the position of its top-left corner as x,y in 0..99 of the page width and height. "
    "Answer with one JSON object that follows the given JSON Schema. For every field give `value`, copied "
    "from the document (null when the document does not show it; never guess), and `lines`: the ids of the "
    "lines the value was read from. List fields get one element per entry printed in the document."
)


SHAPE = (
    "Shape of the answer: one key per field, nested as the paths say (`a.b` is the key `b` inside the object "
    "`a`; `items[].x` is the key `x` in each element of the array `items`), and every field an object "
    '{"value": ..., "lines": ["L3", ...]}.'
)


def number_lines(document: Document) -> dict[str, Line]:
    """Short ids ``L1``, ``L2``, … for every OCR line, in page and reading order."""
    lines = (line for page in document.pages for line in page.lines)
    return {f"L{i}": line for i, line in enumerate(lines, start=1)}


def _position(line: Line) -> str:
    return f"{min(int(line.bbox.x * 100), 99)},{min(int(line.bbox.y * 100), 99)}"


def lines_text(pages: Sequence[Page], ids: Mapping[str, Line]) -> str:
    """``Page 0`` headers and one ``L12 x,y text`` row per OCR line."""
    by_line = {id(line): key for key, line in ids.items()}
    rows: list[str] = []
    for page in pages:
        rows.append(f"Page {page.index}")
        rows.extend(f"{by_line[id(line)]} {_position(line)} {line.text}" for line in page.lines)
    return "\n".join(rows)


def _field_row(spec: FieldSpec) -> str:
    kind = spec.kind.value + (f" one of {', '.join(spec.enum)}" if spec.enum else "")
    about = spec.description or spec.title
    return f"- {spec.path} ({kind})" + (f": {about}" if about else "")


def fields_text(tree: Obj) -> str:
    """One row per asked field: path, type, description."""
    return "\n".join(_field_row(spec) for spec in leaves(tree))


def data_url(image: Image.Image, max_pixels: int) -> str:
    """A JPEG data URL of ``image`` scaled down to at most ``max_pixels`` pixels."""
    scale = min(1.0, (max_pixels / max(image.width * image.height, 1)) ** 0.5)
    if scale < 1.0:
        size = (max(1, int(image.width * scale)), max(1, int(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=85)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def messages(
    pages: Sequence[Page],
    ids: Mapping[str, Line],
    tree: Obj,
    *,
    images: bool,
    max_pixels: int,
) -> list[dict[str, Any]]:
    """The chat messages asking for ``tree``'s fields on ``pages``; without images the user content is plain
    text, which chat templates of text-only models expect."""
    text = f"Fields to extract:\n{fields_text(tree)}\n\n{SHAPE}\n\nOCR lines:\n{lines_text(pages, ids)}"
    content: list[dict[str, Any]] = []
    if images:
        for page in pages:
            if page.image is not None:
                url = data_url(page.image, max_pixels)
                content.append({"type": "image_url", "image_url": {"url": url}})
    if not content:
        return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text}]
    content.append({"type": "text", "text": text})
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": content}]


def correction(answer: str, problems: Sequence[str]) -> list[dict[str, Any]]:
    """The follow-up messages that re-ask after an answer that does not fit."""
    listed = "\n".join(f"- {p}" for p in problems[:20])
    return [
        {"role": "assistant", "content": answer},
        {
            "role": "user",
            "content": f"That answer cannot be used:\n{listed}\nAnswer again with one JSON object that "
            "follows the JSON Schema.",
        },
    ]
