"""A scripted OpenAI-compatible server on loopback: ``POST /v1/chat/completions`` answers with prepared
completions in order and records every request body."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.serving import free_port

Reply = str | Callable[[dict[str, Any]], str]
"""The completion's text, or a function of the request body that makes it (a "model" reading the prompt)."""


@dataclass(frozen=True)
class Refuse:
    """An HTTP error answer instead of a completion."""

    status: int
    message: str


@dataclass(frozen=True)
class Cut:
    """A completion stopped at the token limit (``finish_reason: length``)."""

    text: str


@dataclass(frozen=True)
class Stall:
    """No answer for ``seconds``, then a server error."""

    seconds: float


@dataclass
class FakeOpenAI:
    """Serve ``script`` replies in order; ``requests`` holds the bodies received."""

    script: list[Reply | Refuse | Cut | Stall] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    usage: tuple[int, int] = (100, 20)
    port: int = field(default_factory=free_port)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def load(self, *replies: Reply | Refuse | Cut | Stall) -> FakeOpenAI:
        """Replace the script and forget earlier requests."""
        self.script[:] = list(replies)
        self.requests.clear()
        return self

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def complete(request: Request) -> JSONResponse:
            body = await request.json()
            self.requests.append(body)
            if not self.script:
                return JSONResponse({"error": {"message": "script exhausted"}}, status_code=500)
            reply = self.script.pop(0)
            if isinstance(reply, Stall):
                await asyncio.sleep(reply.seconds)
                return JSONResponse({"error": {"message": "stalled"}}, status_code=500)
            if isinstance(reply, Refuse):
                return JSONResponse({"error": {"message": reply.message}}, status_code=reply.status)
            finish = "length" if isinstance(reply, Cut) else "stop"
            text = reply.text if isinstance(reply, Cut) else reply(body) if callable(reply) else reply
            prompt, completion = self.usage
            return JSONResponse(
                {
                    "id": f"chatcmpl-{len(self.requests)}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model", ""),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text},
                            "finish_reason": finish,
                        }
                    ],
                    "usage": {
                        "prompt_tokens": prompt,
                        "completion_tokens": completion,
                        "total_tokens": prompt + completion,
                    },
                }
            )

        return app


@contextmanager
def running() -> Iterator[FakeOpenAI]:
    """A fake server in a thread of this process, stopped on exit."""
    fake = FakeOpenAI()
    config = uvicorn.Config(fake.app(), host="127.0.0.1", port=fake.port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the fake OpenAI server did not start")
        time.sleep(0.02)
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(10)


def prompt_text(body: dict[str, Any]) -> str:
    """The text parts of the user messages of a request."""
    parts = []
    for message in body["messages"]:
        content = message["content"]
        if isinstance(content, str):
            parts.append(content)
        else:
            parts.extend(p["text"] for p in content if p.get("type") == "text")
    return "\n".join(parts)


def image_urls(body: dict[str, Any]) -> list[str]:
    return [
        p["image_url"]["url"]
        for m in body["messages"]
        if isinstance(m["content"], list)
        for p in m["content"]
        if p.get("type") == "image_url"
    ]


def line_id(body: dict[str, Any], text: str) -> str:
    """The id of the OCR line whose text is ``text`` in the prompt of ``body``."""
    for match in re.finditer(r"^(L\d+) \d+,\d+ (.*)$", prompt_text(body), re.MULTILINE):
        if match.group(2) == text:
            return match.group(1)
    raise AssertionError(f"no OCR line {text!r} in the prompt")


def answer(fields: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    """A reply built from ``{key: (value, [line texts or ids]) | [{...}, ...] | {...}}``; texts become ids."""

    def build(body: dict[str, Any], node: Any) -> Any:
        if isinstance(node, tuple):
            value, lines = node
            ids = [t if re.fullmatch(r"L\d+", t) else line_id(body, t) for t in lines]
            return {"value": value, "lines": ids}
        if isinstance(node, list):
            return [build(body, x) for x in node]
        return {k: build(body, v) for k, v in node.items()}

    return lambda body: json.dumps(build(body, fields))
