"""The FastAPI application: a read-only JSON API over a store, its OpenAPI docs, and the dashboard.

Errors have one shape everywhere, `{"error": str, "detail": ...}`: 400 for unknown parameters, 404 for
unknown ids and paths, 405 for a method other than GET, 413/414 for oversized requests, 422 for values that
fail validation, 503 when the store cannot answer. Nothing a client sends can cause a 500.

The dashboard's libraries are npm packages installed next to its sources (`npm ci` in src/riftwatch/web);
only the files listed in VENDOR are served from there, so node_modules is never exposed as a whole.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConfigError, StoreError
from ..store import Store
from . import routes
from .params import refuse_unknown_parameters

logger = logging.getLogger(__name__)

WEB = Path(__file__).resolve().parent.parent / "web"
MAX_QUERY_CHARS = 2048
MAX_BODY_BYTES = 1024
# Served name -> file inside node_modules (the only files of node_modules the server ever reads).
VENDOR = {
    "vega.min.js": "vega/build/vega.min.js",
    "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
    "vega-embed.min.js": "vega-embed/build/vega-embed.min.js",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}
# The dashboard loads nothing from elsewhere; vega compiles expressions with Function, hence unsafe-eval.
DASHBOARD_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'"
)


def web_modules() -> Path:
    """Where the dashboard's npm packages are: $RIFTWATCH_WEB_MODULES, else src/riftwatch/web/node_modules."""
    return Path(os.environ.get("RIFTWATCH_WEB_MODULES") or WEB / "node_modules")


def missing_web_assets(modules: Path | None = None) -> list[str]:
    """The vendor files that are not installed (empty when `npm ci` has run)."""
    modules = modules or web_modules()
    return [name for name, path in VENDOR.items() if not (modules / path).is_file()]


def error_response(status: int, error: str, detail: Any = None) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


def create_app(db: str | os.PathLike[str], *, modules: Path | None = None) -> FastAPI:
    """The API and dashboard over the store at `db`, opened read-only (StoreError if it cannot be)."""
    store = Store(db, read_only=True)
    modules = modules or web_modules()

    @asynccontextmanager
    async def lifespan(started: FastAPI) -> AsyncIterator[None]:
        stop_warming = routes.warm(started.state)
        yield
        stop_warming()
        store.close()

    app = FastAPI(
        title="riftwatch",
        version=__version__,
        description="Read-only access to a riftwatch store: articles, events with their evidence, dyads, "
        'the actor network and rift alerts. Errors: `{"error": ..., "detail": ...}`.',
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.db = str(db)
    app.state.answers, app.state.locks, app.state.guard = {}, {}, threading.Lock()
    _add_error_handlers(app)
    _add_limits(app)
    app.include_router(routes.router, prefix="/api", dependencies=[Depends(refuse_unknown_parameters)])
    _add_dashboard(app, modules)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        error = "invalid parameters" if status == 422 else phrase.lower()
        return error_response(status, error, None if exc.detail == phrase else exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [
            {
                "parameter": ".".join(str(part) for part in error["loc"][1:]) or str(error["loc"][0]),
                "in": str(error["loc"][0]),
                "message": error["msg"],
            }
            for error in exc.errors()
        ]
        return error_response(422, "invalid parameters", detail)

    @app.exception_handler(ConfigError)
    async def bad_setting(_: Request, exc: ConfigError) -> JSONResponse:
        return error_response(422, "invalid parameters", str(exc))

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return error_response(503, "store unavailable", str(exc))


def _add_limits(app: FastAPI) -> None:
    @app.middleware("http")
    async def bounded(request: Request, call_next):  # type: ignore[no-untyped-def]
        if len(request.url.query) > MAX_QUERY_CHARS:
            return error_response(
                414, "uri too long", f"the query string is limited to {MAX_QUERY_CHARS} characters"
            )
        length = request.headers.get("content-length")
        if (
            length and (not length.isdigit() or int(length) > MAX_BODY_BYTES)
        ) or "chunked" in request.headers.get("transfer-encoding", ""):
            return error_response(
                413, "content too large", f"this API reads no request bodies over {MAX_BODY_BYTES} bytes"
            )
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if not request.url.path.startswith(("/api", "/docs")):
            response.headers.setdefault("Content-Security-Policy", DASHBOARD_CSP)
        return response


def _add_dashboard(app: FastAPI, modules: Path) -> None:
    static = WEB / "static"

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> Response:
        if name not in VENDOR:
            return error_response(404, "not found", f"no vendor file {name!r}")
        path = modules / VENDOR[name]
        if not path.is_file():
            return error_response(
                503, "dashboard libraries not installed", f"{path} is missing: run `npm ci` in {WEB}"
            )
        return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="riftwatch API",
            swagger_js_url="/vendor/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    app.mount("/static", StaticFiles(directory=static), name="static")


def serve(
    db: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "warning"
) -> None:
    """Serve the API and dashboard until interrupted."""
    import uvicorn

    missing = missing_web_assets()
    if missing:
        logger.warning("dashboard libraries missing (%s): run `npm ci` in %s", ", ".join(missing), WEB)
    app = create_app(db)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        limit_concurrency=64,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=3,
        h11_max_incomplete_event_size=16 * 1024,
    )
