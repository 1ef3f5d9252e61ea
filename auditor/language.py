"""Language identification among the languages auditor has models for.

lingua restricted to the configured languages: restricting it is what makes short and
mixed texts decidable (unrestricted, it misses English spans in German, measured).
"""

from __future__ import annotations

import functools


class LanguageUndecided(ValueError):
    pass


@functools.lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in languages]
    if len(langs) == 1:  # lingua needs two languages to compare
        return None
    return LanguageDetectorBuilder.from_languages(*langs).with_minimum_relative_distance(0.1).build()


def detect_language(text: str, languages: tuple[str, ...], min_chars: int = 20) -> str:
    """The ISO 639-1 code of ``text`` among ``languages``; LanguageUndecided if unclear."""
    sample = text[:20000]
    if len(sample.strip()) < min_chars:
        raise LanguageUndecided("too little text to tell its language")
    detector = _detector(tuple(sorted(languages)))
    if detector is None:
        return languages[0]
    found = detector.detect_language_of(sample)
    if found is None:
        raise LanguageUndecided(f"could not tell which of {', '.join(sorted(languages))} it is")
    return found.iso_code_639_1.name.lower()
