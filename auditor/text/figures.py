"""Figures in German, English and French text, in one representation.

A *figure* is a number as a reader understands it: ``10.000 Soldaten``, ``dreitausend``,
``1,5 Millionen Euro``, ``62 Prozent``, ``50 Kilometer``, ``am 25. Oktober``, ``2024``,
``Tausende`` (a vague quantity, no exact value). :func:`extract_figures` finds them with
character offsets, the value as a :class:`~decimal.Decimal`, a kind, the approximator
("etwa", "bis zu", "about") and the noun or unit they quantify. :func:`compare_figures`
compares the figures of two sentences (a sentence and its back-translation, or a source
sentence and its translation) as values.

Libraries: digits are read with babel's ``parse_decimal(strict=True)`` in the language's
locale (non-strict babel reads German ``1.5`` as 15 and English ``10.000`` as 10, silently);
spelled-out numbers with text2num. What neither does is done here with small rules, each
measured on the seeds: digit + scale word (``1,5 Millionen``, ``Mio.``, ``1.5 million``),
``zwei Dutzend``, fractions of a scale word (``eine Viertelmillion``, ``half a million``,
``zweieinhalb Millionen``), multiplicatives (``zehnmal``, ``zehnfache``, ``10-fach``: the
number; ``twice``: 2), English compound adjectives (``a 15-foot boat``) and one unit spelled
with the article (``a foot``), vague quantities (``Tausende``, ``thousands of``, ``a couple
thousand``), dates and ordinals
(``am 25. Oktober``, ``am 27. und 28. Oktober``: babel's month names plus the ordinal dot;
dateparser called "Die" a date on the seeds), years, times (``18 Uhr``) and ranges.
:func:`compare_figures` accepts a translator's unit conversion (``200 feet`` as ``60
Meter``) within the rounding of the converted figure (:func:`agrees`).

The finder is regex-first so it stays fast (all text-only checks together must do 2,000
sentences/s): one pass for digit tokens, one for number words, one for vague quantities;
babel and text2num only run on the candidates, memoised.

Design decisions:

* The articles ``ein``/``eine`` (and English ``one``, French ``un``/``une``) are never read as
  the number 1 (text2num does with threshold 0): in running text they are articles or
  pronouns far more often than counts. ``eine Million`` is still 1,000,000.
* Spelled-out German numbers count only in lower case, except at the start of a sentence
  or quote: ``Acht`` and ``Elf`` are nouns.
* ``noun_key`` is a cheap stem (case folded, umlauts folded, one inflection ending
  removed: Soldaten/Soldat -> ``soldat``, Generäle/General -> ``general``, Häuser/Haus ->
  ``haus``). It is used to match mentions across sentences; compounds are matched by the
  checks on the key's suffix (Elitesoldaten -> ``soldat``). HanTa's lemmas would be more
  exact but cost ~1 ms a sentence, half the whole text-only budget.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from babel.dates import get_month_names
from babel.numbers import NumberFormatError, parse_decimal

__all__ = ["ANSWERS_ONLY", "Figure", "FigureComparison", "extract_figures", "compare_figures", "currency_aside",
           "conversion_aside",
           "noun_key", "SUPPORTED_LANGUAGES", "convert", "agrees"]

SUPPORTED_LANGUAGES = frozenset({"de", "en", "fr"})

#: kinds a figure can have
KINDS = ("count", "percent", "money", "measure", "year", "date", "ordinal", "range", "vague", "time",
         "score")


# slots: a corpus run's figure index holds many of them
@dataclass(frozen=True, slots=True)
class Figure:
    """One figure in a text. Offsets are relative to the text given to :func:`extract_figures`."""

    #: the numeric expression: digits or number words, with scale word ("Millionen"),
    #: "Dutzend" and a unit symbol ("%", "km") when they follow
    start: int
    end: int
    #: the value (scale applied: "1,5 Millionen" -> 1500000); None for vague quantities
    value: Decimal | None
    kind: str
    #: "etwa", "bis zu", "about" ... as written, or None
    approximator: str | None
    #: the quantified noun as written ("Soldaten", "Kilometern", "Prozent"), or None
    noun: str | None
    #: normalised key of the noun for matching inflections ("soldat"), or None
    noun_key: str | None
    #: normalised unit: "km", "mi", "m", "ft", "kg", "lb", "C", "F", "%", "EUR", "USD",
    #: "GBP", "h" (clock time), or None
    unit: str | None
    #: the text of the numeric expression (``text[start:end]``)
    text: str
    #: end of the whole phrase (through the noun when there is one)
    phrase_end: int = -1
    #: the upper end of a range ("9 bis 18 Uhr": value 9, high 18), the second number of a
    #: score ("2:1": value 2, high 1)
    high: Decimal | None = None
    #: "digits", "words", "compound" (a number word inside a German word: "zwölfjährig"),
    #: "decade" (English "the 80s") or "ratio" (the 3 of "1 in 3"), "implied" (the 13 of French
    #: "la nuit du 13 au 14"); the last four only answer a figure of the other side
    written: str = "digits"
    #: a scale word or "Dutzend" multiplied the number
    scaled: bool = False
    #: vague quantities: the order of magnitude they stand for ("Tausende" -> 1000)
    magnitude: Decimal | None = None
    #: digits that follow the other locale's convention in this language: "grouping"
    #: (German "2,400", "15,000") or "decimal" (German "26.4"); None when unremarkable
    separator_issue: str | None = None
    #: the value under the other convention ("2,400" in German -> 2400)
    alt_value: Decimal | None = None
    #: the month of a date (1-12), when known
    month: int | None = None
    #: where the approximator starts, when there is one
    approx_start: int | None = None

    @property
    def is_exact(self) -> bool:
        return self.value is not None and self.kind != "vague"

    def phrase(self, text: str) -> str:
        """The figure with its noun, as written in ``text``."""
        return text[self.start:max(self.end, self.phrase_end)]


# --------------------------------------------------------------------------------------
# vocabularies

_LOCALE = {"de": "de", "en": "en", "fr": "fr"}
_OTHER_LOCALE = {"de": "en", "en": "de", "fr": "en"}

_APPROX = {
    "de": ["etwa", "rund", "ungefähr", "circa", "ca.", "zirka", "fast", "knapp", "beinahe",
           "nahezu", "annähernd", "mehr als", "über", "weniger als", "unter", "bis zu",
           "mindestens", "höchstens", "gut", "an die", "schätzungsweise", "etwas mehr als",
           "etwas weniger als"],
    "en": ["about", "around", "approximately", "roughly", "nearly", "almost", "up to",
           "more than", "over", "at least", "at most", "fewer than", "less than", "under",
           "close to", "an estimated", "some", "as many as"],
    "fr": ["environ", "près de", "plus de", "jusqu'à", "presque", "quelque", "moins de",
           "au moins", "autour de", "quelques"],
}

# scale words after a number, with their factor
_SCALES = {
    "de": {"tsd.": 10**3, "tausend": 10**3, "mio.": 10**6, "mio": 10**6, "million": 10**6,
           "millionen": 10**6, "mrd.": 10**9, "mrd": 10**9, "milliarde": 10**9,
           "milliarden": 10**9, "billion": 10**12, "billionen": 10**12},
    "en": {"thousand": 10**3, "million": 10**6, "millions": 10**6, "mn": 10**6,
           "billion": 10**9, "billions": 10**9, "bn": 10**9, "trillion": 10**12},
    "fr": {"mille": 10**3, "million": 10**6, "millions": 10**6, "milliard": 10**9,
           "milliards": 10**9, "mrd": 10**9},
}
_DOZEN = {"de": ("dutzend",), "en": ("dozen",), "fr": ("douzaine", "douzaines")}

# vague quantities: word -> magnitude. "Millionen" alone is vague ("Millionen Munition");
# after a number it is a scale word (handled first, so it never reaches this table).
_VAGUE = {
    "de": {"dutzende": 12, "dutzenden": 12, "hunderte": 100, "hunderten": 100,
           "tausende": 10**3, "tausenden": 10**3, "zehntausende": 10**4,
           "zehntausenden": 10**4, "hunderttausende": 10**5, "hunderttausenden": 10**5,
           "millionen": 10**6, "milliarden": 10**9},
    "en": {"dozens": 12, "hundreds": 100, "thousands": 10**3, "tens of thousands": 10**4,
           "hundreds of thousands": 10**5, "millions": 10**6, "billions": 10**9},
    "fr": {"dizaines": 10, "centaines": 100, "milliers": 10**3, "dizaines de milliers": 10**4,
           "centaines de milliers": 10**5, "millions": 10**6, "milliards": 10**9},
}

# number-word morphemes (German and French compounds are one word, English ones are
# separate words). text2num validates every candidate.
_NUMBER_MORPHS = {
    "de": ["null", "eins", "eine", "ein", "zwei", "zwo", "drei", "vier", "fünf", "sechs", "sieben", "sieb",
           "acht", "neun", "zehn", "elf", "zwölf", "sech", "zwanzig", "dreißig", "vierzig",
           "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig", "hundert", "tausend", "und",
           "anderthalb"],
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
           "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
           "eighty", "ninety", "hundred", "thousand", "twice"],
    "fr": ["zéro", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
           "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "vingts",
           "trente", "quarante", "cinquante", "soixante", "cent", "cents", "mille", "et",
           # Belgian and Swiss tens (text2num reads them)
           "septante", "huitante", "octante", "nonante"],
}
# never numbers on their own: articles, pronouns, conjunctions (see the module docstring)
_NOT_A_NUMBER = frozenset({"ein", "eine", "eins", "und", "null", "zero", "one", "un", "une", "et",
                           "zéro", "sieb", "sech", "zwo"})

_MONEY = {
    "euro": "EUR", "eur": "EUR", "€": "EUR", "cent": "EUR", "dollar": "USD", "us-dollar": "USD",
    "usd": "USD", "$": "USD", "us$": "USD", "pfund": "GBP", "£": "GBP", "pound": "GBP",
    "franken": "CHF", "rubel": "RUB", "ruble": "RUB", "rouble": "RUB", "yuan": "CNY",
    "yen": "JPY", "hrywnja": "UAH", "hryvnia": "UAH", "dollars": "USD",
    "pounds": "GBP", "euros": "EUR", "rubles": "RUB", "roubles": "RUB", "livre": "GBP",
    "livres": "GBP", "dollars américains": "USD",
}
# measure units: folded word -> unit
_UNITS = {
    "kilometer": "km", "kilometern": "km", "km": "km", "kilometers": "km", "kilometre": "km",
    "kilometres": "km", "kilomètre": "km", "kilomètres": "km",
    "meile": "mi", "meilen": "mi", "mile": "mi", "miles": "mi", "mi": "mi",
    "meter": "m", "metern": "m", "m": "m", "meters": "m", "metre": "m", "metres": "m",
    "mètre": "m", "mètres": "m",
    "fuß": "ft", "fuss": "ft", "feet": "ft", "foot": "ft", "ft": "ft", "pieds": "ft",
    "kilogramm": "kg", "kilo": "kg", "kilos": "kg", "kg": "kg", "kilogram": "kg",
    "kilograms": "kg", "kilogrammes": "kg",
    "lb": "lb", "lbs": "lb",
    "°c": "C", "celsius": "C", "°f": "F", "fahrenheit": "F", "grad": "deg", "degrees": "deg",
    "degree": "deg",
    "zentimeter": "cm", "cm": "cm", "centimeters": "cm", "centimetres": "cm",
    "zoll": "in", "inch": "in", "inches": "in",
    "millimeter": "mm", "mm": "mm",
    "tonne": "t", "tonnen": "t", "tons": "t", "tonnes": "t", "t": "t",
    "liter": "l", "litern": "l", "litres": "l", "liters": "l",
    "hektar": "ha", "ha": "ha", "hectares": "ha", "acres": "ac", "acre": "ac",
    "yard": "yd", "yards": "yd", "yd": "yd",
    "nanosekunde": "ns", "nanosekunden": "ns", "nanoseconds": "ns", "nanosecond": "ns",
    "mikrosekunde": "us", "mikrosekunden": "us", "microseconds": "us", "microsecond": "us",
    "millisekunde": "ms", "millisekunden": "ms", "milliseconds": "ms", "millisecond": "ms",
    "quadratkilometer": "km2", "quadratkilometern": "km2", "km²": "km2",
    "square kilometers": "km2", "square miles": "mi2",
    # floor space: "1,200 sq ft" as "110 Quadratmeter", "80 m²", "80 qm"
    "quadratmeter": "m2", "quadratmetern": "m2", "quadratmeters": "m2", "m²": "m2", "qm": "m2",
    "quadratfuß": "ft2", "ft²": "ft2", "mètres carrés": "m2",
    # speeds as their distance per hour: the hour cancels in a conversion ("150 mph" as
    # "240 km/h"); a knot is a nautical mile per hour
    "mph": "mi", "km/h": "km", "stundenkilometer": "km", "stundenkilometern": "km",
    "knots": "nmi", "knot": "nmi", "knoten": "nmi",
    # changes of a rate: a basis point is a hundredth of a percentage point ("25 basis
    # points" is "0,25 Prozentpunkte"); English spells both in two words (see _TWO_WORD_UNIT)
    "basispunkt": "bp", "basispunkte": "bp", "basispunkten": "bp", "bp": "bp", "bps": "bp",
    "prozentpunkt": "pp", "prozentpunkte": "pp", "prozentpunkten": "pp",
    # volumes and small masses of product pages, manuals and recipes ("12 oz" as "350 ml",
    # "1 cup" as "240 ml", "5.5 quarts" as "5,2 Liter")
    "l": "l", "milliliter": "ml", "millilitern": "ml", "ml": "ml", "milliliters": "ml", "millilitres": "ml",
    "millilitre": "ml", "cl": "cl", "zentiliter": "cl", "dl": "dl", "deziliter": "dl",
    "gramm": "g", "g": "g", "grams": "g", "gram": "g", "grammes": "g", "milligramm": "mg", "mg": "mg",
    "milligrams": "mg", "oz": "oz", "ounce": "oz", "ounces": "oz", "unze": "oz", "unzen": "oz",
    "quart": "qt", "quarts": "qt", "qt": "qt", "gallon": "gal", "gallons": "gal", "gallone": "gal",
    "gallonen": "gal", "gal": "gal", "pint": "pt", "pints": "pt",
    "cup": "cup", "cups": "cup", "tablespoon": "tbsp", "tablespoons": "tbsp", "tbsp": "tbsp",
    "teaspoon": "tsp", "teaspoons": "tsp", "tsp": "tsp", "esslöffel": "tbsp", "teelöffel": "tsp",
    "tasse": "cup", "tassen": "cup",
}
# English units of two words whose first word _noun_after returns as the noun
_TWO_WORD_UNIT = re.compile(r"\s+points?\b")
_TWO_WORD_UNITS = {"basis": "bp", "percentage": "pp"}
_SQUARE_UNIT = re.compile(r"\.?\s*(feet|foot|ft|metres|meters|metre|meter|m|miles|mile|mi|kilometres|kilometers|"
                          r"kilometre|kilometer|km|yards|yard|yd)\b", re.IGNORECASE)
_SQUARE_UNITS = {"feet": "ft2", "foot": "ft2", "ft": "ft2", "metres": "m2", "meters": "m2", "metre": "m2",
                 "meter": "m2", "m": "m2", "miles": "mi2", "mile": "mi2", "mi": "mi2", "kilometres": "km2",
                 "kilometers": "km2", "kilometre": "km2", "kilometer": "km2", "km": "km2", "yards": "yd2",
                 "yard": "yd2", "yd": "yd2"}
_FR_TWO_WORD_UNIT = re.compile(r"\s+de\s+(base|pourcentage)\b", re.IGNORECASE)
# a fraction of a percentage point in words: "half a percentage point", "a quarter of a
# percentage point", "un demi-point de pourcentage" (0,5 / 0,25 Prozentpunkte)
_FRACTION_POINT = {
    "en": re.compile(r"(?<![\w-])(?:an?\s+)?(?P<frac>half|quarter|three[\s-]quarters?)(?:\s+of)?\s+(?:an?\s+)?"
                     r"(?P<noun>percentage)\s+points?\b", re.IGNORECASE),
    "fr": re.compile(r"(?<![\w-])(?:une?\s+)?(?P<frac>demi|quart)(?:-|\s+de\s+)(?P<noun>points?)\s+de\s+pourcentage\b",
                     re.IGNORECASE),
}
# durations, read from the noun of a plain count: "90 minutes" as "anderthalb Stunden",
# "two weeks" as "14 Tage"
_DURATIONS = {
    "sekunde": "s", "sekunden": "s", "second": "s", "seconds": "s",
    "minute": "min", "minuten": "min", "minutes": "min",
    "stunde": "hr", "stunden": "hr", "hour": "hr", "hours": "hr",
    "tag": "d", "tage": "d", "tagen": "d", "day": "d", "days": "d",
    "woche": "wk", "wochen": "wk", "week": "wk", "weeks": "wk",
    "monat": "mo", "monate": "mo", "monaten": "mo", "monats": "mo", "month": "mo", "months": "mo",
    "jahr": "yr", "jahre": "yr", "jahren": "yr", "jahres": "yr", "year": "yr", "years": "yr",
    # "trente ans" / "drei Jahrzehnte", "un quart de siècle" / "25 Jahre"
    "jahrzehnt": "dec", "jahrzehnte": "dec", "jahrzehnten": "dec",
    "jahrhundert": "cty", "jahrhunderte": "cty", "jahrhunderten": "cty",
    # "two decades" / "20 Jahre", "three centuries" / "300 Jahre"
    "decade": "dec", "decades": "dec", "century": "cty", "centuries": "cty",
}
# French durations ("un an et demi" as "18 Monate")
_FR_DURATIONS = {
    "seconde": "s", "secondes": "s", "heure": "hr", "heures": "hr", "jour": "d", "jours": "d",
    "journée": "d", "journées": "d", "semaine": "wk", "semaines": "wk", "mois": "mo", "an": "yr",
    "ans": "yr", "année": "yr", "années": "yr", "décennie": "dec", "décennies": "dec",
    "siècle": "cty", "siècles": "cty",
}
_DURATIONS.update(_FR_DURATIONS)
_PERCENT = frozenset({"prozent", "%", "percent", "pour cent", "per cent"})
_PER_MILLE = frozenset({"promille", "‰", "pour mille"})
_CLOCK = frozenset({"uhr"})

# unit symbols written right after the digits ("62%", "5 km", "€")
# and the symbols of product pages and data sheets, written with or without a space ("65W",
# "65 W", "128GB", "5.000 mAh", "2,4 Gbit/s", "0,75 l"): case-sensitive, so "5G" stays a name
_TECH_SYMBOLS = ("kWh|Wh|mAh|Ah|kW|MW|W|kV|mV|V|mA|A|GHz|MHz|kHz|Hz|TB|GB|MB|KB|kB|Gbit/s|Mbit/s|Gbit|Mbit|"
                 "Gbps|Mbps|ml|mL|cl|dl|l|L|mg|g|oz|dB|Nm|bar|MP|fps|rpm|U/min")
_COMPOUND_SYMBOL = re.compile(r"-(" + _TECH_SYMBOLS + r"|km|kg|cm|mm)-(?=[^\W\d_])")
_SYMBOL = re.compile(r"\s?(%|€|\$|£|km²|m²|ft²|km/h|km|°C|°F|kg|lbs?|mi|ft|cm|mm|ha|m|t|" + _TECH_SYMBOLS + r")(?![\w°])")
_CURRENCY_BEFORE = re.compile(r"(US\$|\$|€|£)\s?$")

_STOP = {
    "de": frozenset("""der die das den dem des ein eine einer einem einen eines und oder von
        bis zu in im am an auf aus nach mit für gegen über unter vor hinter bei seit um als
        wie pro je mehr weniger davon darunter sowie aber dass ob sie er es wir ihr man sich
        nicht noch schon auch nur etwa rund fast knapp weitere andere diese dieser diesen
        jene seine ihre unsere ihren seinen oder wieder immer weiter sehr sogar wurden waren
        werden haben hatten sind hat ist war wird
        kein keine keinen keinem keiner keines jede jeder jedes jeden jedem alle allen aller""".split()),
    "en": frozenset("""the a an of and or to in on at from by for with than as per that which
        who were was are is be been have has had will would more less some other these those
        their its his her our into over under about last against get got won lost beat said
        says each this ago later earlier before after since until while""".split()),
    "fr": frozenset("""le la les l de du des d et ou à au aux en dans sur par pour avec que
        qui dont plus moins ces ses leurs""".split()),
}
_ADJ_END = {
    "de": re.compile(r"[a-zäöüß][\w-]*(?:e|en|er|es|em)$"),
    "en": re.compile(r"[a-z][\w-]*(?:ese|ian|an|al|ic|ive|ed|ing|ous|ful|ary|ern|ish|ile|ior|ant|ent)$"),
    "fr": re.compile(r"[a-zéèêàâîôûç][\w-]*(?:s|e|es|aux|ien|ienne|ais|aise)$"),
}

_YEAR_CUE = re.compile(
    r"(?:\b(?:im|seit|bis|von|vom|ab|Jahr|Jahre|Jahres|Ende|Anfang|Mitte|Frühjahr|Sommer|Herbst|"
    r"Winter|in|since|until|of|year|early|late|mid|en|depuis|année|an)|[,–-])\s*$",
    re.IGNORECASE,
)

# not after a letter or a separator; after a colon only when a word precedes it ("Talk:2005"),
# not a number ("14:12", "2:3" are one figure)
#: thousands grouped with a space (DIN 5008 and SI: "45 000", "1 234 567", also with a
#: no-break or narrow no-break space) are one number; only groups of three after a first
#: group of one to three digits ("2019 300" stays a year and a count)
_GROUPED = r"[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+"
_SPACE_GROUPED = re.compile(_GROUPED + r"(?:[.,]\d+)?")
_DIGITS = re.compile(rf"(?<![\w.,])(?<![\d.,]:)(?:{_GROUPED}(?![\d\u00a0\u202f])"
                     r"(?:[.,]\d+(?![.,]?\d))?|\d+(?:(?:[.,]|\u00a0|\u202f)\d+)*)")
#: regional variants that group with an apostrophe (de_CH "1'000", "1’000")
_DIGITS_APOSTROPHE = re.compile(r"(?<![\w.,'’])(?<![\d.,]:)\d+(?:(?:[.,'’]|\u00a0|\u202f)\d+)*")
_DIGITS_FR = re.compile(r"(?<![\w.,])(?<![\d.,]:)\d+(?:(?:[.,]|\u00a0|\u202f| (?=\d{3}(?!\d)))\d+)*")
# a comma after a score ends a clause or a list of sets ("2:0, damit", "6:4, 6:3"); one
# before a digit makes a number ("10-15,000")
#: a web address or DOI, to its next space: its digits are characters of a name
_LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bdoi:\s?|\b10\.\d{4,9}/)\S+", re.IGNORECASE)
_SCORE = re.compile(r"[:\-–](\d{1,3})(?![\d:]|[.,]\d)")
_NUMERIC_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?$")
_ENGLISH_TIME = re.compile(r"(?::(\d{2}))?\s*([ap])\.?m\.?(?!\w)", re.IGNORECASE)
_DOT_CLOCK = re.compile(r"(?:1[0-2]|0?[1-9])\.[0-5]\d")
_ORDINAL_EN = re.compile(r"(st|nd|rd|th)\b")
_ORDINAL_FR = re.compile(r"(er|re|e|ème)\b")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def _lang(language: str, locale: str | None = None) -> dict:
    """Compiled patterns of one language, or of a regional variant of it (built once)."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"figures: unsupported language {language!r} (supported: de, en, fr)")
    months_wide = list(get_month_names("wide", locale=language).values())
    months_abbr = [m.rstrip(".") for m in get_month_names("abbreviated", locale=language).values()]
    if locale is not None:  # the region's own names too, same month numbers ("Jänner" in de_AT)
        months_wide += list(get_month_names("wide", locale=locale).values())
        months_abbr += [m.rstrip(".") for m in get_month_names("abbreviated", locale=locale).values()]
    month_index: dict[str, int] = {}
    for i, m in enumerate(months_wide):  # a region's names follow the language's twelve
        month_index.setdefault(m.lower(), i % 12 + 1)
    for i, m in enumerate(months_abbr):
        month_index.setdefault(m.lower(), i % 12 + 1)
    if language == "en":
        # the AP and Reuters stylebooks abbreviate September "Sept." (CLDR has "Sep")
        months_abbr.append("Sept")
        month_index["sept"] = 9
    # English "May" must be capitalised ("may" is a verb); German/English months are
    # capitalised anyway; French months are lower case
    flags = re.IGNORECASE if language == "fr" else 0
    # capitals too: a heading or a shouted line writes "NOVEMBER 19" ("MAY" only next to a
    # day number, as every month here)
    month_alt = _alternation(months_wide + months_abbr + [m.upper() for m in months_wide])
    morphs = _alternation(_NUMBER_MORPHS[language])
    if language == "en":
        words = rf"(?<![\w-])(?:{morphs})(?:(?:\s+and\s+|[\s-]+)(?:{morphs}))*(?![\w])"
    elif language == "de":
        # "zweieinhalb" (2.5); multiplicatives "zehnmal", "zehnfachen" (ten times)
        words = (rf"(?<![\w-])(?:{morphs})(?:-?(?:{morphs}))*(?:einhalb)?"
                 rf"(?:{_DE_TIMES}|-?{_DE_COMPOUND_HEAD}[^\W\d_]*(?:-[^\W\d_]+)*)?(?![\w-])")
    else:
        # "vingt et un", "septante et une", "soixante et onze" are written with spaces too
        tens_et = r"(?:vingt|trente|quarante|cinquante|soixante|septante|huitante|octante|nonante)\s+et\s+(?:une?|onze)"
        words = rf"(?<![\w-])(?:{tens_et}|{morphs})(?:-?(?:{morphs}))*(?![\w-])"
    approx = _alternation(_APPROX[language])
    vague = _alternation(_VAGUE[language])
    scales = _alternation(_SCALES[language])
    # English compound adjectives join the scale word with a hyphen: "six-million times"
    scale_sep = r"(?:\s+|-)" if language == "en" else r"\s+"
    return {
        "month_index": month_index,
        "month_after_dot": re.compile(
            rf"\.\s*(?:(?:und|bis|oder|–|-|/)\s*\d{{1,2}}\.\s*)*({month_alt})\.?(?!\w)", flags),
        "month_after": re.compile(
            rf"(?:st|nd|rd|th|er|e)?\s+(?:of\s+)?({month_alt})\.?(?!\w)", flags),
        "month_before": re.compile(rf"(?<!\w)({month_alt})\.?\s+$", flags),
        "words": re.compile(words, re.IGNORECASE),
        "approx": re.compile(rf"(?<![\w])({approx})\s+[„“”\"»«‚‘’(]?\s*$", re.IGNORECASE),
        "vague": re.compile(rf"(?<![\w-])({vague})(?![\w-])", re.IGNORECASE),
        "scale": re.compile(rf"{scale_sep}({scales})(?![\w])", re.IGNORECASE),
        "dozen": re.compile(rf"\s+({_alternation(_DOZEN[language])})(?![\w])", re.IGNORECASE),
        "komma": re.compile(rf"\s+(?:Komma|comma|virgule|point)\s+({morphs}|\d+)(?![\w])", re.IGNORECASE),
        "digits": _DIGITS_APOSTROPHE if locale and _regional(locale)[0] == "'" else
                  _DIGITS_FR if language == "fr" else _DIGITS,
        "locale": locale,
    }


