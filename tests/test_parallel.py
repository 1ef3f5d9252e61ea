"""Corpus scale: segmentation and the checks (map, reduce, check) in worker processes give the
serial path's result, byte for byte; progress lines; the cache serves what was segmented before."""

from __future__ import annotations

import io
import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import parallel
from auditor.cli import cli
from auditor.cli.progress import CorpusProgress, line
from auditor.runcache import segment_corpus
from auditor.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(ROOT.joinpath("seeds").glob("*.txt"))
TEXTS = sorted(Path(str(resources.files("auditor.evaluation").joinpath("data/texts"))).glob("*.de.txt"))

pytestmark = pytest.mark.usefixtures("isolated_env")


def _reports(tmp_path: Path, workers: str, *extra: str, inputs: list[Path] | None = None,
             model: tuple[str, ...] = ("--no-backtranslation",)) -> dict[str, bytes]:
    out = tmp_path / f"out-{workers}"
    res = CliRunner().invoke(cli, ["audit", *map(str, SEEDS + TEXTS if inputs is None else inputs), "--out", str(out),
                                   *model, "--format", "json", "--workers", workers, *extra], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _codes(reports: dict[str, bytes]) -> set[str]:
    return {f["code"] for name, data in reports.items() if name != "index.json"
            for s in json.loads(data)["sentences"] for f in s["flags"]}


def test_two_workers_write_byte_identical_reports(tmp_path: Path) -> None:
    one = _reports(tmp_path, "1", "--no-cache")
    two = _reports(tmp_path, "2", "--no-cache")
    assert len(one) == len(SEEDS) + len(TEXTS) + 1  # a report per document and the index
    assert one == two
    # a corpus with flags: identical reports of nothing would prove little
    assert b'"code": "FIG' in b"".join(one.values())


def test_checks_in_small_tasks_out_of_order_give_the_same_reports(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # a task per document or two: the workers finish them out of order, the cross-document
    # indexes (figures, names, acronyms, casing) are merged from many workers' facts
    monkeypatch.setattr(parallel, "CHUNK_CHARS", 2000)
    one = _reports(tmp_path, "1", "--no-cache")
    two = _reports(tmp_path, "2", "--no-cache")
    assert one == two
    # the cross-document checks flagged something, so their index reached the workers
    assert {"FIG001", "NAM001"} <= _codes(one)


def test_pages_the_workers_write_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # with two workers, the per-document JSON reports and HTML pages are written in the
    # workers, a few documents a task; the HTML pages carry the folder's review decisions
    from auditor.review.fingerprint import sentence_hash
    from auditor.review.store import DecisionStore, validate_decision

    monkeypatch.setattr(parallel, "CHUNK_CHARS", 2000)
    first = _reports(tmp_path, "1", "--no-cache", "--format", "json")
    report = json.loads(first[f"{SEEDS[0].stem}.json"])
    flagged = next(s for s in report["sentences"] if s["flags"])
    decision = {"document": SEEDS[0].stem, "sentence_sha": sentence_hash(flagged["text"]),
                "code": flagged["flags"][0]["code"], "status": "dismissed", "note": "geprüft", "reviewer": "Anna",
                "updated_at": "2026-12-05T08:00:00Z"}
    for workers in ("1", "2"):
        (tmp_path / f"out-{workers}").mkdir(exist_ok=True)
        DecisionStore.in_folder(tmp_path / f"out-{workers}").record(validate_decision(decision))
    one, two = ({name: data for name, data in _reports(tmp_path, n, "--no-cache", "--format", "json,html").items()
                 if not name.startswith(".")} for n in ("1", "2"))  # not the decisions' database
    assert one == two
    assert sum(name.endswith(".html") for name in one) == len(SEEDS) + len(TEXTS) + 1
    assert "geprüft".encode() in one[f"{SEEDS[0].stem}.html"]


def test_a_rendering_writer_returns_the_files_the_local_writer_writes(tmp_path: Path) -> None:
    # Workers that do not share the audit process's disk (Ray) render each document's files
    # and return them; the audit process stores them: the same files, and nothing written
    # where the document was checked.
    from auditor.engine import AuditConfig, prepare_document, run_audit
    from auditor.report.documents import DocumentReports

    docs = [prepare_document(p.stem, str(p), p.read_text("utf-8"), "de") for p in SEEDS]
    result = run_audit(docs, AuditConfig())
    here, there, stored = tmp_path / "here", tmp_path / "there", tmp_path / "stored"
    for folder in (here, there, stored):
        folder.mkdir()
    known = frozenset(d.id for d in docs)
    local = DocumentReports(here, here, ("json", "html"), known, "1", frozenset(), True)
    rendering = DocumentReports(stored, there, ("json", "html"), known, "1", frozenset(), True).rendering()
    for doc in result.documents:
        written, returned = local(doc, result.signature), rendering(doc, result.signature)
        assert written.files == {} and set(returned.files) == {f"{doc.document.id}.json", f"{doc.document.id}.html"}
        assert (returned.entry, returned.rows, returned.line, returned.open) == \
            (written.entry, written.rows, written.line, written.open)
        DocumentReports(stored, there, ("json", "html"), known, "1", frozenset(), True).store(returned)
        assert returned.files == {}  # stored files are not held on
    assert list(there.iterdir()) == []
    assert {p.name: p.read_bytes() for p in stored.iterdir()} == {p.name: p.read_bytes() for p in here.iterdir()}
    assert len(list(here.iterdir())) == 2 * len(docs)


def test_reports_written_as_documents_are_checked_equal_a_whole_results(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # A run that keeps no result (no cache, or too big to keep) has each document's reports
    # written in the worker that checked it, into a staging folder; a run whose result is
    # kept (cached, then reused) writes them from the whole result. Same files, same exit
    # and summary, with a review decision in the folder and JSON Lines beside.
    from auditor.engine import run_audit
    from auditor.review.fingerprint import sentence_hash
    from auditor.review.store import DecisionStore, validate_decision

    finishes: list[object] = []

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        finishes.append(kwargs.get("finish"))
        return run_audit(*args, **kwargs)

    monkeypatch.setattr("auditor.engine.run_audit", spy)
    monkeypatch.setattr(parallel, "CHUNK_CHARS", 2000)
    first = _reports(tmp_path, "1", "--no-cache")
    report = json.loads(first[f"{SEEDS[0].stem}.json"])
    flagged = next(s for s in report["sentences"] if s["flags"])
    decision = {"document": SEEDS[0].stem, "sentence_sha": sentence_hash(flagged["text"]),
                "code": flagged["flags"][0]["code"], "status": "dismissed", "note": "geprüft", "reviewer": "Anna",
                "updated_at": "2026-12-05T08:00:00Z"}
    runs = {}
    for name, extra in (("streamed", ("--no-cache",)), ("kept", ()), ("reused", ())):
        out = tmp_path / "out-2"
        if name != "reused":
            out.mkdir(exist_ok=True)
            DecisionStore.in_folder(out).record(validate_decision(decision))
        res = CliRunner().invoke(cli, ["audit", *map(str, SEEDS + TEXTS), "--out", str(out), "--no-backtranslation",
                                       "--format", "json,html,jsonl", "--workers", "2", *extra],
                                 catch_exceptions=False)
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}
        runs[name] = (res.exit_code, res.output.replace("inputs, checks, models and auditor unchanged", ""), files)
        shutil.rmtree(out)
    assert [f is not None for f in finishes] == [True, True, False]  # the first run, streamed, kept
    assert runs["streamed"][2] == runs["kept"][2]
    assert runs["streamed"][0] == runs["kept"][0]
    assert "1 of " in runs["streamed"][1] and "were dismissed or fixed" in runs["streamed"][1]
    assert runs["streamed"][1].splitlines()[:-1] == runs["kept"][1].splitlines()[:-1]
    assert "geprüft".encode() in runs["streamed"][2][f"{SEEDS[0].stem}.html"]
    assert runs["streamed"][2]["reports.jsonl"].count(b"\n") == len(SEEDS) + len(TEXTS)
    # a bigger corpus than KEEP_RESULT_SENTENCES is written as it is checked, cache or not
    import sys  # the module: ``auditor.cli.audit`` as an attribute is the click command

    monkeypatch.setattr(sys.modules["auditor.cli.audit"], "KEEP_RESULT_SENTENCES", 10)
    finishes.clear()
    shutil.rmtree(tmp_path / "auditor-cache")
    assert _reports(tmp_path, "2") == first
    assert finishes and finishes[0] is not None


def test_bilingual_reports_are_identical_with_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CHUNK_CHARS", 3000)
    from bilingual_docs import SOURCE, VARIANTS

    # the evaluation texts with their sources, and translations with errors against a source
    targets = [p for p in TEXTS if p.with_name(p.name.replace(".de.", ".en.")).is_file()]
    sources = [p.with_name(p.name.replace(".de.", ".en.")) for p in targets]
    (tmp_path / "original.en.txt").write_text(SOURCE, "utf-8")
    for name, text in VARIANTS.items():
        targets.append(tmp_path / f"{name}.de.txt")
        targets[-1].write_text(text, "utf-8")
        sources.append(tmp_path / "original.en.txt")
    sources = [arg for p in sources for arg in ("--source", str(p))]
    one = _reports(tmp_path, "1", "--no-cache", "--lang", "de", "--source-lang", "en", *sources, inputs=targets)
    two = _reports(tmp_path, "2", "--no-cache", "--lang", "de", "--source-lang", "en", *sources, inputs=targets)
    assert one == two
    assert b'"alignment": {' in b"".join(one.values())
    assert {"MEA003", "MEA004", "FIG007"} <= _codes(one)


def test_model_signals_are_identical_with_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  tiny_model_dir: Path, tiny_reverse_model_dir: Path) -> None:
    # Random weights: the numbers mean nothing; the z-scores and the signal checks' corpus
    # pool are the run's, computed once, whichever process checks a document.
    monkeypatch.setattr(parallel, "CHUNK_CHARS", 2000)
    model = ("--model", str(tiny_model_dir), "--backend", "transformers",
             "--roundtrip-model", str(tiny_reverse_model_dir))
    one = _reports(tmp_path, "1", "--no-cache", inputs=SEEDS, model=model)
    two = _reports(tmp_path, "2", "--no-cache", inputs=SEEDS, model=model)
    assert one == two
    report = json.loads(one[f"{SEEDS[0].stem}.json"])
    assert "bt_logprob_mean_z" in report["sentences"][0]["signals"]
    assert "MEA001" not in report["skipped"]


def test_workers_through_the_cache_are_identical_too(tmp_path: Path) -> None:
    # the first run segments in workers and stores the segmentations; the second reads them
    first = _reports(tmp_path, "2")
    again = _reports(tmp_path, "1", "--no-cache")
    assert first == again


def test_segment_all_in_workers_equals_segment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "CHUNK_CHARS", 1)  # a chunk per document: many round trips
    jobs = [(p.read_text("utf-8"), "de") for p in SEEDS + TEXTS]
    jobs.append(("Ein Satz ohne Ende " * 400, "de"))  # a long line, cut at max_sentence
    jobs.append(("", "de"))
    seen: list[tuple[int, int]] = []
    got = parallel.segment_all(jobs, workers=2, max_sentence=500, progress=lambda d, s: seen.append((d, s)))
    assert got == [segment(text, lang, max_sentence=500) for text, lang in jobs]
    assert max(len(s.text) for s in got[-2]) <= 500
    assert seen[-1] == (len(jobs), sum(map(len, got)))
    assert len(seen) > 2  # reported as chunks finished, not once at the end


