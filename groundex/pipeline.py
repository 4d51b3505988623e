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
from groundex.locate.candidates import Candidate
from groundex.locate.local import LocalLocator
from groundex.prediction import Prediction
from groundex.read import read
from groundex.resolve import assemble, resolve
from groundex.schema import Schema, load_schema
from groundex.types import Document

Source = str | Path | bytes | Image.Image
_PREVIEW_DPI = 150
BACKENDS = ("local", "vlm", "hybrid")


@dataclass(frozen=True)
class Options:
    """Extraction options; any of them can be overridden per call."""

    ocr: str = "auto"
    pages: tuple[int, ...] | None = None
    grounding: bool = True
    password: str | None = None
    limits: Limits = field(default_factory=Limits)
    backend: str = "local"
    """``local`` (OCR + layout, no model), ``vlm`` (a model reads every field) or ``hybrid`` (the model
    reads only what the local engine left empty or ``low``)."""
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    vlm_images: bool = True
    vlm_timeout: float = 120.0
    vlm_retries: int = 2
    vlm_chunk_pages: int = 4
    strict: bool = False
    """Drop model values that are printed nowhere instead of keeping them as ``inferred``."""
    ocr_cache: str | None = None
    """A directory where OCR results are kept and found again (see ``groundex.ocr.cache``)."""


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
            document = read(
                loaded,
                ocr=opts.ocr,
                render=opts.backend != "local" and opts.vlm_images,
                ocr_cache=Path(opts.ocr_cache) if opts.ocr_cache else None,
            )
        t2 = time.perf_counter()
        located, tokens = self._locate(opts, document, compiled)
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
            tokens=tokens,
        )

    def _locate(
        self, opts: Options, document: Document, schema: Schema
    ) -> tuple[dict[str, Candidate], dict[str, int]]:
        """Candidates from the chosen backend, and the model tokens spent (none for ``local``)."""
        if opts.backend == "local":
            return self.locator.locate(document, schema), {}
        from groundex.vlm import VlmBackend, VlmConfig, hybrid_locate

        assert opts.model is not None
        config = VlmConfig(
            model=opts.model,
            base_url=opts.base_url,
            api_key=opts.api_key,
            images=opts.vlm_images,
            timeout=opts.vlm_timeout,
            retries=opts.vlm_retries,
            chunk_pages=opts.vlm_chunk_pages,
            strict=opts.strict,
        )
        backend = VlmBackend(config)
        if opts.backend == "vlm":
            located, usage = backend.locate(document, schema)
        else:
            located, usage = hybrid_locate(self.locator.locate(document, schema), document, schema, backend)
        return located, usage.as_dict()


def _apply(options: Options, overrides: dict[str, Any]) -> Options:
    unknown = set(overrides) - set(Options.__dataclass_fields__)
    if unknown:
        raise UsageError(f"unknown option(s): {', '.join(sorted(unknown))}")
    if "pages" in overrides and overrides["pages"] is not None:
        overrides = {**overrides, "pages": tuple(overrides["pages"])}
    out = replace(options, **overrides)
    if out.backend not in BACKENDS:
        raise UsageError(f"unknown backend {out.backend!r}: use one of {', '.join(BACKENDS)}")
    if out.backend != "local" and not out.model:
        raise UsageError(f"the {out.backend} backend needs a model name (--model)")
    return out


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


__all__: Sequence[str] = ("BACKENDS", "Extractor", "Options", "extract", "pages_arg")
