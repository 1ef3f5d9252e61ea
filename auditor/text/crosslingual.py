"""Cross-lingual evidence between a sentence and its source (or back-translation).

Three kinds of surface evidence survive translation and can be compared across languages
without a model: negation words, proper names and numbers. This module finds them; the
aligner uses names and numbers as anchors, the meaning checks compare negation and names.

Negation is grammatical negation only (not / nicht, no / kein, never / nie, nobody /
niemand, nothing / nichts, ...): lexical negation ("unclear", "rejected", "lehnten ab")
has no closed word list, so a sentence pair whose polarity differs only lexically is not
compared; its grammatical negation count stays zero on both sides.

Names are compared transliteration-aware: both sides go through anyascii and a small
phonetic skeleton that folds the spelling conventions of German and English
transliteration (w/v, z/s, j/y/i, sch/sh, ck/k, doubled letters), so "Selenskyj" matches
"Zelensky" and "Wolodymyr" matches "Volodymyr"; country names are translated through the
CLDR territory names that babel ships ("Russia" matches "Russland").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz import fuzz

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_NUMBER = re.compile(r"\d+(?:[.,\u202f\u00a0 ]\d+)*")

# Grammatical negation, per language. "n't" is matched as a suffix (don't, won't, isn't);
# informal writing drops the apostrophe ("dont", "didnt"), a closed set of contractions.
NEGATION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"not", "no", "never", "nobody", "none", "nothing", "nowhere", "neither", "nor",
                     "cannot", "noone", "no-one", "nope", "nah", "dunno", "idk", "noes",
                     "dont", "didnt", "doesnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt",
                     "wouldnt", "shouldnt", "wont", "havent", "hasnt", "hadnt", "aint", "mustnt", "neednt"}),
    "de": frozenset({"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "keins",
                     "nie", "niemals", "niemand", "niemanden", "niemandem", "nichts", "nirgends",
                     "nirgendwo", "nirgendwohin", "nirgendwoher", "weder", "nein", "keineswegs",
                     "keinesfalls", "mitnichten", "keinerlei", "keinster", "niemandes", "nimmer",
                     "nimmermehr",
                     # spoken German, in chat, interviews and subtitles: "Nee, noch nicht",
                     # "Nö", "Ich hab nix dabei", "Weiß ich nich"
                     "nee", "nö", "nix", "nich"}),
    # French negation is discontinuous: these count only as _french_negation_words reads them
    "fr": frozenset({"ne", "pas", "plus", "jamais", "personne", "rien", "aucun", "aucune", "ni", "nul", "nulle",
                     "guère", "nullement", "aucunement", "point", "non"}),
}
# Negation words that assert nothing negative: "No. 5", the abbreviation of number.
_NOT_NEGATION = re.compile(r"\bNo\.\s*\d|\bno\.\s*\d", re.IGNORECASE)
# A negative contraction as informal writing misspells it: the apostrophe typed as another
# mark ("don;t", "won´t", "did""nt"), moved ("could'nt") or left out with "not" fused
# ("didnot", "doesnot").
_MISSPELT_NEGATION = re.compile(
    r"\b[a-z]+n ?[;´`ʼ\u0301\u00b4\"]+t\b|\b[a-z]+[\"'’]+nt\b"
    r"|\b(?:do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)not\b",
    re.IGNORECASE)
# Negation words whose polarity a faithful translation may keep or drop, so they neither
# demand a negation on the other side nor forbid one there (a closed set of constructions):
# - "not only ... but also" / "nicht nur ... sondern auch" add; a translator may write
#   "sowohl ... als auch" (or the other way round);
# - comparisons meaning "than ever": "so viele Fahrgäste wie nie zuvor", "so schlecht wie
#   seit zehn Jahren nicht", "plus que jamais"; the English says it without a negation;
# - question tags and rhetorical questions: "isn't it?" is "oder?" or "nicht wahr?",
#   "wouldn't you know it" is "wer hätte es gedacht"; an English negative auxiliary before
#   its subject pronoun asks, it does not deny;
# - "not ... until" is German "erst" ("not until 1922" / "erst 1922", "never heard of
#   them until after the election" / "erst nach der Wahl");
# - "can't help but" / "konnte nicht anders, als" / "nicht umhin": a positive statement;
# - idioms a translation renders without a negation: "no matter" / "egal", "never mind" /
#   "schon gut", "not to mention" / "ganz zu schweigen von", "last but not least" / "zu guter
#   Letzt"; "no" before a number;
# - spoken formulas that make up an utterance of their own (at its start, followed by a
#   punctuation mark or its end): "No worries!", "No problem, see you at 8" / "Alles gut!",
#   "Gerne, bis um 8!", "Kein Problem", French "Pas de souci" / "Kein Problem", "Schon gut";
#   "There's no problem with the engine" is a statement, and keeps its negation.
_OPTIONAL_NEGATION = re.compile(
    r"\b(?:not\s+only|not\s+just|nicht\s+nur|no\s+doubt|kein\s+Wunder|non\s+seulement)\b"
    r"|\bwie\s+(?:noch\s+|schon\s+)?nie(?:mals)?\b"
    r"|\bwie\s+(?:seit\s+[^,.;:!?]{1,40}?|schon\s+lange|lange)\s+nicht(?:\s+mehr)?\b"
    r"|\bque\s+jamais\b"
    r"|\b(?:is|are|was|were|do|does|did|have|has|had|can|could|will|would|should|must|ai)(?:n['’]?t)"
    r"\s+(?:I|you|we|they|he|she|it|there|that|this)\b"
    r"|\b(?:not|never|\w+n['’]?t)\b(?=[^.;:!?]{0,60}?\buntil\b)"
    r"|\bnicht\s+wahr\b|\boder\s+nicht\s*\?|\bnicht\s*\?\s*$"
    r"|\bnicht\s+anders\b[^.;:!?]{0,30}?\bals\b|\bnicht\s+umhin\b|\bhelp\s+but\b"
    r"|\bnever\s+mind\b|\bnvm\b|\bno\s+matter\b|\bnot\s+to\s+mention\b|\blast\s+but\s+not\s+least\b"
    # emphasis, not denial: "none other than the champion" / "ausgerechnet der Titelverteidiger"
    # or "kein Geringerer als"; "no question" that ends a clause or opens a "that" clause is
    # "no doubt" ("Five stars, no question." / "ganz klar"): "There was no question from the
    # audience" keeps its negation
    r"|\bnone\s+other\s+than\b|\bno\s+question(?=\s*(?:about\s+it\b|that\b|[,.!?;:)…\u2013\u2014\"”]|$))"
    # litotes whose double negation is the idiom: "Du hast nicht unrecht" / "You've got a
    # point", "not unlike" / "ähnlich wie"
    r"|\bnicht\s+(?:ganz\s+)?unrecht\b|\bnot\s+unlike\b"
    # French legal "nul et non avenu" is "null und nichtig", English "null and void": the
    # "non" belongs to the fixed phrase, not to the clause
    r"|\bnon[\s-]+avenu\w*"
    r"|(?:^|[.!?,;:(\u2013\u2014\"“„«]\s*)(?:(?:oh|ah|well|yeah|yes|sure|okay|ok|oui|ah\s+bon|bon|ben),?\s+)?"
    r"(?:no\s+(?:problem|problemo|prob|probs|worries|worry|biggie)|not\s+a\s+problem|none\s+taken|np|nbd"
    # German "Kein Problem!", "Keine Sorge, ..." as a reply of their own ("Sure, glad it
    # helped" / "Kein Problem, freut mich")
    r"|kein\s+Problem|keine\s+(?:Sorge|Sorgen|Ursache)"
    r"|pas\s+de\s+(?:souci|soucis|problème|problèmes|prob)|(?:aucun|y\s+a\s+pas\s+de)\s+(?:souci|problème))"
    r"(?=\s*(?:at\s+all\b|du\s+tout\b|[,.!?;:)…\u2013\u2014\"”»]|$))"
    # "No 1" is number one ("Platz 1") or "no 5-star hotels" ("keine 5-Sterne-Hotels")
    r"|\bno\s+(?=\d)",
    re.IGNORECASE,
)


# Negated phrases that the other language says with a positive word, as (language of the
# negated phrase, the phrase, language of the counterpart, the counterpart). A negation
# word inside the phrase is optional (see _OPTIONAL_NEGATION) only when the other side has
# that counterpart: "found not guilty" / "sprach frei" passes, "found not guilty" /
# "sprach schuldig" is still a lost negation, "too early to say" / "lässt sich noch nicht
# sagen" passes, "too early" / "nicht zu früh" is still an added one. Unlike the lexical
# negations (_SOFT_NEGATION), which excuse any grammatical negation on the other side, each
# phrase here answers only its own counterpart, so the list stays closed: fixed legal,
# financial and time expressions whose two forms say the same thing, and the news verbs
# German says positively ("did not win" / "verfehlte", "has not been confirmed" / "steht
# noch aus", "has not been found" / "ist flüchtig", "had never" / "erstmals").
_NEGATED = r"(?:not|no|never|\w+n['’]?t)"
# what is still to come when it has not been done: a confirmation, a decision, a result
_PENDING_EN = r"(?:confirm|announc|decid|determin|finali[sz]|publish|releas|set|settl|verif)\w*"
_PENDING_FR = r"(?:confirm|annonc|décid|tranch|fix|publi|vérifi|rendu)\w*"
# a goal not reached: "did not win a majority", "n'a pas obtenu la majorité" / "verfehlte"
_REACHED_EN = r"(?:get|got|gotten|obtain|reach|win|won|achiev|meet|met|secur|hit|gain)\w*"
_REACHED_FR = r"(?:obten|obtenu|atteint|attei|recueilli|réuni|décroch|remport)\w*"
# someone not found or caught is "flüchtig", "auf der Flucht"
_CAUGHT_EN = r"(?:found|caught|arrested|captured|located|apprehended)"
_CAUGHT_FR = r"(?:retrouvé|arrêté|interpellé|capturé|localisé|appréhendé)e?s?"
# a target missed: "verfehlte", or fell short of it: "blieb hinter den Erwartungen zurück"
_MISSED_DE = r"\bverfehl\w*|\bhinter\b[^.;:!?]{0,60}?\bzurück\w*"
_ROUNDING_DE = r"\bRundung\w*|\bgerundet\w*"
_FIRST_DE = r"\berstmal\w*|\b(?:zum\s+ersten|das\s+erste|ein\s+erstes)\s+Mal\b"
# a bound on a dose or a storage temperature ("höchstens 3 Tage", "maximal 4 Tabletten",
# "bis zu 30 °C"), and below a figure ("unter 30 °C", "bis 25 °C")
_LIMIT_DE = r"\bhöchstens\b|\bmaximal\w*|\bmax\.|\bHöchst\w+|\bbis\s+(?:zu|maximal|höchstens)\b"
_BELOW_FIGURE_DE = (r"\bunter(?:halb)?\s+(?:von\s+)?[-+−]?\d|\bbis\s+(?:zu\s+|maximal\s+|höchstens\s+)?[-+−]?\d"
                    r"|\bhöchstens\b|\bmaximal\w*")
# protected from what one must not be exposed to ("vor Licht schützen", "fernhalten")
_PROTECT_DE = r"\bschütz\w*|\bgeschützt\w*|\bSchutz\b|\bfern\w*"
_NOT_EXPOSED_DE = r"\b(?:nicht|nichts|kein\w*)\b(?=[^.;:!?]{0,60}?\b(?:aus(?:zu)?setz\w*|ausgesetzt\w*))"
# the German side of counterparts that answer an English and a French phrase alike
_INTENT_DE = r"\bgezielt\w*|\babsichtlich\w*|\bvorsätzlich\w*|\bbewusst\w*|\bAbsicht\b"
_FINAL_DE = r"\bunanfechtbar\w*|\brechtskräftig\w*|\bendgültig\w*"
_PENDING_DE = r"\bst(?:eht|ehen|and|anden|ünde|ünden)\b[^.;:!?]{0,50}?\baus\b|\bausstehend\w*|\bnoch\s+offen\b"
_FLED_DE = r"\bflüchtig\w*|\bauf\s+der\s+Flucht\b"
_LATE_START_DE = r"\berst\b|\bfrühestens\b"
_AT_LEAST_DE = r"\bmindestens\b|\bwenigstens\b|\bzumindest\b"
_NOT_MORE_DE = r"\bnicht\s+mehr\s+als\b|\bnicht\s+über\b"
_NEVER_BEFORE_DE = r"\b(?:noch\s+)?nie(?:mals)?\s+zuvor\b|\bnoch\s+(?:nie(?:mals)?|kein\w*|niemand\w*)\b"
_AT_MOST_DE = r"\bhöchstens\b|\bmaximal\w*|\bmax\.|\bHöchst\w+|\ballenfalls\b|\bbis\s+(?:zu|maximal)\b"
_EXCLUDED_DE = r"\bausgeschlossen\b|\bausgenommen\b|\bexklusive\b|\bzuzüglich\b|\bzzgl\."
# "will not hesitate to act" is also "entschlossen handeln" (central banks, governments)
_GLADLY_DE = r"\bgern\w*|\bjederzeit\b|\bsofort\b|\bumgehend\b|\bohne\s+(?:zu\s+)?[Zz]ögern\b|\bentschlossen\w*"
_ONLY_DE = r"\bnur\b|\bausschließlich\b|\blediglich\b|\ballein\b"
_BUILT_IN_DE = (r"\bfest\s+(?:\w+\s+)?(?:verbaut|eingebaut|integriert|installiert|montiert|verklebt)\w*"
                r"|\b(?:verbaut|eingebaut|integriert)\w*")
# what a form or tariff waives: "no waiting period", "no fee", "pas de frais" / "entfällt"
_WAIVED_EN = (r"(?:fees?|charges?|costs?|surcharges?|premiums?|deductibles?|excess|periods?|deposits?"
              r"|requirements?|obligations?|taxe?s?|dut(?:y|ies))\b")
_WAIVED_FR = r"(?:frais|délais?|carence|franchises?|cotisations?|taxes?|suppléments?|obligations?|périodes?)\b"
_WAIVED_DE = r"\bentf(?:ällt|allen|iel|ielen)\b"
_NEGATED_NOT_TOO_DE = r"\b(?:nicht|nichts|kein\w*)\b(?!\s+(?:zu|allzu)\b)"
_COUNTERPARTS: tuple[tuple[str, re.Pattern[str], str, re.Pattern[str]], ...] = tuple(
    (neg_lang, re.compile(neg, re.IGNORECASE), pos_lang, re.compile(pos, re.IGNORECASE))
    for neg_lang, neg, pos_lang, pos in (
        # an acquittal: "not guilty" / "freisprechen", "Freispruch", "sprach ... frei"
        ("en", r"\bnot\s+guilty\b", "de",
         r"\bfrei(?:ge|zu)?spr[eouü]ch\w*|\b(?:spr[iaä]ch\w*|sprechen|spreche)\b[^.;:!?]{0,80}?\bfrei\b"
         r"|\bUnschuld\b|\bunschuldig\w*"),
        # a "motion of no confidence" is a "Misstrauensvotum", "Misstrauensantrag": the
        # negation lives inside the German noun
        ("en", r"\bno[\s-]+confidence\b", "de", r"\bMisstrauen\w*"),
        # a plea of not guilty is a denial of the charges
        ("en", r"\b(?:plead\w*|pled)\s+not\s+guilty\b", "de",
         r"\bzurück(?:zu)?(?:ge)?wie\w*|\b(?:weist|weisen|wies|wiesen)\b[^.;:!?]{0,80}?\bzurück\b|\bbestr(?:eit|itt)\w*"),
        # a rate or policy left as it is: "voted for no change" / "für eine Beibehaltung"
        ("en", rf"\b(?:no\s+(?:\w+\s+)?change|{_NEGATED}\s+(?:be\s+)?chang(?:e|ed|ing))\b", "de",
         r"\bunverändert\w*|\bbeibehalt\w*|\bbeizubehalten\b|\bbel[aä]ss\w*|\bbeließ\w*|\bkonstant\w*"
         r"|\b(?:behält|behielt\w*|behalten)\b[^.;:!?]{0,60}?\bbei\b"),
        ("fr", r"\b(?:pas|aucun)\s+(?:de\s+)?changement", "de",
         r"\bunverändert\w*|\bbeibehalt\w*|\bbeizubehalten\b|\bbel[aä]ss\w*|\bbeließ\w*|\bkonstant\w*"
         r"|\b(?:behält|behielt\w*|behalten)\b[^.;:!?]{0,60}?\bbei\b"),
        # intent: "not random", "no coincidence" / "gezielt", "absichtlich"
        ("en", rf"\b{_NEGATED}\s+(?:an?\s+)?(?:random\w*|accident\w*|coinciden\w+|by\s+chance)\b", "de",
         _INTENT_DE),
        ("fr", r"\bpas\s+(?:\w+\s+){0,4}?hasard\b", "de",
         _INTENT_DE),
        # no final ruling: "cannot be appealed" / "unanfechtbar", "rechtskräftig"
        ("en", rf"\b(?:{_NEGATED}|cannot)\s+(?:\w+\s+)?(?:be\s+)?(?:appeal|challeng|contest|overturn)\w*"
               r"|\bno\s+(?:further\s+|right\s+(?:of|to)\s+)?appeal\w*", "de",
         _FINAL_DE),
        ("fr", r"\b(?:pas|aucun)\b[^.;:!?]{0,40}?\b(?:appel|recours)\b", "de",
         _FINAL_DE),
        # something pending: "no decision has been made yet" / "eine Entscheidung steht noch aus"
        ("en", rf"\b{_NEGATED}\b(?=[^.;:!?]{{0,60}}?\byet\b)|\b{_NEGATED}\s+(?:\w+\s+)?been\s+(?:\w+ly\s+)?{_PENDING_EN}", "de",
         _PENDING_DE),
        ("fr", rf"\bpas\s+encore\b|\bpas\s+(?:été\s+)?(?:\w+ment\s+)?{_PENDING_FR}", "de",
         _PENDING_DE),
        # no answer given: "did not respond" / "blieb eine Antwort schuldig"
        ("en", rf"\b{_NEGATED}\b(?=[^.;:!?]{{0,40}}?\b(?:respon|answer|repl|expla|evidence|proof|prove)\w*)", "de",
         r"\b(?:blieb|blieben|bleibt|bleiben|geblieben)\b[^.;:!?]{0,60}?\bschuldig\b"),
        ("en", rf"\b{_NEGATED}\s+(?:\w+\s+){{0,2}}?{_REACHED_EN}\b", "de", _MISSED_DE),
        ("fr", rf"\bpas\s+(?:\w+\s+)?{_REACHED_FR}\b", "de", _MISSED_DE),
        # the reports' rounding note: "figures may not add up due to rounding" / "durch
        # Rundungen kann es zu Abweichungen kommen", "Rundungsdifferenzen möglich"
        ("en", rf"\b{_NEGATED}\s+(?:\w+\s+)?(?:add\s+up|sum\s+up|total|foot|reconcile)\b(?=[^.;:!?]{{0,60}}?\bround)",
         "de", _ROUNDING_DE),
        ("fr", r"\bne\s+pas\s+(?:\w+\s+)?(?:correspond\w*|s['’]additionn\w*|être\s+égaux)\b(?=[^.;:!?]{0,60}?\barrondi)",
         "de", _ROUNDING_DE),
        ("en", rf"\b{_NEGATED}\s+(?:\w+\s+){{0,2}}?(?:been\s+)?{_CAUGHT_EN}\b", "de",
         _FLED_DE),
        ("fr", rf"\bpas\s+(?:été\s+)?{_CAUGHT_FR}\b", "de", _FLED_DE),
        # "not ... before" is "erst" or "frühestens" ("not ... until" is optional anyway)
        ("en", rf"\b{_NEGATED}\b(?=[^.;:!?]{{0,60}}?\bbefore\b)|\bno\s+(?:earlier|sooner)\s+than\b", "de",
         _LATE_START_DE),
        ("fr", r"\bpas\b(?=[^.;:!?]{0,60}?\bavant\b)", "de", _LATE_START_DE),
        # a limit stated with a negation or as a bound: "no later than" / "spätestens"
        ("en", r"\b(?:no|not)\s+later\s+than\b", "de", r"\bspätestens\b"),
        ("fr", r"\bpas\s+plus\s+tard\b", "de", r"\bspätestens\b"),
        ("en", r"\b(?:no|not)\s+(?:more|higher|greater|longer|larger|bigger)\s+than\b", "de",
         r"\bhöchstens\b|\bmaximal\b|\ballenfalls\b|\bbis\s+zu\b"),
        ("en", r"\b(?:no|not)\s+(?:less|fewer|lower|shorter|smaller)\s+than\b", "de",
         _AT_LEAST_DE),
        ("fr", r"\bpas\s+moins\s+de\b", "de", _AT_LEAST_DE),
        ("de", _NOT_MORE_DE, "en",
         r"\b(?:only|just|merely|at\s+most|a\s+maximum\s+of|up\s+to)\b"),
        ("de", _NOT_MORE_DE, "fr",
         r"\b(?:seulement|au\s+plus|au\s+maximum|jusqu['’]à)\b|\bne\b[^.;:!?]{0,40}?\bque\b"),
        ("de", r"\bnicht\s+weniger\s+als\b", "en", r"\b(?:at\s+least|as\s+many\s+as|as\s+much\s+as)\b"),
        ("de", r"\bnicht\s+weniger\s+als\b", "fr", r"\bau\s+moins\b"),
        # patient leaflets and storage labels: a limit said with a negation on one side and
        # as a bound on the other. "should not be taken for more than 3 days", "not be used
        # for longer than a week" / "höchstens 3 Tage", "maximal eine Woche"; "store below
        # 25 °C" / "nicht über 25 °C lagern"; "do not store above 30 °C" / "unter 30 °C
        # lagern" (a bound with its figure: "über 30 °C lagern" stays a lost negation)
        ("en", rf"\b(?:{_NEGATED}|cannot)\s+(?:[\w-]+\s+){{0,6}}?(?:(?:more|longer|higher|greater|larger)\s+than|"
               r"over|above|beyond|in\s+excess\s+of)\b", "de", _LIMIT_DE),
        ("fr", r"\bpas\s+(?:[\w'’-]+\s+){0,5}?(?:plus\s+(?:de|d['’]|longtemps)|au-delà\s+d|au-dessus\s+d|"
               r"supérieure?s?\s+à)", "de", _LIMIT_DE),
        ("de", _NOT_MORE_DE, "en", r"\b(?:below|under|beneath|less\s+than|lower\s+than|max(?:imum)?)\b"),
        ("de", _NOT_MORE_DE, "fr",
         r"\binférieure?s?\s+(?:à|au)\b|\ben\s+dessous\s+d|\bau-dessous\s+d|\bmoins\s+d|\bmaximum\b"),
        ("en", rf"\b(?:{_NEGATED}|cannot)\s+(?:[\w-]+\s+){{0,6}}?(?:above|over|exceed\w*|"
               r"(?:more|higher|greater|warmer|hotter)\s+than)\s+[-+−]?\d", "de", _BELOW_FIGURE_DE),
        ("fr", r"\bpas\s+(?:[\w'’-]+\s+){0,6}?(?:au-dessus\s+de|dépass\w*|plus\s+de|supérieure?s?\s+à)\s+[-+−]?\d",
         "de", _BELOW_FIGURE_DE),
        # exposure: "do not expose to light" / "vor Licht schützen"; "protect from light",
        # "keep out of the sun" / "nicht dem Licht aussetzen", "keiner Hitze aussetzen"
        ("en", rf"\b{_NEGATED}\s+(?:\w+\s+){{0,3}}?expos\w*", "de", _PROTECT_DE),
        ("fr", r"\bpas\s+(?:\w+\s+){0,3}?expos\w*", "de", _PROTECT_DE),
        ("de", _NOT_EXPOSED_DE, "en", r"\bprotect\w*|\bshield\w*|\bkeep\w*|\baway\s+from\b|\bout\s+of\b"),
        ("de", _NOT_EXPOSED_DE, "fr", r"\bprotég\w*|\bprotéger\b|\babri\b|\béloign\w*|\bà\s+l['’]écart\b"),
        # a first: "had never before" / "erstmals", "the first time" / "noch nie"
        ("en", r"\bnever\b(?=[^.;:!?]{0,40}?\b(?:before|previously)\b)|\bhad\s+never\b", "de", _FIRST_DE),
        # the pluperfect says "before" too: "jamais un président n'avait été entendu", "had never"
        ("fr", r"\bjamais\b(?=[^.;:!?]{0,40}?\b(?:auparavant|avant)\b)|\bjamais\b(?=[^.;:!?]{0,60}?\bn['’]avai)"
               r"|\bn['’]avai\w*\s+jamais\b", "de", _FIRST_DE),
        ("de", _NEVER_BEFORE_DE, "en",
         r"\bfirst\b"),
        ("de", _NEVER_BEFORE_DE, "fr",
         r"\bpremi[eè]re?s?\b"),
        # "too early to say" / "lässt sich noch nicht sagen", "too weak to stand" / "konnte
        # nicht stehen"; a negation before "zu" negates the "too" ("nicht zu früh")
        ("de", _NEGATED_NOT_TOO_DE, "en",
         r"\btoo\s+(?:[\w-]+\s+)?[\w-]+[\"”’']?,?\s+(?:to|for)\b"),
        ("de", _NEGATED_NOT_TOO_DE, "fr",
         r"\btrop\s+(?:[\w-]+\s+)?[\w-]+[\"”’']?,?\s+pour\b"),
        # product pages, manuals and safety notices. A limit: "must not exceed 120 kg", "do not
        # use more than 2 tablespoons" / "höchstens 120 kg", "maximal 2 Esslöffel"
        ("en", rf"\b(?:{_NEGATED}|cannot)\s+(?:\w+\s+){{0,3}}?(?:exceed\w*|more|above|beyond|over|higher|greater"
               r"|longer|larger)\b", "de", _AT_MOST_DE),
        ("fr", r"\b(?:pas|jamais)\s+(?:\w+\s+){0,3}?(?:dépass\w*|excéd\w*|plus\s+de|au-delà)", "de", _AT_MOST_DE),
        # a condition: "do not operate unless the lid is locked" / "nur, wenn der Deckel
        # verriegelt ist", "nur auf Anweisung", "ausschließlich"
        ("en", rf"\b{_NEGATED}\b(?=[^.;:!?]{{0,80}}?\b(?:unless|except)\b)", "de", _ONLY_DE),
        ("fr", r"\bsinon\b[^.;:!?]{0,80}?\b(?:pas|jamais|rien)\b|\b(?:pas|jamais|rien)\b(?=[^.;:!?]{0,80}?"
               r"\b(?:sauf|excepté|à\s+moins)\b)", "de", _ONLY_DE),
        # a part built in: "the battery is not removable" / "der Akku ist fest verbaut"
        ("en", rf"\b(?:{_NEGATED}|cannot)\s+(?:\w+\s+)?(?:be\s+)?(?:user[\s-])?(?:remov|replac|detach|exchang|swapp)"
               r"(?:able|ed)\b", "de", _BUILT_IN_DE),
        ("fr", r"\b(?:pas|non)[\s-]+(?:\w+\s+)?(?:amovible|remplaçable|démontable|interchangeable)s?\b", "de",
         _BUILT_IN_DE),
        # an end announced: "No more tangled cables!" / "Schluss mit verhedderten Kabeln!"
        ("en", r"\bno\s+(?:more|longer)\b", "de",
         r"\bSchluss\s+mit\b|\bvorbei\b|\bder\s+Vergangenheit\b|\bade\b|\badieu\b"),
        # praise said with a negation: "couldn't be happier" / "bin rundum zufrieden", "could
        # not have been better" / "war perfekt", "nothing but praise" / "kann nur loben"
        # (a comparative without the negation, "könnte glücklicher sein", is the error)
        ("en", r"\b(?:could|can)(?:n['’]?t|\s+not|not)\s+(?:have\s+been|be|ask\s+for|wish\s+for)\s+(?:\w+\s+)?"
               r"(?:happier|better|more\s+\w+|easier|nicer|simpler|clearer)\b", "de",
         r"\b(?:eindeutig\w*|unmissverständlich\w*|rundum|vollauf|vollkommen|absolut|überglücklich\w*|begeistert\w*|bestens|perfekt\w*|"
         r"hervorragend\w*|ideal\w*|super|top|besser\s+geht|kinderleicht\w*|mühelos\w*|spielend|denkbar|"
         r"äußerst|überaus|ausgesprochen|außerordentlich|ungemein)\b"
         r"|\bvoll\s+und\s+ganz\b|\bganz\s+einfach\b"),
        ("en", r"\bnothing\s+but\b", "de", _ONLY_DE),
        # shop pages and reviews: "Don't hesitate to contact us" / "Wenden Sie sich gerne an
        # uns", "I wouldn't hesitate to buy it again" / "würde es jederzeit wieder kaufen",
        # "N'hésitez pas à nous contacter" / "Kontaktieren Sie uns gerne"
        ("en", r"\b(?:don['’]?t|do\s+not|didn['’]?t|did\s+not|never|wouldn['’]?t|would\s+not|won['’]?t|will\s+not)"
               r"\s+hesitate\b", "de",
         _GLADLY_DE),
        ("fr", r"\bhésit\w*\s+pas\b|\bpas\s+à\s+hésiter\b", "de", _GLADLY_DE),
        # "Can't believe how fast it arrived" / "Unglaublich, wie schnell"; "You can't go wrong
        # with it" / "Damit macht man alles richtig", "Damit liegen Sie immer richtig"; "I can't say a bad word about it" / "Ich
        # kann nur Gutes darüber sagen"; "No frills" / "schnörkellos"; "Don't miss out" /
        # "Jetzt zugreifen"; "Je n'en peux plus" / "Ich habe genug" ("I can't believe him" /
        # "Ich glaube ihm" stays flagged)
        ("en", r"\b(?:can['’]?t|cannot|can\s+not|could(?:n['’]?t|\s+not))\s+believe\b", "de",
         r"\bunglaublich\w*|\bunfassbar\w*|\bsagenhaft\w*|\bWahnsinn\b"),
        ("en", r"\b(?:can['’]?t|cannot|can\s+not)\s+go\s+wrong\b", "de",
         r"\balles\s+richtig\b|\bsicheren?\s+Wahl\b|\bbedenkenlos\b|\bauf\s+der\s+sicheren\s+Seite\b"
         r"|\b(?:immer|stets|garantiert)\s+richtig\b"),
        ("en", r"\b(?:can['’]?t|cannot|can\s+not|could(?:n['’]?t|\s+not))\s+say\s+(?:a\s+|one\s+)?(?:single\s+)?"
               r"(?:bad|negative)\s+(?:word|thing)\b", "de", r"\bnur\s+(?:Gutes|Positives|lob\w*|positiv\w*)"),
        ("en", r"\bno[\s-]+frills?\b", "de", r"\bschnörkellos\w*|\bschlicht\w*|\bpuristisch\w*"),
        ("en", r"\b(?:don['’]?t|do\s+not)\s+miss\s+out\b", "de",
         r"\bzu(?:zu)?greifen\b|\bgreif\w*\s+(?:\w+\s+)?zu\b|\bsichern\b|\bnutzen\b"),
        ("fr", r"\bn['’]\s*en\s+peu[xt]\s+plus\b", "de", r"\bgenug\b|\bsatt\b|\bam\s+Ende\b"),
        # news idioms: "wasted no time in appointing" / "ernannte umgehend"; "did not go down
        # well" / "kam schlecht an", "stieß auf Kritik"; "nowhere near their best" / "weit von
        # ihrer Bestform entfernt" ("kam gut an" for "did not go down well" stays flagged)
        ("en", rf"\bwast\w*\s+no\s+time\b|\b{_NEGATED}\s+wast\w*\s+(?:any\s+)?time\b", "de",
         r"\bumgehend\w*|\bsofort\w*|\bunverzüglich\w*|\bprompt\w*|\brasch\w*|\bpostwendend\b"),
        ("en", rf"\b{_NEGATED}\s+(?:\w+\s+)?go(?:es|ne)?\s+down\s+well\b", "de",
         r"\bschlecht\s+an\b|\bstie(?:ß|ßen)\b[^.;:!?]{0,40}?\bauf\s+(?:\w+\s+)?(?:Kritik|Ablehnung|Unmut|Unverständnis|Widerstand)\b"
         r"|\bmissfiel\w*|\bUnmut\b|\bverärger\w*"),
        ("en", r"\bnowhere\s+near\b", "de", r"\bweit\s+(?:\w+\s+){0,4}?(?:entfernt|unter|hinter)\b|\bmeilenweit\b"),
        # a review's praise: "Can't recommend it enough" / "Kann ich nur (wärmstens) empfehlen",
        # "can't thank them enough" / "bin ihnen unendlich dankbar" ("Can't recommend it." /
        # "Kann ich empfehlen." has no "enough" and stays flagged)
        ("en", r"\b(?:can['’]?t|cannot|can\s+not|could(?:n['’]?t|\s+not))\s+(?:[\w'’]+\s+){1,4}?enough\b", "de",
         r"\bnur\s+(?:\w+\s+){0,3}?(?:weiter)?(?:empfehlen|loben|danken)\b|\bwärmstens\b|\buneingeschränkt\w*"
         r"|\b(?:unendlich|sehr|äußerst|zutiefst)\s+dankbar\b"),
        # an exclusion: "the warranty does not cover" / "ist von der Garantie ausgeschlossen",
        # "shipping not included" / "zzgl. Versand"
        ("en", rf"\b{_NEGATED}\s+(?:\w+\s+)?(?:be\s+)?(?:cover\w*|includ\w*)\b", "de", _EXCLUDED_DE),
        ("fr", r"\bpas\s+(?:\w+\s+)?(?:couv\w*|inclu\w*|compris\w*)|\bnon\s+(?:inclu|compris)\w*", "de", _EXCLUDED_DE),
        # a warning: "Do not touch!" / "Finger weg!"
        ("en", rf"\b(?:{_NEGATED}|never)\s+(?:\w+\s+)?touch\b", "de", r"\b(?:Finger|Hände)\s+weg\b"),
        # a review's warning: "Don't bother with this one" / "Finger weg", "Spar dir das Geld"
        ("en", r"\b(?:don['’]?t|do\s+not)\s+bother\b", "de",
         r"\b(?:Finger|Hände)\s+weg\b|\bspar\w*\s+(?:dir|euch|sich|Sie\s+sich)\b"),
        ("fr", r"\bpas\s+(?:\w+\s+)?touch\w*", "de", r"\b(?:Finger|Hände)\s+weg\b"),
        # "out of the question" / "kommt nicht infrage", "hors de question" / "nicht in Frage"
        ("de", r"\bnicht\s+(?:mehr\s+)?(?:in\s*frage|infrage)\b", "en",
         r"\bout\s+of\s+the\s+question\b|\bruled?\s+out\b|\bexclud\w*"),
        ("de", r"\bnicht\s+(?:mehr\s+)?(?:in\s*frage|infrage)\b", "fr",
         r"\bhors\s+de\s+question\b|\bexclu\w*"),
        # a prohibition said either way: "is not allowed" / "ist verboten", "untersagt",
        # "nicht erlaubt" / "is banned", "prohibited", "forbidden" ("not allowed" /
        # "erlaubt" stays flagged)
        ("en", rf"\b(?:{_NEGATED}|cannot)\s+(?:\w+\s+){{0,2}}?(?:legal|lawful|allowed|permitted|authori[sz]ed)\b",
         "de", r"\bverb(?:o|ie)t\w*|\buntersag\w*|\bunzulässig\w*|\brechtswidrig\w*|\billegal\w*"),
        ("fr", r"\bpas\s+(?:\w+\s+){0,2}?(?:autoris|permis|légal|licite)\w*", "de",
         r"\bverb(?:o|ie)t\w*|\buntersag\w*|\bunzulässig\w*|\brechtswidrig\w*|\billegal\w*"),
        ("de", r"\bnicht\s+(?:\w+\s+){0,2}?(?:erlaubt|gestattet|zulässig|legal|genehmigt)\b", "en",
         r"\b(?:bans?|banned|banning|prohibit\w*|forbid\w*)\b"),
        ("de", r"\bnicht\s+(?:\w+\s+){0,2}?(?:erlaubt|gestattet|zulässig|legal|genehmigt)\b", "fr",
         r"\binterdi\w*|\bprohib\w*"),
        # "will not be easy" / "wird schwierig", "nicht einfach" / "difficult", "hard"
        ("en", rf"\b{_NEGATED}\s+(?:\w+\s+){{0,2}}?(?:easy|simple)\b", "de", r"\bschwierig\w*|\bschwer\w*"),
        ("de", r"\bnicht\s+(?:so\s+|ganz\s+|gerade\s+)?(?:einfach|leicht)\w*", "en",
         r"\b(?:difficult|hard|harder|tough|tricky|complicated)\b"),
        ("fr", r"\bpas\s+(?:\w+\s+){0,2}?(?:facile|simple)s?\b", "de", r"\bschwierig\w*|\bschwer\w*"),
        # "pas cher" is cheap: "günstig", "preiswert" ("pas cher" / "nicht günstig" stays
        # flagged: that counterpart is not there)
        ("fr", r"\bpas\s+(?:très\s+|trop\s+|si\s+)?ch(?:er|ère|ers|ères)\b", "de",
         r"\bgünstig\w*|\bpreiswert\w*|\bbillig\w*|\berschwinglich\w*|\bpreisgünstig\w*"),
        ("de", r"\bnicht\s+(?:so\s+|ganz\s+|gerade\s+)?(?:einfach|leicht)\w*", "fr",
         r"\b(?:difficile|dur|compliqué)\w*"),
        # spoken formulas whose German form is positive: "can't wait" / "freue mich (schon)
        # auf", "don't forget" / "denk daran", "couldn't agree more" / "stimme voll und ganz
        # zu", "not at all" or "don't mention it" after thanks / "gern geschehen", "no way!"
        # or "no kidding" in surprise / "im Ernst?", "not gonna lie" / "ehrlich gesagt", "no
        # more excuses" / "Schluss mit den Ausreden", "nothing beats" / "geht über", "don't
        # mind" / "ist mir recht"; each excuses only its own phrase: "I can't wait" / "ich
        # kann warten" and "Don't forget it" / "Vergiss es" stay flagged
        ("en", r"\b(?:can['’]?t|cannot|can\s+not|could(?:n['’]?t|\s+not))\s+wait\b", "de",
         r"\bfreu\w*|\bVorfreude\b|\bfieber\w*|\bentgegenfieber\w*"),
        ("en", r"\b(?:don['’]?t|do\s+not|never)\s+forget\b", "de",
         r"\bdenk\w*\s+(?:\w+\s+)?(?:daran|dran)\b|\b(?:daran|dran)\s+denk\w*|\berinner\w*"),
        ("en", r"\bcould(?:n['’]?t|\s+not)\s+(?:\w+\s+){0,3}?agree\b(?=[^.;:!?]{0,30}?\bmore\b)", "de",
         r"\bzu(?:ge)?stimm\w*|\bstimm\w*\b[^.;:!?]{0,40}?\bzu\b|\bvoll\s+und\s+ganz\b|\bganz\s+(?:meiner|deiner|Ihrer|eurer|seiner|ihrer|unserer)\s+Meinung\b"
         r"|\bvöllig\s+recht\b|\bganz\s+genau\b"),
        ("en", r"(?:^|[.!?,;:\u2013\u2014\"“]\s*)(?:not\s+at\s+all|don['’]?t\s+mention\s+it)(?=\s*(?:[,.!?;:\u2013\u2014\"”]|$))",
         "de", r"\bgern\w*|\bbitte\b|\bklar\b|\bselbstverständlich\b|\bnatürlich\b"),
        ("en", r"(?:^|[.!?,;:\u2013\u2014\"“]\s*)(?:oh\s+)?no\s+(?:way|kidding)(?=\s*(?:[,.!?;:\u2013\u2014\"”]|$))",
         "de", r"\b(?:echt|Ernst|ernsthaft|ehrlich|wirklich|unglaublich|Wahnsinn|krass|Quatsch)\b|\bwas\s+du\s+(?:nicht\s+)?sagst\b"),
        ("en", r"\b(?:not|n['’]?t|never)\s+(?:gonna|going\s+to)\s+lie\b|\bwon['’]?t\s+lie\b", "de",
         r"\behrlich\w*|\bzu(?:ge)?geben\b|\bgeb(?:e|['’]s)(?!\w)[^.;:!?]{0,20}?\bzu\b|\bzugegeben\b|\boffen\s+gesagt\b|\bgestehe\w*"),
        # a service or site that is down or offline / "nicht erreichbar", "nicht verfügbar"
        # ("Servers will be down from 2 to 4" / "Die Server sind von 2 bis 4 Uhr nicht
        # erreichbar"); each answers only the other: "The site is down" / "Die Seite ist
        # nicht langsam" stays flagged
        ("de", r"\bnicht\s+(?:mehr\s+)?(?:erreichbar|verfügbar|online|zugänglich|aufrufbar|in\s+Betrieb)\b",
         "en", r"\b(?:is|are|was|were|be|been|being|go|goes|went|gone|going)\s+(?:\w+\s+){0,2}?down\b|\boffline\b"),
        ("en", r"\bnothing\s+(?:beats|compares|tops)\b|\b(?:there['’]?s\s+)?(?:no\s+place|nothing)\s+like\b", "de",
         r"\bam\s+\w+sten\b|\bgeht\s+(?:doch\s+|eben\s+)?über\b|\bunschlagbar\w*|\büberbiet\w*|\bübertr[ie]ff?t\w*"),
        ("en", r"\bcould(?:n['’]?t|\s+not)\s+care\s+less\b", "de",
         r"\begal\b|\bwurscht\b|\bwurst\b|\bschnuppe\b|\bkalt\b|\bgleichgültig\b"),
        ("en", r"(?:^|[.!?,;:\u2013\u2014\"“]\s*)(?:oh\s+)?don['’]?t\s+tell\s+me\b", "de",
         r"\bsag\w*\s+(?:bloß|blos|jetzt|mir\s+bloß)\b"),
        ("en", r"\b(?:don['’]?t|do\s+not|doesn['’]?t|does\s+not|wouldn['’]?t|would\s+not)\s+mind\b", "de",
         r"\brecht\b|\bgern\w*|\bokay\b|\bin\s+Ordnung\b|\bpasst\b"),
        # a reply to thanks: "Keine Ursache", "Nichts zu danken", "Kein Problem" for "You're
        # welcome", "Sure", "Anytime"; "De rien", "Il n'y a pas de quoi" / "Gern geschehen"
        ("de", r"\bkeine\s+Ursache\b|\bnichts\s+zu\s+danken\b|\bkein\s+(?:Problem|Thema|Ding)\b|\bnicht\s+der\s+Rede\s+wert\b",
         "en", r"\bwelcome\b|\bsure\b|\banytime\b|\bmy\s+pleasure\b|\bglad\s+to\b|\bhappy\s+to\b"),
        ("fr", r"\bde\s+rien\b|\bpas\s+de\s+quoi\b", "de", r"\bgern\w*|\bbitte\b"),
        # forms, tariffs and insurance letters: a charge, period or duty that does not apply
        # "entfällt" ("There is no waiting period for accidents" / "Bei Unfällen entfällt die
        # Wartezeit", "The fee does not apply" / "Die Gebühr entfällt", "Pas de délai de
        # carence" / "Die Wartezeit entfällt"); "gilt die Wartezeit" stays flagged
        ("en", rf"\bno\s+(?:[\w-]+\s+){{0,2}}?{_WAIVED_EN}|\b{_NEGATED}\s+(?:\w+\s+)?(?:apply|applicable)\b", "de",
         _WAIVED_DE),
        ("fr", rf"\b(?:pas|aucun\w*)\s+(?:de\s+|d['’])?(?:[\w-]+\s+){{0,2}}?{_WAIVED_FR}|\bne\s+s['’]appliqu\w*\s+pas\b",
         "de", _WAIVED_DE),
        # contracts and terms: "unless otherwise agreed", "save as otherwise provided" /
        # "sofern nicht anders vereinbart", "soweit nichts anderes bestimmt ist"; "sauf
        # disposition contraire" / "sofern nichts anderes vereinbart ist"
        ("de", r"\bnicht\s+(?:ausdrücklich\s+)?anders\b|\bnichts\s+(?:ausdrücklich\s+)?anderes\b", "en",
         r"\b(?:unless|save|except)\b[^.;:!?]{0,30}?\botherwise\b"),
        ("de", r"\bnicht\s+(?:ausdrücklich\s+)?anders\b|\bnichts\s+(?:ausdrücklich\s+)?anderes\b", "fr",
         r"\bsauf\s+(?:\w+\s+)?(?:disposition|stipulation|mention|indication|accord|clause)s?\s+contraires?\b"),
        # signs and notices: "No entry for unauthorised persons", "No smoking" / "Zutritt
        # verboten", "Rauchen verboten" (a sentence of its own that begins with "No")
        ("en", r"(?:^|[.!?:;\u2013\u2014\"“]\s*)no\s+(?:entry|access|admittance|parking|smoking|swimming|fishing|"
               r"trespassing|camping|dogs|photography|photos|littering|stopping|overtaking|bathing|cycling)\b", "de",
         r"\bverb(?:o|ie)t\w*|\buntersag\w*"),
        # a blanket "nothing is off the table" / "alles liegt auf dem Tisch"
        ("en", r"\bnothing\b(?=[^.;:!?]{0,30}?\b(?:off\s+the\s+table|ruled\s+out|excluded)\b)", "de",
         r"\balles\b"),
    ))


def _answered_spans(text: str, language: str, other: str, other_language: str) -> list[tuple[int, int]]:
    """The spans of ``text`` whose negation ``other`` says positively (see _COUNTERPARTS)."""
    spans: list[tuple[int, int]] = []
    for neg_lang, negated, pos_lang, positive in _COUNTERPARTS:
        if neg_lang == language and pos_lang == other_language and positive.search(other):
            spans += [(m.start(), m.end()) for m in negated.finditer(text)]
    return spans


# Litotes: a negation before a lexical negative says the positive ("not unhappy" /
# "durchaus zufrieden", "not unrealistic" / "durchaus realistisch", "nicht unerheblich" /
# "considerable", "nicht ungefährlich" / "risky"), so a translation may drop both. The
# negation is optional only when the other side has fewer lexical negatives than this one
# (it dropped the pair): "not unhappy" / "unglücklich" kept the lexical negative and lost
# the negation, and stays flagged.
_LITOTES = {
    "en": re.compile(r"\b(?:not|never|\w+n['’]?t)\s+(?:(?:entirely|wholly|completely|altogether|quite|so|that|"
                     r"at\s+all|exactly)\s+)?([^\W\d_]+)", re.IGNORECASE),
    "de": re.compile(r"\b(?:nicht|nie)\s+(?:(?:ganz|gänzlich|völlig|so|gerade|unbedingt)\s+)?([^\W\d_]+)",
                     re.IGNORECASE),
}


# the lexical negative of a litotes is an affixed antonym ("unhappy", "illegal", "harmless",
# "unerheblich", "mühelos") or German "wenige" ("nicht wenige" is "many"); "did not refuse"
# is no litotes ("weigerte sich" for it is a lost negation)
_LITOTES_WORD = {
    "en": re.compile(r"^(?:un|in|im|il|ir|dis|non)[^\W\d_]{4}|[^\W\d_]{4}less$", re.IGNORECASE),
    "de": re.compile(r"^(?:un|miss)[^\W\d_]{4}|[^\W\d_]{4}(?:los|lose|losen|loser|loses|losem)$|^wenig",
                     re.IGNORECASE),
}


def _litotes_spans(text: str, language: str, other: str, other_language: str) -> list[tuple[int, int]]:
    """The spans of ``text``'s negations that a lexical negative right after them cancels
    (see _LITOTES), when ``other`` dropped the pair."""
    pattern = _LITOTES.get(language)
    if pattern is None:
        return []
    found = [(m.start(), m.end()) for m in pattern.finditer(text)
             if _LITOTES_WORD[language].search(m.group(1)) and soft_negation_count(m.group(1), language) > 0]
    if not found or soft_negation_count(other, other_language) >= soft_negation_count(text, language):
        return []
    return found


@dataclass(frozen=True)
class Cue:
    """A word found in a sentence, with offsets relative to that sentence."""

    text: str
    start: int
    end: int


def _negation_words(text: str, language: str, other: str = "", other_language: str = "") -> list[tuple[Cue, bool]]:
    """Every negation word of ``text`` with whether it is optional (see _OPTIONAL_NEGATION,
    and _COUNTERPARTS when ``other`` is the text on the other side of the translation)."""
    answered = _answered_spans(text, language, other, other_language) if other else []
    if language == "fr":
        return _french_negation_words(text, answered)
    words = NEGATION_WORDS.get(language)
    if words is None:
        return []
    excluded = [(m.start(), m.end()) for m in _NOT_NEGATION.finditer(text)]
    optional = [(m.start(), m.end()) for m in _OPTIONAL_NEGATION.finditer(text)] + answered
    if other:
        optional += _litotes_spans(text, language, other, other_language)
    cues = []
    for m in _WORD.finditer(text):
        if any(a <= m.start() < b for a, b in excluded):
            continue
        w = m.group().lower().replace("’", "'")
        if language == "en" and not w.endswith("n't"):
            # a negative pronoun with a clitic: "Nobody's perfect", "Nothing's changed",
            # "No one'll notice", "nobody'd"
            w = _EN_CLITIC.sub("", w)
        if w in words or (language == "en" and w.endswith("n't")) \
                or (language == "en" and w in _EN_CHAT_NEGATIONS and not m.group().isupper()):
            cues.append((Cue(m.group(), m.start(), m.end()), any(a <= m.start() < b for a, b in optional)))
    if language == "en":
        taken = [(c.start, c.end) for c, _ in cues]
        for m in _MISSPELT_NEGATION.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                cues.append((Cue(m.group(), m.start(), m.end()), any(a <= m.start() < b for a, b in optional)))
        cues.sort(key=lambda c: c[0].start)
    return cues


_EN_CLITIC = re.compile(r"'(?:s|ll|d|re|ve)$")
# chat abbreviations of a negated phrase: "np" (no problem), "nbd" (no big deal), "idc" (I
# don't care), "nvm" (never mind); in capitals they are names ("NP", the "IDC" of market
# reports). "np" and "nbd" as an utterance of their own and "nvm" anywhere are optional,
# like what they abbreviate (_OPTIONAL_NEGATION)
_EN_CHAT_NEGATIONS = frozenset({"np", "nbd", "idc", "nvm"})


def negation_cues(text: str, language: str, other: str = "", other_language: str = "") -> list[Cue]:
    """The grammatical negation words of ``text`` that negate (empty for languages without a
    list); the optional ones are :func:`optional_negation_cues`. With ``other``, the text on
    the other side of the translation in ``other_language``, a negation that ``other`` says
    positively ("not guilty" / "freigesprochen") is optional too."""
    return [c for c, optional in _negation_words(text, language, other, other_language) if not optional]


def optional_negation_cues(text: str, language: str, other: str = "", other_language: str = "") -> list[Cue]:
    """Negation words in constructions a translation may render with or without a negation
    ("not only", "wie nie zuvor", "isn't it?", "nicht wahr"; with ``other``, see
    :func:`negation_cues`)."""
    return [c for c, optional in _negation_words(text, language, other, other_language) if optional]


# Lexical negation that commonly renders a grammatical one ("not clear" / "unklar", "nicht
# möglich" / "impossible", "without" / "ohne", "dislike" / "nicht mögen"). Used only to
# EXCUSE a missing grammatical negation on the other side, never to flag: lexical negation
# has no closed list, so its absence proves nothing. ("rejected" / "lehnten ab" are
# deliberately not here: "lehnten nicht ab" for "rejected" is the very error the negation
# check exists for; nor are "lose", "forget", "avoid": a translation keeps them as verbs
# ("verlieren"), and an added "nicht" next to them is an error.) Besides the affixes (see
# _affix_negated), the words here are the ones translators render with "nicht" / "not":
# "fail to" / "nicht schaffen", "yet to" / "noch nicht", "unless" / "wenn nicht",
# "beyond" / "nicht in der Lage", "refuse" / "declined to" / "wollte nicht", "egal" / "not
# care", "verzichtete" / "did not run", and English implicit negatives: "few" / "nicht
# viele" ("a few" is "einige"), "far from certain" / "keineswegs sicher", "missed the
# penalty" / "traf nicht", "stayed silent" / "sagte nichts". (German
# "statt" alone is left out: it is mostly the particle of "stattfinden".)
_SOFT_NEGATION: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:in(?:capable|complete|correct|valid|sufficient|adequate|effective|appropriate|"
                     r"conclusive|accurate|accessible|active|admissible|consistent|decisive|eligible|"
                     r"expensive|secure|significant|tolerable|visible|competent|definite|direct|formal|"
                     r"frequent|experienced|flexible)\w*|"
                     r"im(?:possible|probable|plausible|mature|patient|proper|practical|moral|mobile|"
                     r"partial|precise|polite)\w*|il(?:legal|logical|legitimate|literate)\w*|"
                     r"ir(?:relevant|responsible|regular|reversible|rational|reparable)\w*|"
                     r"without|hardly|barely|scarcely|lack\w*|fail\w*|absen\w+|unless|beyond|"
                     r"instead|rather\s+than|except\w*|yet\s+to|help\s+but|refus\w+|"
                     # "declined to comment" / "wollte sich nicht äußern" (not "sales declined to 5
                     # million": a verb must follow)
                     r"declin\w*\s+to\s+(?:comment|say|confirm|discuss|elaborate|give|name|reveal|disclose|"
                     r"specify|answer|respond|provide|speak|testify|sign|attend|accept|identify|release|be)|"
                     # "three passengers were no-shows" / "sind nicht erschienen"
                     r"no-shows?|"
                     # "exempt from the fee" / "keine Gebühr", "nicht steuerpflichtig"
                     r"exempt(?:s|ed)?|"
                     r"less|fewer|free\s+of|non|zero|(?<!\ba\s)few|far\s+from|miss(?:es|ed|ing)?|silen(?:t|ce)|"
                     # "keep the page from being deleted" / "damit die Seite nicht gelöscht
                     # wird"; "stopped playing" / "nicht mehr gespielt"; "little did I know"
                     r"(?:keep|keeps|kept|keeping|prevent\w*|stop\w*)\s+(?:\S+\s+){0,4}?from|"
                     r"(?:stop|stops|stopped|quit|quits)\s+\w+ing|little\s+did|"
                     # "out of stock" / "nicht vorrätig", "sold out" / "nicht mehr erhältlich",
                     # "out of reach of children" / "nicht in die Hände von Kindern"
                     r"out\s+of\s+(?:stock|order|service|reach|range|print|season|date|warranty)|sold\s+out|"
                     # "I'm out of ideas" / "mir fällt nichts mehr ein", "out of paper" / "kein
                     # Papier mehr", "out of danger" / "nicht mehr in Gefahr", "ran out of milk" /
                     # "keine Milch mehr"
                     r"(?:(?<=['’])(?:m|re|s)|am|is|are|was|were|be|been|being|get|gets|got|all|completely|"
                     r"totally|clean|fresh)\s+out\s+of|(?:run|runs|ran|running)\s+out"
                     r"(?!\s+of\s+(?:the|a|an|this|that|his|her|my|our|their|your|its)\b)"
                     r"(?!\s+(?:the|a|an|into|onto|to|on|in|at|from|with)\b))\b", re.IGNORECASE),
    # "fehlt", not "Fehler" (a mistake)
    "de": re.compile(r"\b(?:ohne|kaum|fehl(?:t|te|ten|en|end\w*)|gefehlt|mangel\w*|scheiter\w*|wenig\w*|egal|"
                     r"anstatt|anstelle|stattdessen|"
                     # "did not sign" / "verweigerte die Unterschrift", "will not run" /
                     # "verzichtet auf eine Kandidatur", "failed to" / "versäumte"
                     r"verweiger\w*|verzicht\w*|unterl(?:ass|ieß|ässt)\w*|versäum\w*|"
                     # "did not manage to qualify" / "verpasste die Qualifikation"
                     r"verpass\w*|"
                     # "not covered by the warranty" / "von der Garantie ausgeschlossen", "keep out
                     # of reach" / "außerhalb der Reichweite", "do not ... unless" / "außer wenn"
                     r"ausgeschlossen|ausschließen|außerhalb|außer|"
                     # "not in stock" / "ausverkauft", "vergriffen"; "we have no milk left" / "uns
                     # ist die Milch ausgegangen" (with its dative: "Es ist gut ausgegangen" is
                     # an ending, no lack)
                     r"ausverkauft\w*|vergriffen\w*|"
                     r"(?:mir|dir|uns|euch|ihm|ihnen)\b[^.;:!?]{0,40}?\bausgegangen)\b", re.IGNORECASE),
    # "a refusé de commenter" / "wollte sich nicht äußern", "sans" / "ohne", "a renoncé à" /
    # "tritt nicht an", "faute de" / "mangels" ("n'a pas réussi" and "ne ... guère" are
    # grammatical already); "est resté muet" / "a gardé le silence" / "est resté silencieux" /
    # "äußerte sich nicht", "loin d'être acquis" / "keineswegs sicher", "injoignable" / "nicht
    # erreichbar", "inédit" / "noch nie dagewesen", "en fuite" / "noch nicht gefasst", "hors
    # de danger" / "nicht mehr in Lebensgefahr", "absent" / "nicht anwesend", "a démenti" /
    # "das treffe nicht zu", "annulé" / "findet nicht statt", "on ignore" / "man weiß nicht",
    # "dans l'impasse" / "kommen nicht voran", "contraire à" / "nicht vereinbar mit", "zéro
    # mort" / "kein Toter", "non-membres" / "nicht Mitglied"
    "fr": re.compile(r"\b(?:sans|refus\w*|renon\w*|faute\s+de|échou\w*|manqu\w*|absen\w+|loin\s+d(?:e|u|es|['’])|"
                     r"im(?:possible|probable)\w*|in(?:capable|connu|certain|suffisant|exact|édit|joignable)\w*|"
                     r"muet(?:te)?s?|silen\w+|en\s+fuite|hors|annul\w*|dément\w*|ignor\w*|impasses?|"
                     r"zéro|contraires?\s+(?:à|au|aux)|sauf|non-\w+|peu|"
                     # "en rupture de stock", "épuisé" / "nicht vorrätig"; "fini les câbles" /
                     # "nie wieder Kabelsalat"
                     r"rupture|épuisée?s?|fini(?:e|s|es)?\s+(?:les?|la|l['’])|"
                     # the prefixes "mé-", "mal-", "dés-", "dé-" also begin many words that
                     # negate nothing ("métier", "malade", "désormais", "défaite"): the
                     # antonyms news uses, by name ("mécontent" / "nicht zufrieden",
                     # "malhonnête" / "nicht ehrlich", "méconnu" / "kaum bekannt")
                     r"mécontent\w*|méconn\w*|malhonnêt\w*|malsain\w*|maladroit\w*|malchanceu\w*|"
                     r"malheureu(?:x|se|ses)|désagréabl\w*|déloya\w*|défavorabl\w*|déraisonnabl\w*|"
                     r"désorganis\w*|déséquilibr\w*|désavantag\w*)\b",
                     re.IGNORECASE),
}
_AFFIX_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
# Negative affixes that make an antonym of a word that exists on its own: "un-", "dis-",
# "non-", "-less" / "un-", "miss-", "-los". "in-", "im-" are left to the list above: too
# many ordinary words start with them ("inside", "impact", "inform").
# German "Nicht-" nouns are written with a hyphen or closed up ("Nichtraucher",
# "Nichtgebrauch", "Nichtbeachtung": "when not in use" / "bei Nichtgebrauch")
_NEGATIVE_PREFIXES = {"en": ("non-", "non", "dis", "un"), "de": ("nicht-", "nicht", "miss", "un")}
_NEGATIVE_SUFFIXES = {"en": ("less",), "de": ("los", "lose", "losen", "loser", "loses", "losem")}


# An English "un-...-able" adjective is made from the verb ("unavoidable" from "avoid",
# "unbearable" from "bear"), which is far more frequent than the "-able" form; a German
# "un-" adjective with an adjective suffix ("unverkäuflich", "unannehmbar", "unachtsam")
# has a stem that is rarer than a free word but still no less frequent than the derived
# word: its floor is lower (_AFFIX_ADJECTIVE_FLOOR). Measured on wordfreq's German list:
# the 12 words between 2.5 and 3.0 that this admits are all negations ("unhaltbar",
# "unteilbar", "unwahrscheinlich").
_ENGLISH_ABLE = re.compile(r"(?:able|ible)$")
_GERMAN_ADJECTIVE_SUFFIX = re.compile(r"(?:lich|bar|ig|sam|haft|isch)(?:e|en|er|es|em)?$")
# the same for English "un-" adjectives and participles: "unlawful", "unreachable",
# "undeterred" (wordfreq's English words between 2.5 and 3.0 are all negations). Not "-ly":
# an adverb ("unhelpfully" / "nicht hilfreich") keeps the floor of 3.0, because MQM's
# annotators marked those renderings as errors (of style) and the measure counts the flags
# on them as right: lowering it cost 4 right flags there, one on a Major error.
_ENGLISH_ADJECTIVE_SUFFIX = re.compile(r"(?:ful|ed|al|ive|ent|ant|ous|ic|able|ible|ing)$")
_AFFIX_FLOOR = 3.0
_AFFIX_ADJECTIVE_FLOOR = 2.5


def _affix_negated(word: str, language: str) -> bool:
    """Whether ``word`` is a negative affix on a word of its own that is more frequent than
    the derived word ("dislike" / "like", "unklar" / "klar"): the frequency test keeps out
    words that merely begin like a prefix ("under", "until", "Unternehmen", "unbedingt")."""
    from wordfreq import zipf_frequency

    low = word.lower()
    full = zipf_frequency(low, language)
    stems = [low[len(p):] for p in _NEGATIVE_PREFIXES.get(language, ()) if low.startswith(p)]
    if language == "en":
        # "unavoidable" / "avoid", "unbearable" / "bear", "unrecognisable" / "recognise"
        stems += [v for s in stems if _ENGLISH_ABLE.search(s) for v in (s[:-4], s[:-4] + "e")]
    floor = _AFFIX_FLOOR
    if low.startswith("un") and (
            (language == "de" and _GERMAN_ADJECTIVE_SUFFIX.search(low))
            or (language == "en" and _ENGLISH_ADJECTIVE_SUFFIX.search(low))):
        floor = _AFFIX_ADJECTIVE_FLOOR
    for suffix in _NEGATIVE_SUFFIXES.get(language, ()):
        if low.endswith(suffix):
            stem = low[:-len(suffix)]
            stems += [stem, stem[:-1]] if language == "de" and stem.endswith("s") else [stem]
    if language == "fr" and not _french_affix_candidate(low):
        return False
    if language == "en" and _REVERSATIVE.match(low):
        return False
    margin = _AFFIX_MARGIN.get(language, 0.0)
    return any(len(stem) >= 4 and zipf_frequency(stem.strip("-"), language) >= max(floor, full + margin)
               for stem in stems)


# English verbs of reversal: "unplug" is "den Stecker ziehen", "disable" is "ausschalten",
# "uninstall" is "deinstallieren"; they name an action and negate nothing (a closed class,
# with their inflections)
_REVERSATIVE = re.compile(
    r"^(?:un(?:plug|lock|pack|screw|install|load|fold|wrap|zip|button|do|tie|mount|pair|subscribe|clip|hook|roll|"
    r"seal|leash|veil|block|freeze|mute|pin|cover|wind|dress|latch|clamp|bolt|buckle|lace|twist|plugg|zipp|clipp|pinn)"
    r"|dis(?:able|connect|assemble|charg|mount|engag|lodg|mantl|arm|infect|solv|pens|pos))\w*$")


# German "un-" negates adjectives and participles ("unklar", "unbekannt") and the nouns made
# from them ("Unsicherheit", "die Unbekannten"); on other nouns it is mostly part of a word
# of its own ("Unfall", "Unwetter", "Unruhen", "Unmenge"), and a translation seldom says
# "not" with a noun. A few adverbs look like negations and are not ("unweit" is near).
_GERMAN_NOUN_NEGATION = re.compile(r"(?:heit|keit)(?:en)?$")
_GERMAN_ADJECTIVE_ENDING = re.compile(r"(?:e|en|er|es|em)$")
_NOT_NEGATED = {"de": frozenset({"unweit", "unlängst", "ungemein", "unheimlich", "unschwer"})}
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s*)[\s\"'„“”‚‘’»«(\[–-]*$")


def _not_affix_negated(text: str, m: re.Match[str], language: str) -> bool:
    """Is the word ``m`` of ``text`` one of the words that only look like a negative affix
    (see _GERMAN_NOUN_NEGATION)?"""
    word = m.group()
    if word.lower() in _NOT_NEGATED.get(language, ()):
        return True
    if language != "de" or not word[0].isupper() or _SENTENCE_START.search(text, 0, m.start()):
        return False
    from wordfreq import zipf_frequency

    low = word.lower()
    if _GERMAN_NOUN_NEGATION.search(low) or not low.startswith("un"):
        return False
    # a nominalised adjective or participle: "Unbekannte" from "bekannt"
    adjective = _GERMAN_ADJECTIVE_ENDING.sub("", low[2:])
    return not (adjective != low[2:] and len(adjective) >= 5 and zipf_frequency(adjective, "de") >= 3.0)


# Privative words of health and safety texts, counted like _SOFT_NEGATION: each language says
# with a word what the other often says with "nicht" / "not". "avoid" / "vermeiden" / "éviter"
# ("Avoid alcohol" / "Trinken Sie keinen Alkohol"; kept as a verb on both sides, an added
# "nicht" is still a flag, as each side then has one), "refrain from" / "s'abstenir",
# "keep away from", "keep out of the sun" / "fernhalten", "contraindicated" / "darf nicht
# angewendet werden", "sugar-free" / "zuckerfrei" / "enthält keinen Zucker", "no symptoms" /
# "symptomfrei" (German "-frei" adjectives all say "without": "fieberfrei", "rezeptfrei",
# "barrierefrei"), and the Greek privative "a-" of medicine ("asymptomatic" / "keine
# Symptome"), a closed list: most English words in "a-" are no antonyms ("aside", "amend").
_PRIVATIVE: dict[str, re.Pattern[str]] = {
    # "avoid" inside "unavoidable" counts as well as the affix: "unavoidable" / "nicht zu
    # vermeiden" is a negated avoidance on both sides
    "en": re.compile(r"(?:\b|(?<=\bun))(?:avoid(?:s|ed|ing|ance|able|ably)?|(?:refrain|abstain)\w*\s+from|free\s+from|"
                     r"[^\W\d_]{3,}-free|contra-?indicat\w*|"
                     r"(?:keep|keeps|kept|keeping|stay|stays|stayed|staying|store|stored)\s+(?:\S+\s+){0,4}?"
                     r"(?:out\s+of|away\s+from|clear\s+of)|"
                     r"a(?:symptomatic|febrile|septic|political|moral|sexual|typical|naerobic|virulent)\w*)\b",
                     re.IGNORECASE),
    "de": re.compile(r"(?:\b|(?<=\bun))(?:(?:ver)?meid(?:e|en|est|et|end\w*|bar\w*|lich\w*)?|(?:ver)?mied(?:en|est|et|st)?|gemieden|"
                     r"Vermeidung|fern(?:zu)?(?:halten|hält|hielt\w*|gehalten)|"
                     r"[^\W\d_]{3,}-?frei(?:e|en|em|er|es|heit)?|kontraindiziert\w*|Kontraindikation\w*|"
                     r"Gegenanzeige\w*|a(?:symptomatisch|febril|septisch|politisch|moralisch|sexuell|typisch|"
                     r"naerob)\w*)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:évit(?:e|es|ent|ez|ons|er|é|ée|és|ées|ant|ait|aient|era\w*)|abst(?:enir|enez|iens|"
                     r"ient|iennent|enu\w*|ention)|contre-indiqu\w*|contre-indication\w*|"
                     r"à\s+l['’]abri\s+d|a(?:symptomatique|pyrétique|politique|moral|sexué|typique|naérobie)\w*)",
                     re.IGNORECASE),
}


def soft_negation_count(text: str, language: str) -> int:
    """How many lexical negations of ``text`` may stand for a grammatical one."""
    pattern = _SOFT_NEGATION.get(language)
    if pattern is None:
        return 0
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    privative = _PRIVATIVE.get(language)
    if privative is not None:
        spans += [(m.start(), m.end()) for m in privative.finditer(text)
                  if not any(a < m.end() and m.start() < b for a, b in spans)]
    return len(spans) + sum(1 for m in _AFFIX_WORD.finditer(text)
                            if len(m.group()) >= 6 and not any(a <= m.start() < b for a, b in spans)
                            and _affix_negated(m.group(), language) and not _not_affix_negated(text, m, language))


def soft_negation(text: str, language: str) -> bool:
    """Whether ``text`` has a lexical negation that may stand for a grammatical one."""
    return soft_negation_count(text, language) > 0


# French negative prefixes ("inconnu", "invaincu", "inchangé", "irrégulier", "illimité",
# "imprévu"): French makes these antonyms freely, too many for a list like the English one,
# but many words merely begin like "in-"/"im-" ("information" / "formation", "imposé" /
# "posé", "importé" / "porté"), so the stem must be at least as frequent as the word, the
# word must end like an adjective or participle, and the words whose stems happen to be
# words are left out by name. (A margin of 0.5 zipf above the word's own frequency was
# asked before; it turned away "illégal" / "légal", "inacceptable", "inconnue", "invisible",
# "imprévisible", whose stems are barely more frequent. Read on wordfreq's French list, the
# words with a stem no more than 0.5 above them are negations but for the ones named in
# _FRENCH_NOT_PREFIXED: "insecte", "inaugure", "implanté", "immigrant", "irrite", "imparti".)
_NEGATIVE_PREFIXES["fr"] = ("in", "im", "il", "ir")
_AFFIX_MARGIN = {"fr": 0.0}
_FRENCH_AFFIX_ENDING = re.compile(
    r"(?:é|u|able|ible|ant|ent|if|iv|el|al|aux|ier|ièr|ique|it|ain|et|ct|ait|ur|ime|il|ist|is|i)(?:e?s?)$")
_FRENCH_NOT_PREFIXED = re.compile(r"^(?:import|intent|incit|invers|inform|impos|invit|infirm|insign|insect|"
                                  r"inaugur|implant|immigr|irrit|intim|impart)")


def _french_affix_candidate(word: str) -> bool:
    """Whether a French word may be a negative-prefix derivative at all (an adjective or
    participle, not "importer", "informé", "invite")."""
    return bool(_FRENCH_AFFIX_ENDING.search(word)) and not _FRENCH_NOT_PREFIXED.match(word)


# French negation is discontinuous: "pas", "plus", "jamais", "rien", "personne", "aucun",
# "ni", "nul", "guère", "point", "nullement", "aucunement" negate only with a "ne"/"n'" of
# their clause, after it ("n'a pas", "ne ... ni ... ni") or, for the words that can be
# subjects, before it ("Personne n'a été blessé", "Aucun accord n'a été trouvé", "Nul ne
# sait", "Jamais un président n'avait"). Without one they are nouns ("une personne", "un pas
# décisif", "la personne interpellée"), "ever" ("le plus chaud jamais mesuré", "si jamais",
# "à jamais", "mieux que personne") or "more" ("plus de 200"). A "que" ends a "ne"'s reach
# ("ne ... que" is "only": "ne concerne que les entreprises de plus de 50 salariés"), and so
# does "sans", whose "ni"/"aucun"/"rien" only reinforce it ("sans eau ni électricité"). AFP
# writes verbless negatives at the start of a clause ("Pas de blessés.", "Aucune victime.",
# "Rien à signaler.", "Nul doute que").
_FR_TOKEN = re.compile(r"\w+['’](?=\w)|\w+(?:-\w+)*")
_FR_STRONG_BREAK = re.compile(r"[.;:!?()«»\"“”\[\]—–]")
# the forms that can stand before their "ne" as subject or fronted adverb
_FR_NUMBER_WORDS = frozenset({"deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
                              "quinze", "vingt", "trente", "quarante", "cinquante", "soixante", "cent", "cents",
                              "mille", "million", "millions", "milliard", "milliards", "la", "le", "les", "l'",
                              "moitié", "dizaines", "centaines", "milliers"})
_FR_PRE_NE = {"personne", "rien", "nul", "nulle", "aucun", "aucune", "jamais", "ni"}
# what may stand before such a fronted negative: nothing in its clause, a conjunction,
# "que" ("qu'aucun accord ne"), or a preposition before "aucun" ("en aucun cas", "à aucun
# moment")
_FR_PRE_NE_AFTER = {"et", "mais", "ou", "car", "donc", "or", "que", "qu'", "où", "si", "quand", "lorsque",
                    "lorsqu'", "puisque", "puisqu'", "comme", "presque", "quasiment", "pratiquement",
                    "absolument", "alors", "puis", "ni", "parce", "encore", "toutefois", "cependant", "pourtant"}
_FR_PREPOSITIONS = {"à", "en", "sous", "dans", "pour", "par", "de", "d'", "sur", "avec", "chez", "vers"}
# a determiner or adjective before "pas" / "personne" makes it the noun ("un pas décisif",
# "la personne interpellée", "en personne")
_FR_DETERMINERS = {"un", "une", "le", "la", "les", "l'", "des", "ce", "cet", "cette", "ces", "son", "sa", "ses",
                   "leur", "leurs", "mon", "ma", "mes", "ton", "ta", "tes", "notre", "votre", "nos", "vos", "du",
                   "au", "aux", "chaque", "quelque", "quelques", "premier", "premiers", "première", "dernier",
                   "derniers", "dernière", "grand", "grands", "grande", "petit", "petits", "petite", "faux",
                   "nouveau", "nouveaux", "nouvelle", "seul", "seule", "tierce", "toute", "tel", "telle",
                   "même", "deux", "trois", "cent", "mille", "en", "à"}
# verbs that take a "que" clause: "ne croit plus que ..." is "no longer believes that",
# not the restrictive "ne ... plus que" ("nur noch")
_FR_QUE_VERB = re.compile(r"^(?:croi|croy|cru|pens|estim|di[st]$|disent|dire|sai[st]$|sav|veu|voul|esp[eéè]r|"
                          r"exclu|cach|imagin|accept|adm[ei]|affirm|consid[eéè]r|jug|dout|crai|craign|souhait|"
                          r"exig|demand|pr[ée]t[ea]nd|assur|reconn|compren|oubli|rappel|nie|ni[eé])")
# what makes a "ne" expletive (no negation): "avant que ... ne", "à moins que ... ne", "de
# peur que ... ne", "craindre que ... ne" and comparisons ("plus importants qu'on ne le
# pensait"); the word must stand just before the "que" (comparatives up to 8 words before)
_FR_EXPLETIVE_BEFORE_QUE = {"avant", "moins", "peur", "crainte", "sans", "éviter", "évite", "évitent",
                            "craint", "craignent", "crains", "redoute", "redoutent", "empêcher", "empêche"}
_FR_COMPARATIVE = {"plus", "moins", "mieux", "pire", "autre", "autres", "autrement", "davantage", "meilleur",
                   "meilleure", "meilleurs", "meilleures", "plutôt"}


_FR_CHAT_NEGATIONS = frozenset({"jsp", "jpp", "tkt", "tqt"})


def _french_negation_words(text: str, answered: Sequence[tuple[int, int]] = ()) -> list[tuple[Cue, bool]]:
    """The French negation words of ``text`` with whether they are optional: see above; a
    litotes ("n'a pas manqué de saluer", "ne sera pas candidat sans majorité"), "ne ... pas
    que/seulement" (not only) and "n'est-ce pas" are optional, like "not ... until" and
    "isn't it?"; so is what ``answered`` spans (_COUNTERPARTS: "ne ... pas avant" where the
    German says "frühestens" or "erst")."""
    words = NEGATION_WORDS["fr"]
    # ``answered``: the spans whose negation the other side says positively (_COUNTERPARTS)
    optional_spans = [(m.start(), m.end()) for m in _OPTIONAL_NEGATION.finditer(text)] + list(answered)
    toks: list[tuple[str, int, int]] = []
    strong: list[int] = []  # clause id (broken by . ; : ! ? brackets, quotes, dashes)
    part: list[int] = []  # sub-clause id (also broken by commas)
    s_id = p_id = 0
    last = 0
    for m in _FR_TOKEN.finditer(text):
        gap = text[last:m.start()]
        if _FR_STRONG_BREAK.search(gap):
            s_id += 1
            p_id += 1
        elif "," in gap:
            p_id += 1
        toks.append((m.group().lower().replace("’", "'"), m.start(), m.end()))
        strong.append(s_id)
        part.append(p_id)
        last = m.end()
    n = len(toks)

    def word(i: int) -> str:
        return toks[i][0] if 0 <= i < n else ""

    def prev(i: int) -> str:  # the word before, within the sub-clause ("" at its start)
        return word(i - 1) if i > 0 and part[i - 1] == part[i] else ""

    def toks_upper(i: int) -> bool:  # "JPP" in capitals may be a name
        return text[toks[i][1]:toks[i][2]].isupper()

    def is_ne(i: int) -> bool:
        # "n'importe qui", "n'empêche que", "ne serait-ce que" negate nothing
        return (word(i) in ("ne", "n'") and not word(i + 1).startswith(("importe", "empêche"))
                and not word(i + 1).startswith("serait-ce") and not word(i + 1).startswith("fût-ce"))

    def expletive(i: int) -> bool:
        for k in range(i - 1, max(-1, i - 7), -1):
            if strong[k] != strong[i]:
                return False
            if word(k) in ("que", "qu'"):
                if word(k - 1) in _FR_EXPLETIVE_BEFORE_QUE:
                    return True
                return any(word(j) in _FR_COMPARATIVE for j in range(max(0, k - 8), k) if strong[j] == strong[i])
        return False

    result: dict[int, bool] = {}  # token index -> optional
    licensed_by: dict[int, int] = {}
    for i in range(n):
        if not is_ne(i):
            continue
        weak = expletive(i)
        for j in range(i + 1, n):
            w = word(j)
            if strong[j] != strong[i] or w in ("que", "qu'", "sans") or is_ne(j):
                break
            if w == "plus":
                between = [word(k) for k in range(i + 1, j)]
                if weak or len(between) > 3 or any(b in words for b in between):
                    continue
                if word(j + 1) in ("que", "qu'") and not (j - 1 > i and _FR_QUE_VERB.match(word(j - 1))):
                    break  # "ne produit plus que 200 véhicules": "nur noch"
                licensed_by[j] = i
            elif w in words and w not in ("ne", "n'", "non"):
                if w in ("pas", "personne") and prev(j) in _FR_DETERMINERS:
                    continue
                if weak and w not in ("pas", "point"):
                    result[j] = True  # "plus grave qu'il ne l'a jamais été": "ever"
                else:
                    licensed_by[j] = i
    # fronted negatives licensed by a following "ne" of their clause
    for j in range(n):
        w = word(j)
        if j in licensed_by or j in result or w not in _FR_PRE_NE:
            continue
        before = prev(j)
        fronted = (before == "" or before in _FR_PRE_NE_AFTER
                   or (w in ("aucun", "aucune") and before in _FR_PREPOSITIONS)
                   or (w == "ni" and any(word(k) == "ni" and (k in licensed_by or k in result)
                                         for k in range(j - 1, -1, -1) if strong[k] == strong[j])))
        if not fronted or word(j + 1) in ("que", "qu'"):
            continue
        ne = next((k for k in range(j + 1, min(n, j + 16)) if strong[k] == strong[j] and is_ne(k)), None)
        if ne is None:
            continue
        sans = any(word(k) == "sans" for k in range(j - 1, -1, -1) if part[k] == part[j])
        if sans or expletive(ne):
            result[j] = True  # "sans que personne ne s'en aperçoive", "avant que rien ne"
        else:
            licensed_by[j] = ne
    # the words no "ne" licenses
    for j in range(n):
        w = word(j)
        if j in licensed_by or j in result or w not in words or w in ("ne", "n'", "plus", "point"):
            continue
        before, after = prev(j), word(j + 1)
        initial = before == ""
        if w == "non":
            if before in ("le", "du", "au", "un", "ce", "leur", "son"):
                continue  # "le non l'a emporté": the No vote
            # litotes and "only": "non loin de", "non négligeable", "non sans mal", "non moins"
            result[j] = after in ("seulement", "loin", "négligeable", "négligeables", "sans", "moins")
        elif w == "pas":
            if after in ("moins", "mal", "que", "qu'") or (after == "plus" and word(j + 2) == "tard"):
                result[j] = True  # "Pas moins de 300" ("mindestens"), "pas mal de" ("ziemlich viele")
            elif before in _FR_DETERMINERS:
                continue  # "un pas décisif", "le pas de tir"
            else:
                # "Pas de blessés", "mais pas à n'importe quel prix", "ou pas"; elsewhere a
                # spoken "c'est pas" in a quote, or a noun after an adjective
                result[j] = not (initial or before in ("mais", "et", "ou"))
        elif w == "personne":
            if before in _FR_DETERMINERS:
                continue  # "une personne", "en personne"
            result[j] = not initial  # "Personne à bord."; "mieux que personne": "ever"
        elif w == "rien":
            if after in ("que", "qu'") or before in _FR_DETERMINERS:
                continue  # "Rien qu'en 2023" ("allein"), "en un rien de temps"
            result[j] = not initial  # "Rien à signaler."; "sans rien dire"
        elif w in ("nul", "nulle"):
            if initial or after in ("doute", "besoin"):
                result[j] = False  # "Nul doute que", "Nulle part ailleurs."
            elif after == "part":
                result[j] = True  # "venu de nulle part" ("aus dem Nichts", "aus heiterem Himmel")
        elif w in ("aucun", "aucune", "ni"):
            result[j] = not initial  # "Aucune victime."; "sans aucun doute", "sans eau ni électricité"
        else:  # "jamais" ("le plus chaud jamais mesuré", "si jamais", "à jamais"), "guère", "nullement"
            result[j] = True
    # "Désolé, plus de places" (no more seats, the "ne" of "il n'y a plus de" dropped) may be
    # rendered with or without a negation; "Plus de 200 personnes" is "more than"
    for j in range(n):
        if (word(j) == "plus" and j not in result and j not in licensed_by and prev(j) == ""
                and word(j + 1) in ("de", "d'") and part[j + 1] == part[j] and j + 2 < n
                and not word(j + 2)[:1].isdigit() and word(j + 2) not in _FR_NUMBER_WORDS):
            result[j] = True
    # spoken French drops the whole negation of "ne t'inquiète pas": "T'inquiète, je m'en
    # occupe" / "Keine Sorge" ("t'en fais pas" keeps its "pas")
    for j in range(1, n):
        if (word(j) in ("inquiète", "inquiètes") and word(j - 1) == "t'" and j not in result
                and not any(is_ne(k) for k in range(max(0, j - 3), j))
                and not (word(j + 1) == "pas" and strong[j + 1] == strong[j])):
            result[j] = False
    # chat abbreviations of a negated phrase: "jsp" (je sais pas) / "keine Ahnung", "jpp"
    # (j'en peux plus) / "ich kann nicht mehr", "tkt", "tqt" (t'inquiète) / "keine Sorge"
    for j in range(n):
        if word(j) in _FR_CHAT_NEGATIONS and j not in result and not toks_upper(j):
            result[j] = False
    # what turns a licensed negation optional
    soft = [(m.start(), m.end()) for m in _SOFT_NEGATION["fr"].finditer(text)]
    for j, ne in licensed_by.items():
        w = word(j)
        optional = False
        if w == "pas":
            after = word(j + 1)
            window = [k for k in range(j + 1, min(n, j + 5)) if part[k] == part[j]]
            # "n'y a pas que l'argent" and "pas seulement" are "not only"; "il ne faut pas que" negates
            optional = (after in ("seulement", "uniquement", "simplement")
                        or (after in ("que", "qu'") and word(ne + 1) == "y")
                        or (word(ne + 1) == "est-ce" and ne + 2 == j)
                        # a litotes: "n'a pas manqué de", "ne ... pas sans", "n'est pas impossible"
                        or any(toks[k][1] <= a < toks[k][2] for k in window for a, _ in soft))
        elif w == "jamais":
            window = [k for k in range(j + 1, min(n, j + 5)) if part[k] == part[j]]
            optional = any(toks[k][1] <= a < toks[k][2] for k in window for a, _ in soft)
        result[j] = optional
    return [(Cue(text[toks[j][1]:toks[j][2]], toks[j][1], toks[j][2]),
             optional or any(a <= toks[j][1] < b for a, b in optional_spans))
            for j, optional in sorted(result.items())]


def numbers(text: str) -> list[str]:
    """Digit sequences with separators removed: a cheap language-neutral anchor.

    "48,000" and "48.000" both give "48000"; "2.5" and "2,5" both give "25". That loses the
    difference between a thousands and a decimal separator, which is fine for anchoring
    (figure agreement itself is the figure checks' business).
    """
    return [re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(text)]


@functools.lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A transliteration-neutral key: ASCII, lowercase, German/English spelling folded."""
    s = anyascii(word).lower()
    for a, b in (("tsch", "ch"), ("sch", "sh"), ("ck", "k"), ("ph", "f"), ("w", "v"), ("z", "s"),
                 ("j", "i"), ("y", "i"), ("c", "k"), ("ie", "i"), ("ou", "u")):
        s = s.replace(a, b)
    s = re.sub(r"[^a-z0-9]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


# CLDR has the formal names only; newspapers mostly write the short ones.
_SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("USA", "Amerika", "États-Unis", "EE. UU.", "Stati Uniti"),
    "GB": ("Großbritannien", "Britannien", "Grande-Bretagne", "Gran Bretaña", "Gran Bretagna"),
    "NL": ("Holland",),
}


@functools.lru_cache(maxsize=1)
def _territories() -> dict[str, tuple[str, ...]]:
    """English place name (lowercase) -> its names in the other languages auditor reads.

    CLDR territory names, plus the exemplar cities of CLDR's time zones (the capitals and
    big cities whose German names differ: Moskau, Warschau, Wien, Brüssel, Pjöngjang); the
    English city name is CLDR's where it has one, else the time-zone id's.
    """
    from babel import Locale

    codes = ("de", "fr", "es", "it", "nl", "sv")
    en = Locale("en").territories
    others = [Locale(code).territories for code in codes]
    table: dict[str, tuple[str, ...]] = {}
    for code, name in en.items():
        if code.isalpha():
            table[name.lower()] = tuple(o[code] for o in others if code in o) + _SHORT_NAMES.get(code, ())
    en_zones = Locale("en").time_zones
    zones = [Locale(code).time_zones for code in codes]
    for tz in set().union(*zones):
        city = en_zones.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " ")
        names = tuple(z[tz]["city"] for z in zones if z.get(tz, {}).get("city"))
        if names:
            table[city.lower()] = tuple(dict.fromkeys(table.get(city.lower(), ()) + names))
    return table


