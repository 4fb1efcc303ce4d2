"""``innoscope serve``: the dashboard (map, rankings, radar, what-if weights, upload)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ._common import ConfigOpt, DataArg, FrameworkOpt, SetOpt, StudyOpt, cli_errors, console, fail


@app.command("serve")
@cli_errors
def serve_cmd(
    data: Optional[str] = DataArg,
    study: Optional[str] = StudyOpt,
    framework: Optional[str] = FrameworkOpt,
    config: Optional[Path] = ConfigOpt,
    sets: Optional[list[str]] = SetOpt,
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on (default this machine only)."),
    port: int = typer.Option(8050, "--port", "-p", help="Port to listen on."),
    max_upload_mb: Optional[float] = typer.Option(
        None, "--max-upload-mb", help="Largest upload in MB (config: dashboard.max_upload_mb, default 20)."),
) -> None:
    """Serve the interactive dashboard in the browser: map, ranking, radar, efficiency, tiers,
    clusters and hubs, what-if weights and methods, upload of a data file, downloads.

    The data are evaluated once at start (problems are reported like ``innoscope evaluate``).
    The API is documented at /docs and /openapi.json.

    Example: innoscope serve --port 8050
    """
    if not 0 < port < 65536:
        fail(f"--port {port}: use a port between 1 and 65535")
    if max_upload_mb is not None and not max_upload_mb > 0:
        fail(f"--max-upload-mb {max_upload_mb}: must be more than 0")
    from ..dashboard import create_app

    application = create_app(data, study=study, framework=framework, config=config,
                             sets=list(sets or []), max_upload_mb=max_upload_mb)
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"note: listening on {host}: other machines can reach the dashboard and "
                      "upload files", markup=False)
    console.print(f"innoscope dashboard: http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/ "
                  "(Ctrl+C to stop)", markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")
