"""`auditor serve [REPORTS_DIR]`: review the reports in a browser, decisions stored in SQLite."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import click

from .common import AuditorError


@click.command()
@click.argument("reports_dir", default="reports", type=click.Path(file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default keeps the reports on this machine.")
@click.option("--verbose", "-v", is_flag=True, help="Log every request on stderr.")
def serve(reports_dir: str, port: int, host: str, verbose: bool) -> None:
    """Serve REPORTS_DIR (default: reports) for review; decisions go to REPORTS_DIR/.auditor-review.sqlite."""
    from ..review.server import ReviewServer

    folder = Path(reports_dir)
    if not folder.is_dir():
        raise AuditorError(f"{folder}: no such reports folder (run 'auditor audit --out {folder} FILE...' first)")
    try:
        server = ReviewServer(folder, host=host, port=port, quiet=not verbose)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise AuditorError(f"port {port} is in use (try --port 0 for any free port)") from None
        raise AuditorError(f"cannot serve on {host}:{port} ({exc.strerror or exc})") from None
    except sqlite3.Error as exc:
        raise AuditorError(f"{folder}: cannot open the decision store ({exc})") from None
    click.echo(f"Serving {folder}/ at {server.url} (Ctrl+C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()