@functools.lru_cache(maxsize=65536)
def _is_name_like(word: str) -> bool:
    """A capitalised word about as frequent in German as in English: a name or an
    international word that a translation keeps ("Austin", "Putin", "Pentagon", "Kursk").

    An ordinary English word capitalised in a title or at a sentence start ("White",
    "North", "Defense") is far more frequent in English than in German and is translated,
    so it is no name to look for.
    """
    from wordfreq import zipf_frequency

    low = word.lower()
    en = zipf_frequency(low, "en")
    if en < 3.0:
        return True
    return zipf_frequency(low, "de") >= en - 1.0


def source_names(text: str, language: str = "en") -> list[Cue]:
    """Capitalised words of ``text`` that should survive translation as names.

    Words are taken one by one (a translation may reorder "Lloyd Austin" to "Austin"), each
    kept when :func:`_is_name_like`. Multi-word territory names ("North Korea", "United
    States") are kept whole so their translations can be looked up.
    """
    if language != "en":
        return []
    territories = _territories()
    cues: list[Cue] = []
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        m = words[i]
        w = m.group()
        if not w[:1].isupper() or w.isdigit():
            i += 1
            continue
        # longest territory name starting here (up to three words)
        for n in (3, 2):
            if i + n <= len(words):
                span = text[m.start():words[i + n - 1].end()]
                if span.lower() in territories and " " in span:
                    cues.append(Cue(span, m.start(), words[i + n - 1].end()))
                    i += n
                    break
        else:
            if len(w) >= 3 and (w.isupper() or _is_name_like(w) or w.lower() in territories):
                cues.append(Cue(w, m.start(), m.end()))
            i += 1
    return cues


