"""groundex: grounded document extraction, every value with a confidence and the boxes where it is printed."""

from typing import TYPE_CHECKING

from groundex.errors import (
    DocumentError,
    EngineError,
    GroundexError,
    LimitExceededError,
    PasswordRequiredError,
    SchemaError,
    UnknownDomainError,
    UsageError,
)
from groundex.types import BBox, FieldResult, Grounding

if TYPE_CHECKING:
    from groundex.pipeline import Extractor, Options, extract
    from groundex.prediction import Prediction

_LAZY = {
    "Extractor": "groundex.pipeline",
    "Options": "groundex.pipeline",
    "extract": "groundex.pipeline",
    "Prediction": "groundex.prediction",
}


def __getattr__(name: str) -> object:
    """Heavy parts (OCR, PDF) load on first use, so ``import groundex`` stays fast."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'groundex' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__version__ = "0.1.0"

__all__ = [
    "BBox",
    "DocumentError",
    "EngineError",
    "Extractor",
    "FieldResult",
    "GroundexError",
    "Grounding",
    "LimitExceededError",
    "Options",
    "PasswordRequiredError",
    "Prediction",
    "SchemaError",
    "UnknownDomainError",
    "UsageError",
    "extract",
]
