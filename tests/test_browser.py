"""The report in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

These tests fail (never skip) when Chromium is missing: `.ci/install-browser.sh` installs it.
A screenshot of a seed report is saved under ``test-artifacts/`` for a human to look at.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, expect, sync_playwright

from auditor.cli import cli
from auditor.report.html_report import render_run
from auditor.review.server import ReviewServer
from auditor.review.store import DecisionStore
from tests.html_fixtures import INJECTIONS, REDAKTION, SEEDS, build, write_reports

# Assertions retry until this timeout; a loaded CI machine needs more than the default 5 s
# (seen once here: a localStorage round trip after a reload, with 8 processes on 2 cores).
expect.set_options(timeout=15_000)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
REP_SENTENCE = "Die die Bestätigung durch Vedant Patel wird die Besorgnis verstärken."


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed at /usr/bin/chromium: run .ci/install-browser.sh")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(10000)
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.problems = problems  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert problems == []  # no script error, no CSP violation, no alert()


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    write_reports(out)  # every registered check, as `auditor audit` runs them
    return out


def highlighted(pg: Page) -> list[int]:
    """Sentences the editor sees highlighted: a visible background colour, not just an attribute."""
    return pg.evaluate("""() => Array.from(document.querySelectorAll('[data-sentence]'))
        .filter(s => getComputedStyle(s).backgroundColor !== 'rgba(0, 0, 0, 0)')
        .map(s => Number(s.dataset.sentence))""")


def flagged_in_json(out: Path, doc_id: str) -> list[int]:
    report = json.loads((out / f"{doc_id}.json").read_text("utf-8"))
    return [s["index"] for s in report["sentences"] if s["flags"]]


def test_highlighted_sentences_equal_the_flagged_sentences_of_the_json(page: Page, reports: Path) -> None:
    for doc_id in [p.stem for p in SEEDS] + ["redaktion", "injection"]:
        page.goto((reports / f"{doc_id}.html").as_uri())
        assert highlighted(page) == flagged_in_json(reports, doc_id), doc_id
        marks = page.locator("[data-text] mark.flag-span:not(.off)")
        report = json.loads((reports / f"{doc_id}.json").read_text("utf-8"))
        assert marks.count() >= len(flagged_in_json(reports, doc_id))
        assert page.locator(".flag[data-flag-code]").count() == sum(len(s["flags"]) for s in report["sentences"])


def test_keyboard_navigation_and_details(page: Page, reports: Path) -> None:
    page.goto((reports / "redaktion.html").as_uri())
    flagged = flagged_in_json(reports, "redaktion")
    assert len(flagged) >= 2
    page.keyboard.press("n")
    expect(page.locator(".s.selected")).to_have_attribute("data-sentence", str(flagged[0]))
    detail = page.locator(f'[data-detail-for="{flagged[0]}"]')
    expect(detail).to_be_visible()
    expect(detail.locator(".flag").first).to_contain_text("written twice in a row")
    expect(detail).to_contain_text("Not run: back-translation was not requested.")
    expect(page.locator("[data-position]")).to_have_text(f"Flag 1 of {len(flagged)}")
    page.keyboard.press("n")
    expect(page.locator(".s.selected")).to_have_attribute("data-sentence", str(flagged[1]))
    page.keyboard.press("p")
    expect(page.locator(".s.selected")).to_have_attribute("data-sentence", str(flagged[0]))
    assert page.evaluate("location.hash") == f"#s-{flagged[0]}"
    # any sentence shows its details on click, flagged or not
    page.locator('[data-sentence="0"]').click()
    expect(page.locator('[data-detail-for="0"]')).to_be_visible()
    expect(detail).to_be_hidden()
    # the severity filter takes flags out of the highlighting and of n/p
    page.locator('[data-filter-severity][value="medium"]').uncheck()
    assert highlighted(page) == []
    page.locator('[data-filter-severity][value="medium"]').check()
    assert highlighted(page) == flagged


def test_injection_document_renders_markup_as_text(page: Page, reports: Path) -> None:
    page.goto((reports / "injection.html").as_uri())
    text = page.locator("[data-text]").inner_text()
    for needle in INJECTIONS:
        assert needle in text
    assert page.locator("[data-text] img, [data-text] svg, [data-text] script").count() == 0
    page.keyboard.press("n")
    expect(page.locator(".detail:not([hidden]) blockquote.quote").first).to_contain_text("<script>alert(1)</script>")
    page.wait_for_timeout(200)  # give an injected handler the chance to fire (the fixture checks none did)


def _serve(folder: Path) -> ReviewServer:
    server = ReviewServer(folder, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_dismiss_with_a_note_persists_through_serve_and_a_reaudit(page: Page, tmp_path: Path) -> None:
    write_reports(tmp_path, include_seeds=False, select=("REP001",))
    server = _serve(tmp_path)
    try:
        page.goto(f"{server.url}redaktion.html")
        expect(page.locator("body")).to_have_attribute("data-mode", "server")
        page.locator("[data-reviewer]").fill("Anna <b>Redaktion</b>")
        page.locator(".s", has_text="Die die Bestätigung").click()
        card = page.locator(".detail:not([hidden]) .flag").first
        card.locator("[data-review-note]").fill("Stilmittel <script>alert(1)</script>")
        card.locator('[data-review-action="dismiss"]').click()
        expect(card).to_have_attribute("data-decision", "dismissed")
        expect(card.locator("[data-decision-label]")).to_have_text(
            "False alarm by Anna <b>Redaktion</b>: Stilmittel <script>alert(1)</script>")
        expect(page.locator("[data-count-open]")).to_have_text("1")

        [stored] = DecisionStore.in_folder(tmp_path).decisions()
        assert (stored.status, stored.sentence_text) == ("dismissed", REP_SENTENCE)

        page.reload()
        dismissed = page.locator('.flag[data-decision="dismissed"]')
        expect(dismissed).to_have_count(1)
        index = int(dismissed.get_attribute("data-sentence-index"))
        assert index not in highlighted(page)
        expect(page.locator("[data-count-open]")).to_have_text("1")

        # re-audit with a new first paragraph: every index moves, the decision stays
        edited = REDAKTION.replace("Nordkoreanische Truppen in Kursk\n",
                                   "Nordkoreanische Truppen in Kursk\nEin neuer erster Absatz steht hier.\n")
        write_reports(tmp_path, include_seeds=False, redaktion=edited, select=("REP001",))
        page.reload()
        dismissed = page.locator('.flag[data-decision="dismissed"]')
        expect(dismissed).to_have_count(1)
        assert int(dismissed.get_attribute("data-sentence-index")) == index + 1
        expect(page.locator("[data-count-open]")).to_have_text("1")
        assert index + 1 not in highlighted(page)
        page.locator("[data-show-reviewed]").check()  # visible on demand
        assert index + 1 in highlighted(page)
        expect(page.locator(f'[data-sentence="{index + 1}"]')).to_have_attribute("data-state", "resolved")
        assert set(page.locator(f'[data-sentence="{index + 1}"]').get_attribute("class").split()) == {"s", "hl", "resolved"}
    finally:
        server.shutdown()
        server.server_close()


def test_file_mode_keeps_decisions_in_the_browser_and_exports_them(page: Page, tmp_path: Path,
                                                                  browser: Browser) -> None:
    write_reports(tmp_path, include_seeds=False, select=("REP001",))
    page.goto((tmp_path / "redaktion.html").as_uri())
    expect(page.locator("[data-mode-banner]")).to_contain_text("kept in this browser")
    page.keyboard.press("n")
    card = page.locator(".detail:not([hidden]) .flag").first
    card.locator("[data-review-note]").fill("kein Fehler")
    card.locator('[data-review-action="dismiss"]').click()
    expect(card).to_have_attribute("data-decision", "dismissed")
    # a note edited after the decision is saved with it when the field is left
    card.locator("[data-review-note]").fill("kein Fehler, Stilmittel")
    card.locator("[data-review-note]").blur()
    expect(card.locator("[data-decision-label]")).to_have_text("False alarm: kein Fehler, Stilmittel")
    page.reload()
    expect(page.locator('.flag[data-decision="dismissed"]')).to_have_count(1)

    with page.expect_download() as info:
        page.locator("[data-export]").click()
    exported = tmp_path / "export.json"
    info.value.save_as(exported)
    res = CliRunner().invoke(cli, ["review", "import", str(exported), "--reports", str(tmp_path)])
    assert res.exit_code == 0, res.output
    [stored] = DecisionStore.in_folder(tmp_path).decisions()
    assert (stored.status, stored.note) == ("dismissed", "kein Fehler, Stilmittel")

    # the next render embeds the store: a fresh browser (no localStorage) sees it dismissed
    render_run(build(include_seeds=False, select=("REP001",)), tmp_path)
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto((tmp_path / "redaktion.html").as_uri())
        expect(fresh.locator('.flag[data-decision="dismissed"]')).to_have_count(1)
        index = fresh.locator("tr[data-document]")
        fresh.goto((tmp_path / "index.html").as_uri())
        expect(index.filter(has_text="redaktion").locator('[data-count-severity="medium"] [data-count]')).to_have_text("1")
    finally:
        other.close()


def test_screenshot_of_a_seed_report(page: Page, reports: Path) -> None:
    """Artifacts for people: the seed report with the most flags (its first flag selected),
    a report with flags from every check on main, and the index."""
    ARTIFACTS.mkdir(exist_ok=True)
    counts = {p.stem: len(flagged_in_json(reports, p.stem)) for p in SEEDS}
    seed = max(sorted(counts), key=lambda k: counts[k])
    for doc_id, name in ((seed, "report-seed.png"), ("redaktion", "report-flags.png")):
        page.goto((reports / f"{doc_id}.html").as_uri())
        page.keyboard.press("n")
        page.screenshot(path=str(ARTIFACTS / name))
        assert (ARTIFACTS / name).stat().st_size > 20000
    page.goto((reports / "index.html").as_uri())
    page.screenshot(path=str(ARTIFACTS / "report-index.png"), full_page=True)


def test_print_layout_lists_every_flag_without_controls(page: Page, reports: Path) -> None:
    page.goto((reports / "redaktion.html").as_uri())
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()
    expect(page.locator(".detail.has-flags")).to_have_count(2)
    for i in range(2):
        expect(page.locator(".detail.has-flags").nth(i)).to_be_visible()
    expect(page.locator('[data-review-action="dismiss"]').first).to_be_hidden()
    expect(page.locator(".detail:not(.has-flags)").first).to_be_hidden()


def test_evidence_link_jumps_to_the_sentence_in_another_document(page: Page, tmp_path: Path) -> None:
    from dataclasses import replace

    from auditor.report.viewmodel import EvidenceView

    view = build(select=("REP001",))
    target = view.documents[2]
    doc = next(d for d in view.documents if d.id == "redaktion")
    flagged = next(s for s in doc.sentences if s.flags)
    flagged.flags[0] = replace(flagged.flags[0], evidence=[
        EvidenceView(text="10.000 Soldaten", document=target.id, sentence=2)])
    render_run(view, tmp_path)
    page.goto((tmp_path / "redaktion.html").as_uri())
    page.keyboard.press("n")
    page.locator(".detail:not([hidden]) [data-evidence-link]").click()
    page.wait_for_url(f"**/{target.id}.html#s-2")
    expect(page.locator(".s.selected")).to_have_attribute("data-sentence", "2")
    expect(page.locator('[data-detail-for="2"]')).to_be_visible()
    expect(page.locator('[data-detail-for="2"] blockquote').first).to_contain_text("10.000 Soldaten")
    page.locator('[data-nav="index"]').click()
    page.wait_for_url("**/index.html")
    expect(page.locator("tr[data-document]")).to_have_count(len(view.documents))


def test_jump_to_a_translation_unit(page: Page, tmp_path: Path) -> None:
    from tests.l10n_files import XLIFF12

    src = tmp_path / "korea.xlf"
    src.write_text(XLIFF12, "utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["audit", str(src), "--out", str(out), "--no-backtranslation", "--no-cache", "-q"])
    assert res.exit_code == 0, res.output
    page.goto((out / "korea.html").as_uri())
    expect(page.locator('[data-unit="t2"] .unit-id')).to_have_text("t2")
    page.fill("[data-unit-input]", "t3")
    page.click(".unit-jump button")
    expect(page.locator('[data-detail-for]:not([hidden]) h2')).to_contain_text("unit t3")
    page.fill("[data-unit-input]", "no-such-unit")
    page.click(".unit-jump button")
    expect(page.locator("[data-unit-missing]")).to_be_visible()
    page.goto((out / "korea.html").as_uri() + "#unit-t2")
    expect(page.locator("#unit-t2")).to_be_in_viewport()
