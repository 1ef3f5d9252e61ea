"""The registry of checks: one explicit list, in report order.

Adding a check: write its class (one per module or in its family's module), add YAML cases
under ``checks/cases/``, and add one line here.
"""

from __future__ import annotations

from collections.abc import Iterable

from .base import Check, Context, Corpus, Evidence, Finding, Translation
from .boilerplate import SiteBoilerplate
from .figures import (
    BacktranslationFigureMismatch,
    FractionalCount,
    LostMagnitude,
    SourceFigureMismatch,
    TinyApproximateCount,
    UnitConversionMismatch,
    WrongLocaleSeparator,
)
from .format import QuoteBalance
from .garbled import (
    DanglingWord,
    MidSentenceCapital,
    MissingSpaceFusion,
    VerblessFragment,
)
from .meaning import (
    Addition,
    DroppedAside,
    LowConfidence,
    NameMismatch,
    NegationMismatch,
    Omission,
    RoundtripLoss,
    SourceCopy,
    SourceDivergence,
)
from .names import NameVariant
from .placeholders import PlaceholderMismatch
from .repetition import RepeatedCoordinatedWord, RepeatedWord
from .untranslated import EnglishAcronym, EnglishSpan, EnglishWord

# Report order: figures, names, structure, untranslated, repetition, meaning, format, boilerplate.
REGISTRY: tuple[type[Check], ...] = (
    LostMagnitude,
    WrongLocaleSeparator,
    FractionalCount,
    TinyApproximateCount,
    UnitConversionMismatch,
    BacktranslationFigureMismatch,
    SourceFigureMismatch,
    NameVariant,
    MissingSpaceFusion,
    MidSentenceCapital,
    VerblessFragment,
    DanglingWord,
    EnglishSpan,
    EnglishWord,
    EnglishAcronym,
    SourceCopy,
    RepeatedWord,
    RepeatedCoordinatedWord,
    LowConfidence,
    RoundtripLoss,
    NegationMismatch,
    Omission,
    Addition,
    DroppedAside,
    NameMismatch,
    SourceDivergence,
    QuoteBalance,
    PlaceholderMismatch,
    SiteBoilerplate,
)

__all__ = ["Check", "Context", "Corpus", "Evidence", "Finding", "Translation", "REGISTRY",
           "get_check", "select_checks", "UnknownCheck"]


class UnknownCheck(KeyError):
    def __str__(self) -> str:
        return f"unknown check, name or category: {self.args[0]!r} (see 'auditor checks list')"


def get_check(key: str) -> type[Check]:
    """A check by code (case-insensitive) or kebab name."""
    for cls in REGISTRY:
        if key.upper() == cls.code or key.lower() == cls.name:
            return cls
    raise UnknownCheck(key)


def _matches(cls: type[Check], key: str) -> bool:
    key_l = key.lower()
    return key.upper() == cls.code or key_l == cls.name or key_l == cls.category


def select_checks(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[type[Check]]:
    """Checks chosen by code, name or category; unknown keys raise UnknownCheck."""
    select, ignore = list(select), list(ignore)
    for key in select + ignore:
        if not any(_matches(cls, key) for cls in REGISTRY):
            raise UnknownCheck(key)
    chosen = [c for c in REGISTRY if not select or any(_matches(c, k) for k in select)]
    return [c for c in chosen if not any(_matches(c, k) for k in ignore)]