# --------------------------------------------------------------------------------------
# small helpers

# German multiplicatives written onto the number: "zehnmal", "zehnfache(n)", "10-mal", "10fach"
_DE_TIMES = r"mal|fach(?:e[nmrs]?)?"
# Number words German writes into an adjective or a compound ("zwölfjährig" for "12-year-old",
# "zwanzigstöckig", "Fünfjahresplan", "dreitägig", "Fünfprozenthürde" and "Drei-Prozent-Grenze"
# for "the 5% threshold"): the head after the number names what is
# counted. A closed list, because a number morph starts many words that count nothing
# ("Achtung", "Elfmeter", "Zweifel", "Dreieck").
_DE_COMPOUND_HEAD = (r"(?:jährig|jahres|tägig|tages|wöchig|wöchentlich|wochen|monatig|monats|stündig|stunden|"
                     r"minütig|minuten|sekündig|köpfig|stöckig|geschossig|teilig|spurig|sitzig|sitzer|"
                     r"malig|prozent|zimmer|gang|punkte)")
# the head may be joined with hyphens and carry more parts: "Drei-Prozent-Grenze"
_DE_COMPOUND_SUFFIX = re.compile(rf"-?{_DE_COMPOUND_HEAD}[^\W\d_]*(?:-[^\W\d_]+)*$", re.IGNORECASE)
_DE_TIMES_SUFFIX = re.compile(rf"-?(?:{_DE_TIMES})$", re.IGNORECASE)
_DE_TIMES_AFTER_DIGITS = re.compile(rf"-?(?:{_DE_TIMES})(?![\w-])", re.IGNORECASE)

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "à": "a"})
_DE_ENDINGS = ("ern", "en", "er", "es", "em", "e", "s")


