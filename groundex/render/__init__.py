"""Renderers: VLM Run JSON and annotated page images."""
