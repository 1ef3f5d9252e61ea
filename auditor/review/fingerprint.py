"""The identity of a flag across re-audits: document + hash of the sentence text (and, in a
localisation file, its unit id) + check code.

Offsets and sentence indexes move when an editor changes an earlier paragraph; the text of
the flagged sentence itself does not, unless someone fixed it. So a decision is keyed by
what the editor actually judged: this sentence, in this document, for this check. Two flags
of the same check in one sentence share a key, which matches how editors review (one
decision per problem in a sentence).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_SHA = re.compile(r"[0-9a-f]{64}")


def normalize_sentence(text: str) -> str:
    """NFC with runs of whitespace collapsed: a re-wrapped line keeps its decisions."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def sentence_hash(text: str, unit: str | None = None) -> str:
    """The sentence's identity; in a localisation file also its translation unit's id, so
    that the same sentence in two units (a "Speichern" button twice) gets two decisions and
    a re-export that keeps the unit ids and the text keeps every decision."""
    key = normalize_sentence(text) if unit is None else f"unit\x1f{unit}\x1f{normalize_sentence(text)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def is_sentence_hash(value: object) -> bool:
    return isinstance(value, str) and _SPACE.search(value) is None and _SHA.fullmatch(value) is not None


def decision_key(document: str, sentence_sha: str, code: str) -> str:
    """The key the page and the store use for one flag: ``document/sha/code``."""
    return f"{document}/{sentence_sha}/{code}"
