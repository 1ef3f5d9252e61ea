"""Small bilingual test documents: an English original and its German translation
(written for these tests, after seed 000), plus the German with one injected error each.

Each variant is the clean German with one edit, so the expected alignment and the
expected flag location are known exactly.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data" / "meaning"
SOURCE = (DATA / "austin.en.txt").read_text("utf-8")
TARGET = (DATA / "austin.de.txt").read_text("utf-8")


def edit(old: str, new: str, text: str = TARGET) -> str:
    assert text.count(old) == 1, f"edit anchor not unique: {old!r}"
    return text.replace(old, new)


# German sentence 5 (source sentence 5) dropped.
DROPPED = "Einige dieser Soldaten seien mit russischen Uniformen und Ausrüstung an die ukrainische Grenze verlegt worden."
VARIANTS: dict[str, str] = {
    "figure": edit("10.000 Soldaten", "10 Soldaten"),
    "negation_lost": edit("Der Minister wird nicht am NATO-Gipfel", "Der Minister wird am NATO-Gipfel"),
    "negation_added": edit("Seoul lehnte den Vorschlag ab, Waffen", "Seoul lehnte den Vorschlag nicht ab, Waffen"),
    "dropped": edit(" " + DROPPED, ""),
    "merged": edit("wichtige Erklärungen ab. Er forderte Nordkorea auf,", "wichtige Erklärungen ab und forderte Nordkorea auf,"),
    "split": edit("sagte am 25. Oktober, Russland werde", "äußerte sich am 25. Oktober. Russland werde nach seinen Worten"),
    "name": edit("Kim Yong-hyun", "Kim Jong-un"),
    "added": edit("Kiew schätzt, dass 12.000 Soldaten beteiligt sind.",
                  "Kiew schätzt, dass 12.000 Soldaten beteiligt sind. Die Lage an der Front bleibt nach Angaben aus Militärkreisen äußerst angespannt."),
    "copied": edit("Seoul lehnte den Vorschlag ab", "Seoul rejected den Vorschlag"),
}
