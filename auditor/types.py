"""Small shared vocabularies: severities and categories. One place, used everywhere."""

from __future__ import annotations

from typing import Literal

Severity = Literal["none", "low", "medium", "high"]
SEVERITIES: tuple[Severity, ...] = ("none", "low", "medium", "high")
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}

Category = Literal["figure", "name", "garbled", "untranslated", "repetition", "meaning", "format", "boilerplate"]
CATEGORIES: tuple[Category, ...] = (
    "figure", "name", "garbled", "untranslated", "repetition", "meaning", "format", "boilerplate",
)


def max_severity(severities) -> Severity:
    best: Severity = "none"
    for s in severities:
        if SEVERITY_RANK[s] > SEVERITY_RANK[best]:
            best = s
    return best
