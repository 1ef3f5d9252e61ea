from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.fsutil import atomic_write_text


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "r.json"
    atomic_write_text(target, "old")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_a_streamed_file_replaces_the_old_one_only_when_whole(tmp_path: Path) -> None:
    from auditor.fsutil import atomic_writer

    target = tmp_path / "index.json"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_writer(target) as fh:
            fh.write("half of the new ")
            raise RuntimeError("interrupted")  # an error or Ctrl+C mid-way
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["index.json"]
    with atomic_writer(target) as fh:
        for piece in ("Größe ", "über ", "alles\n"):
            fh.write(piece)
    assert target.read_bytes() == "Größe über alles\n".encode()


def test_staged_files_reach_the_folder_only_on_commit(tmp_path: Path) -> None:
    from auditor.fsutil import StagedFolder

    out = tmp_path / "out"
    atomic_write_text(out / "a.json", "old a")
    atomic_write_text(out / "b.json", "old b")
    staged = StagedFolder(out)
    atomic_write_text(staged.path / "a.json", "new a")
    atomic_write_text(staged.path / "c.json", "new c")
    assert (out / "a.json").read_text() == "old a" and not (out / "c.json").exists()
    staged.commit()
    assert {p.name: p.read_text() for p in out.iterdir()} == {"a.json": "new a", "b.json": "old b", "c.json": "new c"}


def test_staged_files_are_flushed_to_disk_once_before_any_is_moved(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The staged files are written plainly (an fsync each cost the workers half a
    millisecond a file); commit flushes the folder's filesystem once, before the first rename."""
    from auditor import fsutil

    out = tmp_path / "out"
    staged = fsutil.StagedFolder(out)
    for name in ("a.json", "a.html", "b.json"):
        fsutil.write_staged_text(staged.path / name, f"„{name}“")
    flushed = []
    real = fsutil.flush_filesystem

    def flush(folder: Path) -> None:
        flushed.append(sorted(p.name for p in out.iterdir() if not p.name.startswith(".")))
        real(folder)  # the real call (syncfs on Linux) must work on the staging folder

    monkeypatch.setattr(fsutil, "flush_filesystem", flush)
    staged.commit()
    assert flushed == [[]]  # once, and nothing moved yet
    assert {p.name: p.read_text("utf-8") for p in out.iterdir()} == {
        "a.json": "„a.json“", "a.html": "„a.html“", "b.json": "„b.json“"}


def test_an_aborted_staging_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    from auditor.fsutil import StagedFolder

    out = tmp_path / "out"
    atomic_write_text(out / "a.json", "old a")
    staged = StagedFolder(out)
    atomic_write_text(staged.path / "a.json", "new a")
    staged.abort()
    assert {p.name: p.read_text() for p in out.iterdir()} == {"a.json": "old a"}
    fresh = StagedFolder(tmp_path / "new")  # a folder the run created goes again, empty
    atomic_write_text(fresh.path / "x.json", "x")
    fresh.abort()
    assert not (tmp_path / "new").exists()


def test_a_killed_runs_staging_is_removed_by_the_next_once_its_process_is_gone(tmp_path: Path) -> None:
    import subprocess
    import sys

    from auditor.fsutil import StagedFolder

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    dead = tmp_path / f"{StagedFolder.PREFIX}.{gone}.abc"
    alive = tmp_path / f"{StagedFolder.PREFIX}.{os.getppid()}.abc"  # another audit still writing
    for folder in (dead, alive):
        folder.mkdir()
        (folder / "r.json").write_text("{}")
    staged = StagedFolder(tmp_path)
    assert not dead.exists() and (alive / "r.json").exists()
    staged.abort()
    assert alive.exists()
