"""The extraction pipeline: load -> read -> locate -> resolve (ground, calibrate) -> Prediction."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PIL import Image
from pydantic import ValidationError

from groundex.errors import UsageError
from groundex.load import Limits, load
from groundex.locate.local import LocalLocator
from groundex.prediction import Prediction
from groundex.read import read
from groundex.resolve import assemble, resolve
from groundex.schema import Schema, load_schema

Source = str | Path | bytes | Image.Image
_PREVIEW_DPI = 150


@dataclass(frozen=True)
class Options:
    """Extraction options; any of them can be overridden per call."""

    ocr: str = "auto"
    pages: tuple[int, ...] | None = None
    grounding: bool = True
    password: str | None = None
    limits: Limits = field(default_factory=Limits)


class Extractor:
    """Reusable extractor: OCR engines stay loaded across calls."""

    def __init__(self, options: Options | None = None, **overrides: Any) -> None:
        self.options = _apply(options or Options(), overrides)
        self.locator = LocalLocator()

    def extract(self, source: Source, schema: object, **overrides: Any) -> Prediction:
        """Extract ``schema`` (model, JSON Schema, domain name or ``module:Model``) from ``source``."""
        opts = _apply(self.options, overrides)
        created = datetime.now(timezone.utc)
        t0 = time.perf_counter()
        compiled = load_schema(schema)
        with load(source, pages=opts.pages, limits=opts.limits, password=opts.password) as loaded:
            t1 = time.perf_counter()
            document = read(loaded, ocr=opts.ocr)
        t2 = time.perf_counter()
        located = self.locator.locate(document, compiled)
        results = resolve(located, grounding=opts.grounding)
        plain = assemble(compiled, results)
        value, warnings = _validate(compiled, plain)
        t3 = time.perf_counter()

        def page_images() -> dict[int, Image.Image]:
            with load(
                source, pages=[p.index for p in document.pages], limits=opts.limits, password=opts.password
            ) as again:
                return {src.index: src.render(_PREVIEW_DPI) for src in again.pages}

        return Prediction(
            id=f"prediction-{uuid.uuid4()}",
            data=value,
            fields=results,
            schema=compiled,
            document=document,
            created_at=created,
            completed_at=datetime.now(timezone.utc),
            timings={"load": t1 - t0, "read": t2 - t1, "locate": t3 - t2, "total": t3 - t0},
            warnings=warnings,
            grounding=opts.grounding,
            page_images=page_images,
        )


def _apply(options: Options, overrides: dict[str, Any]) -> Options:
    unknown = set(overrides) - set(Options.__dataclass_fields__)
    if unknown:
        raise UsageError(f"unknown option(s): {', '.join(sorted(unknown))}")
    if "pages" in overrides and overrides["pages"] is not None:
        overrides = {**overrides, "pages": tuple(overrides["pages"])}
    return replace(options, **overrides)


def _validate(schema: Schema, plain: dict[str, Any]) -> tuple[Any, tuple[str, ...]]:
    """An instance of the user's model when it validates; otherwise the plain data and the reasons."""
    if schema.model is None:
        return plain, ()
    try:
        return schema.model.model_validate(plain), ()
    except ValidationError as exc:
        reasons = tuple(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        return schema.model.model_construct(**plain), reasons


def extract(source: Source, schema: object, **options: Any) -> Prediction:
    """Extract ``schema`` from ``source`` (path, bytes or PIL image) in one call."""
    return Extractor(**options).extract(source, schema)


def pages_arg(spec: str) -> tuple[int, ...]:
    """``0,2-3`` -> (0, 2, 3)."""
    out: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        lo, sep, hi = part.partition("-")
        try:
            if sep:
                out.extend(range(int(lo), int(hi) + 1))
            else:
                out.append(int(part))
        except ValueError:
            raise UsageError(f"invalid page list {spec!r}: use 0-based numbers like 0,2-3") from None
    if not out or min(out) < 0:
        raise UsageError(f"invalid page list {spec!r}: use 0-based numbers like 0,2-3")
    return tuple(dict.fromkeys(out))


__all__: Sequence[str] = ("Extractor", "Options", "extract", "pages_arg")