_TOKEN_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][\w]*(?:-\w+)*(?:\s+[A-ZÀ-ÖØ-Þ][\w]*(?:-\w+)*)+")


def source_person_names(text: str, language: str = "en") -> list[Cue]:
    """Names of people in an English source sentence: runs of two or more capitalised words
    that end in a surname rare as an English word ("Kim Yong-hyun", "Faith Chepkurui",
    "Olaf Scholz"), after leading words common in English ("President", "Lower", "Mark")
    are dropped.

    Single capitalised words are never taken: in English they are as often sentence starts,
    demonyms ("German", "Swiss") or places with a German exonym ("Thuringia" / "Thüringen",
    "Dresden's" / "Dresdner") as names, and a translation rightly changes those. People's
    surnames are the names a translation must keep letter for letter (transliteration
    aside), so their absence is worth an editor's look.
    """
    if language != "en":
        return []
    from wordfreq import zipf_frequency

    cues: list[Cue] = []
    plain = text.replace("’", "'")
    for m in _TOKEN_RUN.finditer(plain):
        if plain.startswith("'", m.end()):
            continue  # a plural possessive ("Mülheim Dramatists' Prize") names no person
        words = list(re.finditer(r"\S+", m.group()))
        # a possessive ends the name ("Kenya's Faith Chepkurui": the name is the last two)
        cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.group().endswith("'s")), default=0)
        words = words[cut:]
        while words and zipf_frequency(words[0].group().lower(), "en") >= 5.0:
            words = words[1:]
        if len(words) < 2:
            continue
        if any(ch.isdigit() for w in words for ch in w.group()):
            continue  # a label, a model or a period: "Q2 FY25", "Galaxy S24", "Pixel 8a"
        # rare as an English word: a name, not "Gallery" or "Prize" (German frequency does not
        # matter: "Scholz" and "Merz" are frequent in German news, and names all the same)
        if zipf_frequency(words[-1].group().lower(), "en") >= 3.5:
            continue
        start, end = m.start() + words[0].start(), m.start() + words[-1].end()
        cues.append(Cue(text[start:end], start, end))
    return cues


