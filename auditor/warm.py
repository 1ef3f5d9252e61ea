"""Imported by the fork server of a corpus audit's worker processes (``auditor.parallel``'s
``preload``), before it forks them: what the checks load on first use is then loaded once,
and every worker starts with it. Importing this module audits a short text (no I/O)."""

import gc

from .engine import warm_up

try:
    warm_up()
except Exception:  # noqa: BLE001 - a head start only: the first task loads what failed here, and reports it
    pass

# What the warm-up loaded (HanTa's and wordfreq's tables, SoMaJo's, lingua's models: millions
# of objects) lives as long as the process: moved out of the collector's reach, a worker's
# full collections no longer walk it (measured at 21k sentences: about half of each worker's
# GC time), and forked workers do not touch the shared pages to do so.
gc.freeze()
