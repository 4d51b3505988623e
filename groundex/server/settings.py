"""Server settings: one frozen value built by the CLI (flags, then environment) and passed to the app."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from groundex.load import Limits


@dataclass(frozen=True)
class Settings:
    """Everything the app needs; sizes in bytes, times in seconds."""

    data_dir: Path
    api_keys: tuple[str, ...] = ()
    webhook_secret: str | None = None
    workers: int = 1
    ocr: str = "auto"
    max_upload_bytes: int = 25 * 1024 * 1024
    max_pages: int = 50
    max_pixels: int = 60_000_000
    request_timeout: float = 120.0
    url_timeout: float = 15.0
    allow_private_urls: bool = False
    webhook_attempts: int = 5
    webhook_backoff: float = 1.0
    resume_attempts: int = 2
    model_options: Mapping[str, Any] = field(default_factory=dict)
    """Extraction options of the model backend (``backend``, ``model``, ``base_url``, ``api_key``, …)."""

    @property
    def limits(self) -> Limits:
        """The load limits every document is opened with."""
        return Limits(max_pixels=self.max_pixels, max_pages=self.max_pages, max_bytes=self.max_upload_bytes)

    @property
    def extractor_options(self) -> dict[str, Any]:
        """What every worker's ``Extractor`` is built with."""
        return {"ocr": self.ocr, "limits": self.limits, **self.model_options}

    @property
    def body_limit(self) -> int:
        """The largest request body accepted: one upload, base64-encoded, plus room for the JSON around it."""
        return self.max_upload_bytes * 4 // 3 + 1024 * 1024


def split_keys(value: str | None) -> tuple[str, ...]:
    """``"k1, k2"`` -> ``("k1", "k2")``."""
    return tuple(k.strip() for k in (value or "").split(",") if k.strip())
