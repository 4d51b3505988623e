"""Data files shipped inside the package (label hints, vocabulary, calibration)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def data_json(name: str) -> Any:
    """Parse ``groundex/data/<name>``."""
    return json.loads((resources.files("groundex") / "data" / name).read_text(encoding="utf-8"))
