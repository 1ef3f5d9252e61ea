"""What every command shares: one-line errors with the right exit code, warnings on stderr."""

from __future__ import annotations

import click

EXIT_OK = 0
EXIT_FLAGS = 1
EXIT_USAGE = 2
EXIT_MODEL = 3
#: 128 + SIGINT, as shells report a process ended by Ctrl+C
EXIT_INTERRUPTED = 130


class AuditorError(click.ClickException):
    """An error the user can act on: printed as one line ``auditor: error: ...``."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        click.echo(f"auditor: error: {self.format_message()}", err=True)


class Interrupted(AuditorError):
    """Ctrl+C: one line ``auditor: interrupted: ...`` saying what was written, exit 130."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_INTERRUPTED)

    def show(self, file=None) -> None:  # noqa: D102 - click's hook
        click.echo(f"auditor: interrupted: {self.format_message()}", err=True)


def warn(message: str) -> None:
    click.echo(f"auditor: warning: {message}", err=True)


def split_list(values: tuple[str, ...]) -> tuple[str, ...]:
    """Options given repeatedly or comma-separated: ``--select FIG001,REP001 --select name``."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())
