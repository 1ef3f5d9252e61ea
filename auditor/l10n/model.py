"""What every localisation reader returns: translation units with their clean text.

A reader turns one file into one or more :class:`BilingualFile` (one per XLIFF ``<file>``
element, per TMX target language); auditor.l10n.documents turns those into the engine's
Documents. Readers never segment, detect languages or audit.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class FormatError(ValueError):
    """A localisation file auditor refuses: malformed, hostile or not what it claims to be."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path, self.line, self.message = path, line, message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


#: states that mean "a reviewer signed this off" (XLIFF 1.2 final/signed-off, 2.x final, approved="yes")
APPROVED_STATES = frozenset({"final", "signed-off", "approved"})
#: states that mean "no translator has confirmed this yet" (MT output often sits here)
UNTRANSLATED_STATES = frozenset({"new", "needs-translation", "initial"})


@dataclass
class TransUnit:
    """One translation unit (or one plural form of a PO entry)."""

    id: str
    #: position of the unit in its file (the n-th trans-unit / unit / entry); write-back key
    key: int
    source: str | None
    target: str | None
    source_codes: tuple[str, ...] = ()
    target_codes: tuple[str, ...] = ()
    state: str | None = None
    approved: bool = False
    line: int | None = None

    @property
    def empty(self) -> bool:
        return self.target is None or not self.target.strip()

    @property
    def untranslated(self) -> bool:
        return self.state in UNTRANSLATED_STATES


@dataclass
class BilingualFile:
    """The units of one file part for one target language."""

    path: str
    format: str
    source_language: str | None
    target_language: str | None
    units: list[TransUnit] = field(default_factory=list)
    #: the part's name when a file holds several (XLIFF <file original>, TMX target language)
    part: str | None = None