def test_the_default_segments_a_small_corpus_in_process() -> None:
    assert parallel.effective_workers(None, 20_000, 5) == 1
    assert parallel.effective_workers(None, parallel.AUTO_MIN_CHARS, 500) == parallel.cpu_count()
    assert parallel.effective_workers(8, 10, 3) == 3  # never more workers than documents
    assert parallel.effective_workers(2, 10, 0) == 1


def test_segment_corpus_sends_only_uncached_texts_to_the_workers() -> None:
    class Store(dict):
        def get_artifact(self, kind: str, key: str) -> bytes | None:
            return self.get((kind, key))

        def put_artifact(self, kind: str, key: str, value: bytes, *, keep: int | None = None) -> None:
            self[(kind, key)] = value

    store = Store()
    asked: list[list[tuple[str, str]]] = []

    def segment_all(jobs, on_result):  # noqa: ANN001, ANN202
        asked.append(list(jobs))
        out = [segment(t, lang) for t, lang in jobs]
        for i, sentences in enumerate(out):
            on_result(i, sentences)
        return out

    a, b = SEEDS[0].read_text("utf-8"), SEEDS[1].read_text("utf-8")
    first = segment_corpus(store, [(a, "de")], segment_all)
    both = segment_corpus(store, [(a, "de"), (b, "de")], segment_all)
    assert asked == [[(a, "de")], [(b, "de")]]
    assert both == [first[0], segment(b, "de")]


