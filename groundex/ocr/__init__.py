"""OCR engines behind one protocol, found by name through a lazy registry."""

from __future__ import annotations

import importlib
import threading
from typing import Any, cast

from groundex.errors import EngineError, UsageError
from groundex.ocr.base import OcrEngine

__all__ = ["ENGINES", "OcrEngine", "engine_class", "engine_status", "get_engine"]

ENGINES: dict[str, str] = {
    "tesseract": "groundex.ocr.tesseract:TesseractEngine",
    "rapidocr": "groundex.ocr.rapid:RapidEngine",
    "auto": "groundex.ocr.auto:AutoEngine",
}

_cache: dict[str, OcrEngine] = {}
_lock = threading.Lock()


def engine_class(name: str) -> Any:
    """Import and return the class registered as ``name`` (UsageError if unknown)."""
    target = ENGINES.get(name)
    if target is None:
        raise UsageError(f"unknown OCR engine {name!r} (choose from {', '.join(sorted(ENGINES))})")
    module, _, attr = target.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise EngineError(f"OCR engine {name!r} cannot be imported: {exc}") from exc


def get_engine(name: str) -> OcrEngine:
    """The shared engine instance for ``name``, created on first use."""
    engine = _cache.get(name)
    if engine is not None:
        return engine
    cls = engine_class(name)
    with _lock:
        engine = _cache.get(name)
        if engine is None:
            engine = cast(OcrEngine, cls())
            _cache[name] = engine
    return engine


def engine_status() -> list[tuple[str, bool, str]]:
    """``(name, usable, reason)`` for every registered engine."""
    rows: list[tuple[str, bool, str]] = []
    for name in ENGINES:
        try:
            ok, reason = engine_class(name).available()
        except EngineError as exc:
            ok, reason = False, str(exc)
        rows.append((name, bool(ok), str(reason)))
    return rows
