"""Imported by the fork server of a corpus audit's worker processes (``auditor.parallel``'s
``preload``), before it forks them: what the checks load on first use is then loaded once,
and every worker starts with it. Importing this module audits a short text (no I/O)."""

from .engine import warm_up

try:
    warm_up()
except Exception:  # noqa: BLE001 - a head start only: the first task loads what failed here, and reports it
    pass