@functools.lru_cache(maxsize=65536)
def noun_key(noun: str, language: str = "de") -> str:
    """A cheap stem of a noun for matching inflected forms: Soldaten/Soldat -> "soldat".

    German: case and umlauts folded, the last part of a hyphenated compound, one
    inflectional ending removed (longest first, keeping at least four letters). English
    and French: case folded, a plural -s/-es/-x removed.
    """
    word = noun.lower().translate(_FOLD).rsplit("-", 1)[-1]
    if language == "de":
        for ending in _DE_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4 and not word.endswith("ss"):
                return word[: -len(ending)]
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith(("s", "x")) and len(word) > 3 and not word.endswith("ss"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=None)
def _regional(locale: str) -> tuple[str, str]:
    """(group symbol, decimal symbol) of a locale, by babel (de_CH: ``'`` and ``.``)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_group_symbol(locale), get_decimal_symbol(locale)


@functools.lru_cache(maxsize=16384)
def _parse_digits(token: str, language: str, locale: str | None = None
                  ) -> tuple[Decimal | None, str | None, Decimal | None]:
    """(value as read in the language, separator issue, value under the other convention).

    With a regional ``locale`` whose conventions differ from the language's, a token written
    the region's way (Swiss "1'000", "3.5") is read in that locale and has no issue; every
    other token is read as in the language."""
    if locale is not None:
        group, decimal = _regional(locale)
        norm = token.replace("’", "'")
        if (group in norm and group not in ",.") or (decimal != _regional(language)[1] and decimal in norm
                                                    and re.fullmatch(r"\d+\.\d{1,2}", norm)):
            try:
                return parse_decimal(norm, locale=locale, strict=True), None, None
            except (NumberFormatError, InvalidOperation):
                pass
    loc = _LOCALE[language]
    if language != "fr" and _SPACE_GROUPED.fullmatch(token):
        try:
            return parse_decimal(re.sub(r"[ \u00a0\u202f]", "", token), locale=loc, strict=True), None, None
        except (NumberFormatError, InvalidOperation):
            return None, None, None
    norm = token.replace("\u00a0", "\u202f").replace(" ", "\u202f") if language == "fr" else token
    try:
        value = parse_decimal(norm, locale=loc, strict=True)
    except (NumberFormatError, InvalidOperation):
        value = None
    other = _OTHER_LOCALE[language]
    try:
        alt = parse_decimal(token, locale=other, strict=True)
    except (NumberFormatError, InvalidOperation):
        alt = None
    issue = None
    if language in ("de", "fr"):
        # English grouping: "2,400", "15,000", "1,500,000"
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
            issue = "grouping"
        # English decimal point: "26.4", "1.5" (German groups thousands with the dot in threes)
        elif re.fullmatch(r"\d+\.\d{1,2}", token):
            issue = "decimal"
    elif language == "en":
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
            issue = "grouping"
        elif re.fullmatch(r"\d+,\d{1,2}", token):
            issue = "decimal"
    if value is None:
        if alt is None:
            return None, None, None
        # not a number in this language at all ("1,500,000" or "26.4" in German): the
        # other convention's reading is the only one there is
        return alt, "invalid" if issue != "decimal" else issue, None
    if issue is None:
        alt = None
    return value, issue, alt


@functools.lru_cache(maxsize=16384)
def _parse_words(words: str, language: str) -> Decimal | None:
    from text_to_num import text2num

    try:
        return Decimal(text2num(words.lower(), language))
    except ValueError:
        return None


def _approximator(text: str, start: int, language: str) -> str | None:
    m = _lang(language)["approx"].search(text, max(0, start - 30), start)
    return m.group(1) if m else None


def _noun_after(text: str, pos: int, language: str) -> tuple[str | None, int, int]:
    """The noun a figure quantifies: (noun, start, end), skipping adjectives."""
    stop = _STOP[language]
    adj = _ADJ_END[language]
    i = pos
    n = len(text)
    if language == "en" and text[pos:pos + 1] == "-":
        # a compound adjective: "a 15-foot boat", "an eight-foot robot", "a billion-year scale"
        m = _WORD.match(text, pos + 1)
        if m:
            head = m.group().split("-")[0]
            return head, m.start(), m.start() + len(head)
    # closing or opening quotes / a bracket between number and noun ("„10.000“ Soldaten")
    while i < n and text[i] in " „“”\"»«‚‘’\u00a0\u202f":
        i += 1
    for _ in range(4):
        m = _WORD.match(text, i)
        if not m:
            return None, pos, pos
        word = m.group()
        low = word.lower()
        if low in stop:
            if language != "en" and low in ("von", "de", "d"):  # "Tausende von Soldaten"
                i = m.end()
                while i < n and text[i] in " '’":
                    i += 1
                continue
            if language == "en" and low == "of":
                i = m.end() + 1 if m.end() < n else m.end()
                continue
            return None, pos, pos
        if language == "de":
            if word[0].isupper():
                return word, m.start(), m.end()
            if not adj.match(word):
                return None, pos, pos
        elif language == "en":
            if low in _PERCENT or low in _MONEY or low in _UNITS:
                return word, m.start(), m.end()
            if word[0].isupper() or adj.match(low):
                i = m.end() + 1 if m.end() < n and text[m.end()] == " " else m.end()
                continue
            return word, m.start(), m.end()
        else:
            # French: the noun comes first, adjectives usually follow
            return word, m.start(), m.end()
        i = m.end()
        if i < n and text[i] == " ":
            i += 1
        else:
            return None, pos, pos
    return None, pos, pos


_WORD = re.compile(r"[^\W\d_][\w-]*(?:'s)?")


def _two_word_unit(text: str, noun: str | None, ne: int, language: str, kind: str | None,
                   unit: str | None) -> tuple[str | None, str | None, int]:
    """English "basis points", "percentage points": (kind, unit, end of the noun phrase)."""
    if language == "en" and noun and noun.lower() in _TWO_WORD_UNITS:
        m = _TWO_WORD_UNIT.match(text, ne)
        if m:
            return "measure", _TWO_WORD_UNITS[noun.lower()], m.end()
    if language == "en" and noun and noun.lower() in ("square", "sq"):
        # "1,200 sq ft", "50 square metres", "3 sq. miles"
        m = _SQUARE_UNIT.match(text, ne)
        if m:
            return "measure", _SQUARE_UNITS[m.group(1).lower()], m.end()
    if language == "fr" and noun and noun.lower() in ("point", "points"):
        # "25 points de base" is "0,25 Prozentpunkte", "0,5 point de pourcentage" too
        m = _FR_TWO_WORD_UNIT.match(text, ne)
        if m:
            return "measure", "bp" if m.group(1).lower() == "base" else "pp", m.end()
    return kind, unit, ne


def _classify_noun(noun: str | None, language: str) -> tuple[str | None, str | None]:
    """(kind, unit) implied by the noun: percent, money, measure, time; or (None, None)."""
    if noun is None:
        return None, None
    low = noun.lower()
    if low in _PERCENT:
        return "percent", "%"
    if low in _PER_MILLE:
        return "percent", "‰"
    if low in _MONEY:
        return "money", _MONEY[low]
    if noun == "Won":  # the currency; English "won" is a verb
        return "money", "KRW"
    if low in _UNITS:
        return "measure", _UNITS[low]
    if low in _CLOCK:
        return "time", "h"
    return None, None


# --------------------------------------------------------------------------------------
# extraction

def _vague(text: str, s: int, e: int, magnitude: int, language: str) -> Figure:
    """A vague quantity ("Tausende", "mehrere Tausend") at ``text[s:e]``, with its noun."""
    noun, _, ne = _noun_after(text, e, language)
    approx = _approximator(text, s, language)
    return Figure(
        start=s, end=e, value=None, kind="vague", approximator=approx,
        approx_start=text.rfind(approx, 0, s) if approx else None,
        noun=noun, noun_key=noun_key(noun, language) if noun else None, unit=None,
        text=text[s:e], phrase_end=ne if noun else e, written="words", magnitude=Decimal(magnitude),
    )


def extract_figures(text: str, language: str, locale: str | None = None) -> list[Figure]:
    """All figures of ``text`` (German, English or French), in text order.

    ``locale``: a regional variant (babel's ``de_CH``, ``de_AT``) whose own number
    formats and month names count as correct (see :func:`_regional`). Raises ValueError for
    another language.
    """
    return list(_extract(text, language, None if locale == language else locale))


@functools.lru_cache(maxsize=8192)
def _extract(text: str, language: str, locale: str | None = None) -> tuple[Figure, ...]:
    L = _lang(language, locale)
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < y and x < b for x, y in taken)

    # --- fractions of a scale word: "eine Viertelmillion", "half a million", "zweieinhalb
    # Millionen" is the word pass's; "vor einer Milliarde Jahren" (an inflected article)
    for m in _FRACTION_SCALE[language].finditer(text) if language in _FRACTION_SCALE else ():
        fig = _fraction_figure(text, m, language)
        if fig is not None:
            figures.append(fig)
            taken.append((fig.start, fig.end))

    for m in _FRACTION_POINT[language].finditer(text) if language in _FRACTION_POINT else ():
        if not overlaps(m.start(), m.end()):
            frac = m.group("frac").lower().replace("-", " ")
            value = _FRACTION_WORD.get(frac) or _FRACTION_WORD.get(frac.rstrip("s"))
            if value is not None:
                noun = m.group("noun")
                figures.append(_fig(text, m.start(), m.end(), value, "measure", _approximator(text, m.start(), language),
                                    noun, noun_key(noun, language), "pp", written="words"))
                taken.append((m.start(), m.end()))

    # --- race times, in seconds: French "4 h 12 min 35 s", "9 s 87"; German and English
    # "4:12:35 Stunden", "3:14 Minuten", "4:02,50"
    for fig in _race_times(text, language):
        if not overlaps(fig.start, fig.end):
            figures.append(fig)
            taken.append((fig.start, fig.end))

    # --- French durations with a fraction or the article, clock times in words; German
    # "einen Tag", "ein Jahr"
    for fig in _fr_durations(text) if language == "fr" else _de_article_durations(text) if language == "de" else ():
        if not overlaps(fig.start, fig.end):
            figures.append(fig)
            taken.append((fig.start, fig.end))

    # --- a height in feet and inches ('5'10"', "5 ft 10 in"), one length in inches: a
    # translation gives it in metres ("1,78 m")
    for m in _FEET_INCHES.finditer(text):
        if not overlaps(m.start(), m.end()):
            inches = Decimal(int(m.group("ft")) * 12 + int(m.group("in")))
            figures.append(_fig(text, m.start(), m.end(), inches, "measure", _approximator(text, m.start(), language),
                                None, None, "in"))
            taken.append((m.start(), m.end()))

    # --- "24/7", "24h/24", "7j/7": "at all times" ("rund um die Uhr", "jederzeit"); its
    # numbers answer figures the other side writes out ("24 Stunden am Tag") but are never
    # missing or added themselves
    for m in _ALWAYS.finditer(text):
        if not overlaps(m.start(), m.end()):
            for n in re.finditer(r"\d+", m.group()):
                figures.append(_fig(text, m.start() + n.start(), m.start() + n.end(), Decimal(n.group()), "count",
                                    None, None, None, None, written="implied"))
            taken.append((m.start(), m.end()))

    # --- a month and day without a year after a date word, English month first ("drops on
    # 11/14", "due by 3/12"), French day first ("jusqu'au 31/12"): the day of its month, as
    # German writes "am 14.11." (read before fractions: "on 3/12" is no quarter)
    for m in _MONTH_DAY[language].finditer(text) if language in _MONTH_DAY else ():
        month, day = int(m.group("m")), int(m.group("d"))
        ds, de = min(m.start("m"), m.start("d")), max(m.end("m"), m.end("d"))
        if 1 <= month <= 12 and 1 <= day <= 31 and not overlaps(ds, de):
            figures.append(_fig(text, ds, de, Decimal(day), "date", None, None, None, None, month=month))
            taken.append((ds, de))

    # --- the age and sex a forum post gives in brackets, "my (32F) partner (35M)", "[M28]":
    # an age, no temperature in Fahrenheit nor millions
    for m in _EN_AGE_SEX.finditer(text) if language == "en" else ():
        g = "a" if m.group("a") else "b"
        if not overlaps(m.start(g), m.end(g)):
            figures.append(_fig(text, m.start(g), m.end(g), Decimal(m.group(g)), "count", None, None, None, None))
            taken.append((m.start(), m.end()))

    # --- a German ordinal word before a noun, "die zweite Staffel", "bei der vierten Folge",
    # for "season 2", "episode 4": it answers a figure of the other side but is never missing
    # or added itself ("zum ersten Mal" for "for the first time")
    for m in _DE_ORDINAL_WORD.finditer(text) if language == "de" else ():
        if not overlaps(m.start(), m.end()):
            figures.append(_fig(text, m.start(), m.end(), Decimal(_DE_ORDINAL_VALUE[m.group(1).lower()]), "count",
                                None, None, None, None, written="implied"))
            taken.append((m.start(), m.end()))

    # --- a fraction ("1/2 cup", "1 1/2 cups", "3/4 Tasse"): one number; without a unit after
    # it ("2/3 of voters" / "zwei Drittel") it answers a figure but is never missing
    for m in _FRACTION_DIGITS.finditer(text) if language != "fr" else ():
        num, den = int(m.group("num")), int(m.group("den"))
        if num >= den or overlaps(m.start(), m.end()):
            continue
        value = Decimal(num) / Decimal(den) + (Decimal(m.group("int")) if m.group("int") else 0)
        noun, _, ne = _noun_after(text, m.end(), language)
        kind, unit = _classify_noun(noun, language)
        if kind == "measure":
            figures.append(_fig(text, m.start(), m.end(), value.quantize(Decimal("0.001")), kind,
                                _approximator(text, m.start(), language), noun, noun_key(noun, language), unit,
                                phrase_end=ne))
        else:
            figures.append(_fig(text, m.start(), m.end(), value.quantize(Decimal("0.001")), "count", None, None,
                                None, None, written="ratio"))
        taken.append((m.start(), m.end()))

    # --- English "three and a half", "2 and a half hours" (a translation writes "3½",
    # "dreieinhalb", "2,5 Stunden"); with a scale word ("two and a half million") the
    # fraction pass above has read it
    for m in _EN_AND_A_HALF.finditer(text) if language == "en" else ():
        if overlaps(m.start(), m.end()):
            continue
        whole = m.group("int")
        n = Decimal(whole) if whole.isdigit() else _parse_words(whole, language)
        if n is None:
            continue
        noun, _, ne = _noun_after(text, m.end(), language)
        kind, unit = _classify_noun(noun, language)
        figures.append(_fig(text, m.start(), m.end(), n + Decimal("0.5"), kind or "count",
                            _approximator(text, m.start(), language), noun,
                            noun_key(noun, language) if noun else None, unit,
                            phrase_end=ne if noun else m.end(), written="words"))
        taken.append((m.start(), m.end()))

    # --- a number with a vulgar fraction sign: "59½", "2 ¼ miles", "½ cup" (a translation
    # writes "59,5", "2,25 Meilen")
    for m in _VULGAR_FRACTION.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        value = _VULGAR[m.group("frac")] + (Decimal(m.group("int")) if m.group("int") else 0)
        noun, _, ne = _noun_after(text, m.end(), language)
        kind, unit = _classify_noun(noun, language)
        figures.append(_fig(text, m.start(), m.end(), value.quantize(Decimal("0.001")), kind or "count",
                            _approximator(text, m.start(), language), noun,
                            noun_key(noun, language) if noun else None, unit, phrase_end=ne if noun else m.end()))
        taken.append((m.start(), m.end()))

    # --- German "einen Liter", "ein Meter": one unit, which answers a converted figure
    # ("32 oz" as "knapp einen Liter")
    for m in _DE_ONE_MEASURE.finditer(text) if language == "de" else ():
        if not overlaps(m.start(), m.end()):
            figures.append(_fig(text, m.start(), m.end(), Decimal(1), "measure", _approximator(text, m.start(), language),
                                m.group(1), noun_key(m.group(1)), _UNITS[m.group(1).lower()], written="compound"))
            taken.append((m.start(), m.end()))

    # --- German packs of N: "3er-Pack", "4er-Set", "6er Kasten" are a count of 3, 4, 6
    # ("a 3-pack", "set of 4", "lot de 3"); "90er-Jahre" stays a decade
    for m in _DE_PACK.finditer(text) if language == "de" else ():
        if not overlaps(m.start(1), m.end(1)):
            figures.append(_fig(text, m.start(1), m.end(1), Decimal(m.group(1)), "count", None, None, None, None))
            taken.append((m.start(1), m.end(1)))
    # --- clock times in words: English "noon", "midnight", "half past 7"; German "halb acht"
    # (half an hour before eight); a year cut to two digits: "back in '99", "Sommer ’99"
    for fig in _spoken_clock(text, language):
        if not overlaps(fig.start, fig.end):
            figures.append(fig)
            taken.append((fig.start, fig.end))

    # --- digit tokens
    links = [u.span() for u in _LINK.finditer(text)] if ("/" in text or "www." in text) else []
    for m in L["digits"].finditer(text):
        s, e = m.start(), m.end()
        token = m.group()
        if any(a <= s < b for a, b in links):
            continue  # a path or DOI quantifies nothing: "https://doi.org/10.1038/..."
        if s >= 2 and text[s - 1] == "-" and text[s - 2].isalpha() and not _MAGNITUDE_HYPHEN.search(text, 0, s):
            continue  # part of a name: F-16, COVID-19 (but "a magnitude-7.1 quake" is a measure)
        if overlaps(s, e):
            continue  # the second number of a score ("2-1")
        nxt = text[e:e + 1]
        sd = _SLASH_DATE.match(text, e) if token.isdigit() and len(token) <= 2 else None
        if sd and not overlaps(s, sd.end()):
            # "1/1/08": month first in English, day first elsewhere; the year as a year
            first, second, year = int(token), int(sd.group(1)), int(sd.group(2))
            month, day = (first, second) if language == "en" else (second, first)
            if language == "en" and first > 12 and 1 <= second <= 12:
                # British order, "31/12/2024": a first number above 12 can only be the day
                month, day = second, first
            if 1 <= month <= 12 and 1 <= day <= 31:
                if year < 100:
                    year += 2000 if year <= 30 else 1900
                ys = sd.start(2)
                figures.append(_fig(text, s, ys - 1, Decimal(day), "date", None, None, None, None, month=month))
                figures.append(_fig(text, ys, sd.end(), Decimal(year), "year", None, None, None, None))
                taken.append((s, sd.end()))
                continue
        if len(token) == 2 and token.isdigit() and s >= 2 and text[s - 1] in "'’" and text[s - 2].isalnum() \
                and not text[e:e + 1].isalnum():
            # a period label's short year, "Q3'24", "FY'25", "Spring'24": the year 2024
            year = int(token) + (2000 if int(token) <= 50 else 1900)
            figures.append(_fig(text, s - 1, e, Decimal(year), "year", None, None, None, None))
            taken.append((s - 1, e))
            continue
        iso = _ISO_DATE.match(text, e) if len(token) == 4 and token.isdigit() else None
        if iso and not overlaps(s, iso.end()) and 1 <= int(iso.group(1)) <= 12 and 1 <= int(iso.group(2)) <= 31:
            # an ISO date, "2024-06-18" (release notes, logs, forms): the year as a year, the
            # rest as the day of its month, as a slash date is read
            figures.append(_fig(text, s, e, Decimal(int(token)), "year", None, None, None, None))
            figures.append(_fig(text, e + 1, iso.end(), Decimal(int(iso.group(2))), "date", None, None, None,
                                None, month=int(iso.group(1))))
            taken.append((s, iso.end()))
            continue
        tm = _DE_TIMES_AFTER_DIGITS.match(text, e) if language == "de" else None
        if tm:  # "10-mal", "10fach": ten times
            value, _, _ = _parse_digits(token, language)
            if value is not None:
                figures.append(_fig(text, s, tm.end(), value, "count", _approximator(text, s, language),
                                    None, None, None))
                taken.append((s, tm.end()))
            continue
        am = _EN_ATTACHED_SCALE.match(text, e) if language == "en" else None
        if am and (am.group(1).lower() in ("bn", "tn", "trn", "mn")
                   or _CURRENCY_BEFORE.search(text, max(0, s - 4), s)
                   or am.group(1).lower() != "b" and _EN_PLURAL_AFTER.match(text, am.end())
                   and not (am.group(1).lower() == "m" and _EN_M_EVENT.match(text, am.end()))
                   # "100k!", "we hit 10K." (followers, views): "k" alone at the end of a
                   # phrase is thousands, but "a 10k", "ran 5k" are distances
                   or (am.group(1).lower() == "k" and _EN_K_ALONE.match(text, am.end())
                       and not _EN_K_DISTANCE.search(text, max(0, s - 30), s))):
            fig = _digit_figure(text, s, e, token, language, L)
            if fig is not None and fig.value is not None:
                # news style: "$5bn", "£120m", "$30k", "5m people"; "m" and "k" only after a
                # currency sign or before a plural noun ("a 5m wall", "a 10k run" are distances)
                factor = _EN_ATTACHED_FACTOR[am.group(1).lower()]
                noun, _, ne = _noun_after(text, am.end(), language)
                kind, unit = (fig.kind, fig.unit) if fig.unit != "m" else ("count", None)  # not metres
                fig = _fig(text, s, am.end(), fig.value * factor, kind, fig.approximator, noun,
                           noun_key(noun, language) if noun else None, unit,
                           phrase_end=ne if noun else am.end(), scaled=True)
                figures.append(fig)
                taken.append((s, am.end()))
                continue
        if language == "en" and _EN_ATTACHED_DEGREES.match(text, e):
            value, _, _ = _parse_digits(token, language)
            if value is not None:  # British news style: "40C", "104F"
                end = e + 1
                figures.append(_fig(text, s, end, value, "measure", _approximator(text, s, language),
                                    None, None, text[e]))
                taken.append((s, end))
            continue
        if language == "en" and token.isdigit() and token.endswith("0") and (
                text[e:e + 2] in ("'s", "’s") or (nxt == "s" and not text[e + 1:e + 2].isalnum())):
            # a decade, "the 60's", "in his 80s": it answers "über achtzig" but is never missing
            # (German writes "in den Achtzigerjahren", and its "60er" is skipped below)
            figures.append(_fig(text, s, e + 1 + (text[e] != "s"), Decimal(token), "count", None, None,
                                None, None, written="decade"))
            taken.append((s, e + 1 + (text[e] != "s")))
            continue
        zm = _EN_ZONED_TIME.match(token + text[e:e + 8]) if language == "en" else None
        if zm:  # wire style: "1930 GMT"
            figures.append(_fig(text, s, e, Decimal(int(token[:2])) + Decimal(int(token[2:])) / 100, "time",
                                None, None, None, "h"))
            taken.append((s, e))
            continue
        if nxt.isalpha() and not _SYMBOL.match(text, e) \
                and not (language == "en" and _ENGLISH_TIME.match(text, e)):  # "6PM"
            ordm = _ORDINAL_EN.match(text, e) if language == "en" and token.isdigit() else None
            if ordm:  # "25th", "the 25th of October", "Oct 10th"
                mm = L["month_after"].match(text, ordm.end()) or \
                    L["month_before"].search(text, max(0, s - 15), s)
                month = L["month_index"].get(mm.group(1).lower().rstrip(".")) if mm else None
                figures.append(_fig(text, s, ordm.end(), Decimal(token), "date" if mm else "ordinal",
                                    None, None, None, None, month=month))
                taken.append((s, ordm.end()))
            elif language == "fr" and token.isdigit() and (_ORDINAL_FR.match(text, e) or _FR_TIME.match(text, e)):
                fig = _digit_figure(text, s, e, token, language, L)  # "le 1er mars", "3e", "15h30"
                if fig is not None:
                    figures.append(fig)
                    taken.append((fig.start, fig.end))
            continue  # "90er", "3D", "5G"
        fig = _digit_figure(text, s, e, token, language, L)
        if fig is not None:
            figures.append(fig)
            taken.append((fig.start, fig.end))

    # --- "mehrere Tausend", "several thousand": a vague quantity, not the number 1,000
    few = _FEW_SCALE.get(language)
    if few is not None:
        for m in few.finditer(text):
            s, e = m.start(), m.end()
            if overlaps(s, e):
                continue
            figures.append(_vague(text, s, e, _FEW_FACTOR[m.group(1).lower()], language))
            taken.append((s, e))

    # --- "verzehnfacht", "eine Verdreifachung": a multiplier written into a word, answering
    # "10-fold", "tripled" (never missing or added itself)
    if language == "de":
        for m in _DE_VER_FACH.finditer(text):
            s, e = m.start(), m.end()
            value = None if overlaps(s, e) or m.group(1).lower() in _NOT_A_NUMBER else _parse_words(m.group(1), language)
            if value is not None:
                figures.append(_fig(text, s, e, value, "count", None, None, None, None, written="compound"))
                taken.append((s, e))

    # --- "die millionenfache Masse": a million times; with a number before it, that many
    # million times ("die 6,5-milliardenfache Masse", "die vier millionenfache Masse" for "6.5
    # billion times", "4 million times as massive")
    if language == "de":
        glued = [m for m in _DE_SCALE_TIMES_AFTER_DIGITS.finditer(text)
                 if m.group().startswith("-") and any(f.end == m.start() for f in figures)]
        for m in sorted([*_DE_SCALE_TIMES.finditer(text), *glued], key=lambda m: m.start()):
            s, e = m.start(), m.end()
            if not overlaps(s, e):
                factor = Decimal(_SCALES["de"][m.group(1).lower()])
                before = next((f for f in figures if f.kind == "count" and f.value is not None and not f.scaled
                               and f.end in (s, s - 1) and text[f.end:s] in ("", "-", " ")), None)
                word = _DE_WORD_BEFORE.search(text, 0, s)
                value = None
                if word and word.group(1).lower() not in _NOT_A_NUMBER and not overlaps(word.start(1), word.end(1)):
                    value = _parse_words(word.group(1), language)
                if before is not None:
                    figures.remove(before)
                    s, factor = before.start, factor * before.value
                elif value is not None:
                    s, factor = word.start(1), factor * value
                figures.append(_fig(text, s, e, factor, "count",
                                    _approximator(text, s, language), None, None, None,
                                    written="words" if before is None else "digits", scaled=True))
                taken.append((s, e))

    # --- English "tenfold", "a thousandfold": a multiplier written into a word ("tausendfach")
    if language == "en":
        for m in _EN_FOLD.finditer(text):
            s, e = m.start(), m.end()
            value = None if overlaps(s, e) else _parse_words(m.group(1), language)
            if value is None and m.group(1).lower() in _A_FACTOR:
                value = Decimal(_A_FACTOR[m.group(1).lower()])
            if value is not None:
                figures.append(_fig(text, s, e, value, "count", None, None, None, None, written="words",
                                    scaled=value >= 10**6))
                taken.append((s, e))

    # --- number words
    for m in L["words"].finditer(text):
        s, e = m.start(), m.end()
        if overlaps(s, e):
            continue
        fig = _word_figure(text, s, e, m.group(), language, L)
        if fig is not None:
            figures.append(fig)
            taken.append((fig.start, fig.end))

    # --- "goalless", "torlos": the score 0:0 in a word; like a small number in words it
    # answers "0:0" / "0-0" and is never missing or added itself
    if language in _GOALLESS:
        for m in _GOALLESS[language].finditer(text):
            s, e = m.start(), m.end()
            if not overlaps(s, e):
                figures.append(_fig(text, s, e, Decimal(0), "score", None, None, None, None,
                                    high=Decimal(0), written="words"))
                taken.append((s, e))

    # --- English "a mile", "a foot": one unit (a translation converts it: "ca. 30 cm")
    if language == "en":
        for m in _A_UNIT.finditer(text):
            s, e = m.start(), m.end()
            if overlaps(s, e):
                continue
            figures.append(_fig(text, s, e, Decimal(1), "measure", None, m.group(1), None,
                                _UNITS[m.group(1).lower()], written="words"))
            taken.append((s, e))

    # --- English "a decade", "a century"; ages by their decade ("early thirties", "mid-20s")
    if language == "en":
        for m in _EN_ONE_UNIT.finditer(text):
            if not overlaps(m.start(), m.end()):
                figures.append(_fig(text, m.start(), m.end(), Decimal(1), "count", None, m.group(1),
                                    noun_key(m.group(1), language), None, written="compound"))
                taken.append((m.start(), m.end()))
        for m in _EN_DECADE_WORD.finditer(text):
            if not overlaps(m.start(), m.end()):
                figures.append(_fig(text, m.start(), m.end(), Decimal(_EN_DECADE_VALUE[m.group(1).lower()]),
                                    "count", None, None, None, None, written="decade"))
                taken.append((m.start(), m.end()))
        for m in _EN_MID_DECADE.finditer(text):
            if not overlaps(m.start(1), m.end()):
                figures.append(_fig(text, m.start(1), m.end(), Decimal(m.group(1)), "count", None, None, None,
                                    None, written="decade"))
                taken.append((m.start(1), m.end()))

    # --- English "a thousand", "a million" (text2num reads "one thousand", not "a thousand")
    if language == "en":
        for m in _A_SCALE.finditer(text):
            s, e = m.start(), m.end()
            if overlaps(s, e):
                continue
            value = Decimal(_A_FACTOR[m.group(1).lower()])
            noun, ns, ne = _noun_after(text, e, language)
            noun_kind, noun_unit = _classify_noun(noun, language)
            figures.append(_fig(text, s, e, value, noun_kind or "count", _approximator(text, s, language),
                                noun, noun_key(noun, language) if noun else None, noun_unit,
                                phrase_end=ne if noun else e, written="words", scaled=True))
            taken.append((s, e))

    # --- French approximate numerals: "une trentaine de blessés" is about 30 ("rund 30")
    if language == "fr":
        for m in list(_FR_APPROX_NUMERAL.finditer(text)) + list(_FR_APPROX_AGE.finditer(text)):
            s, e = m.start(2), m.end(2)
            if overlaps(s, e):
                continue
            noun, _, ne = _noun_after(text, e, language)
            figures.append(_fig(text, s, e, Decimal(_FR_APPROX_VALUE[m.group(2).lower()]), "count", m.group(1),
                                noun, noun_key(noun, language) if noun else None, None,
                                phrase_end=ne if noun else e, written="words"))
            taken.append((s, e))

    # --- vague quantities
    for m in L["vague"].finditer(text):
        s, e = m.start(), m.end()
        if overlaps(s, e):
            continue
        word = m.group(1)
        if language == "de" and not word[0].isupper():
            continue
        figures.append(_vague(text, s, e, _VAGUE[language][word.lower()], language))
        taken.append((s, e))

    figures.sort(key=lambda f: f.start)
    if language == "en":
        # "1 in 3 voters" is German "jeder dritte Wähler": an ordinal word, no figure; the
        # denominator answers a figure but is never missing
        figures = [replace(f, written="ratio") if f.kind == "count" and _ONE_IN.search(text, max(0, f.start - 10), f.start)
                   else f for f in figures]
        always = [m.span() for m in _EN_ALWAYS.finditer(text)]
        if always:
            figures = [replace(f, written="ratio") if any(a <= f.start < b for a, b in always) else f
                       for f in figures]
    if language == "fr":
        figures = _fr_ratios(text, figures)
    if language != "de":
        figures = _date_lists(text, figures)
    if language == "fr":
        figures = _fr_dates(text, figures)
    return tuple(_merge_ranges(text, figures, language))


_FEET_INCHES = re.compile(r"(?<![\w.,'’′])(?P<ft>[1-9]\d?)\s?(?:['’′]|ft\.?|feet|foot)\s?(?P<in>1[01]|\d)\s?"
                          r"(?:[\"″”]|''|in\.|inch(?:es)?\b|in\b)")
_EN_AND_A_HALF = re.compile(rf"(?<![\w.,-])(?P<int>\d{{1,3}}|{_alternation(_NUMBER_MORPHS['en'])})\s+and\s+a\s+half\b"
                            r"(?!\s+(?:hundred|thousand|million|billion|trillion)\b)", re.IGNORECASE)
_VULGAR = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75"), "⅓": Decimal(1) / 3, "⅔": Decimal(2) / 3}
_VULGAR_FRACTION = re.compile(r"(?<![\w.,])(?:(?P<int>\d{1,3})\s?)?(?P<frac>[½¼¾⅓⅔])(?![\d])")
_FRACTION_DIGITS = re.compile(r"(?<![\w/.,])(?:(?P<int>\d{1,2})\s+)?(?P<num>[1-9])/(?P<den>[2-9]|1[0-6])(?![\w/.,]|\s?/)")
_DE_ONE_MEASURE = re.compile(r"(?<![\w-])(?:eine[mnrs]?|ein)\s+(Liter|Meter|Kilometer|Zentimeter|Millimeter|Kilogramm|"
                             r"Kilo|Zoll|Gramm|Milliliter|Tonne|Meile)(?![\w-])")
_ALWAYS = re.compile(r"(?<![\w/.,])(?:24\s?/\s?7(?:\s?/\s?365)?|24\s?h\s?/\s?24|7\s?j(?:ours)?\s?/\s?7)(?![\w/])",
                     re.IGNORECASE)
_DE_PACK = re.compile(r"(?<![\w.,])(\d{1,3})er(?:-|\s)?(?:[^\W\d_]+-)?(?:[Pp]ack|[Pp]ackung|[Ss]et|[Kk]arton|[Kk]iste|"
                      r"[Kk]asten|[Bb]ox|[Pp]aket|[Bb]und|[Bb]ündel|[Rr]olle|[Tt]räger|[Bb]undle|[Gg]ebinde|[Bb]eutel|"
                      r"[Bb]lister|[Ss]ortiment)(?:e?n|e|s)?(?![^\W\d_])")
_TIME_ZONE = r"(?:GMT|UTC|ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|BST|CET|CEST|MEZ|MESZ|JST|IST|AEST|AEDT)"
_EN_ZONED_TIME = re.compile(rf"(?:[01]\d|2[0-3])[0-5]\d\s+{_TIME_ZONE}(?!\w)")
_ZONE_AFTER = re.compile(rf"\s*(?:Uhr\s+)?{_TIME_ZONE}(?!\w)")
_ONE_IN = re.compile(r"(?<![\w.,])(?:1|one)\s+in\s+$", re.IGNORECASE)
_GOALLESS = {
    "de": re.compile(r"(?<![\w-])(?:torlos\w*|Nullnummer\w*)(?![\w-])", re.IGNORECASE),
    "en": re.compile(r"(?<![\w-])(?:goalless|scoreless|nil-nil|nil-all)(?![\w-])", re.IGNORECASE),
}
_FR_APPROX_VALUE = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
                    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
                    "millier": 1000}
# the indefinite article and "de" after: "la quarantaine" is the quarantine
_FR_APPROX_NUMERAL = re.compile(r"(?<![\w-])((?:une?|d['’]une?)\s+)(" + "|".join(_FR_APPROX_VALUE)
                                + r")(?=\s+(?:de|d['’]))", re.IGNORECASE)
# an age: "il a la trentaine", "elle approche la quarantaine" ("er ist um die dreißig")
_FR_APPROX_AGE = re.compile(r"(?<![\w-])((?:a|as|ai|avons|avez|ont|avait|avais|avaient|aura|avoir|approche|approchait|"
                            r"dépassé|franchi|passé)\s+la\s+)(vingtaine|trentaine|quarantaine|cinquantaine|soixantaine)"
                            r"(?![\w-])", re.IGNORECASE)
_FR_TIME = re.compile(r"\s?h\s?(\d{2})?(?![\w])")
# "vingt pour cent", "0,5 pour mille": the unit, not the number cent (100) or mille (1000)
_FR_PER = re.compile(r"\s+pour\s+(cent|mille)(?![\w-])", re.IGNORECASE)
_FR_PER_UNIT = {"cent": "%", "mille": "‰"}
# French money with its scale before the currency sign: "120 M€", "3 Md€", "2,5 Mds $", "50 k€"
_FR_SCALED_MONEY = re.compile(r"\s?(k|M|Md|Mds|Mrd)\s?(€|\$|£)")
_FR_MONEY_SCALE = {"k": 10**3, "M": 10**6, "Md": 10**9, "Mds": 10**9, "Mrd": 10**9}
_EN_ATTACHED_DEGREES = re.compile(r"[CF](?![\w])")
_EN_PLURAL_AFTER = re.compile(r"\s+(?:[a-z]+[a-rt-z]s|people|children|men|women|staff)\b")
# English news writes the scale onto the figure: "$5bn", "£1.2tn", "€120m", "$30k"; business
# and tech writing also "$3.1B" (a billion only after a currency sign: "5b" is a label)
_EN_ATTACHED_SCALE = re.compile(r"(bn|tn|trn|mn|m|k|b)(?![\w])", re.IGNORECASE)
_EN_ATTACHED_FACTOR = {"bn": 10**9, "tn": 10**12, "trn": 10**12, "mn": 10**6, "m": 10**6, "k": 10**3,
                       "b": 10**9}
# ... but a race is run in metres: "the 400m hurdles", "4x100m relays", "200m heats"
_EN_M_EVENT = re.compile(r"\s+(?:hurdles|heats|relays|finals|sprints|medleys)\b", re.IGNORECASE)
_EN_K_ALONE = re.compile(r"\s*(?:[!?.,;:)…]|$)")
_EN_K_DISTANCE = re.compile(r"(?:\b(?:an?|the|my|your|his|her|our|their|this|that|first|next|last)"
                            r"|\b(?:ran|run|runs|running|jog\w*|walk\w*|rac\w*|hik\w*|cycl\w*|rode|ride|swim\w*|swam|row\w*)"
                            r"(?:\s+\w+)?)\s+$", re.IGNORECASE)
# English "a decade", "a century": one unit, answering "zehn Jahre", "100 Jahre" (never
# missing or extra: the article is no figure)
_EN_ONE_UNIT = re.compile(r"(?<![\w-])an?\s+(decade|century)(?![\w-])", re.IGNORECASE)
# an age by its decade: "in her early thirties", "late twenties", "mid-twenties" is
# "Anfang 30", "Ende zwanzig", "Mitte zwanzig"
_EN_DECADE_WORD = re.compile(r"(?<![\w-])(?:(?:early|mid|late)[\s-]+|mid-?)?"
                             r"(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)(?![\w-])",
                             re.IGNORECASE)
_EN_DECADE_VALUE = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                    "seventies": 70, "eighties": 80, "nineties": 90}
_EN_MID_DECADE = re.compile(r"(?<![\w-])mid-(\d0)'?s(?![\w])", re.IGNORECASE)
# every day: "7 days a week", "365 days a year" are German "jeden Tag", "täglich", and even
# odds "50/50" are "fifty-fifty": their figures answer a figure of the other side but are
# never missing ("24/7" is ``_ALWAYS``'s, in every language). "24 hours a day" is not here:
# its 24 must meet "rund um die Uhr" or a 24 ("zwölf Stunden am Tag" for it is a change; see
# ``_around_the_clock``)
_EN_ALWAYS = re.compile(r"(?<![\w./:-])50\s*[/-]\s*50(?![\w/:-]|[.,]\d)"
                        r"|(?<![\w.])(?:7|seven)\s+days\s+a\s+week|(?<![\w.])365\s+days\s+a\s+year", re.IGNORECASE)

_DE_VER_FACH = re.compile(rf"(?<![\w-])[Vv]er((?:{_alternation(_NUMBER_MORPHS['de'])})+)fach\w*", re.IGNORECASE)
_DE_SCALE_TIMES = re.compile(rf"(?<![\w-])(millionen|milliarden)(?:{_DE_TIMES})(?![\w-])", re.IGNORECASE)
# "a magnitude-7.1 earthquake": the hyphen joins a measure, not a name like "F-16"
_MAGNITUDE_HYPHEN = re.compile(r"(?<![\w-])magnitude-$", re.IGNORECASE)
_SLASH_DATE = re.compile(r"/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_MONTH_DAY = {
    "en": re.compile(r"\b(?:on|by|until|till|thru|through|from|since|before|after|starting|due|"
                     r"Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|"
                     r"Saturday|Sunday),?\s+(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/]|[^\W\d_])", re.IGNORECASE),
    # French writes the day first: "jusqu'au 31/12", "le 14/07", "dès le 3/9"
    "fr": re.compile(r"\b(?:le|au|du|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+"
                     r"(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/]|[^\W\d_])", re.IGNORECASE),
}
# only right after a person ("32C (90F)" is a temperature, "$40M (35M a year ago)" money)
_EN_AGE_SEX = re.compile(
    r"\b(?:I|me|my|myself|he|him|his|she|her|wife|husband|girlfriend|boyfriend|gf|bf|partner|fianc[ée]e?|"
    r"sister|brother|sis|bro|mother|father|mom|mum|dad|son|daughter|friend|bff|boss|coworker|co-worker|colleague|"
    r"roommate|flatmate|ex|SO|cousin|aunt|uncle|nephew|niece|neighbou?r|grandma|grandpa|grandmother|grandfather|"
    r"MIL|FIL|BIL|SIL|stepdad|stepmom|stepson|stepdaughter|kid|child|manager|landlord|landlady)\s?"
    r"[(\[]\s*(?:(?P<a>[1-9]\d)\s?[MFmf]|[MFmf]\s?(?P<b>[1-9]\d))\s*[)\]]", re.IGNORECASE)
_DE_ORDINAL_VALUE = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7,
                     "siebent": 7, "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwölft": 12}
_DE_ORDINAL_WORD = re.compile(r"(?<![\w-])(erst|zweit|dritt|viert|fünft|sechst|siebent|siebt|acht|neunt|zehnt|elft|"
                              r"zwölft)(?:e|en|er|es|em)(?=\s+[A-ZÄÖÜ])", re.IGNORECASE)
_ISO_DATE = re.compile(r"-(\d{2})-(\d{2})(?![\d-])")
# the year that ends a numeric date written in one piece ("31.12.2024"), which a slash or
# ISO date on the other side gives as a figure of its own ("12/31/2024", "2024-12-31")
_DATE_YEAR = re.compile(r"\d{1,2}\.\d{1,2}\.(\d{4})$")
_FISCAL_YEAR = re.compile(r"\bFY\s?(\d{4}|\d{2})\b")
_A_FACTOR = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}

# An indefinite quantifier before a bare scale word makes a vague quantity: "mehrere
# Tausend Stellen" is thousands of jobs, not 1,000 of them (text2num would read "tausend").
# A scale word that follows ("mehrere hundert Millionen Euro") leaves the figure to the
# number-word pass.
_FEW_FACTOR = {"hundert": 100, "tausend": 10**3, "zehntausend": 10**4, "hunderttausend": 10**5,
               "hundred": 100, "thousand": 10**3}
_FEW_SCALE = {
    "de": re.compile(r"(?<![\w-])(?:mehrere[nr]?|einige[nr]?|ein\s+paar|etliche[nr]?|wenige[nr]?|viele[nr]?)\s+"
                     r"(hundert|tausend|zehntausend|hunderttausend)"
                     r"(?![\w-])(?!\s+(?:Million|Milliard|Billion|Mio\.|Mrd\.))", re.IGNORECASE),
    "en": re.compile(r"(?<![\w-])(?:several|a\s+few|a\s+couple(?:\s+of)?|many)\s+(hundred|thousand)"
                     r"(?![\w-])(?!\s+(?:million|billion|trillion|mn|bn)\b)", re.IGNORECASE),
}
# "a billion-year time scale": the scale word may start a compound adjective
_A_SCALE = re.compile(r"(?<![\w-])an?\s+(hundred|thousand|million|billion)(?![\w])", re.IGNORECASE)
_A_UNIT = re.compile(r"(?<![\w-])an?\s+(mile|foot|inch|yard|kilometre|kilometer|metre|meter)(?![\w-])",
                     re.IGNORECASE)

_FRACTION_WORD = {"halb": Decimal("0.5"), "half": Decimal("0.5"), "viertel": Decimal("0.25"),
                  "quarter": Decimal("0.25"), "dreiviertel": Decimal("0.75"),
                  "three quarters": Decimal("0.75"), "three-quarters": Decimal("0.75"),
                  "three quarter": Decimal("0.75"),
                  "demi": Decimal("0.5"), "quart": Decimal("0.25")}
_FRACTION_SCALE = {
    # "eine Viertelmillion", "eine viertel Million", "einer halben Million", "halbe Milliarde",
    # and the inflected article alone: "vor einer Milliarde Jahren", "mit einem Tausendstel" not
    "de": re.compile(
        r"(?<![\w-])(?:(?P<art>ein(?:e[mnrs]?)?)\s+(?:(?P<f1>dreiviertel|viertel|halb)(?:e[mnrs]?)?\s*)?"
        r"|(?P<f2>dreiviertel|viertel|halb)(?:e[mnrs]?)?\s*)"
        r"(?P<scale>million|milliarde|billion)(?:en)?(?![\w-])", re.IGNORECASE),
    # "half a million", "a quarter of a million", "two and a half million", "a half million"
    "en": re.compile(
        r"(?<![\w-])(?:(?P<int>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+and\s+)?"
        r"(?:an?\s+)?(?P<frac>half|quarter|three[\s-]quarters?)(?:\s+of)?\s+(?:an?\s+)?"
        r"(?P<scale>hundred|thousand|million|billion)(?![\w])", re.IGNORECASE),
    # "un demi-million", "un quart de million", "trois millions et demi" (3.5 million: the
    # half follows the scale word, which a plain reading takes for 3 million)
    "fr": re.compile(
        r"(?<![\w-])(?:(?:une?\s+)?(?P<f1>demi|quart)(?:-|\s+de\s+)"
        rf"|(?P<int>\d+|(?:{_alternation(_NUMBER_MORPHS['fr'])})(?:-(?:{_alternation(_NUMBER_MORPHS['fr'])}))*)\s+)"
        r"(?P<scale>millions?|milliards?)(?(int)\s+et\s+(?P<frac>demie?|quart))(?![\w-])", re.IGNORECASE),
}


def _fraction_figure(text: str, m: re.Match, language: str) -> Figure | None:
    groups = m.groupdict()
    frac = groups.get("f1") or groups.get("f2") or groups.get("frac")
    if language == "de" and not frac and groups["art"].lower() in ("ein", "eine"):
        return None  # "eine Million": the number-word pass reads it (and its "Komma")
    value = _FRACTION_WORD[frac.lower().rstrip("e") if language == "fr" else frac.lower()] if frac else Decimal(1)
    whole = groups.get("int")
    if whole:
        n = Decimal(whole) if whole.isdigit() else _parse_words(whole, language)
        if n is None:
            return None
        value += n
    scale = groups["scale"].lower()
    value *= _SCALES[language].get(scale) or _SCALES[language].get(scale + "n") or 100  # "hundred"
    s, e = m.start(), m.end()
    noun, _, ne = _noun_after(text, e, language)
    noun_kind, noun_unit = _classify_noun(noun, language)
    return _fig(text, s, e, value, noun_kind or "count", _approximator(text, s, language), noun,
                noun_key(noun, language) if noun else None, noun_unit,
                phrase_end=ne if noun else e, written="words", scaled=True)
_FR_DURATION_UNIT = r"(?P<unit>ans?|années?|heures?|jours?|journées?|semaines?|mois|minutes?|secondes?|siècles?|décennies?)"
_FR_NUMBER = rf"\d+|(?:{_alternation(_NUMBER_MORPHS['fr'])})(?:-(?:{_alternation(_NUMBER_MORPHS['fr'])}))*"
# "un an et demi" (1.5 years), "deux heures et quart"
_FR_AND_HALF = re.compile(rf"(?<![\w-])(?P<int>{_FR_NUMBER})\s+{_FR_DURATION_UNIT}\s+et\s+(?P<frac>demie?|quart)(?![\w-])",
                          re.IGNORECASE)
# "une demi-heure", "un demi-siècle", "un quart de siècle", "trois quarts d'heure"
_FR_PART_OF = re.compile(r"(?<![\w-])(?:(?P<three>trois)\s+quarts|(?:une?\s+)?(?P<frac>demi|quart))(?:-|\s+de\s+|\s+d['’])"
                         + _FR_DURATION_UNIT.replace("ans?|", "") + r"(?![\w-])", re.IGNORECASE)
# "un an", "une semaine", "un siècle": answers "zwölf Monate", "100 Jahre"
_FR_ONE_UNIT = re.compile(rf"(?<![\w-])une?\s+{_FR_DURATION_UNIT}(?![\w-])", re.IGNORECASE)
# "à 10 heures 30" is a clock time; "midi" and "minuit" are 12 and 0 o'clock
_FR_HOURS_MINUTES = re.compile(r"(?<![\w.,])(?P<h>[01]?\d|2[0-4])\s+heures?\s+(?P<m>[0-5]\d)(?![\w,.]?\d)")
_FR_NOON = re.compile(r"(?<![\w-])(midi|minuit)(?![\w-])", re.IGNORECASE)
_DE_ONE_UNIT = re.compile(r"(?<![\w-])(?:eine[mnrs]?|ein)\s+(Sekunde|Minute|Stunde|Tag(?:e?s)?|Woche|Monats?|Jahr(?:e?s)?|"
                          r"Jahrzehnts?|Jahrhunderts?)(?![\w-])")


_EN_NOON = re.compile(r"(?<![\w-])(noon|midday|midnight)(?![\w-])", re.IGNORECASE)
_HALF_PAST = {
    "en": re.compile(rf"(?<![\w-])half\s+past\s+(\d{{1,2}}|{_alternation(_NUMBER_MORPHS['en'])})(?![\w-])", re.IGNORECASE),
    "de": re.compile(rf"(?<![\w-])halb\s+(\d{{1,2}}|{_alternation(_NUMBER_MORPHS['de'])})(?![\w-])", re.IGNORECASE),
}
_EN_ISH = re.compile(r"(?<![\w.,])(\d{1,4})-?ish(?!\w)", re.IGNORECASE)
_SHORT_YEAR = re.compile(r"(?<![\w'’])['’](\d{2})(?![\w'’]|[.,]\d|\s?s\b)")


def _spoken_clock(text: str, language: str) -> list[Figure]:
    """Clock times said in words ("noon", "half past 7", German "halb acht" = 7.30; the value
    is hours + minutes / 100 as for "10 heures 30") and years cut to two digits ("'99")."""
    out: list[Figure] = []
    if language == "en":
        for m in _EN_NOON.finditer(text):
            out.append(_fig(text, m.start(), m.end(), Decimal(0 if m.group(1).lower() == "midnight" else 12), "time",
                            None, None, None, "h", written="words"))
    pattern = _HALF_PAST.get(language)
    for m in pattern.finditer(text) if pattern else ():
        word = m.group(1)
        hour = int(word) if word.isdigit() else _parse_words(word, language)
        if hour is None or not 1 <= hour <= 24:
            continue
        hour = int(hour) - (1 if language == "de" else 0)
        if hour == 0:
            hour = 12  # "halb eins" is half past twelve
        out.append(_fig(text, m.start(), m.end(), Decimal(hour) + Decimal("0.30"), "time", None, None, None, "h",
                        written="digits" if word.isdigit() else "words"))
    if language == "en":
        for m in _EN_ISH.finditer(text):  # "7ish", "40-ish": about 7, about 40
            out.append(_fig(text, m.start(), m.end(), Decimal(m.group(1)), "count", "ish", None, None, None))
    if language in ("en", "de"):
        for m in _SHORT_YEAR.finditer(text):
            year = int(m.group(1))
            out.append(_fig(text, m.start(), m.end(), Decimal(year + (2000 if year <= 30 else 1900)), "year",
                            None, None, None, None))
    return out


def _fr_durations(text: str) -> list[Figure]:
    """French durations said with a fraction or the article, and clock times in words."""
    out: list[Figure] = []
    for m in _FR_AND_HALF.finditer(text):
        whole = m.group("int")
        n = Decimal(whole) if whole.isdigit() else Decimal(1) if whole.lower() in ("un", "une") \
            else _parse_words(whole, "fr")
        if n is not None:
            value = n + _FRACTION_WORD[m.group("frac").lower().rstrip("e")]
            out.append(_fig(text, m.start(), m.end(), value, "count", _approximator(text, m.start(), "fr"),
                            m.group("unit"), noun_key(m.group("unit"), "fr"), None, written="words"))
    for m in _FR_PART_OF.finditer(text):
        value = Decimal("0.75") if m.group("three") else _FRACTION_WORD[m.group("frac").lower()]
        out.append(_fig(text, m.start(), m.end(), value, "count", None, m.group("unit"),
                        noun_key(m.group("unit"), "fr"), None, written="words"))
    for m in _FR_HOURS_MINUTES.finditer(text):
        out.append(_fig(text, m.start(), m.end(), Decimal(int(m.group("h"))) + Decimal(int(m.group("m"))) / 100,
                        "time", None, None, None, "h"))
    for m in _FR_NOON.finditer(text):
        out.append(_fig(text, m.start(), m.end(), Decimal(12 if m.group(1).lower() == "midi" else 0), "time",
                        None, None, None, "h", written="words"))
    for m in _FR_ONE_UNIT.finditer(text):
        if not any(f.start <= m.start() < f.end for f in out):
            out.append(_fig(text, m.start(), m.end(), Decimal(1), "count", None, m.group("unit"),
                            noun_key(m.group("unit"), "fr"), None, written="compound"))
    return out


# "un Français sur 3" is "jeder dritte Franzose" (as English "1 in 3"); "24 heures sur 24",
# "7 jours sur 7" are "rund um die Uhr", "täglich"
_FR_ONE_IN = re.compile(r"(?<![\w.,])(?:1|une?)\s+(?:[^\W\d_][\w'’-]*\s+){1,3}sur\s+$", re.IGNORECASE)
_FR_ALWAYS = re.compile(r"\s+[^\W\d_]+\s+sur\s+$")


def _fr_ratios(text: str, figures: list[Figure]) -> list[Figure]:
    """The denominator of "un Français sur 3", and both figures of "24 heures sur 24", answer a
    figure of the other side but are never missing."""
    out = list(figures)
    for i, f in enumerate(out):
        if f.kind != "count" or f.value is None:
            continue
        if _FR_ONE_IN.search(text, max(0, f.start - 40), f.start):
            out[i] = replace(f, written="ratio")
        elif i and out[i - 1].value == f.value and _FR_ALWAYS.fullmatch(text, out[i - 1].end, f.start):
            out[i - 1], out[i] = replace(out[i - 1], written="ratio"), replace(f, written="ratio")
        elif i and out[i - 1].kind == "count" and out[i - 1].end + 1 == f.start and text[out[i - 1].end] == "/" \
                and out[i - 1].value is not None and 0 < out[i - 1].value < f.value <= 10:
            # "les 2/3 des Français" is "zwei Drittel": a fraction, said in words
            out[i - 1], out[i] = replace(out[i - 1], written="ratio"), replace(f, written="ratio")
    return out


_FR_CHRONO = re.compile(
    r"(?<![\w.,])(?:(?P<h>\d{1,2})\s?h\s?(?P<hm>\d{1,2})\s?min(?:\s?(?P<hs>\d{1,2})\s?s)?"
    r"|(?P<m>\d{1,3})\s?min\s?(?P<ms>\d{1,2})\s?s(?:\s?(?P<mc>\d{2})(?!\d))?"
    r"|(?P<s>\d{1,3})\s?s\s?(?P<sc>\d{2})(?!\d))(?![\w])")


# English and German spell a race time or a duration out with its units too: "1 minute 14
# seconds", "2 hours, 1 minute and 9 seconds", "2 Stunden 10 Minuten 47 Sekunden" (German
# news mostly writes "1:14 Minuten", "2:01:09 Stunden"); two parts at least, so that "14
# seconds" alone stays an ordinary measure
def _spelled_chrono(hours: str, minutes: str, seconds: str, conjunction: str) -> re.Pattern[str]:
    join = rf",?\s*(?:{conjunction}\s+)?"
    sec = rf"\d{{1,2}}(?:[.,]\d{{1,3}})?)\s*(?:{seconds})(?![\w])"
    return re.compile(
        rf"(?<![\w.,])(?:(?P<h>\d{{1,2}})\s*(?:{hours})(?![\w]){join}(?P<hm>\d{{1,2}})\s*(?:{minutes})(?![\w])"
        rf"(?:{join}(?P<hs>{sec})?|(?P<m>\d{{1,3}})\s*(?:{minutes})(?![\w]){join}(?P<ms>{sec})")


_SPELLED_CHRONO = {
    "en": _spelled_chrono(r"hours?|hrs?|h", r"minutes?|mins?", r"seconds?|secs?|s", "and"),
    "de": _spelled_chrono(r"Stunden?|Std\.?", r"Minuten?|Min\.?", r"Sekunden?|Sek\.?", "und"),
}
# hundredths after a comma (German) or a point (English: "a time of 1:40.17")
_CHRONO = re.compile(r"(?<![\w.,:])(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?:[,.](\d{1,2}))?(?![\d:]|[.,]\d)")
_CHRONO_UNIT = {
    "de": re.compile(r"\s*(?:(?P<hr>Stunden|Std\.?|h)|(?P<min>Minuten|Min\.?|min))(?![\w])"),
    "en": re.compile(r"\s*(?:(?P<hr>hours?|hrs?|h)|(?P<min>minutes?|mins?))(?![\w])"),
}
_CLOCK_AFTER = re.compile(r"\s*(?:Uhr|[ap]\.?m\.?)(?!\w)", re.IGNORECASE)


def _race_times(text: str, language: str) -> list[Figure]:
    """Race times as durations in seconds: French writes the units between the parts
    ("3 min 14 s", "9 s 87"), English and German spell them out ("1 minute 14 seconds") or
    write them clock-like: "3:14 Minuten", "4:02,50" (a clock time has no hundredths and no
    unit after it)."""
    out: list[Figure] = []
    if language == "fr":
        for m in _FR_CHRONO.finditer(text):
            g = {k: Decimal(int(v)) if v else Decimal(0) for k, v in m.groupdict().items()}
            value = (g["h"] * 3600 + g["hm"] * 60 + g["hs"] + g["m"] * 60 + g["ms"] + g["mc"] / 100
                     + g["s"] + g["sc"] / 100)
            out.append(_fig(text, m.start(), m.end(), value, "measure", _approximator(text, m.start(), language),
                            None, None, "s"))
        return out
    for m in _SPELLED_CHRONO[language].finditer(text) if language in _SPELLED_CHRONO else ():
        g = {k: Decimal(v.replace(",", ".")) if v else Decimal(0) for k, v in m.groupdict().items()}
        value = g["h"] * 3600 + g["hm"] * 60 + g["hs"] + g["m"] * 60 + g["ms"]
        out.append(_fig(text, m.start(), m.end(), value, "measure", _approximator(text, m.start(), language),
                        None, None, "s"))
    unit_after = _CHRONO_UNIT.get(language)
    if unit_after is None:
        return out
    for m in _CHRONO.finditer(text):
        a, b, c, cc = (int(x) if x else None for x in m.groups())
        um = unit_after.match(text, m.end())
        if um is None and c is None and cc is None or _CLOCK_AFTER.match(text, m.end()):
            continue  # a clock time ("um 14:30")
        if c is not None:
            value = Decimal(a * 3600 + b * 60 + c)
        elif um is not None and um.group("hr"):
            value = Decimal(a * 3600 + b * 60)
        else:
            value = Decimal(a * 60 + b)
        if cc is not None:
            value += Decimal(cc) / (10 if len(m.group(4)) == 1 else 100)
        end = um.end() if um else m.end()
        out.append(_fig(text, m.start(), end, value, "measure", _approximator(text, m.start(), language),
                        None, None, "s"))
    return out


# "les années 1990", "les années 90": a decade (German "die 1990er-Jahre", which is no figure)
_FR_DECADE = re.compile(r"ann[ée]es\s+$", re.IGNORECASE)
# "la nuit du 13 au 14 juillet" is German "die Nacht zum 14. Juli": the first day is implied
_FR_NIGHT = re.compile(r"nuit\s+du\s+$", re.IGNORECASE)
_FR_DAY_ALONE = re.compile(r"(?<![\w])le\s+$", re.IGNORECASE)


def _fr_dates(text: str, figures: list[Figure]) -> list[Figure]:
    """French decades, the first night of "la nuit du 13 au 14", and a bare "le 24" after a
    date of the sentence ("le 10 avril et le second le 24"): that date's month."""
    out = list(figures)
    month = None
    for i, f in enumerate(out):
        if f.kind in ("count", "year") and f.value is not None and f.value % 10 == 0 \
                and re.fullmatch(r"(?:1[89]|20)?\d0", f.text) and _FR_DECADE.search(text, max(0, f.start - 10), f.start):
            out[i] = replace(f, written="decade")
        elif f.kind == "date" and _FR_NIGHT.search(text, max(0, f.start - 12), f.start) \
                and i + 1 < len(out) and out[i + 1].kind == "date":
            out[i] = replace(f, written="implied")
        elif f.kind == "count" and month is not None and f.noun is None and f.text.isdigit() \
                and 1 <= int(f.text) <= 31 and _FR_DAY_ALONE.search(text, max(0, f.start - 4), f.start):
            out[i] = _fig(text, f.start, f.end, f.value, "date", None, None, None, None, month=month)
        if out[i].kind == "date" and out[i].month:
            month = out[i].month
    return out


def _de_article_durations(text: str) -> list[Figure]:
    """German "einen Tag", "ein Jahr": one unit, answering "24 heures", "douze mois" (never
    missing or extra: the article is no figure)."""
    return [_fig(text, m.start(), m.end(), Decimal(1), "count", None, m.group(1), noun_key(m.group(1)), None,
                 written="compound") for m in _DE_ONE_UNIT.finditer(text)]


_DATE_LINK = re.compile(r"\s*(?:and|to|or|,|–|-|et|à|au|ou)(?:\s+the)?\s*")  # "the 17 and the 25 January"


def _date_lists(text: str, figures: list[Figure]) -> list[Figure]:
    """English/French "October 27 and 28", "27 et 28 octobre": the second day is a date too."""
    out = list(figures)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if prev.kind == "date" and cur.kind == "count" and cur.noun is None and cur.value is not None \
                and cur.value == cur.value.to_integral_value() and 1 <= cur.value <= 31 \
                and _DATE_LINK.fullmatch(text, prev.end, cur.start):
            out[i] = _fig(text, cur.start, cur.end, cur.value, "date", None, None, None, None, month=prev.month)
    for i in range(len(out) - 2, -1, -1):
        cur, nxt = out[i], out[i + 1]
        if nxt.kind == "date" and cur.kind == "count" and cur.noun is None and cur.value is not None \
                and cur.value == cur.value.to_integral_value() and 1 <= cur.value <= 31 \
                and _DATE_LINK.fullmatch(text, cur.end, nxt.start) and nxt.start > cur.end:
            out[i] = _fig(text, cur.start, cur.end, cur.value, "date", None, None, None, None, month=nxt.month)
    return out


# "6,5-milliardenfach", "vier millionenfach": a number before a scale multiplier
_DE_SCALE_TIMES_AFTER_DIGITS = re.compile(r"-?(millionen|milliarden)(?:mal|fach(?:e[nmrs]?)?)(?![\w-])", re.IGNORECASE)
_DE_WORD_BEFORE = re.compile(r"(?<![\w-])([^\W\d_]+)\s+$")
_EN_FOLD = re.compile(r"(?<![\w-])(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
                      r"forty|fifty|hundred|thousand|million|billion)-?fold(?![\w-])", re.IGNORECASE)


def _fig(text, s, e, value, kind, approx, noun, nkey, unit, **kw) -> Figure:
    phrase_end = kw.pop("phrase_end", e)
    if approx:
        kw["approx_start"] = text.rfind(approx, 0, s)
    return Figure(start=s, end=e, value=value, kind=kind, approximator=approx, noun=noun,
                  noun_key=nkey, unit=unit, text=text[s:e], phrase_end=max(phrase_end, e), **kw)


# A version identifier: a dotted number right after the name of a product, a standard or
# the word "version" ("iOS 17.4", "Bluetooth 5.3", "Version 2.1", "Industrie 4.0"). It is a
# label written the same way in every language, never a decimal quantity or a date; a scale
# word, a unit or a percent sign after it makes it a quantity again ("eBay 2.5 Milliarden").
# Names with a capital after a small letter are products (iOS, macOS, iPadOS, HarmonyOS).
_VERSION_NAME = re.compile(
    r"(?<![\w-])(?:iOS|iPadOS|macOS|watchOS|tvOS|visionOS|Android|Windows|Chrome|Firefox|Safari|"
    r"Linux|Ubuntu|Python|Java|Bluetooth|USB|HDMI|HTTP|PCIe|Wi-?Fi|WLAN|Web|Industrie|Industry|"
    r"[Vv]ersion|[Uu]pdate|[Rr]elease|Firmware|[a-z]+[A-Z][A-Za-z]*)\s+$")
_VERSION_TOKEN = re.compile(r"\d{1,3}\.\d{1,2}")


def _version(text: str, s: int, e: int, token: str, language: str, L: dict) -> Figure | None:
    """``text[s:e]`` as a version identifier (see ``_VERSION_NAME``), or None."""
    if not _VERSION_TOKEN.fullmatch(token) or not _VERSION_NAME.search(text, max(0, s - 20), s):
        return None
    if L["scale"].match(text, e) or _SYMBOL.match(text, e):
        return None
    noun, _, _ = _noun_after(text, e, language)
    if _classify_noun(noun, language)[0] is not None:
        return None
    return _fig(text, s, e, Decimal(token), "count", None, None, None, None)


def _digit_figure(text: str, s: int, e: int, token: str, language: str, L: dict) -> Figure | None:
    after = text[e:e + 40]
    version = _version(text, s, e, token, language, L)
    if version is not None:
        return version
    # numeric dates everywhere: 25.10.2024
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", token):
        day, month, _ = token.split(".")
        if 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
            return _fig(text, s, e, Decimal(int(day)), "date", None, None, None, None, month=int(month))
    # French clock times: "15 h 30", "15h", "8h00"
    fh = _FR_TIME.match(after) if language == "fr" and token.isdigit() and int(token) <= 24 else None
    if fh:
        minutes = Decimal(int(fh.group(1))) / 100 if fh.group(1) else Decimal(0)
        return _fig(text, s, e + fh.end(), Decimal(int(token)) + minutes, "time", None, None, None, "h")
    # clock times: 18:00 (Uhr), 9:30
    tm = re.match(r":(\d{2})(?!\d)", after)
    # scores: "2:1", "31:26", English "2-1" (a lower second number: "10-15" is a range)
    sc = _SCORE.match(text, e) if token.isdigit() else None
    if sc and (not tm or int(token) > 24) and (after[0] == ":" or int(token) >= int(sc.group(1))):
        return _fig(text, s, sc.end(), Decimal(token), "score", None, None, None, None,
                    high=Decimal(sc.group(1)))
    # British clock times with a dot before "am"/"pm": "10.35pm", "7.45 a.m." (not "10.35 m")
    dm = _ENGLISH_TIME.match(text, e) if language == "en" and _DOT_CLOCK.fullmatch(token) else None
    if dm and dm.group(1) is None:
        hour, minute = token.split(".")
        hours = int(hour) % 12 + (12 if dm.group(2).lower() == "p" else 0)
        return _fig(text, s, dm.end(), Decimal(hours) + Decimal(int(minute)) / 100, "time", None, None, None, "h")
    if tm and token.isdigit() and int(token) <= 24:
        end = e + tm.end()
        am = _ENGLISH_TIME.match(text, end) if language == "en" else None
        hours = int(token)
        if am:
            hours = hours % 12 + (12 if am.group(2).lower() == "p" else 0)
            end = am.end()
        um = re.match(r"\s+Uhr\b", text[end:])
        if um:
            end += um.end()
        return _fig(text, s, end, Decimal(hours) + Decimal(int(tm.group(1))) / 100, "time",
                    None, None, None, "h")
    # German numeric dates: 25.10.
    if language != "en" and _NUMERIC_DATE.match(token + ("." if after.startswith(".") else "")) \
            and token.count(".") >= 1 and "," not in token and re.fullmatch(r"\d{1,2}\.\d{1,2}(?:\.\d+)?", token):
        if token.count(".") == 2 or after.startswith("."):
            day, month = token.split(".")[:2]
            if 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
                end = e + 1 if after.startswith(".") else e
                return _fig(text, s, end, Decimal(int(day)), "date", None, None, None, None, month=int(month))
    # German/French ordinal dot: "am 25. Oktober", "am 27. und 28. Oktober", "im 3. Quartal"
    if language == "de" and token.isdigit() and after.startswith(".") and len(token) <= 3:
        mm = L["month_after_dot"].match(text, e)
        if mm:
            return _fig(text, s, e + 1, Decimal(token), "date", None, None, None, None,
                        month=L["month_index"].get(mm.group(1).lower().rstrip(".")))
        if re.match(r"\.\s+[^\W\d_]", after) or re.match(r"\.\s*(?:und|bis|–|-)\s*\d", after):
            return _fig(text, s, e + 1, Decimal(token), "ordinal", None, None, None, None)
    if language == "fr" and token.isdigit():
        om = _ORDINAL_FR.match(text, e)
        if om:
            mm = re.match(rf"(?:\s+|-)({_alternation(L['month_index'])})(?!\w)", text[om.end():], re.IGNORECASE)
            if mm:  # "le 1er mars"
                return _fig(text, s, om.end(), Decimal(token), "date", None, None, None, None,
                            month=L["month_index"].get(mm.group(1).lower()))
            return _fig(text, s, om.end(), Decimal(token), "ordinal", None, None, None, None)
    value, issue, alt = _parse_digits(token, language, L["locale"])
    if value is None:
        return None
    approx = _approximator(text, s, language)
    if token.isdigit() and len(token) <= 2:
        if language in ("en", "fr"):
            mm = L["month_after"].match(text, e) if language == "en" else \
                re.match(rf"(?:\s+|-)({_alternation(L['month_index'])})(?!\w)", text[e:], re.IGNORECASE)  # "14-Juillet"
            mb = L["month_before"].search(text, max(0, s - 15), s)
        else:
            # MT output without the ordinal dot: "3 Februar 2006", "Oktober 3, 2007"
            mm = L["month_after"].match(text, e)
            mm = mm if mm and not mm.group(0)[0].isalpha() else None
            mb = L["month_before"].search(text, max(0, s - 15), s) \
                if re.match(r"\s*(?:,|$|\d{4}(?!\d))", text[e:]) else None
        if mm or mb:
            month = (mm or mb).group(1).lower().rstrip(".")
            end = e
            om = _ORDINAL_EN.match(text, e) if language == "en" else None
            if om:
                end = om.end()
            return _fig(text, s, end, value, "date", None, None, None, None,
                        month=L["month_index"].get(month))
    # English clock times: "6 p.m.", "9:30 am"
    if language == "en" and token.isdigit() and int(token) <= 12:
        tm = _ENGLISH_TIME.match(text, e)
        if tm:
            hours = int(token) % 12 + (12 if tm.group(2).lower() == "p" else 0)
            v = Decimal(hours) + (Decimal(int(tm.group(1))) / 100 if tm.group(1) else 0)
            return _fig(text, s, tm.end(), v, "time", None, None, None, "h")

    kind = "count"
    unit = None
    end = e
    scaled = False
    fm = _FR_SCALED_MONEY.match(text, e) if language == "fr" else None
    if fm:
        value = value * _FR_MONEY_SCALE[fm.group(1)]
        return _fig(text, s, fm.end(), value, "money", approx, None, None, _MONEY[fm.group(2)], scaled=True)
    cur = _CURRENCY_BEFORE.search(text, max(0, s - 4), s)
    if cur:
        kind, unit = "money", _MONEY[cur.group(1).lower()]
    sm = L["scale"].match(text, end)
    if sm:
        value = value * _SCALES[language][sm.group(1).lower()]
        end = sm.end()
        scaled = True
    else:
        dm = L["dozen"].match(text, end)
        if dm:
            value, end, scaled = value * 12, dm.end(), True
    pm = _FR_PER.match(text, end) if language == "fr" and kind == "count" else None
    if pm:
        kind, unit, end = "percent", _FR_PER_UNIT[pm.group(1).lower()], pm.end()
    sym = _SYMBOL.match(text, end) if not pm else None
    if sym and not (sym.group(1) in ("m", "t", "mi") and sym.end() < len(text) and text[sym.end()] == "."):
        symbol = sym.group(1)
        if symbol == "%":
            kind, unit = "percent", "%"
        elif symbol in ("€", "$", "£"):
            kind, unit = "money", _MONEY[symbol]
        elif symbol in ("m", "t") and language != "en" and not scaled:
            # German "m"/"t" after a number are metres/tonnes only when written so; rare in
            # news and ambiguous with a following sentence part: accept them
            kind, unit = "measure", _UNITS[symbol]
        elif symbol == "m" and kind == "count" and not scaled:
            # English "1.8 m (6 ft)", "a 5m wall": metres ("$5m", "5m people" are read as
            # millions before this)
            kind, unit = "measure", "m"
        elif symbol not in ("m", "t"):
            kind, unit = "measure", _UNITS.get(symbol.lower(), symbol)
        end = sym.end()
    elif kind == "count" and not scaled and (cm := _COMPOUND_SYMBOL.match(text, end)):
        # German compounds hyphenate the symbol: "65-W-Ladegerät", "500-ml-Becher"
        kind, unit, end = "measure", _UNITS.get(cm.group(1).lower(), cm.group(1)), cm.end() - 1
    elif kind == "count" and not scaled and _inch_mark(text, end):
        kind, unit, end = "measure", "in", end + 1  # '55" TV', '10,9"-Display'
    noun, ns, ne = _noun_after(text, end, language)
    noun_kind, noun_unit = _classify_noun(noun, language)
    if noun and noun_unit == "deg":
        gm = re.match(r"\s+(Celsius|Centigrade|Fahrenheit)", text[ne:])
        if gm:
            noun_kind, noun_unit, ne = "measure", "F" if gm.group(1) == "Fahrenheit" else "C", ne + gm.end()
    noun_kind, noun_unit, ne = _two_word_unit(text, noun, ne, language, noun_kind, noun_unit)
    if noun and language == "de" and noun.lower() in L["month_index"]:
        noun = None  # "2024 Oktober" never; a month after a plain number is not its noun
    if noun_kind is not None and kind == "count":
        kind, unit = noun_kind, noun_unit
    elif noun_kind is not None and kind == "money" and noun_kind == "money":
        unit = noun_unit
    # years
    if kind == "count" and token.isdigit() and len(token) == 4 and 1800 <= int(token) <= 2100 \
            and not approx and not scaled:
        before = text[max(0, s - 25):s]
        if noun is None or _YEAR_CUE.search(before) or L["month_before"].search(before):
            return _fig(text, s, e, value, "year", None, None, None, None)
    # German clock times "18.30 Uhr" read as a decimal by babel
    if kind == "time" and "." in token:
        issue, alt = None, None
    return _fig(text, s, end, value, kind, approx, noun,
                noun_key(noun, language) if noun else None, unit,
                phrase_end=ne if noun else end, scaled=scaled, separator_issue=issue, alt_value=alt)


def _inch_mark(text: str, pos: int) -> bool:
    """Is the quote sign at ``pos``, right after a number, the inch mark ('55" TV', "10.9”
    display") rather than a closing quotation mark? A double prime always is; a straight
    quote is when the straight quotes before it that follow no digit are even in number
    (it opens none: a quote does not open right after a number); a curly ” when no opening
    quotation mark (“ „) comes before it."""
    mark = text[pos:pos + 1]
    if mark == "″":
        return True
    if mark == '"':
        return sum(1 for i, c in enumerate(text[:pos]) if c == '"' and not (i and text[i - 1].isdigit())) % 2 == 0
    if mark == "”":
        return not any(c in "“„" for c in text[:pos])
    return False


def _mid_sentence_capital(text: str, s: int, words: str) -> bool:
    """German "Acht", "Elf" in mid-sentence are nouns, not numbers."""
    before = text[max(0, s - 2):s].strip()
    return words[0].isupper() and s > 0 and before not in ("", "„", "\"", "“", "(", "»", "«", "–", ":")


def _word_figure(text: str, s: int, e: int, words: str, language: str, L: dict) -> Figure | None:
    low = words.lower()
    if language == "en" and low.startswith("twice"):
        # "twice" is the number 2 ("2 Mal" translates it), never part of a longer number
        return _fig(text, s, s + 5, Decimal(2), "count", None, None, None, None, written="words")
    times = half = compound = False
    if language == "de":
        cm = _DE_COMPOUND_SUFFIX.search(low)
        if cm and cm.start() > 0:
            low, compound = low[:cm.start()], True
        tm = _DE_TIMES_SUFFIX.search(low) if not compound else None
        if tm and tm.start() > 0:
            low, times = low[:tm.start()], True  # "zehnmal", "zehnfachen": ten times
        if low == "anderthalb":
            low, half = "ein", True
        elif low.endswith("einhalb") and len(low) > 7:
            low, half = low[:-7], True  # "zweieinhalb": 2.5
        if _mid_sentence_capital(text, s, words) and not compound:
            return None  # "Acht", "Elf" are nouns; "ein Dreißigjähriger" is a man of thirty
    if compound:
        value = _parse_words(low, language) if low not in _NOT_A_NUMBER else None
        if value is None:
            return None
        # counts nothing on its own and is never missing or extra (see compare_figures): it
        # only answers the figure it translates ("a 12-year-old" as "ein Zwölfjähriger")
        return _fig(text, s, e, value, "count", None, None, None, None, written="compound")
    if half:
        value = Decimal(1) if low in ("ein", "eine") else _parse_words(low, language)
        if value is None:
            return None
        value += Decimal("0.5")
    elif low in _NOT_A_NUMBER:
        # "einmal" is the adverb (noch einmal, nicht einmal); "eine Million", "a million"
        # are numbers all the same
        if times or low not in ("ein", "eine", "one", "un", "une") or not L["scale"].match(text, e):
            return None
        value = Decimal(1)
    else:
        value = _parse_words(low if times else words, language)
        if value is None and language == "en":
            # "two three" is not one number: keep the longest valid prefix
            parts = re.split(r"(\s+and\s+|[\s-]+)", words)
            while len(parts) > 1 and value is None:
                parts = parts[:-2]
                value = _parse_words("".join(parts), language)
            if value is None or "".join(parts).lower() in _NOT_A_NUMBER:
                return None
            e = s + len("".join(parts))
        if value is None:
            return None
    if times:
        # a multiplier, not a count of the noun that follows ("die zehnfache Masse")
        return _fig(text, s, e, value, "count", _approximator(text, s, language), None, None, None,
                    written="words")
    end = e
    scaled = False
    km = L["komma"].match(text, end)
    if km and not half:
        frac = km.group(1)
        frac_value = Decimal(frac) if frac.isdigit() else _parse_words(frac, language)
        if frac_value is not None:
            value = Decimal(f"{value}.{int(frac_value)}")
            end = km.end()
    sm = L["scale"].match(text, end)
    if sm:
        value = value * _SCALES[language][sm.group(1).lower()]
        end, scaled = sm.end(), True
    else:
        dm = L["dozen"].match(text, end)
        if dm:
            value, end, scaled = value * 12, dm.end(), True
    if low in ("ein", "eine", "one", "un", "une") and not scaled and not half:
        return None
    sym = _SYMBOL.match(text, end)
    kind, unit = "count", None
    if sym and sym.group(1) == "%":
        kind, unit, end = "percent", "%", sym.end()
    pm = _FR_PER.match(text, end) if language == "fr" and kind == "count" else None
    if pm:
        kind, unit, end = "percent", _FR_PER_UNIT[pm.group(1).lower()], pm.end()
    noun, ns, ne = _noun_after(text, end, language)
    noun_kind, noun_unit = _classify_noun(noun, language)
    noun_kind, noun_unit, ne = _two_word_unit(text, noun, ne, language, noun_kind, noun_unit)
    if noun_kind is not None and kind == "count":
        kind, unit = noun_kind, noun_unit
    return _fig(text, s, end, value, kind, _approximator(text, s, language), noun,
                noun_key(noun, language) if noun else None, unit,
                phrase_end=ne if noun else end, written="words", scaled=scaled)


_RANGE_LINK = {
    "de": re.compile(r"\s*(?:bis|–|-|und)\s*$"),
    "en": re.compile(r"\s*(?:to|–|-|and)\s*$"),
    "fr": re.compile(r"\s*(?:à|–|-|et)\s*$"),
}
_RANGE_OPEN = {
    "de": re.compile(r"(?:\bvon|\bzwischen)\s+$"),
    "en": re.compile(r"(?:\bfrom|\bbetween)\s+$"),
    "fr": re.compile(r"(?:\bde|\bentre)\s+$"),
}


def _merge_ranges(text: str, figures: list[Figure], language: str) -> list[Figure]:
    """"von 9 bis 18 Uhr", "zwischen 10 und 20 Prozent", "10–15": one range figure.

    "bis zu 12.000" is an approximator, not a range: a range needs a number before the link.
    A bare "und" joins only after "zwischen" ("500 Offiziere und drei Generäle" are two).
    """
    out: list[Figure] = []
    i = 0
    link = _RANGE_LINK[language]
    opener = _RANGE_OPEN[language]
    while i < len(figures):
        a = figures[i]
        if i + 1 < len(figures):
            b = figures[i + 1]
            gap = text[a.end:b.start]
            lm = link.fullmatch(gap) if a.phrase_end <= a.end else None
            numeric = a.kind not in ("date", "ordinal", "year", "vague", "score") and \
                b.kind not in ("date", "ordinal", "year", "vague", "score")
            # the low end takes the high end's scale word ("1 bis 2 Millionen"); a low end that
            # then is not below the high end, or a unit of its own that differs from the high
            # end's, makes "by X to Y" a change and its result ("rose by 23,000 to 2.71
            # million", "fell 42% to 2.9 billion euros"), not a range
            value = a.value
            if value is not None and b.value is not None and b.scaled and not a.scaled:
                value = a.value * (b.value / _unscaled(b, text, language))
            same_kind = (a.kind == "count" and a.unit is None) or (a.kind == b.kind and a.unit == b.unit)
            if lm and numeric and same_kind and value is not None and b.value is not None \
                    and a.value < b.value and value < b.value:
                word = gap.strip()
                opened = opener.search(text, max(0, a.start - 12), a.start)
                if word not in ("und", "and", "et") or opened:
                    if word in ("-", "–") or opened or word in ("bis", "to", "à"):
                        out.append(Figure(
                            start=a.start, end=b.end, value=value, kind="range",
                            approximator=a.approximator, noun=b.noun, noun_key=b.noun_key,
                            unit=b.unit, text=text[a.start:b.end], phrase_end=b.phrase_end,
                            high=b.value, written=a.written, scaled=b.scaled,
                        ))
                        i += 2
                        continue
        out.append(a)
        i += 1
    return out


def _unscaled(fig: Figure, text: str, language: str) -> Decimal:
    m = re.match(r"[\d.,]+", fig.text)
    if m:
        value, _, _ = _parse_digits(m.group(), language)
        if value:
            return value
    return fig.value or Decimal(1)


# --------------------------------------------------------------------------------------
# unit conversion

# each unit in its dimension's base unit (metre, kilogram, square metre); temperatures apart
_UNIT_FACTORS = {
    "length": {"mm": Decimal("0.001"), "cm": Decimal("0.01"), "m": Decimal(1), "km": Decimal(1000),
               "in": Decimal("0.0254"), "ft": Decimal("0.3048"), "yd": Decimal("0.9144"),
               "mi": Decimal("1609.344"), "nmi": Decimal(1852)},
    "mass": {"kg": Decimal(1), "lb": Decimal("0.45359237"), "t": Decimal(1000), "g": Decimal("0.001"),
             "mg": Decimal("0.000001"), "oz": Decimal("0.028349523")},
    "time": {"ns": Decimal("1e-9"), "us": Decimal("1e-6"), "ms": Decimal("0.001"), "s": Decimal(1),
             "min": Decimal(60), "hr": Decimal(3600), "d": Decimal(86400), "wk": Decimal(604800),
             # the Gregorian year, its twelfth, its tens and hundreds: "18 months" is
             # "anderthalb Jahre"
             "mo": Decimal(2629746), "yr": Decimal(31556952), "dec": Decimal(315569520),
             "cty": Decimal(3155695200)},
    "rate": {"bp": Decimal("0.01"), "pp": Decimal(1)},
    # litres; a fluid ounce is the US one ("12 oz" of a drink as "350 ml"), the cup the US
    # customary cup
    "volume": {"ml": Decimal("0.001"), "cl": Decimal("0.01"), "dl": Decimal("0.1"), "l": Decimal(1),
               "oz": Decimal("0.0295735"), "cup": Decimal("0.2365882"), "tbsp": Decimal("0.0147868"),
               "tsp": Decimal("0.00492892"), "pt": Decimal("0.4731765"), "qt": Decimal("0.9463529"),
               "gal": Decimal("3.7854118")},
    "area": {"km2": Decimal(1_000_000), "mi2": Decimal("2589988.11"), "ha": Decimal(10_000),
             "ac": Decimal("4046.8564"), "m2": Decimal(1), "ft2": Decimal("0.09290304"),
             "yd2": Decimal("0.83612736")},
}



def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """``value`` in ``from_unit`` expressed in ``to_unit``; None when we do not convert
    between them (currencies never: exchange rates change)."""
    if from_unit == to_unit:
        return None
    if (from_unit, to_unit) == ("C", "F"):
        return value * Decimal("1.8") + 32
    if (from_unit, to_unit) == ("F", "C"):
        return (value - 32) / Decimal("1.8")
    for factors in _UNIT_FACTORS.values():
        if from_unit in factors and to_unit in factors:
            return value * factors[from_unit] / factors[to_unit]
    return None


def agrees(expected: Decimal, stated: Decimal) -> bool:
    """Does ``stated`` look like ``expected`` rounded the way journalists round?

    The tolerance follows the rounding of ``stated``: 12 % or half its last significant
    digit, whichever is larger ("50 km (30 miles)", "200 feet" as "60 Meter").
    """
    digits = stated.normalize()
    if digits == digits.to_integral_value():
        exponent = len(str(int(digits))) - len(str(int(digits)).rstrip("0"))
        granule = Decimal(10) ** exponent
    else:
        granule = Decimal(10) ** digits.as_tuple().exponent
    tolerance = max(abs(expected) * Decimal("0.12"), granule / 2)
    return abs(expected - stated) <= tolerance


def _convertible(f: Figure, g: Figure) -> bool:
    """Measures in two different units of one dimension (miles and kilometres)."""
    return bool(f.unit and g.unit and f.unit != g.unit and f.value is not None
                and convert(f.value, f.unit, g.unit) is not None)


def _month_count(f: Figure, language: str) -> bool:
    """A day number read as a count of a month name ("30 september")."""
    return f.kind == "count" and f.noun is not None and f.noun.lower().rstrip(".") in _lang(language)["month_index"]


def _loose_scale(f: Figure, others: list[Figure]) -> bool:
    """Is ``f`` "a million" (words) where ``others`` has "millions" (vague)?"""
    return f.written == "words" and f.scaled and f.value is not None and any(
        g.kind == "vague" and g.magnitude == f.value for g in others)


def _measured_in(f: Figure) -> str | None:
    """The unit ``f`` is measured in: its own, a duration's ("90 Minuten"), or the pound
    as a weight ("weighs 5 pounds": English uses the word for both)."""
    if f.kind in ("measure", "range") and f.unit:
        return f.unit
    low = f.noun.lower() if f.noun else None
    if f.kind == "money" and f.unit == "GBP" and low in ("pound", "pounds"):
        return "lb"
    if f.kind in ("count", "range") and f.unit is None and low:
        return _DURATIONS.get(low)
    return None


# a recipe's volume measures, which a translation may give as a weight ("2 cups of flour" as
# "250 g Mehl"): how much a cup weighs depends on what is in it
_KITCHEN_VOLUME = frozenset({"cup", "tbsp", "tsp"})
_KITCHEN_MASS = frozenset({"g", "kg", "mg"})
#: the densities of what a kitchen measures by the cup, in g/ml: from flakes and flour
#: (0.2-0.6) to sugar, water, oil and honey (0.8-1.45)
_KITCHEN_DENSITY = (Decimal("0.2"), Decimal("1.5"))


def _by_density(f: Figure, unit: str, g: Figure, other: str) -> bool:
    """Is a cup, tablespoon or teaspoon measure ``f`` the weight ``g`` of an ingredient (or
    the reverse), at a density some ingredient has?"""
    if unit in _KITCHEN_VOLUME and other in _KITCHEN_MASS:
        volume, mass = f, g
    elif other in _KITCHEN_VOLUME and unit in _KITCHEN_MASS:
        volume, mass = g, f
    else:
        return False
    if volume.value is None or mass.value is None or volume.high is not None or mass.high is not None:
        return False
    litres = convert(volume.value, _measured_in(volume) or "", "l")
    kilos = mass.value * _UNIT_FACTORS["mass"][_measured_in(mass) or "kg"]
    if not litres:
        return False
    low, high = _KITCHEN_DENSITY
    return low <= kilos / litres <= high


def _converted(f: Figure, others: list[Figure]) -> bool:
    """Is measure ``f`` one of ``others`` converted to another unit (115 °F as 46 °C)?"""
    unit = _measured_in(f)
    if unit is None or f.value is None:
        return False
    for g in others:
        other = _measured_in(g)
        if other is None or other == unit:
            continue
        # durations convert exactly ("18 months" is "anderthalb Jahre"): a whole number of the
        # larger unit is no rounding of them ("30 months" is not "drei Jahre")
        exact = unit in _UNIT_FACTORS["time"] and other in _UNIT_FACTORS["time"]
        if _by_density(f, unit, g, other):
            return True
        for v in _values(f):
            if any(g_v is not None and (x := convert(v, unit, other)) is not None
                   and (abs(x - g_v) <= abs(x) * Decimal("0.12") if exact else agrees(x, g_v))
                   for g_v in _values(g)):
                return True
    return False


_ASIDE_OPEN = re.compile(r"\(\s*(?:(?:rund|etwa|ca\.|circa|ungefähr|knapp|about|around|roughly|some|approx\.|"
                         r"approximately|environ)\s+)?(?:US\$|\$|€|£)?$", re.IGNORECASE)


def currency_aside(f: Figure, text: str, figures: list[Figure]) -> bool:
    """Is money figure ``f`` a conversion in brackets after an amount in another currency
    ("100 Millionen Dollar (rund 92 Millionen Euro)")? Exchange rates change, so such an
    aside is neither checked, nor missed when one side leaves it out."""
    if f.kind != "money" or not f.unit:
        return False
    opening = _ASIDE_OPEN.search(text, max(0, (f.approx_start if f.approx_start is not None else f.start) - 30),
                                 f.approx_start if f.approx_start is not None else f.start)
    if opening is None:
        return False
    return any(g.kind == "money" and g.unit and g.unit != f.unit and 0 <= opening.start() - g.phrase_end <= 2
               for g in figures)


def conversion_aside(f: Figure, text: str, figures: list[Figure]) -> bool:
    """Is figure ``f`` the figure just before its bracket said again in another unit: a
    currency (see :func:`currency_aside`), a measure that converts within rounding ("38C
    (100F)", "10 km (6 miles)"), a clock time in another zone ("10:17 a.m. EDT (1417 GMT)":
    the same minutes, whole hours apart)? A translation may give either form, or both;
    a wrong conversion ("10 km (16 miles)") is not one."""
    if currency_aside(f, text, figures):
        return True
    if f.value is None or f.high is not None:
        return False
    opening = _ASIDE_OPEN.search(text, max(0, (f.approx_start if f.approx_start is not None else f.start) - 30),
                                 f.approx_start if f.approx_start is not None else f.start)
    if opening is None:
        return False
    for g in figures:
        end = g.phrase_end
        if g.kind == f.kind == "time" and (zone := _ZONE_AFTER.match(text, end)):
            end = zone.end()
        if g is f or g.value is None or g.high is not None or not 0 <= opening.start() - end <= 2:
            continue
        if f.kind == g.kind == "time":
            return g.value % 1 == f.value % 1 and g.value != f.value
        unit, other = _measured_in(g), _measured_in(f)
        return bool(unit and other and unit != other and (x := convert(g.value, unit, other)) is not None
                    and agrees(x, f.value))
    return False


# "the 27-member bloc", "the 32-nation alliance": the size of an organisation named by
# description, which a translation names instead ("die EU", "die Nato", "der UN-Sicherheitsrat")
_MEMBER_EPITHET = re.compile(r"-(?:member|nation|country|state)\s+(?:[\w-]+\s+){0,2}?(?:bloc|alliance|council|"
                             r"union|group|grouping|organi[sz]ation|club|cartel|coalition|body)\b", re.IGNORECASE)
# an organisation's abbreviation ("EU", "UN-Sicherheitsrat", "G7", "Nato", "Opec")
_ORGANISATION = re.compile(r"(?<![\w-])(?:[A-Z]{2,}|G\d{1,2}|Nato|Opec|Asean|Mercosur)(?![a-zäöü])")
#: a year said relative to the one reported ("im Vorjahreszeitraum" for "(H1 2022: ...)")
PREVIOUS_YEAR = re.compile(r"\bVorjahr\w*|\bvergangenen\s+Jahr\w*|\bein\s+Jahr\s+(?:zuvor|davor|früher)",
                           re.IGNORECASE)


def _named_instead(f: Figure, text: str, other: str) -> bool:
    """Is source figure ``f`` one a translation ``other`` may say with a name or a relative
    word: the size in "the 27-member bloc" where it names the organisation, a year where it
    says "im Vorjahr"?"""
    if f.kind == "count" and _MEMBER_EPITHET.match(text, f.end) and _ORGANISATION.search(other):
        return True
    if _label_numeral(f, text, other) or _around_the_clock(f, text, other):
        return True
    return f.kind == "year" and bool(PREVIOUS_YEAR.search(other))


# A small number after a label word names a class, not a quantity, and German medicine
# writes it in a compound or as a Roman numeral: "phase 3 trial" / "Phase-III-Studie",
# "stage 4 cancer" / "Krebs im Stadium IV", "type 2 diabetes" / "Typ-2-Diabetes"
_LABEL_BEFORE = re.compile(r"\b(?:phase|stage|grade|type|class|level|category|tier|step|wave|generation|"
                           r"stade|classe|niveau|catégorie|vague|génération)\s+$", re.IGNORECASE)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


def _label_numeral(f: Figure, text: str, other: str) -> bool:
    """Is ``f`` a class number after a label word ("phase 3") that ``other`` writes inside
    a hyphenated compound ("Typ-2-Diabetes") or as a Roman numeral ("Phase III")?"""
    if f.value is None or f.value % 1 or not 1 <= f.value <= len(_ROMAN) or f.high is not None \
            or not _LABEL_BEFORE.search(text, max(0, f.start - 16), f.start):
        return False
    n = int(f.value)
    if re.search(rf"(?<![\w-]){_ROMAN[n - 1]}(?![\w-])", other):
        return True
    return any({str(n), _ROMAN[n - 1]} & set(m.group().split("-")) for m in _HYPHENATED.finditer(other))


# "24 hours a day", "24 heures sur 24" / "rund um die Uhr": a phrase for "always"
_HOURS_A_DAY = re.compile(r"\s*(?:hours?|heures?|h|Stunden)\s+(?:a|per|each|every|par|sur|am|pro)\s+(?:day|jour|24|Tag)\b",
                          re.IGNORECASE)
_ALWAYS_DE = re.compile(r"\brund\s+um\s+die\s+Uhr\b|\bRund-um-die-Uhr\b|\bTag\s+und\s+Nacht\b|\bdurchgehend\w*|"
                        r"\bjederzeit\b|\bununterbrochen\w*", re.IGNORECASE)


# ... and the adjective "24-hour" ("a 24-hour gym", "24-hour reception" / "rund um die Uhr
# geöffnet", "durchgehend besetzt"); "a 24-hour strike" as "ein 24-stündiger Streik" keeps its 24
_HOUR_ADJECTIVE = re.compile(r"[-\u2010\u2011]hour\b(?![-\u2010\u2011])", re.IGNORECASE)


def _around_the_clock(f: Figure, text: str, other: str) -> bool:
    """Is ``f`` the 24 of "24 hours a day" or "24-hour" where ``other`` says "rund um die Uhr"?"""
    return f.value == 24 and bool(_HOURS_A_DAY.match(text, f.end) or _HOUR_ADJECTIVE.match(text, f.end)) \
        and bool(_ALWAYS_DE.search(other))


# --------------------------------------------------------------------------------------
# comparison


@dataclass
class FigureComparison:
    """How the figures of two aligned sentences correspond.

    ``missing``: figures of the source without a counterpart in the target; ``extra``:
    figures of the target without one in the source; ``changed``: (source, target) pairs
    that stand for each other but differ in value; ``matched``: pairs with equal values.
    Only *significant* figures are reported as missing or extra: digits, any number with a
    scale word, and spelled-out numbers above twelve (translations legitimately turn
    "zwei" into "both" or "a couple"); vague quantities and ordinals ("3. Quartal" is "third
    quarter") are never reported.
    """

    missing: list[Figure] = field(default_factory=list)
    extra: list[Figure] = field(default_factory=list)
    changed: list[tuple[Figure, Figure]] = field(default_factory=list)
    matched: list[tuple[Figure, Figure]] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return not (self.missing or self.extra or self.changed)


_DISTRIBUTIVE = {"de": re.compile(r"\b(?:je|jeweils)\s+$", re.IGNORECASE)}

#: how a figure is written when it answers one of the other side but is never missing or
#: extra itself (see ``Figure.written``)
ANSWERS_ONLY = frozenset({"compound", "decade", "ratio", "implied"})


def _group(fig: Figure) -> str:
    return "date" if fig.kind == "date" else "number"


def _values(fig: Figure) -> tuple[Decimal, ...]:
    assert fig.value is not None
    return (fig.value, fig.high) if fig.high is not None else (fig.value,)


def _same_score(f: Figure, g: Figure) -> bool:
    """A score seen from the other side: German gives a score from the subject's side
    ("Arsenal unterlag Chelsea mit 0:2" for "Arsenal lost 2-0 to Chelsea", "mit 1:6, 7:6"
    for sets lost 6-1 and won 7-6, which English writes "6-7" from the winner's side), so
    the same two numbers in either order are the same result."""
    return "score" in (f.kind, g.kind) and f.high is not None and g.high is not None \
        and sorted(_values(f)) == sorted(_values(g))


def significant(fig: Figure) -> bool:
    """A figure whose loss or addition matters (see :class:`FigureComparison`)."""
    if not fig.is_exact or fig.kind == "ordinal":
        return False  # ordinals are translated as words ("3. Quartal", "third quarter")
    if fig.value == 1 and not fig.scaled and fig.kind in ("count", "money", "measure", "percent"):
        # "ein Artikel" for "1 article", "Phase 1" for "phase one": the article and the
        # pronoun are never read as the number, so one is no evidence of a lost figure
        return False
    if fig.written == "words" and not fig.scaled and fig.value is not None and fig.value <= 12:
        return False
    return True


# what may follow a bare hour: "at 7 tonight", "at 8 sharp"
_CLOCK_NOUNS = frozenset({"tonight", "tomorrow", "today", "sharp", "tonite", "o'clock", "heute", "morgen",
                          "abends", "nachmittags", "pünktlich"})


def _twelve_hour_clock(side: list[Figure], other: list[Figure]) -> list[Figure]:
    """A bare hour of the 12-hour clock that the other side writes on the 24-hour clock:
    "at 6" or "9 to 5" as "um 18 Uhr", "von 9 bis 17 Uhr" ("6 pm" as "um 6" the other way
    round), read as that time. Only an hour from 1 to 12 without a noun, only where the other
    side has that hour plus 12 as a clock time and not the hour itself: "at 6" / "um 19 Uhr"
    stays a change."""
    hours = {v for g in other if g.unit == "h" and g.value is not None for v in _values(g)}
    if not hours:
        return side
    values = {v for g in other if g.value is not None for v in _values(g)}
    out = []
    for f in side:
        if (f.kind == "count" and f.high is None and f.unit is None and f.value is not None
                and f.value == f.value.to_integral_value() and 1 <= f.value <= 12
                and (f.noun is None or f.noun.lower() in _CLOCK_NOUNS)
                and f.value + 12 in hours and f.value not in values):
            f = replace(f, value=f.value + 12, kind="time", unit="h")
        out.append(f)
    return out


_HYPERBOLE_VALUES = frozenset({Decimal(100), Decimal(1000), Decimal(10**6), Decimal(10**9)})
_HYPERBOLE_NOUN = re.compile(r"(?:times|things|reasons|questions|ways|thanks|mal|sachen|dinge[n]?|fragen|gründe[n]?|"
                             r"dank)$", re.IGNORECASE)
_HYPERBOLE_TEXT = re.compile(r"(?:an?\s+)?(?:hundred|thousand|million|billion)|hundert|tausend|"
                             r"(?:hundert|tausend|million|milliard)(?:e?n)?mal", re.IGNORECASE)
_THANKS_BEFORE = re.compile(r"\bthanks?\s+$", re.IGNORECASE)


_DATE_YEAR = re.compile(r"[./](\d{4})$")


def _date_years(text: str, figures: list[Figure]) -> set[Decimal]:
    """The years written inside numeric dates ("12.03.1995")."""
    out = set()
    for f in figures:
        m = _DATE_YEAR.search(f.text) if f.kind == "date" else None
        if m:
            out.add(Decimal(m.group(1)))
    return out


def _hyperbole(fig: Figure, text: str) -> bool:
    """A round number word said for "very many": "a million times", "thanks a million",
    "a hundred things", "tausendmal", "tausend Sachen", "Tausend Dank" (words, not digits:
    "100 times" is counted)."""
    if fig.value not in _HYPERBOLE_VALUES or fig.high is not None or fig.unit is not None \
            or not _HYPERBOLE_TEXT.fullmatch(fig.text):
        return False
    return bool(fig.text.lower().endswith("mal") or (fig.noun and _HYPERBOLE_NOUN.fullmatch(fig.noun))
                or _THANKS_BEFORE.search(text, max(0, fig.start - 10), fig.start))


_HOURS_NOUN = re.compile(r"(?:Stunde|hour|heure)", re.IGNORECASE)
_AGE_GROUP = re.compile(r"\b(?:under|over)[-\u2010\u2011\s]?(\d{1,2})s\b", re.IGNORECASE)


def compare_figures(source_text: str, source_lang: str, target_text: str, target_lang: str) -> FigureComparison:
    """Compare the figures of two aligned sentences (any of de, en, fr) as values.

    ``10,000`` matches ``10.000``, ``three`` matches ``3``, ``1.5 million`` matches ``1,5
    Millionen``, ``3.5 percent`` matches ``3,5 Prozent``, ``October 25`` matches ``25.
    Oktober`` (dates match only dates). A range matches a range with the same ends.

    Pure function: the back-translation check calls it with (German sentence, "de",
    back-translation, "en"); the bilingual mode with (source sentence, its language,
    German sentence, "de"). Leftover figures on both sides are paired as ``changed`` when
    they share a unit (or are both plain counts), in text order; the rest are ``missing``
    (source only) or ``extra`` (target only).

    The figures' offsets are relative to the texts given: to compare one target sentence
    with several aligned source sentences, join the sources with a space and map offsets
    back through the join. Raises ValueError for a language other than de, en, fr.
    """
    src_all = extract_figures(source_text, source_lang)
    tgt_all = extract_figures(target_text, target_lang)
    src = [f for f in src_all if f.is_exact]
    tgt = [f for f in tgt_all if f.is_exact]
    # German and French "Grad" is Celsius: against a Fahrenheit figure a bare "Grad" is the
    # converted one ("104F" as "40 Grad"), and "104 Grad" the figure left unconverted
    if target_lang != "en" and any(f.unit == "F" for f in src):
        tgt = [replace(g, unit="C") if g.unit == "deg" else g for g in tgt]
    if source_lang != "en" and any(g.unit == "F" for g in tgt):
        src = [replace(f, unit="C") if f.unit == "deg" else f for f in src]
    src, tgt = _twelve_hour_clock(src, tgt), _twelve_hour_clock(tgt, src)
    result = FigureComparison()
    used: set[int] = set()
    left_src: list[Figure] = []
    for f in src:
        hit = None
        for j, g in enumerate(tgt):
            if j in used or _group(f) != _group(g) or _convertible(f, g):
                continue  # "5 miles" as "5 Kilometer": the number kept, the unit not converted
            if _values(f) == _values(g) or (f.high is None and g.high is None and f.value == g.value) \
                    or _same_score(f, g):
                hit = j
                break
        if hit is None:
            left_src.append(f)
        else:
            used.add(hit)
            result.matched.append((f, tgt[hit]))
    # a decade said loosely ("temperatures in the mid-30s", "in her late twenties") answers a
    # figure inside that decade on the other side ("um 35 Grad", "Ende 20"): "mid-30s" as
    # "um 45 Grad" is still a change
    for f in [f for f in left_src if f.written == "decade" and f.value is not None and 20 <= f.value < 100]:
        for j, g in enumerate(tgt):
            if j not in used and g.written not in ANSWERS_ONLY and g.high is None and g.value is not None \
                    and g.kind in ("count", "measure") and f.value < g.value < f.value + 10:
                used.add(j)
                left_src.remove(f)
                result.matched.append((f, g))
                break
    # a number inside a German word only answers a figure it translates: "ein Hundertjähriger"
    # for "a centenarian" adds no figure
    left_src = [f for f in left_src if f.written not in ANSWERS_ONLY]
    left_tgt = [g for j, g in enumerate(tgt) if j not in used and g.written not in ANSWERS_ONLY]
    # a clock time the translator moved to the reader's time zone ("1930 GMT" as "20.30 Uhr
    # MEZ"): whole hours apart, the same minutes, a zone named on one side at least
    for f in list(left_src):
        for g in list(left_tgt):
            if f.kind == g.kind == "time" and f.value is not None and g.value is not None \
                    and f.value % 1 == g.value % 1 \
                    and (_ZONE_AFTER.match(source_text, f.end) or _ZONE_AFTER.match(target_text, g.end)):
                left_src.remove(f)
                left_tgt.remove(g)
                result.matched.append((f, g))
                break
    # a duration that French writes as a clock time ("le film dure 2 h 15", "le vol dure 7 h
    # 30") said in hours and minutes on the other side ("2 Stunden und 15 Minuten",
    # "siebeneinhalb Stunden"): the same two numbers ("2 h 15" as "2 Stunden und 45 Minuten"
    # stays a change)
    for left, other in ((left_src, left_tgt), (left_tgt, left_src)):
        for f in list(left):
            if f.kind == "score" and f.value is not None and f.high is not None and f.high < 60:
                # a race time written like a score ("a personal best of 27:12") said with its
                # unit ("27:12 Minuten", "in 2:01 Stunden")
                for g in list(other):
                    if g.kind == "measure" and g.unit == "s" and g.high is None \
                            and g.value in (f.value * 60 + f.high, f.value * 3600 + f.high * 60):
                        left.remove(f)
                        other.remove(g)
                        result.matched.append((f, g) if left is left_src else (g, f))
                        break
                continue
            if f.kind != "time" or f.unit != "h" or f.value is None or f.high is not None:
                continue
            hours, minutes = int(f.value), (f.value % 1) * 100
            if minutes != int(minutes) or not 0 < minutes < 60:
                continue
            seconds = Decimal(hours * 3600 + int(minutes) * 60)
            for g in list(other):
                if g.high is None and g.value is not None and (
                        g.kind == "measure" and g.unit == "s" and g.value == seconds
                        or g.noun and _HOURS_NOUN.match(g.noun) and g.value * 60 == hours * 60 + int(minutes)):
                    left.remove(f)
                    other.remove(g)
                    result.matched.append((f, g) if left is left_src else (g, f))
                    break
    # a leftover source figure that matches one end of a leftover range (or the reverse) is
    # not a change: "9 to 18" vs "9 bis 18" is matched above; this covers "9" vs "9-18", and
    # both ends written apart ("from 40 to 400" as "von 40 auf 400")
    for f in list(left_src):
        for g in list(left_tgt):
            if f in left_src and g in left_tgt and _group(f) == _group(g) \
                    and (set(_values(f)) & set(_values(g))) and (f.high is None) != (g.high is None):
                # one side only: two ranges or two scores that share one number differ ("2-0"
                # and "3:0"); a score's second number may be 0
                range_, one, rest = (f, g, left_tgt) if f.high is not None else (g, f, left_src)
                left_src.remove(f)
                left_tgt.remove(g)
                result.matched.append((f, g))
                for h in list(rest):  # the other end, written as a figure of its own
                    if h.high is None and _group(h) == _group(range_) and h.value in _values(range_) \
                            and h.value != one.value:
                        rest.remove(h)
                        result.matched.append((f, h) if rest is left_tgt else (h, g))
                        break
    # a count a list repeats, said once for the whole list: "6 dinner plates, 6 soup plates
    # and 6 mugs" as "je 6 Speiseteller, Suppenteller und Becher"
    distributive = _DISTRIBUTIVE.get(target_lang)
    for f in list(left_src):
        if distributive and f.value is not None and f.high is None and any(
                f0.value == f.value and f0.high is None and distributive.search(target_text, max(0, g0.start - 12), g0.start)
                for f0, g0 in result.matched):
            left_src.remove(f)
    # a day whose month the other side's extractor did not read as one ("30 september" in
    # lower case, "3 Februar" without the ordinal dot)
    for f in list(left_src):
        for g in list(left_tgt):
            if f.value == g.value and (_month_count(f, source_lang) and g.kind == "date"
                                       or _month_count(g, target_lang) and f.kind == "date"):
                left_src.remove(f)
                left_tgt.remove(g)
                result.matched.append((f, g))
                break
    # a year that the other side writes inside a numeric date ("12/31/2024" as "31.12.2024")
    # or in a fiscal year's label ("FY25", "FY 2025" as "Geschäftsjahr 2025")
    for left, other, other_text in ((left_src, tgt, target_text), (left_tgt, src, source_text)):
        for f in list(left):
            if f.kind != "year":
                continue
            if any(g.kind == "date" and (ym := _DATE_YEAR.search(g.text)) and int(ym.group(1)) == f.value
                   for g in other) \
                    or any(int(y) + (2000 if len(y) == 2 else 0) == f.value for y in _FISCAL_YEAR.findall(other_text)):
                left.remove(f)
    # a measure the translator converted to the reader's unit ("115 Fahrenheit" as "46 Grad
    # Celsius", "200 feet" as "60 Meter"), or kept only in the unit the source gives too
    # ("120 feet, or 40 meters" as "40 Meter"), is no change
    for f in list(left_src):
        if _converted(f, tgt):
            left_src.remove(f)
    for g in list(left_tgt):
        if _converted(g, src):
            left_tgt.remove(g)
    # a scale word spelled out with an article and the same scale word in the plural are the
    # same order of magnitude, said as loosely as speech says it: "a billion-year time scale"
    # as "Milliarden Jahre", "millions or billions of times" as "milliardenfach"
    for f in list(left_src):
        if _loose_scale(f, tgt_all):
            left_src.remove(f)
    for g in list(left_tgt):
        if _loose_scale(g, src_all):
            left_tgt.remove(g)
    # a year the other side writes inside a numeric date ("3/12/1995" / "12.03.1995")
    src_years, tgt_years = _date_years(source_text, src_all), _date_years(target_text, tgt_all)
    left_src = [f for f in left_src if not (f.kind == "year" and f.value in tgt_years)]
    left_tgt = [g for g in left_tgt if not (g.kind == "year" and g.value in src_years)]
    # an English age group ("under-5s go free", "over-65s") is the age it names: "Kinder unter 5
    # Jahren", "ab 65 Jahren"
    for left, text, lang in ((left_tgt, source_text, source_lang), (left_src, target_text, target_lang)):
        ages = {Decimal(n) for n in _AGE_GROUP.findall(text)} if lang == "en" else set()
        for g in [g for g in left if g.high is None and g.value in ages]:
            left.remove(g)
    # hyperbole: "I've told you a million times" / "tausendmal", "Thanks a million!" /
    # "Tausend Dank!", "a million things to do" / "tausend Sachen": no figure on either side
    src_hyperbole = [f for f in left_src if _hyperbole(f, source_text)]
    tgt_hyperbole = [g for g in left_tgt if _hyperbole(g, target_text)]
    for f in src_hyperbole:
        left_src.remove(f)
        if tgt_hyperbole:
            g = tgt_hyperbole.pop(0)
            left_tgt.remove(g)
            result.matched.append((f, g))
    for f in list(left_src):
        for g in list(left_tgt):
            if _group(f) != _group(g):
                continue
            same_unit = (f.unit or None) == (g.unit or None) and f.kind == g.kind
            if (same_unit or _convertible(f, g)) and (significant(f) or significant(g)):
                result.changed.append((f, g))
                left_src.remove(f)
                left_tgt.remove(g)
                break
    result.missing = [f for f in left_src if significant(f) and not conversion_aside(f, source_text, src_all)
                      and not (target_lang == "de" and _named_instead(f, source_text, target_text))]
    result.extra = [g for g in left_tgt if significant(g) and not conversion_aside(g, target_text, tgt_all)]
    return result