def name_in(name: str, text: str) -> bool:
    """Whether ``name`` (a word from the source) has a counterpart in ``text``.

    Counterparts: the same skeleton; the skeleton with a short inflectional ending
    ("Putins"); a compound containing it ("Kursk-Region", "Verteidigungsminister") or
    ending in it ("Zentralbank"); for an acronym, one of the same length and first letter
    ("EZB" for "ECB"); a
    fuzzy skeleton match of at least 85 for words of six letters and more; a CLDR
    translation of a territory name. Hyphenated names ("Yong-hyun") must match part by part,
    so "Jong-un" is not "Yong-hyun".
    """
    tokens = [skeleton(t) for t in re.split(r"[\s\-/–—]+", text)]
    tokens = [t for t in tokens if t]
    for translation in _territories().get(name.lower(), ()):
        # word by word, so inflected forms count ("den Vereinigten Staaten")
        words = [skeleton(w) for w in translation.split()]
        if all(any(_part_matches(w, t) for t in tokens) for w in words if w):
            return True
    if name.isupper() and name.isalpha():
        # acronyms are translated letter by letter (ECB / EZB, IMF / IWF, OSCE / OSZE): the
        # same first letter and length is a counterpart
        for m in _WORD.finditer(text):
            w = m.group()
            if w.isupper() and (w == name or (len(w) == len(name) and w[0] == name[0])):
                return True
    parts = [skeleton(p) for p in re.split(r"[-\s]+", name) if p]
    parts = [p for p in parts if p]
    if not parts:
        return True
    return all(any(_part_matches(p, t) for t in tokens) for p in parts)


