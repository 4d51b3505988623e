"""HTTP errors: every failure is answered as JSON ``{"detail": "one line reason"}`` with a fitting status."""

from __future__ import annotations

from groundex.errors import (
    DocumentError,
    EngineError,
    GroundexError,
    LimitExceededError,
    SchemaError,
    UnsupportedFormatError,
    UsageError,
)


class ApiError(Exception):
    """An error the server answers with ``status`` and a one-line ``detail``."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = one_line(detail)
        self.headers = headers


def one_line(text: str) -> str:
    return " ".join(text.split())


def status_for(exc: GroundexError) -> int:
    """The HTTP status of an engine error: 413 too large, 415 not a document, 422 unreadable input or
    schema, 400 bad options, 503 an engine unavailable."""
    if isinstance(exc, LimitExceededError):
        return 413
    if isinstance(exc, UnsupportedFormatError):
        return 415
    if isinstance(exc, (DocumentError, SchemaError)):
        return 422
    if isinstance(exc, UsageError):
        return 400
    if isinstance(exc, EngineError):
        return 503
    return 422
