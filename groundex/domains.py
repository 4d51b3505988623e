"""Named domains (VLM Run hub catalog) and their label hints."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel

from groundex.errors import UnknownDomainError
from groundex.resources import data_json


@cache
def _registry() -> Any:
    from loguru import logger

    logger.disable("vlmrun")
    from vlmrun.hub.registry import registry

    registry.load_schemas()
    return registry


def domain_names() -> list[str]:
    """Every domain name the catalog knows, sorted."""
    names: list[str] = _registry().list_schemas()
    return names


def domain_model(name: str) -> type[BaseModel]:
    """The Pydantic model of a domain; ``UnknownDomainError`` when the name is not in the catalog."""
    registry = _registry()
    if name not in registry:
        close = [d for d in registry.list_schemas() if name.split(".")[-1] in d]
        hint = f"; did you mean {', '.join(close[:3])}?" if close else "; run `groundex domains` to list them"
        raise UnknownDomainError(f"unknown domain {name!r}{hint}")
    model: type[BaseModel] = registry[name]
    return model


@cache
def _hints() -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = data_json("label_hints.json")
    return data


def label_hints(domain: str | None, path: str) -> tuple[str, ...]:
    """Extra label phrases for a field of a domain (``items[].total_price``), kept as data."""
    if not domain:
        return ()
    return tuple(_hints().get(domain, {}).get(path, ()))


def hinted_domains() -> tuple[str, ...]:
    """The domains that have label hints."""
    return tuple(_hints())
