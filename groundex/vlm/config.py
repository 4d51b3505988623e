"""The settings of a model endpoint and of how it is asked."""

from __future__ import annotations

import os
from dataclasses import dataclass

ENV_API_KEYS = ("GROUNDEX_VLM_API_KEY", "OPENAI_API_KEY")
NO_KEY = "none"
"""Sent when no key is configured: local servers (vLLM, Ollama, llama.cpp) accept any."""


@dataclass(frozen=True)
class VlmConfig:
    """``model`` at ``base_url`` (OpenAI's when None); ``images`` sends the page images with the OCR lines."""

    model: str
    base_url: str | None = None
    api_key: str | None = None
    images: bool = True
    timeout: float = 120.0
    retries: int = 2
    """Extra requests after an answer that is not valid JSON or does not fit the schema."""
    chunk_pages: int = 4
    """Pages per request; longer documents are asked chunk by chunk and the answers merged."""
    max_pixels: int = 1_000_000
    """Pixel budget of one page image (it is scaled down to fit)."""
    strict: bool = False
    """Drop values that are printed nowhere instead of keeping them as ``inferred``."""

    @property
    def key(self) -> str:
        """The API key: the configured one, else ``$GROUNDEX_VLM_API_KEY``, else ``$OPENAI_API_KEY``."""
        if self.api_key:
            return self.api_key
        for name in ENV_API_KEYS:
            if os.environ.get(name):
                return os.environ[name]
        return NO_KEY

    @property
    def where(self) -> str:
        return self.base_url or "the OpenAI API"
