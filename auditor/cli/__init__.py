"""Command-line interface. Each command group lives in its own module, registered here explicitly."""

from __future__ import annotations

import sys

import click

from .. import __version__
from .audit import audit
from .checks import checks
from .evaluate import corrupt_command, eval_command
from .models import models
from .review import review
from .serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """Audit machine-translated text for corrupted meaning and figures."""


cli.add_command(audit)
cli.add_command(checks)
cli.add_command(eval_command)
cli.add_command(corrupt_command)
cli.add_command(models)
cli.add_command(review)
cli.add_command(serve)


def main() -> None:
    # click prints usage errors as "Error: ..."; auditor's own errors are one line "auditor: error: ...".
    sys.exit(cli.main(prog_name="auditor", standalone_mode=True))
