"""The exception tree: every failure a user can cause has a one-line reason."""

from __future__ import annotations


class GroundexError(Exception):
    """Base of every error groundex raises on purpose."""

    exit_code = 1

    def __str__(self) -> str:
        return " ".join(super().__str__().split())


class DocumentError(GroundexError):
    """The input is not a readable document (empty, truncated, unknown format)."""


class UnsupportedFormatError(DocumentError):
    """The bytes are not an image or PDF format groundex reads."""


class PasswordRequiredError(DocumentError):
    """The PDF is encrypted and no (or a wrong) password was given."""


class LimitExceededError(DocumentError):
    """The input is larger than a configured limit (pixels, pages, bytes)."""


class PageRangeError(DocumentError):
    """A requested page does not exist in the document."""


class SchemaError(GroundexError):
    """The schema is invalid, unsupported or cannot be found."""


class UnknownDomainError(SchemaError):
    """The named domain is not in the catalog."""


class EngineError(GroundexError):
    """An OCR engine or backend is unavailable or failed."""


class UsageError(GroundexError):
    """The caller's options are inconsistent."""

    exit_code = 2
