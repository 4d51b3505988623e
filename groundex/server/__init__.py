"""The VLM Run-compatible REST server (``groundex serve``): ``app.create_app(settings.Settings(...))``."""
