"""The HTML report: structure against a gold outline, text as written, escaping, CSP, hooks.

The gold file ``tests/gold/html_report.json`` is an outline of the pages (flagged sentences,
their marks, flag cards, counts, index order), free of the volatile parts (CSP hashes,
version, signature). Regenerate it after an intended change with
``AUDITOR_UPDATE_GOLD=1 pytest tests/test_html_report.py`` and review the diff.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor.report import RENDERERS, renderer
from auditor.report.html_report import render_run
from auditor.report.viewmodel import EvidenceView
from auditor.review.fingerprint import sentence_hash
from auditor.review.store import DecisionStore, validate_decision
from tests.html_fixtures import INJECTIONS, REDAKTION, SEEDS, build, write_reports

GOLD = Path(__file__).parent / "gold" / "html_report.json"
ONLY = ("REP001",)
VOID = {"meta", "input", "br", "img", "link", "hr", "source", "col", "wbr", "area", "base", "embed", "param", "track"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, pred) -> list[Node]:
        return [n for n in self.iter() if pred(n)]

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"stray </{tag}>"
        self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def has(attr: str, value: str | None = None):
    return lambda n: attr in n.attrs and (value is None or n.attrs[attr] == value)


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    # REP001 only: the outline must not change each time a new check lands
    write_reports(folder, select=ONLY)
    return folder


def page(out: Path, name: str) -> Node:
    return parse((out / name).read_text("utf-8"))


def outline(out: Path) -> dict:
    result = {}
    for path in sorted(out.glob("*.html")):
        root = parse(path.read_text("utf-8"))
        if path.name == "index.html":
            rows = root.find_all(lambda n: n.tag == "tr" and "data-document" in n.attrs)
            result["index"] = [
                [r.attrs["data-document"], r.attrs["data-severity"],
                 {c.attrs["data-count-severity"]: int(c.text().split()[0])
                  for c in r.find_all(has("data-count-severity"))}]
                for r in rows]
            continue
        sentences = root.find_all(has("data-sentence"))
        flagged = [
            [int(s.attrs["data-sentence"]), s.attrs["data-severity"], s.attrs["data-state"],
             [[m.text(), m.attrs["data-flag-code"]] for m in s.find_all(lambda n: n.tag == "mark")]]
            for s in sentences if s.attrs["data-severity"] != "none"]
        cards = [[c.attrs["data-flag-code"], c.attrs["data-severity"], c.attrs["data-category"],
                  c.find_all(lambda n: "message" in n.classes())[0].text(), c.attrs["data-decision"]]
                 for c in root.find_all(lambda n: "flag" in n.classes() and "data-key" in n.attrs)]
        summary = root.find_all(has("id", "summary"))[0]
        counts = {c.attrs["data-count-severity"]: int(c.text().split()[0])
                  for c in summary.find_all(has("data-count-severity"))}
        result[path.stem] = {"sentences": len(sentences), "paragraphs": len(root.find_all(
            lambda n: n.tag == "p" and "para" in n.classes())), "flagged": flagged, "flags": cards,
            "counts": counts}
    return result


def test_structure_matches_gold_outline(out: Path) -> None:
    got = outline(out)
    if os.environ.get("AUDITOR_UPDATE_GOLD"):
        GOLD.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert got == json.loads(GOLD.read_text("utf-8"))


def test_html_is_a_registered_renderer() -> None:
    assert "html" in RENDERERS
    assert renderer("html") is render_run


def test_text_is_shown_as_written_paragraph_by_paragraph(out: Path) -> None:
    for path in SEEDS:
        lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
        paras = page(out, f"{path.stem}.html").find_all(lambda n: n.tag == "p" and "para" in n.classes())
        assert [p.text() for p in paras] == lines, path.name


def test_highlighted_sentences_and_marks_equal_the_json_flags(out: Path) -> None:
    for name in ("redaktion", "injection"):
        report = json.loads((out / f"{name}.json").read_text("utf-8"))
        root = page(out, f"{name}.html")
        marked = {int(s.attrs["data-sentence"]): s for s in root.find_all(has("data-sentence"))
                  if s.attrs["data-severity"] != "none"}
        expected = {s["index"]: s for s in report["sentences"] if s["flags"]}
        assert set(marked) == set(expected) and expected
        for index, s in expected.items():
            assert marked[index].attrs["data-severity"] == s["severity"]
            assert "hl" in marked[index].classes()
            marks = [m.text() for m in marked[index].find_all(lambda n: n.tag == "mark")]
            assert marks == [s["text"][f["start"] - s["start"]:f["end"] - s["start"]] for f in s["flags"]]
            assert marked[index].text() == s["text"]


def test_document_text_markup_renders_as_text(out: Path) -> None:
    html = (out / "injection.html").read_text("utf-8")
    for needle in INJECTIONS:
        assert needle not in html
    assert html.count("<script") == 2 and "<img" not in html and "<svg" not in html
    root = parse(html)
    assert not root.find_all(lambda n: n.tag in ("img", "svg"))
    scripts = root.find_all(lambda n: n.tag == "script")
    assert [s.attrs.get("type") for s in scripts] == ["application/json", None]
    text = root.find_all(has("data-text"))[0].text()
    for needle in INJECTIONS:
        assert needle in text  # shown to the editor literally
    # the embedded JSON cannot close its script element either
    assert "</" not in scripts[0].text()
    assert not root.find_all(lambda n: any(a.startswith("on") for a in n.attrs))


def _csp(root: Node) -> dict[str, list[str]]:
    metas = root.find_all(lambda n: n.tag == "meta" and n.attrs.get("http-equiv") == "Content-Security-Policy")
    assert len(metas) == 1
    policy = {}
    for part in metas[0].attrs["content"].split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@pytest.mark.parametrize("name", ["index.html", "injection.html", f"{SEEDS[0].stem}.html"])
def test_csp_allows_only_the_shipped_script_and_style(out: Path, name: str) -> None:
    root = page(out, name)
    policy = _csp(root)
    assert policy["default-src"] == ["'none'"]
    script = [s for s in root.find_all(lambda n: n.tag == "script") if "type" not in s.attrs][0]
    style = root.find_all(lambda n: n.tag == "style")[0]
    assert policy["script-src"] == [_sha(script.text())]
    assert policy["style-src"] == [_sha(style.text())]
    html = (out / name).read_text("utf-8")
    assert "unsafe-inline" not in html and "unsafe-eval" not in html
    # self-contained: nothing is fetched from elsewhere
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert not root.find_all(lambda n: n.tag in ("link", "iframe", "object", "embed"))
    assert not root.find_all(lambda n: "style" in n.attrs)


def test_hooks_for_tests_and_scripts(out: Path) -> None:
    root = page(out, "redaktion.html")
    sentences = root.find_all(has("data-sentence"))
    assert [int(s.attrs["data-sentence"]) for s in sentences] == list(range(len(sentences)))
    assert all(s.attrs["data-severity"] in ("none", "low", "medium", "high") for s in sentences)
    cards = root.find_all(lambda n: "flag" in n.classes() and "data-key" in n.attrs)
    assert len(cards) == 2
    for card in cards:
        assert card.attrs["data-flag-code"] == "REP001"
        actions = [b.attrs["data-review-action"] for b in card.find_all(has("data-review-action"))]
        assert actions == ["confirm", "dismiss", "fixed"]
        doc, sha, code = card.attrs["data-key"].split("/")
        assert doc == "redaktion" and code == "REP001" and len(sha) == 64


def test_details_show_why_there_is_no_backtranslation(out: Path) -> None:
    root = page(out, "redaktion.html")
    detail = root.find_all(has("data-detail-for", "2"))[0]
    assert "Not run: back-translation was not requested." in detail.text()
    assert "'Die' is written twice in a row" in detail.text()


def test_evidence_links_jump_across_documents(tmp_path: Path) -> None:
    view = build(select=ONLY)
    target = view.documents[2]  # a seed; evidence points at its sentence 2
    doc = next(d for d in view.documents if d.id == "redaktion")
    flagged = next(s for s in doc.sentences if s.flags)
    flag = flagged.flags[0]
    flagged.flags[0] = replace(flag, evidence=[
        EvidenceView(text="10.000 Soldaten", document=target.id, sentence=2),
        EvidenceView(text="die Bestätigung", document="redaktion", sentence=1, note="same paragraph"),
        EvidenceView(text="<b>Quelle</b>", note="<i>no place</i>"),
    ])
    render_run(view, tmp_path)
    root = page(tmp_path, "redaktion.html")
    items = root.find_all(lambda n: n.tag == "ul" and "evidence" in n.classes())[0].find_all(lambda n: n.tag == "li")
    links = [n for li in items for n in li.find_all(has("data-evidence-link"))]
    assert [a.attrs["href"] for a in links] == [f"{target.id}.html#s-2", "#s-1"]
    assert [a.text() for a in links] == [f"{target.id}, sentence 3", "sentence 2"]
    assert "„10.000 Soldaten“" not in items[0].text()  # quotes come from CSS, not the text
    assert items[0].text().split() == ["Die", "die", "here", "—", "10.000", "Soldaten", "in",
                                       f"{target.id},", "sentence", "3"]
    assert "<b>Quelle</b>" in items[2].text() and "<i>no place</i>" in items[2].text()
    assert (tmp_path / f"{target.id}.html").read_text("utf-8").count('id="s-2"') == 1


def test_dismissed_flag_stays_dismissed_after_a_reaudit(tmp_path: Path) -> None:
    write_reports(tmp_path, include_seeds=False, select=ONLY)
    sentence = "Die die Bestätigung durch Vedant Patel wird die Besorgnis verstärken."
    store = DecisionStore.in_folder(tmp_path)
    store.record(validate_decision({"document": "redaktion", "sentence_sha": sentence_hash(sentence),
                                    "code": "REP001", "status": "dismiss", "note": "<b>Stilmittel</b>",
                                    "reviewer": "Anna"}))
    # the re-audit: a new paragraph before moves every offset and sentence index
    edited = REDAKTION.replace("Nordkoreanische Truppen in Kursk\n",
                               "Nordkoreanische Truppen in Kursk\nEin neuer erster Absatz steht hier.\n")
    write_reports(tmp_path, include_seeds=False, redaktion=edited, select=ONLY)
    root = page(tmp_path, "redaktion.html")
    cards = {c.attrs["data-decision"]: c for c in root.find_all(lambda n: "flag" in n.classes() and "data-key" in n.attrs)}
    assert set(cards) == {"dismissed", ""}
    dismissed = cards["dismissed"]
    assert dismissed.attrs["data-sentence-index"] == "3"
    label = dismissed.find_all(has("data-decision-label"))[0].text()
    assert label == "False alarm by Anna: <b>Stilmittel</b>"
    sentence_el = root.find_all(has("data-sentence", "3"))[0]
    assert sentence_el.attrs["data-state"] == "resolved" and "hl" not in sentence_el.classes()
    summary = root.find_all(has("id", "summary"))[0]
    assert summary.find_all(has("data-count-open"))[0].text() == "1"
    assert summary.find_all(has("data-count-severity", "medium"))[0].text().split()[0] == "1"
    assert "1 false alarm" in summary.find_all(has("data-reviewed"))[0].text()
    index = page(tmp_path, "index.html")
    row = index.find_all(has("data-document", "redaktion"))[0]
    assert row.find_all(has("data-count-severity", "medium"))[0].text().split()[0] == "1"


def test_index_lists_documents_worst_first_with_links(out: Path) -> None:
    root = page(out, "index.html")
    rows = root.find_all(lambda n: n.tag == "tr" and "data-document" in n.attrs)
    ids = [r.attrs["data-document"] for r in rows]
    assert ids[:2] == ["injection", "redaktion"]  # 3 and 2 medium flags
    assert sorted(ids[2:]) == ids[2:] == [p.stem for p in SEEDS]
    for row in rows:
        link = row.find_all(lambda n: n.tag == "a")[0]
        assert (out / link.attrs["href"]).is_file()


def test_overlapping_and_empty_flag_spans_split_into_marked_pieces(tmp_path: Path) -> None:
    view = build(include_seeds=False, select=ONLY)
    doc = next(d for d in view.documents if d.id == "injection")
    s = doc.sentences[2]  # "Das Foto <img ...> zeigt zeigt Soldaten."
    rep = s.flags[0]
    at = s.text.index("zeigt zeigt")
    s.flags.append(replace(rep, code="FIG001", category="figure", severity="high",
                           start=s.start + at + 6, end=s.start + len(s.text) - 1))
    s.flags.append(replace(rep, code="GAR001", category="garbled", severity="low",
                           start=s.start + 4, end=s.start + 4))
    render_run(view, tmp_path)
    el = page(tmp_path, "injection.html").find_all(has("data-sentence", "2"))[0]
    marks = [(m.text(), m.attrs["data-flag-code"], m.attrs["class"]) for m in el.find_all(lambda n: n.tag == "mark")]
    assert marks == [
        ("", "GAR001", "flag-span sev-low"),
        ("zeigt ", "REP001", "flag-span sev-medium"),
        ("zeigt", "REP001 FIG001", "flag-span sev-high"),
        (" Soldaten", "FIG001", "flag-span sev-high"),
    ]
    assert el.text() == s.text


def test_details_show_backtranslation_source_and_signals(tmp_path: Path) -> None:
    from auditor.report.viewmodel import SourceView

    view = build(include_seeds=False, select=ONLY)
    doc = next(d for d in view.documents if d.id == "redaktion")
    doc.backtranslation = {"status": "ok", "model": "Helsinki-NLP/opus-mt-de-en"}
    doc.source = {"path": "redaktion.en.txt", "language": "en", "sha256": "0" * 64}
    s = doc.sentences[2]
    s.backtranslation = "The the confirmation by Vedant Patel will <em>increase</em> concern."
    s.signals = {"bt_logprob_mean": -0.41234, "bt_tokens": 14}
    s.source = SourceView(0, 60, "Confirmation by Vedant Patel will heighten concerns.", [1, 2])
    render_run(view, tmp_path)
    detail = page(tmp_path, "redaktion.html").find_all(has("data-detail-for", "2"))[0]
    quotes = [q.text() for q in detail.find_all(lambda n: n.tag == "blockquote")]
    assert quotes == [s.text, "Confirmation by Vedant Patel will heighten concerns.",
                      "The the confirmation by Vedant Patel will <em>increase</em> concern."]
    headings = [h.text() for h in detail.find_all(lambda n: n.tag == "h3")]
    assert headings[:2] == ["Source (EN), sentences 2–3", "Back-translation"]
    rows = [[c.text() for c in tr.find_all(lambda n: n.tag in ("th", "td"))]
            for tr in detail.find_all(lambda n: n.tag == "tr")]
    assert rows == [["bt_logprob_mean", "-0.412"], ["bt_tokens", "14"]]
    # a sentence the model did not translate says so instead of showing nothing
    other = page(tmp_path, "redaktion.html").find_all(has("data-detail-for", "0"))[0]
    assert "The model returned no back-translation for this sentence." in other.text()


def test_unavailable_model_reason_is_shown(tmp_path: Path) -> None:
    view = build(include_seeds=False, select=ONLY)
    for d in view.documents:
        d.backtranslation = {"status": "unavailable", "reason": "model opus-mt-de-en is not downloaded"}
    render_run(view, tmp_path)
    root = page(tmp_path, "redaktion.html")
    assert "Unavailable: model opus-mt-de-en is not downloaded." in root.find_all(has("data-detail-for", "1"))[0].text()
    assert "back-translation unavailable" in root.find_all(lambda n: "meta" in n.classes())[0].text()


def test_an_unreadable_decision_store_stops_the_render_with_one_reason(tmp_path: Path) -> None:
    (tmp_path / ".auditor-review.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(OSError, match="cannot read the review decisions in .auditor-review.sqlite"):
        render_run(build(include_seeds=False, select=ONLY), tmp_path)
