"""The review baseline for exit codes: flags an editor dismissed or fixed do not fail a run.

pofilter users have asked since 2010 for a way to stop re-reporting accepted findings; here
the decisions stored in the reports folder are that baseline. `auditor audit --fail-on`
should count only the flags this module does not call resolved.
"""

from __future__ import annotations

from pathlib import Path

from .fingerprint import decision_key, sentence_hash
from .store import RESOLVED, DecisionStore


def resolved_keys(reports_dir: Path | str) -> frozenset[str]:
    """Keys (document/sha/code) of the flags dismissed or fixed in this reports folder."""
    if not DecisionStore.exists_in(reports_dir):
        return frozenset()
    return frozenset(d.key for d in DecisionStore.in_folder(reports_dir).decisions() if d.status in RESOLVED)


def is_resolved(resolved: frozenset[str], document: str, sentence_text: str, code: str,
                unit: str | None = None) -> bool:
    return decision_key(document, sentence_hash(sentence_text, unit), code) in resolved
