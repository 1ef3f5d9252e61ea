"""Localisation files: XLIFF 1.2/2.0, TMX, PO and TSV read, audited per unit, written back."""

from __future__ import annotations

import difflib
import glob
import html
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from l10n_files import PO, TMX, TSV, XLIFF12, XLIFF20
from lxml import etree

from auditor import l10n
from auditor.align import align_documents
from auditor.cli import cli
from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.l10n.documents import prepare
from auditor.segment import segment

SCHEMA = json.loads(resources.files("auditor.report").joinpath("schema.json").read_text("utf-8"))


def _audit(tmp_path: Path, name: str, content: str | bytes, *args: str) -> tuple[object, Path]:
    src = tmp_path / name
    src.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["audit", str(src), "--out", str(out), "--no-backtranslation", "--no-cache",
                                   "-q", *args])
    return res, out


def _flags_by_unit(report: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in report["sentences"]:
        out.setdefault(s["unit"], set()).update(f["code"] for f in s["flags"])
    return out


def _inserted_only(original: str, written: str) -> list[str]:
    """The lines the write-back added; fails if it changed or removed any original line."""
    added = []
    for line in difflib.ndiff(original.splitlines(keepends=True), written.splitlines(keepends=True)):
        assert not line.startswith("- "), f"an original line changed: {line!r}"
        if line.startswith("+ "):
            added.append(line[2:])
    return added


# --------------------------------------------------------------------------- XLIFF 1.2

def test_xliff12_units_are_audited_with_their_own_source(tmp_path: Path) -> None:
    res, out = _audit(tmp_path, "korea.xlf", XLIFF12, "--format", "json,html")
    assert res.exit_code == 0, res.output
    report = json.loads((out / "korea.json").read_text("utf-8"))
    jsonschema.validate(report, SCHEMA)
    flags = _flags_by_unit(report)
    assert set(flags) == {"t1", "t2", "t3", "t4"}  # t5 has no target
    assert {"FIG007", "FMT002"} <= flags["t2"]  # 10,000 -> 10, and the lost <x id="2"/>
    assert not flags["t1"] and not flags["t3"] and not flags["t4"]
    loc = report["localisation"]
    assert loc["format"] == "xliff-1.2" and loc["units"] == 5 and loc["audited"] == 4
    assert loc["skipped"] == {"empty": ["t5"]}
    assert report["alignment"]["method"] == "units"
    t2 = [s for s in report["sentences"] if s["unit"] == "t2"]
    assert t2[0]["unit_offset"] == 0 and t2[0]["text"].startswith("Mehr als 10 nordkoreanische")
    # the <g> tags are kept out of the text the checks read
    assert report["sentences"][0]["text"] == "Pentagon: Nordkoreanische Truppen in Russland"
    page = (out / "korea.html").read_text("utf-8")
    assert 'id="unit-t2"' in page and 'href="#unit-t2"' in page and "· unit t2" in page


def test_xliff12_write_back_touches_only_the_flagged_unit(tmp_path: Path) -> None:
    res, out = _audit(tmp_path, "korea.xlf", XLIFF12, "--format", "json,xliff", "--mark-review")
    assert res.exit_code == 0, res.output
    written = (out / "korea.xlf").read_text("utf-8")
    # byte-identical except the flagged unit t2: its target's state and the new notes
    original_lines, written_lines = XLIFF12.splitlines(), written.splitlines()
    changed = [ln for ln in difflib.unified_diff(original_lines, written_lines, lineterm="", n=0)
               if ln.startswith(("+", "-")) and not ln.startswith(("+++", "---"))]
    assert all("auditor" in ln or "Mehr als 10 nordkoreanische" in ln for ln in changed), changed
    assert sum(1 for ln in changed if ln.startswith("-")) == 1  # only the state of t2's target changed
    root = etree.fromstring(written.encode("utf-8"))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    t2 = root.find(".//x:trans-unit[@id='t2']", ns)
    notes = [n for n in t2.findall("x:note", ns) if n.get("from") == "auditor"]
    assert {n.text.split(":")[0] for n in notes} == {"FIG007", "FMT002"}
    assert all(n.get("priority") == "1" for n in notes)
    assert t2.find("x:target", ns).get("state") == "needs-review-translation"
    # the schema's order: source, target, then notes (before any alt-trans)
    assert [etree.QName(c).localname for c in t2] == ["source", "target", "note", "note"]
    for uid in ("t1", "t3", "t4"):
        assert not root.findall(f".//x:trans-unit[@id='{uid}']/x:note[@from='auditor']", ns)
    # the written file opens in translate-toolkit, with the note on the unit
    from translate.storage import factory

    store = factory.getobject(str(out / "korea.xlf"))
    unit = next(u for u in store.units if u.getid().endswith("t2"))
    assert "FIG007" in unit.getnotes()


def test_write_back_leaves_out_dismissed_flags(tmp_path: Path) -> None:
    from auditor.review.fingerprint import sentence_hash
    from auditor.review.store import Decision, DecisionStore

    res, out = _audit(tmp_path, "korea.xlf", XLIFF12, "--format", "json")
    report = json.loads((out / "korea.json").read_text("utf-8"))
    t2 = next(s for s in report["sentences"] if s["unit"] == "t2")
    store = DecisionStore.in_folder(out)
    store.record(Decision("korea", sentence_hash(t2["text"], "t2"), "FMT002", "dismissed",
                          updated_at="2026-12-04T18:00:00Z"))
    res, out = _audit(tmp_path, "korea.xlf", XLIFF12, "--format", "xliff")
    assert res.exit_code == 0, res.output
    added = _inserted_only(XLIFF12, (out / "korea.xlf").read_text("utf-8"))
    assert len(added) == 1 and "FIG007" in added[0]


# --------------------------------------------------------------------------- XLIFF 2.0

def test_xliff20_read_and_write_back(tmp_path: Path) -> None:
    res, out = _audit(tmp_path, "app.xlf", XLIFF20, "--format", "json,xliff", "--mark-review")
    assert res.exit_code == 0, res.output
    flags = _flags_by_unit(json.loads((out / "app.json").read_text("utf-8")))
    assert "FMT002" in flags["greeting"]  # the lost <ph id="1"/>
    assert "FIG007" in flags["budget"]  # million -> Milliarden
    assert not flags["clean"]
    written = (out / "app.xlf").read_text("utf-8")
    root = etree.fromstring(written.encode("utf-8"))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    greeting = root.find(".//x:unit[@id='greeting']", ns)
    notes = greeting.findall("x:notes/x:note", ns)
    assert notes[0].get("category") == "context"  # the existing note stays first
    assert any(n.get("category") == "auditor" and n.text.startswith("FMT002") for n in notes)
    budget = root.find(".//x:unit[@id='budget']", ns)
    assert budget[0].tag.endswith("notes")  # <notes> is the unit's first child, as the schema wants
    assert budget.find("x:segment", ns).get("state") == "initial"
    assert root.find(".//x:unit[@id='clean']/x:segment", ns).get("state") == "reviewed"
    assert not root.findall(".//x:unit[@id='clean']/x:notes", ns)
    # outside the two flagged units, every line is as it was
    changed = [ln for ln in difflib.unified_diff(XLIFF20.splitlines(), written.splitlines(), lineterm="", n=0)
               if ln.startswith("-") and not ln.startswith("---")]
    assert changed == ['-      <segment state="translated">', '-      <segment state="translated">']


# --------------------------------------------------------------------------- TMX, PO, TSV

def test_tmx_gives_one_document_per_target_language(tmp_path: Path) -> None:
    res, out = _audit(tmp_path, "memory.tmx", TMX, "--format", "json")
    assert res.exit_code == 0, res.output
    index = json.loads((out / "index.json").read_text("utf-8"))
    assert {d["language"] for d in index["documents"]} == {"de", "fr"}
    de = json.loads((out / "memory-de-DE.json").read_text("utf-8"))
    flags = _flags_by_unit(de)
    assert "FMT002" in flags["102"]  # the <bpt>/<ept> pair around "Save" was lost
    assert not flags["101"]
    fr = json.loads((out / "memory-fr-FR.json").read_text("utf-8"))
    assert "FMT002" not in _flags_by_unit(fr)["102"]


def test_po_plurals_and_format_flags(tmp_path: Path) -> None:
    res, out = _audit(tmp_path, "app.po", PO, "--format", "json,po", "--mark-review")
    assert res.exit_code == 0, res.output
    report = json.loads((out / "app.json").read_text("utf-8"))
    flags = _flags_by_unit(report)
    assert "FMT002" in flags["Hello %(name)s, your account was locked."]
    assert "FMT002" in flags["%d file was deleted.[1]"]  # the plural form lost %d
    assert "FMT002" not in flags["%d file was deleted.[0]"]
    assert report["localisation"]["skipped"] == {"empty": ["Untranslated string"]}
    written = (out / "app.po").read_text("utf-8")
    # the fuzzy flag joins the existing flags line; everything else is inserted comment lines
    added = _inserted_only(PO, written.replace("#, python-format, fuzzy", "#, python-format"))
    assert all(a.startswith("# auditor FMT002 (high): ") for a in added) and len(added) == 2
    import polib

    po = polib.pofile(written)
    locked = po.find("Hello %(name)s, your account was locked.")
    assert locked.fuzzy and "auditor FMT002" in locked.tcomment
    assert not po.find("The museum opens on Sunday.").fuzzy
    from translate.storage import factory

    assert len(factory.getobject(str(out / "app.po")).units) == len(polib.pofile(PO)) + 1  # + header


def test_ready_alignment_gets_source_similarity_from_back_translations() -> None:
    """With a model, each unit pair gets the chrF of its back-translation against the unit's
    source (the signal MEA005 reads), as aligned documents do; no alignment DP runs."""
    from auditor.checks import Translation

    class Given:
        def translate(self, texts):
            return [Translation("More than 10 soldiers were sent." if "Soldaten" in t else "The museum opens on Sunday.",
                                -1.0, -0.1, 10) for t in texts]

        def describe(self):
            return {"backend": "test", "model": "given"}

    bf = l10n.read("tsv", TSV.encode(), "strings.tsv")[0]
    target, source, alignment = prepare(bf, "strings", "strings.tsv", "de", "en", segmenter=segment)
    result = run_audit([target], AuditConfig(), translator=Given(), sources={"strings": source},
                       alignments={"strings": alignment})
    doc = result.documents[0]
    assert doc.alignment["method"] == "units"
    assert [p["kind"] for p in doc.alignment["pairs"]] == ["1-1", "1-1"]
    chrf = [r.signals["source_chrf"] for r in doc.sentences]
    assert chrf[1] == 100.0 and 40 < chrf[0] < 100


def test_tsv_table(tmp_path: Path) -> None:
    res, out = _audit(tmp_path, "strings.tsv", TSV, "--format", "json")
    assert res.exit_code == 0, res.output
    flags = _flags_by_unit(json.loads((out / "strings.json").read_text("utf-8")))
    assert "FIG007" in flags["s1"] and not flags["s2"]


def test_input_format_forces_a_reader(tmp_path: Path) -> None:
    res, out = _audit(tmp_path, "strings.txt", TSV, "--format", "json", "--input-format", "tsv")
    assert res.exit_code == 0, res.output
    assert "localisation" in json.loads((out / "strings.json").read_text("utf-8"))


def test_skip_units_approved(tmp_path: Path) -> None:
    res, out = _audit(tmp_path, "korea.xlf", XLIFF12, "--format", "json", "--skip-units", "approved")
    assert res.exit_code == 0, res.output
    loc = json.loads((out / "korea.json").read_text("utf-8"))["localisation"]
    assert loc["skipped"] == {"empty": ["t5"], "approved": ["t4"]} and loc["audited"] == 3


# --------------------------------------------------------------------------- bad and hostile files

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<xliff version="1.2"><file source-language="en" target-language="de"><body>
<trans-unit id="1"><source>x</source><target>&d;</target></trans-unit></body></file></xliff>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff version="1.2"><file source-language="en" target-language="de"><body>
<trans-unit id="1"><source>x</source><target>&secret;</target></trans-unit></body></file></xliff>
"""


@pytest.mark.parametrize("name,content,expected", [
    ("bomb.xlf", BILLION_LAUGHS, "bomb.xlf:1: the file declares XML entities"),
    ("xxe.xlf", XXE, "xxe.xlf:1: the file declares XML entities"),
    ("broken.xlf", XLIFF12.replace("</target>\n        <note>", "\n        <note>", 1), "broken.xlf:12: malformed XML"),
    ("notarget.xlf", XLIFF12.replace("<target", "<note").replace("</target>", "</note>"),
     "notarget.xlf:8: the XLIFF file has no <target> in any unit"),
    ("badheader.po", PO.replace('"MIME-Version: 1.0\\n"', '"this is not a header line\\n"'),
     "badheader.po:7: bad PO header line 'this is not a header line'"),
    ("ragged.tsv", TSV + "s3\tonly a source\n", "ragged.tsv:4: row has 2 fields, the header 3"),
])
def test_bad_files_exit_2_with_one_line_and_write_nothing(tmp_path: Path, name: str, content: str,
                                                          expected: str) -> None:
    res, out = _audit(tmp_path, name, content, "--format", "json,html,xliff,po")
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("auditor: error: ") and expected in lines[0], res.output
    assert not out.exists()
    assert "root:" not in res.output and "Traceback" not in res.output


def test_write_back_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    src = tmp_path / "korea.xlf"
    src.write_text(XLIFF12, "utf-8")
    res = CliRunner().invoke(cli, ["audit", str(src), "--out", str(tmp_path), "--no-backtranslation", "--no-cache",
                                   "-q", "--format", "xliff"])
    assert res.exit_code == 2 and "would overwrite its input" in res.output
    assert src.read_text("utf-8") == XLIFF12


def test_write_back_format_needs_a_matching_input(tmp_path: Path) -> None:
    res, out = _audit(tmp_path, "strings.tsv", TSV, "--format", "xliff")
    assert res.exit_code == 2 and "none was given" in res.output and not out.exists()


@pytest.mark.parametrize("args,message", [
    (["--skip-units", "final"], "unknown --skip-units value 'final'"),
    (["--mark-review"], "--mark-review changes the written-back file"),
    (["--source", "other.txt"], "carry their source already"),
])
def test_option_errors(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "other.txt").write_text("The museum opens on Sunday.", "utf-8")
    res, out = _audit(tmp_path, "korea.xlf", XLIFF12, *[a if a != "other.txt" else str(tmp_path / a) for a in args])
    assert res.exit_code == 2 and message in res.output and not out.exists(), res.output


# --------------------------------------------------------------------------- reader details

def test_inline_codes_and_placeholders_leave_the_text() -> None:
    files = l10n.read("xliff", XLIFF20.encode(), "app.xlf")
    greeting = files[0].units[0]
    assert greeting.source == "Hello, you have 3 new messages."
    assert greeting.source_codes == ('<ph id="1"/>', '<pc id="2"/>')
    assert greeting.target_codes == ('<pc id="2"/>',)
    po = l10n.read("po", PO.encode(), "app.po")[0]
    assert po.units[0].source == "Hello, your account was locked." and po.units[0].source_codes == ("%(name)s",)


def test_detect_format_by_content() -> None:
    assert l10n.detect_format("export", XLIFF12.encode()) == "xliff"
    assert l10n.detect_format("memory.xml", TMX.encode()) == "tmx"
    assert l10n.detect_format("messages", PO.encode()) == "po"
    assert l10n.detect_format("article.txt", "Der Minister sagte am Dienstag.".encode()) is None


def _xliff_of(src, tgt, pairs) -> bytes:
    units = [f'<trans-unit id="u{k + 1}"><source>{html.escape(" ".join(src.sentences[i].text for i in p.source))}'
             f'</source><target>{html.escape(" ".join(tgt.sentences[i].text for i in p.target))}</target></trans-unit>'
             for k, p in enumerate(pairs)]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:'
            'document:1.2"><file original="x" source-language="en" target-language="de" datatype="plaintext">'
            '<body>\n' + "\n".join(units) + "\n</body></file></xliff>\n").encode("utf-8")


def test_same_flags_as_plain_text_with_source() -> None:
    """The evaluation's corrupted bilingual texts, audited as plain text with --source and as
    an XLIFF of the same sentence pairs: the same flags, except GAR003, which reads paragraph
    context that a unit-per-sentence XLIFF does not carry."""
    data = resources.files("auditor.evaluation").joinpath("data/generated/dev")
    plain_total = same = 0
    for de in sorted(glob.glob(str(data / "*-v2.txt"))):
        en = de.replace(".txt", ".en.txt")
        t = prepare_document("d", de, Path(de).read_text("utf-8"), "de")
        s = prepare_document("d.src", en, Path(en).read_text("utf-8"), "en")
        plain = run_audit([t], AuditConfig(), sources={"d": s})
        pf = {(f.code, r.sentence.text) for r in plain.documents[0].sentences for f in r.flags}
        bf = l10n.read("xliff", _xliff_of(s, t, align_documents(s, t).pairs), "x.xlf")[0]
        td, sd, alignment = prepare(bf, "d", "x.xlf", "de", "en", segmenter=segment)
        cat = run_audit([td], AuditConfig(), sources={"d": sd}, alignments={"d": alignment})
        xf = {(f.code, r.sentence.text) for r in cat.documents[0].sentences for f in r.flags}
        assert xf <= pf, f"{de}: flags only in the XLIFF: {xf - pf}"
        assert {code for code, _ in pf - xf} <= {"GAR003"}, f"{de}: flags lost in the XLIFF: {pf - xf}"
        plain_total += len(pf)
        same += len(pf & xf)
    assert plain_total >= 20 and same >= plain_total - 2


def test_decisions_are_keyed_by_unit_and_survive_a_re_export(tmp_path: Path) -> None:
    """A dismissed flag stays dismissed when the CAT tool re-exports the file with other
    units edited, added and re-indented; the same sentence in another unit is another flag."""
    from auditor.review.fingerprint import decision_key, sentence_hash
    from auditor.review.store import Decision, DecisionStore

    res, out = _audit(tmp_path, "korea.xlf", XLIFF12, "--format", "json,html")
    t2 = next(s for s in json.loads((out / "korea.json").read_text("utf-8"))["sentences"] if s["unit"] == "t2")
    key = decision_key("korea", sentence_hash(t2["text"], "t2"), "FIG007")
    assert f'data-key="{key}"' in (out / "korea.html").read_text("utf-8")
    assert sentence_hash(t2["text"], "t2") != sentence_hash(t2["text"], "t9") != sentence_hash(t2["text"])
    DecisionStore.in_folder(out).record(Decision("korea", sentence_hash(t2["text"], "t2"), "FIG007", "dismissed",
                                                 updated_at="2026-12-04T18:00:00Z"))
    t2_unit = XLIFF12[XLIFF12.index('      <trans-unit id="t2">'):XLIFF12.index('      <trans-unit id="t3">')]
    re_export = (XLIFF12.replace("Der Minister sagte am Dienstag", "Der Minister erklärte am Dienstag")
                 .replace("    <body>\n", "    <body>\n" + t2_unit.replace('id="t2"', 'id="t0"'))
                 .replace("      ", "        "))
    res, out = _audit(tmp_path, "korea.xlf", re_export, "--format", "json,xliff", "--fail-on", "high")
    assert res.exit_code == 1, res.output  # open high flags remain (t0's FIG007, t2's FMT002)
    written = etree.fromstring((out / "korea.xlf").read_bytes())
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    t2_notes = [n.text for n in written.findall(".//x:trans-unit[@id='t2']/x:note[@from='auditor']", ns)]
    t0_notes = [n.text for n in written.findall(".//x:trans-unit[@id='t0']/x:note[@from='auditor']", ns)]
    assert not any(n.startswith("FIG007") for n in t2_notes) and any(n.startswith("FMT002") for n in t2_notes)
    assert any(n.startswith("FIG007") for n in t0_notes)


def test_write_back_is_not_fooled_by_tags_in_comments_and_cdata(tmp_path: Path) -> None:
    tricky = (XLIFF12.replace('      <trans-unit id="t2">', '      <!-- <trans-unit id="old"> <target> -->\n'
                                                           '      <trans-unit id="t2">')
              .replace("Der Minister sagte", "<![CDATA[<trans-unit>]]>Der Minister sagte"))
    res, out = _audit(tmp_path, "korea.xlf", tricky, "--format", "xliff")
    assert res.exit_code == 0, res.output
    written = (out / "korea.xlf").read_text("utf-8")
    assert _inserted_only(tricky, written)
    root = etree.fromstring(written.encode("utf-8"))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    assert root.findall(".//x:trans-unit[@id='t2']/x:note[@from='auditor']", ns)
    assert not root.findall(".//x:trans-unit[@id='t3']/x:note[@from='auditor']", ns)


def test_a_unit_of_two_sentences(tmp_path: Path) -> None:
    """Sentence offsets in the report point into the unit's own target text."""
    two = XLIFF12.replace("Der Minister sagte am Dienstag, die Gespräche würden fortgesetzt.",
                          "Der Minister sagte am Dienstag, die Gespräche würden fortgesetzt. "
                          "Ein Termin steht noch nicht fest.")
    res, out = _audit(tmp_path, "korea.xlf", two, "--format", "json")
    assert res.exit_code == 0, res.output
    t3 = [s for s in json.loads((out / "korea.json").read_text("utf-8"))["sentences"] if s["unit"] == "t3"]
    unit_text = "Der Minister sagte am Dienstag, die Gespräche würden fortgesetzt. Ein Termin steht noch nicht fest."
    assert [s["unit_offset"] for s in t3] == [0, unit_text.index("Ein Termin")]
    assert all(unit_text[s["unit_offset"]:s["unit_offset"] + len(s["text"])] == s["text"] for s in t3)


def test_sdlxliff_confirmation_levels() -> None:
    sdl = XLIFF12.replace('xmlns:okp="okapi-framework:xliff-extensions"', 'xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"')
    sdl = sdl.replace('<trans-unit id="t3">', '<trans-unit id="t3"><sdl:seg-defs><sdl:seg id="1" conf="ApprovedSignOff"/>'
                                                '</sdl:seg-defs>', 1)
    sdl = sdl.replace('state="translated">Der Minister', '>Der Minister')
    units = {u.id: u for u in l10n.read("xliff", sdl.encode(), "korea.sdlxliff")[0].units}
    assert units["t3"].approved and units["t3"].state == "signed-off"
    assert not units["t2"].approved


def test_several_files_in_one_xliff(tmp_path: Path) -> None:
    """Two <file> elements (the second one French, with the same unit ids): one document
    each, and the write-back puts each note into the right file's unit."""
    body = XLIFF12[XLIFF12.index("  <file "):XLIFF12.index("</xliff>")]
    french = (body.replace('original="news/korea.html"', 'original="news/korea-fr.html"')
              .replace('target-language="de-DE"', 'target-language="fr-FR"')
              .replace("Mehr als 10 nordkoreanische Soldaten wurden nach Ostrussland geschickt.",
                       "Plus de 10 000 soldats nord-coréens ont été envoyés dans l'est de la Russie.<x id=\"2\"/>"))
    both = XLIFF12.replace("</xliff>", french + "</xliff>")
    res, out = _audit(tmp_path, "korea.xlf", both, "--format", "json,xliff")
    assert res.exit_code == 0, res.output
    index = json.loads((out / "index.json").read_text("utf-8"))
    assert [(d["id"], d["language"]) for d in index["documents"]] == [("korea-korea", "de"), ("korea-korea-fr", "fr")]
    root = etree.fromstring((out / "korea.xlf").read_bytes())
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    de_file, fr_file = root.findall("x:file", ns)
    assert de_file.findall(".//x:trans-unit[@id='t2']/x:note[@from='auditor']", ns)
    assert not fr_file.findall(".//x:trans-unit[@id='t2']/x:note[@from='auditor']", ns)