def test_bad_worker_count_is_a_one_line_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["audit", str(SEEDS[0]), "--out", str(tmp_path), "--workers", "0"])
    assert res.exit_code == 2
    assert "--workers" in res.output and "Traceback" not in res.output


def test_plain_progress_lines_off_a_terminal() -> None:
    stream = io.StringIO()
    with CorpusProgress(False, stream, every=0).stage("segmenting", 4) as update:
        update(1, 10)
        update(2, 25)
        update(4, 50)  # the end is not a progress line: the summary follows
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("auditor: segmenting: 2/4 documents, 25 sentences (")
    assert lines[1].endswith(" left")


def test_quiet_progress_says_nothing() -> None:
    stream = io.StringIO()
    with CorpusProgress(True, stream, every=0).stage("checking", 4) as update:
        update(1, 10)
    assert stream.getvalue() == ""


def test_progress_line_rate_and_eta() -> None:
    assert line("checking", 300, 900, 4000, 20.0) == \
        "auditor: checking: 300/900 documents, 4,000 sentences (200/s), about 40 s left"
    assert line("checking", 1, 1000, 10, 5.0).endswith("about 1 h 23 min left")
    assert line("back-translating", 64, 256, 64, 8.0, "sentences") == \
        "auditor: back-translating: 64/256 sentences (8/s), about 24 s left"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_overlapping_stages_share_one_bar_on_a_terminal() -> None:
    # back-translation runs inside the checking stage's call: two rich live displays at once
    # would raise rich's LiveError
    stream = _Terminal()
    progress = CorpusProgress(False, stream)
    with progress.stage("back-translating", 100, "sentences") as translated, \
            progress.stage("checking", 3) as checked:
        translated(50, 50)
        checked(1, 12)
    with progress.stage("writing", 2) as update:  # a later stage starts a display again
        update(1, 5)
    assert "checking" in stream.getvalue() and "sentences" in stream.getvalue()


