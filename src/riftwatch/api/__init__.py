"""The read-only REST API and the dashboard: `create_app(db)` for a FastAPI app, `serve(db)` to run it."""

from .app import create_app, missing_web_assets, serve

__all__ = ["create_app", "missing_web_assets", "serve"]
