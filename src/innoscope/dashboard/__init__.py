"""The dashboard: a FastAPI app and one static page (ECharts) over an evaluation.

``innoscope serve`` starts it. The page shows the map, ranking, radar, efficiency, tiers,
robustness (when computed), clusters and hubs of one :class:`~innoscope.evaluation.EvaluationResult`;
a what-if refits the index with other weights or methods on the server; an uploaded panel
file becomes a new data set. The front end computes nothing: every number comes from the
JSON API (OpenAPI at ``/openapi.json``).

Needs the ``dashboard`` extra (FastAPI, uvicorn, python-multipart). Example (starts a
server, so not run as a doctest)::

    from innoscope.dashboard import create_app, serve
    app = create_app()              # the embedded data
    serve(port=8050)                # http://127.0.0.1:8050
"""
from __future__ import annotations

__all__ = ["create_app", "serve", "STATIC_FILES"]

#: Files of the built front end (``web/`` → ``static/``).
STATIC_FILES = ("index.html", "app.js", "app.css", "BUILD.json")


def create_app(data=None, **kwargs):
    """The FastAPI app (see :func:`innoscope.dashboard._app.create_app`)."""
    from ._app import create_app as _create

    return _create(data, **kwargs)


def serve(data=None, *, host: str = "127.0.0.1", port: int = 8050, log_level: str = "warning",
          **kwargs) -> None:
    """Evaluate ``data`` and serve the dashboard on ``host:port`` until interrupted."""
    import uvicorn

    app = create_app(data, **kwargs)
    uvicorn.run(app, host=host, port=port, log_level=log_level)
