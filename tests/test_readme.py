"""README's commands are what CI runs: the test command must be the one in .ci/run."""

from __future__ import annotations

import re
from pathlib import Path

from auditor.checks import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
README = ROOT.joinpath("README.md").read_text("utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README)


def test_readme_test_command_is_what_ci_runs() -> None:
    test_cmd = next(c for c in _commands() if "pytest" in c)
    assert test_cmd in ROOT.joinpath(".ci/run").read_text("utf-8").splitlines()


def test_readme_main_command_audits_the_seeds() -> None:
    main_cmd = _commands()[0]
    assert "-c constraints.txt" in main_cmd and "auditor audit seeds/*.txt" in main_cmd


def test_readme_lists_every_check() -> None:
    for cls in REGISTRY:
        assert f"`{cls.code}`" in README, f"README's check table lacks {cls.code}"


def test_readme_results_table_is_current() -> None:
    # "Regenerated when checks change": a check change that moves a number fails here until
    # `python -m auditor.evaluation.table --write README.md` is run.
    from auditor.evaluation.table import main

    assert main(["--check", str(ROOT / "README.md")]) == 0