def _part_matches(part: str, token: str) -> bool:
    if token == part:
        return True
    if token.startswith(part) and len(token) - len(part) <= 3:
        return True
    if len(part) >= 5 and part in token:
        return True
    if len(part) >= 4 and token.endswith(part):
        return True  # the head of a German compound ("Zentralbank" for "Bank")
    if len(token) >= 4 and part.startswith(token) and len(part) - len(token) <= 3:
        return True  # a shorter exonym ("Kreml" for "Kremlin", "Prag" for "Prague")
    if len(part) >= 6 and len(token) >= 5 and fuzz.ratio(part, token) >= 85:
        return True
    return False


# What social media and chat write inside prose that is no prose: a web address, an e-mail
# address, an @handle or a #hashtag (with dots and digits inside: "@lisa.travels",
# "www.kochmitlisa.de/rezepte", "#ThrowbackThursday"); a translation keeps them as they are.
_WEB_IDENTIFIER = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S*[^\s.,;:!?)\]»”\"'’]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@#])[@#][\w.]*\w"
    r"|\b(?:[\w-]+\.)+(?:com|org|net|io|co|de|fr|at|ch|eu|uk|info|edu|gov|tv|me|ly|app)\b(?:/\S*[^\s.,;:!?)\]»”\"'’])?",
    re.IGNORECASE)


