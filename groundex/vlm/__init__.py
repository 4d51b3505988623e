"""The VLM/LLM backend: a model behind an OpenAI-compatible endpoint reads the fields; groundex verifies
and grounds them."""

from groundex.vlm.backend import VlmBackend
from groundex.vlm.client import Usage
from groundex.vlm.config import VlmConfig
from groundex.vlm.hybrid import hybrid_locate

__all__ = ["Usage", "VlmBackend", "VlmConfig", "hybrid_locate"]
