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