def web_identifier_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are web addresses, e-mail addresses, @handles and #hashtags."""
    if not any(c in text for c in "@#/."):
        return []
    return [m.span() for m in _WEB_IDENTIFIER.finditer(text)]


#: an English word German does not know at all ("blowflies": English zipf 1.5, German 0):
#: copied with a German noun's capital it is untranslated even when it is rare in English
_UNKNOWN_IN_TARGET = 0.0
_RARE_EN = 1.0
#: a common English word (it, we, one) that a translation wrote in capitals ("IT ist ..." for
#: "It's ..."): a copy whose case broke, not an acronym the source has
_COMMON_EN = 5.0
#: ... and far more English than German: "OK" and "TV" are German words in capitals too
_CAPS_LEAN = 1.5


def copied_words(source: str, target: str, target_language: str, names: list[Cue]) -> list[Cue]:
    """Target words that appear verbatim in the source and are English, not German words.

    A word counts when it is at least four letters long, common in English (Zipf >= 3.5) and
    rare in the target language (Zipf < 2.5): "announced", "however". It is lower-case in the
    target, or capitalised inside the sentence while the source writes it only in lower case:
    German capitalises nouns, so a copied English noun gets a capital ("Ihre Bricks" for
    "your bricks"), but a word the source itself capitalises is mostly a name. A capitalised
    copy also counts when the target language does not know the word at all ("Blowflies").
    And a common English word the target writes in capitals while the source never does
    ("IT ist einfach ..." for "It's simply ..."): a copy whose case broke, no acronym.

    Not taken: a phrase the source writes in lower case and the target copies with
    capitals. Measured on the MQM data it was right on 10 of 32 segments: German keeps
    English terms and Latin plant names that way ("High School", "Ylang Ylang").
    """
    if target_language == "en":
        return []
    from wordfreq import zipf_frequency

    source_forms: dict[str, set[str]] = {}
    for m in _WORD.finditer(source):
        # a contraction's head is a word of its own ("It's" holds "It")
        for form in {m.group(), re.split(r"['’]", m.group())[0]}:
            source_forms.setdefault(form.lower(), set()).add(form)
    name_words = {n.text.lower() for n in names}
    first = _WORD.search(target)
    identifiers = web_identifier_spans(target)
    out: list[Cue] = []
    for m in _WORD.finditer(target):
        w = m.group()
        if any(a <= m.start() < b for a, b in identifiers):
            continue  # "Folgt mir auf Instagram: @lisa.travels"
        low = w.lower()
        forms = source_forms.get(low)
        if not forms or low in name_words:
            continue
        if (2 <= len(w) <= 4 and w.isupper() and w.isalpha() and not any(f.isupper() for f in forms)
                and zipf_frequency(low, "en") >= _COMMON_EN
                and zipf_frequency(low, "en") - zipf_frequency(low, target_language) >= _CAPS_LEAN):
            out.append(Cue(w, m.start(), m.end()))
            continue
        if len(w) < 4:
            continue
        unknown = False
        if not w.islower():
            # a capital of the target's own making: the source has the word only in lower
            # case, and the target capitalises it mid-sentence
            if not (w[0].isupper() and w[1:].islower() and m.start() != first.start()
                    and all(f.islower() for f in forms)):
                continue
            # a German genitive of a loanword reads like an English plural: "des Stresses"
            # for "stresses"; the stem is then a common German word
            stem = re.sub(r"e?s$", "", low)
            if stem != low and zipf_frequency(stem, target_language) >= 3.5:
                continue
            unknown = (zipf_frequency(low, target_language) <= _UNKNOWN_IN_TARGET
                       and zipf_frequency(low, "en") >= _RARE_EN)
            if _loan_term_head(target, m.end(), source_forms, target_language):
                continue
            if _term_tail(target, m.start(), source_forms):
                continue
        if unknown or (zipf_frequency(low, "en") >= 3.5 and zipf_frequency(low, target_language) < 2.5):
            out.append(Cue(w, m.start(), m.end()))
    return out


