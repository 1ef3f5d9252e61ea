"""From a sentence's flags to its severity and score.

Severity is the highest severity among the sentence's flags. The score (0 = nothing
suspicious, 1 = certainly corrupted) combines flags as independent pieces of evidence:
``1 - prod(1 - w)`` with w = 0.25 / 0.5 / 0.8 for low / medium / high, so two medium flags
(0.75) outrank one medium flag but not one high flag plus anything.
"""

from __future__ import annotations

from collections.abc import Iterable

from .checks.base import Finding
from .types import Severity, max_severity

WEIGHTS: dict[str, float] = {"none": 0.0, "low": 0.25, "medium": 0.5, "high": 0.8}


def score_flags(flags: Iterable[Finding]) -> tuple[float, Severity]:
    flags = list(flags)
    remaining = 1.0
    for f in flags:
        remaining *= 1.0 - WEIGHTS[f.severity]
    return round(1.0 - remaining, 4), max_severity(f.severity for f in flags)
