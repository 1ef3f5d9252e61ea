"""index.html of a 10,000-document run, in Chromium: worst first, one page at a time, searchable.

The run is synthetic (10,000 short documents with flags of every severity, built as engine
results and turned into the report through the real view-model and renderer: build_view,
document_page, render_index), because auditing 10,000 texts would take minutes; what is
tested here is the index, not the checks. The browser is Debian's Chromium driven by
Playwright, as in test_browser.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from auditor.checks.base import Finding
from auditor.document import Document, Sentence
from auditor.engine import AuditResult, DocumentResult, SentenceResult
from auditor.report.html_report import INDEX_PAGE_SIZE, document_page, render_index
from auditor.report.viewmodel import build_view
from tests.test_browser import browser, page  # noqa: F401 - the fixtures: Chromium, a page that fails on script errors

DOCUMENTS = 10_000
SEVERITY = {0: "none", 1: "low", 2: "medium", 3: "high"}
SENTENCES = ("Die Regierung hat am Montag beschlossen, {n} Soldaten zu entsenden.",
             "Der Haushalt umfasst {n} Millionen Euro.",
             "Das Museum zählte im Jahr {n} Besucher.")


def synthetic_run(documents: int = DOCUMENTS) -> AuditResult:
    """``documents`` documents named ``bericht-00000``...: document n has ``n % 4`` flags of
    severity ``SEVERITY[n % 4]`` on its first sentences (``n % 4 == 0``: clean), and
    ``bericht-07777`` has one more high flag than any other, so it is the worst of all."""
    results = []
    for n in range(documents):
        doc_id = f"bericht-{n:05d}"
        texts = [t.format(n=n + 10 * k) for k, t in enumerate(SENTENCES)]
        text = " ".join(texts)
        sentences, start = [], 0
        for k, t in enumerate(texts):
            sentences.append(Sentence(k, start, start + len(t), t, 0, False))
            start += len(t) + 1
        doc = Document(doc_id, f"korpus/{n // 1000}/{doc_id}.txt", text, "de", "utf-8", sentences)
        flags = 4 if n == 7777 else n % 4
        severity = SEVERITY[3 if n == 7777 else n % 4]
        out = []
        for k, s in enumerate(sentences):
            found = [Finding("FIG001", "figure_mismatch", "figures", severity, "Zahl weicht ab", 0, 4)
                     ] if k < flags else []
            out.append(SentenceResult(s, flags=found, score=float(len(found)),
                                      severity=severity if found else "none"))
        if flags > len(sentences):  # the worst one: a second flag on its first sentence
            out[0].flags.append(Finding("NAM001", "name_consistency", "names", "high", "Name weicht ab", 5, 9))
        results.append(DocumentResult(doc, out, {"status": "disabled"}))
    return AuditResult(results, "auditor:synthetic", ["FIG001", "NAM001"])


@pytest.fixture(scope="module")
def big_index(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("index10k")
    view = build_view(synthetic_run())
    known = {d.id: d for d in view.documents}
    pages = [document_page(d, known, {}).row() for d in view.documents]
    (out / "index.html").write_text(render_index(pages, view), "utf-8")
    (out / "index.json").write_text(json.dumps(view.to_json()), "utf-8")
    return out


def visible_ids(pg: Page) -> list[str]:
    return pg.eval_on_selector_all("tr[data-document]:not([hidden])", "rows => rows.map(r => r.dataset.document)")


def test_the_file_stays_a_reasonable_size(big_index: Path) -> None:
    size = (big_index / "index.html").stat().st_size
    print(f"index.html of {DOCUMENTS} documents: {size / 1e6:.1f} MB")  # noqa: T201 - the number for the README
    assert size < 12_000_000  # about 1 KB a document (measured 9.3 MB on 2026-12-05)


def test_first_page_shows_the_worst_documents(page: Page, big_index: Path) -> None:  # noqa: F811
    page.goto((big_index / "index.html").as_uri())
    rows = page.locator("tr[data-document]:not([hidden])")
    expect(rows).to_have_count(INDEX_PAGE_SIZE)
    ids = visible_ids(page)
    assert ids[0] == "bericht-07777"  # the most open high flags
    assert ids[1:4] == ["bericht-00003", "bericht-00007", "bericht-00011"]
    assert {page.get_attribute(f'tr[data-document="{i}"]', "data-severity") for i in ids} == {"high"}
    expect(page.locator("[data-page-info]")).to_have_text(f"1\u2013{INDEX_PAGE_SIZE} of 10,000 documents")
    expect(page.locator("[data-page='prev']")).to_be_disabled()


def test_search_finds_a_document_by_name(page: Page, big_index: Path) -> None:  # noqa: F811
    page.goto((big_index / "index.html").as_uri())
    page.locator("[data-index-search]").fill("BERICHT-09998")  # case does not matter; a clean one, last of all
    assert visible_ids(page) == ["bericht-09998"]
    expect(page.locator("[data-page-info]")).to_contain_text("1 matching documents")
    expect(page.locator("[data-pager]")).to_be_hidden()
    page.locator("[data-index-search]").fill("korpus/3/")  # by path: the thousand documents of folder 3
    expect(page.locator("[data-page-info]")).to_have_text("1\u2013100 of 1,000 matching documents (10,000 in all)")
    assert all(i.startswith("bericht-03") for i in visible_ids(page))
    page.locator("[data-index-search]").fill("kein solches dokument")
    expect(page.locator("[data-no-match]")).to_be_visible()
    assert visible_ids(page) == []
    page.locator("[data-index-search]").fill("")
    assert visible_ids(page)[0] == "bericht-07777"


def test_pagination_reaches_the_last_page(page: Page, big_index: Path) -> None:  # noqa: F811
    page.goto((big_index / "index.html").as_uri())
    page.locator("[data-page='next']").click()
    expect(page.locator("[data-page-info]")).to_have_text("101\u2013200 of 10,000 documents")
    page.locator("[data-page='last']").click()
    expect(page.locator("[data-page-info]")).to_have_text("9,901\u201310,000 of 10,000 documents")
    expect(page.locator("[data-page='next']")).to_be_disabled()
    last = visible_ids(page)
    assert len(last) == INDEX_PAGE_SIZE
    # the clean documents come last, by name: the last page ends with the last clean one
    assert last[-1] == "bericht-09996"
    assert {page.get_attribute(f'tr[data-document="{i}"]', "data-severity") for i in last} == {"none"}
    page.locator("[data-page='first']").click()
    assert visible_ids(page)[0] == "bericht-07777"


def test_a_small_run_has_no_pager(page: Page, tmp_path: Path) -> None:  # noqa: F811
    view = build_view(synthetic_run(12))
    known = {d.id: d for d in view.documents}
    (tmp_path / "index.html").write_text(render_index([document_page(d, known, {}).row() for d in view.documents], view),
                                         "utf-8")
    page.goto((tmp_path / "index.html").as_uri())
    expect(page.locator("tr[data-document]:not([hidden])")).to_have_count(12)
    expect(page.locator("[data-pager]")).to_be_hidden()
    expect(page.locator("[data-page-info]")).to_have_text("")