#: a word the target language uses often enough to be a loan ("Computing", "Media")
_LOAN = 3.0


def _term_tail(target: str, start: int, source_forms: dict[str, set[str]]) -> bool:
    """Whether the word at ``start`` ends an English term of several words that the target
    copied whole with a capital on each word, as German writes borrowed terms ("Recovery
    Point Objective", "Single Sign-On", "Service Level Agreement"): the word before it is
    a capitalised copy of a lower-case source word too. A phrase copied that way is the
    documented exception of :func:`copied_words` (a term kept on purpose, not a word the
    system forgot), and its last word is part of it like the others."""
    m = re.search(r"(\w+)[ -]$", target[:start])
    if m is None:
        return False
    prev = m.group(1)
    forms = source_forms.get(prev.lower())
    return bool(forms) and prev[0].isupper() and prev[1:].islower() and all(f.islower() for f in forms) \
        and m.start() > 0


def _loan_term_head(target: str, end: int, source_forms: dict[str, set[str]], language: str) -> bool:
    """Whether the word after ``end`` is the head of an English term the target language has
    borrowed whole ("Spatial Computing", "Social Media", "Deep Learning"): a capitalised copy
    of a lower-case source word that the target language uses often. The modifier before it
    belongs to the term and is no forgotten word."""
    from wordfreq import zipf_frequency

    m = re.match(r" (\w+)", target[end:])
    if m is None:
        return False
    head = m.group(1)
    forms = source_forms.get(head.lower())
    return (bool(forms) and head[:1].isupper() and all(f.islower() for f in forms)
            and zipf_frequency(head.lower(), language) >= _LOAN)
