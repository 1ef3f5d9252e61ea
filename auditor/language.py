"""Language identification among the languages auditor has models for.

lingua restricted to the configured languages: restricting it is what makes short and
mixed texts decidable (unrestricted, it misses English spans in German, measured).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence


class LanguageUndecided(ValueError):
    pass


class UnknownLanguageTag(ValueError):
    """A ``--lang`` value that names no language auditor is configured for."""


def resolve_language_tag(tag: str, configured: tuple[str, ...]) -> tuple[str, str | None]:
    """``(language, locale)`` for a language tag as tools write it.

    BCP 47 and POSIX forms and ISO 639-2 codes (``de-DE``, ``de_AT``, ``DE``, ``deu``,
    ``ger``, ``de_CH.UTF-8``) are normalised by langcodes (its alias tables know ``ger`` and
    ``deu``; a hand-made table would not keep up) to one of ``configured``. ``locale`` is the
    region as babel names it (``de_CH``) when the tag has one babel knows, else None.
    Raises UnknownLanguageTag naming the configured languages.
    """
    import langcodes

    known = ", ".join(configured)
    raw = tag.strip().split(".", 1)[0].split("@", 1)[0]  # POSIX codeset and modifier
    try:
        parsed = langcodes.Language.get(raw.replace("_", "-"), normalize=True)
    except (langcodes.tag_parser.LanguageTagError, ValueError):
        raise UnknownLanguageTag(f"--lang {tag!r} is not a language tag; configured languages: {known}") from None
    language = parsed.language
    if language not in configured:
        raise UnknownLanguageTag(f"--lang {tag!r} is no configured language (models.yaml has: {known})")
    return language, _babel_locale(language, parsed.territory)


def _babel_locale(language: str, territory: str | None) -> str | None:
    if not territory:
        return None
    from babel import Locale, UnknownLocaleError

    try:
        regional, base = Locale(language, territory), Locale(language)
    except (UnknownLocaleError, ValueError):
        return None  # a region babel has no data for: the language's conventions
    # de_DE writes figures and months as de does: no locale, so that --lang de-DE audits
    # exactly like --lang de
    if regional.number_symbols == base.number_symbols and regional.months == base.months:
        return None
    return str(regional)


@functools.lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in languages]
    if len(langs) == 1:  # lingua needs two languages to compare
        return None
    return LanguageDetectorBuilder.from_languages(*langs).with_minimum_relative_distance(0.1).build()


#: characters of a text lingua reads: far more than it needs to be sure, and a bound on its time
SAMPLE = 20000
#: texts given to lingua's parallel detection at once
BATCH = 512


def detect_language(text: str, languages: tuple[str, ...], min_chars: int = 20) -> str:
    """The ISO 639-1 code of ``text`` among ``languages``; LanguageUndecided if unclear."""
    answer = detect_languages([text], languages, min_chars)[0]
    if isinstance(answer, LanguageUndecided):
        raise answer
    return answer


def detect_languages(texts: Sequence[str], languages: tuple[str, ...],
                     min_chars: int = 20) -> list[str | LanguageUndecided]:
    """``detect_language`` of many texts at once, each answer a code or the LanguageUndecided
    it would raise. lingua's own parallel detection uses every core (its Rust threads), so
    a corpus's languages cost no worker processes."""
    answers: list[str | LanguageUndecided] = []
    samples: dict[int, str] = {}
    for i, text in enumerate(texts):
        sample = text[:SAMPLE]
        if len(sample.strip()) < min_chars:
            answers.append(LanguageUndecided("too little text to tell its language"))
        else:
            answers.append(languages[0])  # the only candidate, or replaced below
            samples[i] = sample
    detector = _detector(tuple(sorted(languages)))
    if detector is None or not samples:
        return answers
    found = []
    texts = list(samples.values())
    # in batches: lingua copies every text of a call into Rust strings at once (a corpus of
    # 70,000 documents grew the process by 200 MB), and each batch still uses every core
    for start in range(0, len(texts), BATCH):
        found += detector.detect_languages_in_parallel_of(texts[start:start + BATCH])
    for i, language in zip(samples, found):
        answers[i] = (language.iso_code_639_1.name.lower() if language is not None else
                      LanguageUndecided(f"could not tell which of {', '.join(sorted(languages))} it is"))
    return answers
