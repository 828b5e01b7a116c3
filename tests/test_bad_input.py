"""The bad-input corpus: one file per failure, each stops `check` with file, line and field.

tests/fixtures/bad/<case>/ holds the file(s) that replace or join the minimal valid
archive (tests/fixtures/minimal) and expected.txt, a regular expression the report
must match. Run through the `check` command's own function, in-process (an
uncaught exception fails the test): exit status 1, every problem listed.
"""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import FIXTURES
from thidua.commands import main

CORPUS = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def test_corpus_covers_plans_and_cases():
    assert len(CORPUS) >= 40
    for kind in ("case-", "plan-", "reference-"):
        assert any(p.name.startswith(kind) for p in CORPUS), kind


@pytest.mark.parametrize("case", CORPUS, ids=[p.name for p in CORPUS])
def test_bad_source_is_reported_with_file_line_and_field(tmp_path, capsys, case):
    tree = tmp_path / "plans"
    shutil.copytree(FIXTURES / "minimal", tree)
    for src in case.rglob("*"):
        if src.is_file() and src.name != "expected.txt":
            target = tree / src.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, target)
    expected = (case / "expected.txt").read_text(encoding="utf-8").strip()
    status = main(["check", "--plans", str(tree)])
    out = capsys.readouterr()
    assert status == 1, out.out + out.err
    assert re.search(expected, out.err), out.err
    assert re.search(r"^\d+ problems? in the archive sources:$", out.err.splitlines()[0])
