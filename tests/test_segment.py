"""Segmentation on the seeds: offsets always point at the sentence; known hard cases split right."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.segment import segment

SEEDS = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_offsets_invariant_on_seeds(path: Path) -> None:
    text = path.read_text("utf-8")
    sentences = segment(text)
    assert sentences
    for s in sentences:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:]))


def test_seed_sentence_counts() -> None:
    # Counted by hand on the seeds (one line = one paragraph; headings are sentences).
    counts = [len(segment(p.read_text("utf-8"))) for p in SEEDS]
    assert counts == [17, 47, 29, 22, 19]


def test_dates_and_abbreviations_do_not_split() -> None:
    text = "Russland werde am 27. und 28. Oktober Soldaten entsenden. Prof. Müller sagte das."
    assert [s.text for s in segment(text)] == [
        "Russland werde am 27. und 28. Oktober Soldaten entsenden.", "Prof. Müller sagte das."]


@pytest.mark.parametrize("word", ["Italien.", "Japan.", "Iran."])
def test_country_names_end_sentences(word: str) -> None:
    # SoMaJo's abbreviation list has "italien." (italienisch) and matches case-insensitively.
    text = f"Der Minister reiste nach {word} Dort traf er den Präsidenten."
    assert len(segment(text)) == 2


def test_headings_and_paragraphs() -> None:
    text = "Neue Hilfe\n\nEr deutete an, dass die USA helfen würden. Zumal Pjöngjang liefert.\n„Materie für sich“\n"
    s = segment(text)
    assert [(x.text, x.is_heading, x.paragraph) for x in s] == [
        ("Neue Hilfe", True, 0),
        ("Er deutete an, dass die USA helfen würden.", False, 1),
        ("Zumal Pjöngjang liefert.", False, 1),
        ("„Materie für sich“", True, 2),
    ]


def test_fused_fragment_stays_one_sentence() -> None:
    # "UkraineWas" is a fusion the garbled checks must see inside one sentence.
    text = "Austin sagte, nordkoreanische Truppen seien auf dem Weg in die UkraineWas er als gefährlich bezeichnete."
    assert len(segment(text)) == 1


def test_whitespace_only_and_odd_lines() -> None:
    text = "  \n\t\n___\n  Er kam.  \r\nSie ging.\r\n"
    s = segment(text)
    assert [x.text for x in s] == ["___", "Er kam.", "Sie ging."]
    assert all(text[x.start:x.end] == x.text for x in s)


EMOJI_TEXT = (
    "Super 👍🏽 gemacht!!! Die Flagge 🇩🇪 weht. Familie 👨‍👩‍👧 zu Hause ❤️ und ☺ sowie © 2024. "
    "Keycap 1️⃣ und #️⃣ hier :-) ;) <3 und ein Wort mit Akzent: Café, naïve. "
    "Rückfrage an @redaktion 😂😂 https://example.org/x?y=1 #Tag\r\nZeile zwei 🙂. "
    "Er zahlte 10\u00a0000\u202fEuro\tbar, Tel. 030\u00a0123\u00a0456, :\u00a0-) und z.\u00a0B. mehr."
    "\nCafe\u0301 und nai\u0308v, A\u030angstro\u0308m kam. Danach e\u0301tait\u00ad es gut."
)


EVALUATION_TEXTS = sorted(Path(__file__).resolve().parent.parent.joinpath(
    "auditor", "evaluation", "data", "texts").glob("*.txt"))
# abbreviations at the edges of whitespace-free runs, inside brackets and quotes, fused to
# numbers and words, multi-part ones, case variants, and dots that are no abbreviation
ABBREVIATION_TEXT = (
    "Er kam z.B. um 3 Uhr (z. B. gestern), d.h. früh; u.a.m. und usw. „Dr. med. Müller“ "
    "sowie Prof.Dr. Meier, ca.5 km bzw.10 %, Nr. 7, Str. 3, St.-Georg-Str. 12, i.d.R. "
    "Z.B. DR. VGL. vgl.S. 4 ff. e.V. GmbH & Co. KG, a.a.O., Mio. Euro, 1.500.000 Einw.\u00a0davon "
    "C&A, AT&T, Google+ und Strg+Alt+Entf. Jan. Feb. Italien. Japan. Er sagte: „Ja.“ Dann.Weiter... etc.pp. U.S.A. e.g. i.e. Mr. Smith, "
    "approx.3 ft. vs.\tNo.1 Inc.\u202fLtd. [Hrsg.] (Bearb.) S.12–14 Abb.3 Tab. 2.\n"
    ".. . ... a. b. c. x.y.z.A.B. Äh. Öl. usw.“ dgl., evtl.? ggf.! "
)


@pytest.mark.parametrize("language", ["de", "en"])
def test_abbreviation_search_in_dotted_runs_is_somajos(language: str) -> None:
    """auditor.segment._DottedRuns finds exactly the abbreviation matches of SoMaJo's own
    pattern over the whole text, on tricky text, the seeds and the evaluation texts."""
    from somajo import SoMaJo

    from auditor.segment import _SOMAJO_LANG, _DottedRuns

    pattern = SoMaJo(_SOMAJO_LANG[language], split_camel_case=False)._tokenizer.abbreviation
    shim = _DottedRuns(pattern)
    texts = [ABBREVIATION_TEXT, EMOJI_TEXT] + [p.read_text("utf-8") for p in SEEDS + EVALUATION_TEXTS]
    found = 0
    for text in texts:
        theirs = [(m.span(), m.group()) for m in pattern.finditer(text)]
        assert [(m.span(), m.group()) for m in shim.finditer(text)] == theirs
        found += len(theirs)
    assert found > 20  # the texts do hold abbreviations
    assert [m.span() for m in shim.finditer("z.B. und", 1)] == [m.span() for m in pattern.finditer("z.B. und", 1)]
    assert shim.pattern == pattern.pattern  # the rest passes through


def test_plus_ampersand_tokens_only_where_a_plus_or_ampersand_is() -> None:
    """auditor.segment._WhereAnyOf skips a text without "+" or "&" and finds exactly what
    SoMaJo's pattern finds in one with them."""
    from somajo import SoMaJo

    from auditor.segment import _tokenizer, _WhereAnyOf

    pattern = SoMaJo("de_CMC", split_camel_case=False)._tokenizer.token_with_plus_ampersand
    assert isinstance(_tokenizer("de")._tokenizer.token_with_plus_ampersand, _WhereAnyOf)
    shim = _WhereAnyOf(pattern, "+&")
    texts = ["Mit Google+ und Notepad++ (Strg+Alt+Entf), ctrl+alt+del, Erasmus+ oder C&A, 3+4 & mehr",
             "Kein Zeichen hier, nur Wörter und 1.500 Euro.", ABBREVIATION_TEXT, EMOJI_TEXT]
    texts += [p.read_text("utf-8") for p in SEEDS + EVALUATION_TEXTS]
    found = 0
    for text in texts:
        theirs = [(m.span(), m.group()) for m in pattern.finditer(text)]
        assert [(m.span(), m.group()) for m in shim.finditer(text)] == theirs
        found += len(theirs)
    assert found >= 3
    assert list(shim.finditer("Kein Zeichen")) == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_tokens_are_somajos_own(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Our tokenizer's faster emoji split (auditor.segment._fast_emoji_split) and offset
    alignment (_CompiledPatterns) yield exactly SoMaJo's tokens and offsets, on emoji sequences (skin tones, flags, ZWJ families,
    keycaps, variation selectors) and on the seeds."""
    import regex
    from somajo import SoMaJo, alignment

    from auditor.segment import _SOMAJO_LANG, _CompiledPatterns, _DottedRuns, _tokenizer

    ours = _tokenizer(language)
    theirs = SoMaJo(_SOMAJO_LANG[language], split_camel_case=False, character_offsets=True)
    assert "_split_emojis" in vars(ours._tokenizer)  # the override is in place, SoMaJo's class untouched
    assert "_split_emojis" not in vars(theirs._tokenizer)
    assert isinstance(alignment.re, _CompiledPatterns)
    assert alignment.token_offsets.somajo_token_offsets is not alignment.token_offsets
    assert isinstance(ours._tokenizer.abbreviation, _DottedRuns)
    assert not isinstance(theirs._tokenizer.abbreviation, _DottedRuns)
    assert type(theirs._tokenizer.token_with_plus_ampersand) is not type(ours._tokenizer.token_with_plus_ampersand)
    texts = [EMOJI_TEXT, ABBREVIATION_TEXT] + [p.read_text("utf-8") for p in SEEDS + EVALUATION_TEXTS]
    for text in texts:
        def tokens(tok):  # noqa: ANN001, ANN202
            return [[(t.text, t.token_class, t.character_offset) for t in s]
                    for s in tok.tokenize_text(text.split("\n"))]
        mine = tokens(ours)
        monkeypatch.setattr(alignment, "re", regex)  # SoMaJo's own alignment, for theirs
        monkeypatch.setattr(alignment, "token_offsets", alignment.token_offsets.somajo_token_offsets)
        assert mine == tokens(theirs)
        monkeypatch.undo()
    emoji = [t.text for s in ours.tokenize_text([EMOJI_TEXT]) for t in s if t.token_class == "emoticon"]
    assert "👍🏽" in emoji and "🇩🇪" in emoji and "👨‍👩‍👧" in emoji


def test_compiled_patterns_answer_as_the_regex_module() -> None:
    import regex

    from auditor.segment import _CompiledPatterns

    shim = _CompiledPatterns(regex)
    text = "Zwei\u00a0Wörter\tund\u202fmehr 👍🏽 Café"
    assert shim.sub(r"\s", " ", text) == regex.sub(r"\s", " ", text) == "Zwei Wörter und mehr 👍🏽 Café"
    assert shim.sub(r"\s", "_", text, 1) == "Zwei_Wörter\tund\u202fmehr 👍🏽 Café"
    assert shim.search(r"\p{Extended_Pictographic}", text).span() == regex.search(r"\p{Extended_Pictographic}", text).span()
    assert shim.match(r"zwei", text, regex.I) and not shim.match(r"zwei", text)
    assert [m.group() for m in shim.finditer(r"\X", "e\u0301👍🏽")] == ["e\u0301", "👍🏽"]
    assert shim.escape("a.b") == regex.escape("a.b")  # the rest passes through
    # a bounded cache: past MAX_PATTERNS, patterns go to the module uncached, still answered
    for i in range(_CompiledPatterns.MAX_PATTERNS + 5):
        assert shim.sub(f"x{i}", "y", f"ax{i}b") == "ayb"
    assert len(shim._patterns) == _CompiledPatterns.MAX_PATTERNS


def test_remembered_lines_segment_as_new_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """The line memo (auditor.segment._memo_spans) answers what SoMaJo answers for a line
    never seen: the same text segmented cold, warm, and with the memo switched off."""
    import auditor.segment as seg

    texts = [EMOJI_TEXT, "Italien. Japan. Iran. Er kam am 27. und 28. Oktober.\nÜberschrift ohne Punkt"]
    texts += [p.read_text("utf-8") for p in SEEDS]
    seg._memo_spans.cache_clear()
    cold = [segment(t) for t in texts]
    assert seg._memo_spans.cache_info().currsize > 0
    warm = [segment(t) for t in texts]
    assert seg._memo_spans.cache_info().hits > 0
    monkeypatch.setattr(seg, "MEMO_CHARS", -1)  # every line to SoMaJo again
    fresh = [segment(t) for t in texts]
    assert cold == warm == fresh
    # the same line in another document keeps that document's offsets
    doc = "Kopf\n\n" + texts[1]
    assert [s.text for s in segment(doc)][1:] == [s.text for s in cold[1]]
    assert all(doc[s.start:s.end] == s.text for s in segment(doc))
    # English and German are remembered apart: the same line, each language's own split
    line = "Er kam am 3. Mai. Dr. No."
    assert [s.text for s in segment(line, "de")] == ["Er kam am 3. Mai.", "Dr. No."]
    assert [s.text for s in segment(line, "en")] == ["Er kam am 3.", "Mai.", "Dr. No."]
    assert [s.text for s in segment(line, "de")] == ["Er kam am 3. Mai.", "Dr. No."]
    assert seg._memo_spans.cache_info().maxsize == seg.MEMO_LINES


def test_names_with_an_exclamation_mark_do_not_end_sentences() -> None:
    """"FRITZ!Box" and "Yahoo! Mail" are names; a "!" before a word that opens a sentence, or
    after an ordinary word, still ends one."""
    def texts(text: str, language: str = "de") -> list[str]:
        return [s.text for s in segment(text, language)]

    assert texts("Die FRITZ!Box 7590 ist schnell. Sie hat vier Anschlüsse.") == [
        "Die FRITZ!Box 7590 ist schnell.", "Sie hat vier Anschlüsse."]
    assert texts("Wir empfehlen die FRITZ!Box. Sie ist gut.") == ["Wir empfehlen die FRITZ!Box.", "Sie ist gut."]
    assert texts("Ich nutze Yahoo! Mail seit Jahren.") == ["Ich nutze Yahoo! Mail seit Jahren."]
    assert texts("I use Yahoo! Mail every day.", "en") == ["I use Yahoo! Mail every day."]
    assert texts("Ich liebe Yahoo! Es ist schnell.") == ["Ich liebe Yahoo!", "Es ist schnell."]
    assert texts("Wow! Das ist toll.") == ["Wow!", "Das ist toll."]
    assert texts("Toll!Das war knapp.") == ["Toll!", "Das war knapp."]
