"""What a run reads: the command line's FILE arguments turned into sources, and each source
read and decoded within bounds.

Two kinds of source, two rules for bad ones:

* **Named** on the command line (a file, ``-``): the user asked for exactly this file, so a
  bad one is an error and the run writes nothing (the files of a run are one corpus).
* **Found** by walking a directory argument: a scraped folder of 10,000 pages must not go
  unaudited because of one broken file, so a bad one is skipped with a reason (the caller
  warns and lists it); ``--strict`` makes these errors too.

A walk is recursive and sorted (the same folder gives the same run), takes ``*.txt``
unless ``--include`` globs are given, drops files and folders matching ``--exclude``, and
skips hidden files and folders (``.git``, ``.auditor-review.sqlite``). Globs match the path
relative to the directory or the bare name (``--include '*.md'`` finds ``a/b/c.md``).
Symbolic links are followed, each real folder entered once: a link loop cannot hang it.
Only regular files are read (a FIFO or device found in a walk would block or never end).

Every read is bounded by ``max_bytes``: a larger input is refused without reading more than
that (a named ``/dev/zero`` cannot fill the memory). Directory entries are produced
lazily, in walk order, so a later manifest reader (#15) can slot in as another generator.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .document import DecodeError, decode_bytes

DEFAULT_INCLUDE = ("*.txt",)
#: default largest input, in bytes (``--max-size``): about 300 pages of news text
DEFAULT_MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class Source:
    """One input as found: ``label`` as the user will see it; ``path`` None for stdin."""

    label: str
    path: Path | None
    #: found by walking a directory or listed in a manifest (skipped when bad) rather than
    #: named (an error when bad)
    walked: bool = False
    #: a manifest's entries: the text itself (instead of ``path``), its id, its language tag
    #: and its original (bilingual mode)
    text: str | None = None
    doc_id: str | None = None
    lang: str | None = None
    source: Source | None = None


@dataclass(frozen=True)
class Problem:
    """A source that cannot be audited, with a one-line reason."""

    label: str
    reason: str
    walked: bool = False

    def line(self) -> str:
        return f"{self.label}: {self.reason}"

    def to_dict(self) -> dict[str, str]:
        return {"path": self.label, "reason": self.reason}


@dataclass
class Input:
    """A decoded input: ``label`` as the user named it, ``doc_id`` unique within the run."""

    label: str
    doc_id: str
    text: str
    encoding: str
    walked: bool = False
    #: a language tag the manifest gave for this input (resolved by the caller)
    lang: str | None = None
    #: its original, when the manifest gave one
    source: Input | None = None


def sources(args: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
            ) -> Iterator[Source | Problem]:
    """The sources named by ``args`` in order; a directory argument yields its walk (files,
    and a Problem for each entry it cannot take). A named path is yielded as it is: reading
    it says what is wrong with it."""
    for arg in args:
        if arg == "-":
            yield Source("-", None)
            continue
        path = Path(arg)
        if path.is_dir():
            yield from walk(path, include or DEFAULT_INCLUDE, exclude)
        else:
            yield Source(arg, path)


def walk(root: Path, include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()
         ) -> Iterator[Source | Problem]:
    """Files under ``root`` (see the module docstring for which), sorted; an unreadable
    folder is a walked Problem."""
    seen: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()

    def onerror(exc: OSError) -> None:
        errors.append(Problem(exc.filename or str(root), _reason(exc), walked=True))

    errors: list[Problem] = []
    found_any = False
    for folder, dirs, files in os.walk(root, onerror=onerror, followlinks=True):
        yield from errors
        errors.clear()
        try:
            st = os.stat(folder)
        except OSError as exc:
            yield Problem(folder, _reason(exc), walked=True)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # a link back up the tree: entered already
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not _matches(base / d, root, exclude))
        for name in sorted(files):
            path = base / name
            if name.startswith(".") or not _matches(path, root, include) or _matches(path, root, exclude):
                continue
            found_any = True
            try:
                fst = os.stat(path)
            except OSError as exc:
                yield Problem(str(path), _reason(exc), walked=True)
                continue
            if not stat.S_ISREG(fst.st_mode):
                yield Problem(str(path), "not a regular file", walked=True)
                continue
            if (fst.st_dev, fst.st_ino) in seen_files:  # the same file through a link
                continue
            seen_files.add((fst.st_dev, fst.st_ino))
            yield Source(str(path), path, walked=True)
    yield from errors
    if not found_any:
        patterns = ", ".join(include)
        yield Problem(str(root), f"no files matching {patterns} in this directory", walked=True)


#: an id becomes a report's file name: no folders, not hidden, printable, not the run's index
_ID = re.compile(r"[^./\\\x00-\x1f\x7f][^/\\\x00-\x1f\x7f]{0,199}")
_RESERVED = {"index", "reports"}


def manifest(path: Path) -> Iterator[Source | Problem]:
    """The entries of a JSONL manifest (see the module docstring), read one line at a time;
    a bad line is a walked Problem labelled ``MANIFEST:LINE``. An unreadable manifest raises
    InputError: it was named, so it is an error whatever ``--strict`` says."""
    base = path.parent
    seen: set[str] = set()
    bilingual: bool | None = None
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(_reason(exc)) from None
    with fh:
        for number, raw in enumerate(fh, 1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw.decode("utf-8"))
                json.dumps(entry, ensure_ascii=False).encode("utf-8")  # no lone surrogates ("\\ud800")
            except UnicodeEncodeError:
                yield Problem(where, "a string holds a lone surrogate (\\ud800-\\udfff): not text", walked=True)
                continue
            except UnicodeDecodeError as exc:
                yield Problem(where, f"not UTF-8 ({exc.reason} at byte {exc.start})", walked=True)
                continue
            except ValueError as exc:
                yield Problem(where, f"not a JSON object ({exc})", walked=True)
                continue
            item = _entry(entry, base, where)
            if isinstance(item, Source):
                if bilingual is None:
                    bilingual = item.source is not None
                if item.doc_id in seen:
                    item = Problem(where, f"id {item.doc_id!r} was given on an earlier line", walked=True)
                elif (item.source is not None) != bilingual:
                    item = Problem(where, "has a source while the first entry has none" if item.source
                                   else "has no source while the first entry has one; give every entry one",
                                   walked=True)
                else:
                    seen.add(item.doc_id)  # type: ignore[arg-type]
            yield item


def _entry(entry: object, base: Path, where: str) -> Source | Problem:
    def bad(reason: str) -> Problem:
        return Problem(where, reason, walked=True)

    if not isinstance(entry, dict):
        return bad(f"not a JSON object but {type(entry).__name__}")
    doc_id = entry.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        return bad('no "id" (a string that names the reports)')
    if not _ID.fullmatch(doc_id) or doc_id.lower() in _RESERVED:
        return bad(f"id {doc_id!r} cannot name a report file (no '/', '\\', control characters or "
                   f"leading '.'; not {' or '.join(sorted(_RESERVED))}; at most 200 characters)")
    lang = entry.get("lang")
    if lang is not None and not isinstance(lang, str):
        return bad('"lang" must be a string (a language tag such as de or de-CH)')
    target = _text_or_path(entry, "text", "path", base, where)
    if isinstance(target, str):
        return bad(target)
    source = None
    if "source" in entry or "source_text" in entry:
        source = _text_or_path(entry, "source_text", "source", base, f"{where} (source)")
        if isinstance(source, str):
            return bad(source)
    return Source(target.label, target.path, walked=True, text=target.text, doc_id=doc_id, lang=lang,
                  source=source)


def _text_or_path(entry: dict, text_key: str, path_key: str, base: Path, where: str) -> Source | str:
    """The Source an entry names under ``text_key`` or ``path_key``, or the reason it names none."""
    text, name = entry.get(text_key), entry.get(path_key)
    if (text is None) == (name is None):
        return f'give either "{path_key}" or "{text_key}"' + (", not both" if text is not None else "")
    if text is not None:
        if not isinstance(text, str):
            return f'"{text_key}" must be a string'
        return Source(where, None, walked=True, text=text)
    if not isinstance(name, str) or not name:
        return f'"{path_key}" must be a non-empty string'
    path = base / name  # an absolute name stays absolute
    if not path.is_file():
        return f"{path}: " + ("is a directory" if path.is_dir() else "no such file" if not path.exists()
                              else "not a regular file")
    return Source(str(path), path, walked=True)


def _matches(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    rel = path.relative_to(root).as_posix()
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(path.name, p) for p in patterns)


def read_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """``(text, encoding)`` of a source; raises InputError with a one-line reason."""
    if source.text is not None:  # a manifest's text: JSON strings are Unicode already
        if len(source.text.encode("utf-8")) > max_bytes:
            raise InputError(f"larger than --max-size ({_size(max_bytes)}); split it or raise --max-size")
        if "\x00" in source.text:
            raise InputError("NUL character in the text; remove it")
        return source.text, "utf-8"
    try:
        if source.path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            if source.path.is_dir():
                raise IsADirectoryError("is a directory")
            with source.path.open("rb") as fh:
                data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(_reason(exc)) from None
    if len(data) > max_bytes:
        raise InputError(f"larger than --max-size ({_size(max_bytes)}); split it or raise --max-size")
    try:
        return decode_bytes(data)
    except DecodeError as exc:
        raise InputError(str(exc)) from None


class InputError(Exception):
    """A source that cannot be read as text; ``str(exc)`` is the reason, one line."""


class IdMaker:
    """Report names from file stems, unique within a run (a/x.txt and b/x.txt: x, x-2)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, source: Source) -> str:
        if source.doc_id is not None:  # a manifest's: unique among its entries already
            self.used.add(source.doc_id)
            return source.doc_id
        stem = "stdin" if source.path is None else source.path.stem
        doc_id, n = stem, 2
        while doc_id in self.used:
            doc_id, n = f"{stem}-{n}", n + 1
        self.used.add(doc_id)
        return doc_id


def parse_size(value: str) -> int:
    """``2MB``, ``500k``, ``10000000`` -> bytes (decimal units, as ``ls -h --si``)."""
    text = value.strip().lower().removesuffix("b").removesuffix("i")
    factor = 1
    for suffix, f in (("k", 10**3), ("m", 10**6), ("g", 10**9)):
        if text.endswith(suffix):
            text, factor = text[:-1], f
            break
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a size (examples: 2MB, 500k, 10000000)") from None
    if number <= 0:
        raise ValueError(f"{value!r}: the size must be positive")
    return int(number * factor)


def _size(n: int) -> str:
    return f"{n / 10**6:g} MB" if n >= 10**6 else f"{n / 10**3:g} kB" if n >= 10**3 else f"{n} bytes"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
