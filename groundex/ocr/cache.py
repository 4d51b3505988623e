"""A disk cache of OCR results, keyed by the page image and by the OCR code itself, so that running an
evaluation again after a change to the locator costs seconds instead of an OCR pass per page. A change to
the code of any module of ``groundex.ocr`` or to an engine's version makes every entry stale; a change to
its docstrings, comments or layout does not."""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from groundex.types import BBox, Word

if TYPE_CHECKING:
    from PIL import Image

    from groundex.ocr.base import OcrEngine

__all__ = ["page_key", "recognize_cached"]

_ENGINE_DISTRIBUTIONS = ("rapidocr", "onnxruntime", "tesserocr")


def _logic(source: str) -> str:
    """A module's syntax tree without the constants that stand alone as statements (docstrings, ``...``);
    comments and layout are not in the tree."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            kept = [s for s in body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
            body[:] = kept or [ast.Pass()]
    return ast.dump(tree)


@cache
def _code_digest() -> str:
    """A digest of the OCR code and the engines' versions."""
    digest = hashlib.sha1()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(_logic(path.read_text(encoding="utf-8")).encode())
    for dist in _ENGINE_DISTRIBUTIONS:
        try:
            digest.update(f"{dist}={importlib.metadata.version(dist)}".encode())
        except importlib.metadata.PackageNotFoundError:
            continue
    return digest.hexdigest()


def page_key(engine: str, image: Image.Image) -> str:
    """The cache key of ``image`` read by ``engine`` with this OCR code."""
    digest = hashlib.sha1(_code_digest().encode())
    digest.update(f"{engine}|{image.mode}|{image.size}".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def _row(word: Word) -> list[Any]:
    b = word.bbox
    return [word.text, b.x, b.y, b.w, b.h, word.confidence, word.source, word.angle, word.line]


def _word(row: list[Any], page: int) -> Word:
    text, x, y, w, h, confidence, source, angle, line = row
    return Word(str(text), BBox(float(x), float(y), float(w), float(h), page), float(confidence), str(source),
                float(angle), int(line))  # fmt: skip


def recognize_cached(engine: OcrEngine, image: Image.Image, page: int, directory: Path) -> list[Word]:
    """``engine.recognize(image, page)``, read from ``directory`` when this image was read before."""
    path = directory / f"{page_key(engine.name, image)}.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [_word(row, page) for row in rows]
    except (OSError, ValueError, TypeError):
        pass
    words = engine.recognize(image, page)
    directory.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_text(json.dumps([_row(w) for w in words]), encoding="utf-8")
    os.replace(partial, path)
    return words
