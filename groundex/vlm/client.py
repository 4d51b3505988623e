"""One chat completion at a time over the OpenAI protocol, with schema-constrained output and one-line
errors for the ways a model server fails."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import openai
from openai.types.chat import ChatCompletion

from groundex.errors import EngineError
from groundex.vlm.config import VlmConfig


@dataclass(frozen=True)
class Usage:
    """Tokens spent, summed over requests."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.total_tokens + other.total_tokens,
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }


_OUTPUTS = ("json_schema", "json_object+schema", "json_object")
"""Output constraints, tried in order while a server refuses one: OpenAI's ``json_schema``; ``json_object``
with a ``schema`` (llama-cpp-python turns it into a grammar); plain ``json_object``."""


@dataclass(frozen=True)
class Reply:
    """An answer's text, its cost, and whether it was cut off at a token limit."""

    text: str
    usage: Usage
    cut: bool = False


class ChatClient:
    """Asks ``config.model`` for JSON, constrained by the response schema as far as the server allows;
    a refused constraint is replaced by the next of ``_OUTPUTS``, and that is remembered."""

    def __init__(self, config: VlmConfig) -> None:
        self.config = config
        self.output = 0
        self._client = openai.OpenAI(
            api_key=config.key, base_url=config.base_url, timeout=config.timeout, max_retries=1
        )

    def complete(self, messages: Sequence[Mapping[str, Any]], schema: Mapping[str, Any]) -> Reply:
        """The answer, constrained as far as the server allows."""
        while True:
            try:
                return self._ask(messages, schema)
            except openai.APIStatusError as exc:
                if not _refused(exc) or self.output + 1 >= len(_OUTPUTS):
                    raise self._error(exc) from None
                self.output += 1
            except openai.OpenAIError as exc:
                raise self._error(exc) from None

    def _ask(self, messages: Sequence[Mapping[str, Any]], schema: Mapping[str, Any]) -> Reply:
        output = _OUTPUTS[self.output]
        fmt: dict[str, Any] = {"type": "json_object"}
        if output == "json_schema":
            fmt = {
                "type": "json_schema",
                "json_schema": {"name": "extraction", "schema": schema, "strict": True},
            }
        elif output == "json_object+schema":
            fmt["schema"] = schema
        request: dict[str, Any] = {
            "model": self.config.model,
            "messages": list(messages),
            "response_format": fmt,
            "temperature": 0,
        }
        reply: ChatCompletion = self._client.chat.completions.create(**request)
        choice = reply.choices[0] if reply.choices else None
        used = reply.usage
        usage = (
            Usage(used.prompt_tokens, used.completion_tokens, used.total_tokens)
            if used is not None
            else Usage()
        )
        if choice is None:
            return Reply("", usage)
        return Reply(choice.message.content or "", usage, choice.finish_reason == "length")

    def _error(self, exc: openai.OpenAIError) -> EngineError:
        where, model = self.config.where, self.config.model
        if isinstance(exc, openai.APITimeoutError):
            return EngineError(f"the model server at {where} did not answer within {self.config.timeout:g} s")
        if isinstance(exc, openai.APIConnectionError):
            return EngineError(f"cannot reach the model server at {where}")
        if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
            return EngineError(f"the model server at {where} rejected the API key (HTTP {exc.status_code})")
        if isinstance(exc, openai.NotFoundError):
            return EngineError(f"model {model!r} not found at {where} (HTTP 404)")
        if isinstance(exc, openai.APIStatusError):
            return EngineError(f"the model server at {where} answered HTTP {exc.status_code}: {_reason(exc)}")
        return EngineError(f"the model server at {where} failed: {exc}")


def _refused(exc: openai.APIStatusError) -> bool:
    """Whether the server refused the request's output constraint: its reason names it, whatever the
    status (llama-cpp-python's server answers 500)."""
    reason = _reason(exc).lower()
    return any(word in reason for word in ("response_format", "json_schema", "json_object", "schema"))


def _reason(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return " ".join(str(message).split())[:300]
    return " ".join(str(exc.message).split())[:300]