# --------------------------------------------------------------------------- --format jsonl


def test_jsonl_lines_are_the_per_document_reports_in_input_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):  # the second run reuses the cached result: its lines must be written too
        res = CliRunner().invoke(cli, ["audit", *map(str, SEEDS), "--out", str(out), "--no-backtranslation",
                                       "--format", "json,jsonl"], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        lines = (out / "reports.jsonl").read_text("utf-8").splitlines()
        docs = [json.loads(x) for x in lines]
        assert [d["document"]["path"] for d in docs] == list(map(str, SEEDS))
        for d in docs:
            assert d == json.loads((out / f"{d['document']['id']}.json").read_text("utf-8"))
    assert "unchanged since an earlier run" in res.output
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_jsonl_to_standard_output_for_pipelines(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["audit", *map(str, SEEDS), "--out", "-", "--no-backtranslation"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    docs = [json.loads(x) for x in res.stdout.splitlines()]  # nothing but the lines on stdout
    assert len(docs) == len(SEEDS)
    assert sum(d["summary"]["flagged"] for d in docs) > 0
    assert "reports written to standard output" in res.stderr


def test_only_jsonl_goes_to_standard_output(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["audit", str(SEEDS[0]), "--out", "-", "--format", "json,jsonl"])
    assert res.exit_code == 2
    assert res.output.strip() == "auditor: error: --out - writes JSON Lines to standard output: give --format jsonl alone"


def test_an_aborted_jsonl_stream_leaves_the_previous_file(tmp_path: Path) -> None:
    from auditor.engine import run_audit, prepare_document
    from auditor.report.jsonl_report import JsonlWriter

    (tmp_path / "reports.jsonl").write_text("earlier run\n", "utf-8")
    doc = prepare_document("a", "a.txt", SEEDS[0].read_text("utf-8"), "de")
    writer = JsonlWriter(tmp_path)
    run_audit([doc], on_document=writer.add)
    assert writer.written == 1
    writer.abort()  # killed half-way: the old file stays, the partial one is gone
    assert [p.name for p in tmp_path.iterdir()] == ["reports.jsonl"]
    assert (tmp_path / "reports.jsonl").read_text("utf-8") == "earlier run\n"


def _scaled(task: int, shared: dict[str, int]) -> int:
    return task * shared["factor"]


@pytest.mark.parametrize("executor", [parallel.InProcess(), parallel.ProcessPool(2)], ids=["in-process", "pool"])
def test_executors_run_every_task_once_with_the_shared_value(executor: parallel.Executor) -> None:
    seen = dict(executor.run(_scaled, iter(range(40)), shared={"factor": 3}))
    assert seen == {i: i * 3 for i in range(40)}
    executor.close()


def test_a_pool_serves_several_runs_each_with_its_own_shared_value() -> None:
    pool = parallel.ProcessPool(2)
    try:
        first = dict(pool.run(_scaled, range(12), shared={"factor": 3}))
        second = dict(pool.run(_scaled, range(12), shared={"factor": 5}))
        processes = set(pool._pool._processes)
        third = dict(pool.run(_scaled, range(12), shared={"factor": 7}))
        assert set(pool._pool._processes) == processes  # the same workers: started once
    finally:
        pool.close()
    assert (first, second, third) == ({i: 3 * i for i in range(12)}, {i: 5 * i for i in range(12)},
                                      {i: 7 * i for i in range(12)})


def _fail_on_seven(task: int, _shared: object) -> int:
    if task == 7:
        raise ValueError("seven")
    return task


def test_a_failing_task_raises_in_the_caller_and_ends_the_pool() -> None:
    with pytest.raises(ValueError, match="seven"):
        list(parallel.ProcessPool(2).run(_fail_on_seven, range(20)))


_ORPHAN_SCRIPT = """
import sys, time
from auditor import parallel

def main():
    pool = parallel.ProcessPool(1)
    list(pool.run(sleep_forever, [sys.argv[1]]))

if __name__ == "__main__":
    from tests.test_parallel import sleep_forever
    main()
"""


def sleep_forever(path: str, _shared: object) -> None:
    import os
    import time

    Path(path).write_text(str(os.getpid()))
    time.sleep(120)


def test_a_worker_dies_with_its_audit_process(tmp_path: Path) -> None:
    """SIGKILL (the OOM killer) ends the audit process; its busy worker must not live on."""
    import os
    import signal
    import subprocess
    import sys
    import time

    marker = tmp_path / "worker.pid"
    script = tmp_path / "audit.py"
    script.write_text(_ORPHAN_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), str(marker)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    worker = int(marker.read_text())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(worker, signal.SIGKILL)
    pytest.fail("the worker outlived its audit process")


def preloaded(module: str, _shared: object) -> tuple[bool, int, int]:
    """In a worker: whether ``module`` was imported, how many wordfreq lists were loaded
    before any task asked for them, and how many objects the garbage collector leaves alone."""
    import gc
    import sys

    import wordfreq

    return module in sys.modules, wordfreq.get_frequency_dict.cache_info().currsize, gc.get_freeze_count()


_PRELOAD_SCRIPT = """
import json
import multiprocessing
import sys
from auditor import parallel
from tests.test_parallel import preloaded

if __name__ == "__main__":
    if sys.argv[1] == "spawn":  # a platform without a fork server (Windows)
        multiprocessing.get_all_start_methods = lambda: ["spawn"]
    pool = parallel.ProcessPool(2, preload=("auditor.warm",))
    pool.start()
    try:
        print(json.dumps(dict(pool.run(preloaded, ["auditor.warm", "auditor.warm"]))))
    finally:
        pool.close()
"""


@pytest.mark.parametrize("start", ["forkserver", "spawn"])
def test_workers_start_with_what_the_checks_load_on_first_use(tmp_path: Path, start: str) -> None:
    """``preload=("auditor.warm",)``: the workers' first task finds SoMaJo, HanTa, wordfreq
    and lingua loaded and frozen for the garbage collector, forked by a fork server that imported it or, where there is none,
    spawned and importing it themselves (a fresh process: a fork server takes the preload of
    its first pool)."""
    import os
    import subprocess
    import sys

    script = tmp_path / "pool.py"
    script.write_text(_PRELOAD_SCRIPT)
    done = subprocess.run([sys.executable, str(script), start], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=300, check=True)
    answers = json.loads(done.stdout)
    # German and English lists at least: the warm-up audits German with an English source;
    # what it loaded is frozen (out of the collector's reach), not walked by every collection
    assert all(imported and lists >= 2 and frozen > 10_000 for imported, lists, frozen in answers.values()), answers


_FORKSERVER_SCRIPT = """
import json
import multiprocessing.forkserver
import os
from auditor import parallel

if __name__ == "__main__":
    pool = parallel.ProcessPool(2, preload=("auditor.warm",))
    pool._spawn = lambda: None  # no worker asked for: only what start() itself does
    pool.start()
    pid = multiprocessing.forkserver._forkserver._forkserver_pid
    alive = pid is not None and os.waitpid(pid, os.WNOHANG) == (0, 0)
    print(json.dumps({"pid": pid, "alive": alive}))
    pool.close()
"""


def test_starting_a_pool_starts_its_fork_server_before_returning(tmp_path: Path) -> None:
    """``start`` starts the fork server itself, not in its background thread: that thread
    cannot run while the caller is inside lingua's language detection (which holds the GIL),
    and the workers' two seconds of imports would wait for detection to end."""
    import multiprocessing
    import os
    import subprocess
    import sys

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform")
    script = tmp_path / "start.py"
    script.write_text(_FORKSERVER_SCRIPT)
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(done.stdout)["alive"], done.stdout


_REDUCE_SCRIPT = """
import json
import sys
from pathlib import Path
from auditor.engine import AuditConfig, prepare_document, run_audit
from auditor.parallel import ProcessPool
from auditor.text import pos

if __name__ == "__main__":
    docs = [prepare_document(Path(p).stem, p, Path(p).read_text("utf-8"), "de") for p in sys.argv[1:]]
    pool = ProcessPool(2)
    try:
        result = run_audit(docs, AuditConfig(), executor=pool)
    finally:
        pool.close()
    codes = sorted({f.code for d in result.documents for s in d.sentences for f in s.flags})
    print(json.dumps({"codes": codes, "tagged_here": bool(pos._HANTA_ANALYSIS)}))
"""


def test_the_name_checks_tagging_runs_in_the_workers(tmp_path: Path) -> None:
    """NAM001's reduce POS-tags the mentions of its candidate pairs through
    ``Check.parallel``: in a run with worker processes the audit process never loads HanTa
    (the tagging was a second of serial work while the workers waited), and the names are
    still flagged (the reports' identity with one worker is tested above)."""
    import os
    import subprocess
    import sys

    script = tmp_path / "reduce.py"
    script.write_text(_REDUCE_SCRIPT)
    done = subprocess.run([sys.executable, str(script), *map(str, SEEDS + TEXTS)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=600, check=True)
    answer = json.loads(done.stdout)
    assert "NAM001" in answer["codes"] and not answer["tagged_here"], answer


def test_process_pool_lets_go_of_the_shared_value_once_every_worker_has_it() -> None:
    """The pickled shared value (the check stage's corpus indexes) is not kept by the audit
    process for the whole stage once every worker has taken its copy."""
    from auditor.parallel import ProcessPool, _segment_chunk

    pool = ProcessPool(2)
    results = pool.run(_segment_chunk, [([("Ein Satz. Noch einer.", "de")], {})], shared=b"index" * 1000)
    try:
        assert next(results)[1] == [[(0, 9, 0, 0), (10, 21, 0, 0)]]
        assert "blob" not in results.gi_frame.f_locals
    finally:
        results.close()
        pool.close()
