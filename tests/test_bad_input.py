"""The bad-input corpus: one file per failure, each stops `check` with file, line and field.

tests/fixtures/bad/<case>/ holds the file(s) that replace or join the minimal valid
archive (tests/fixtures/minimal) and expected.txt, a regular expression the report
must match. Run through the command line, as a clerk would: exit status 1, every
problem listed, never a traceback.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT

CORPUS = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())


def test_corpus_covers_plans_and_cases():
    assert len(CORPUS) >= 40
    assert any(p.name.startswith("case-") for p in CORPUS) and any(p.name.startswith("plan-") for p in CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[p.name for p in CORPUS])
def test_bad_source_is_reported_with_file_line_and_field(tmp_path, case):
    tree = tmp_path / "plans"
    shutil.copytree(FIXTURES / "minimal", tree)
    for src in case.rglob("*"):
        if src.is_file() and src.name != "expected.txt":
            target = tree / src.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, target)
    expected = (case / "expected.txt").read_text(encoding="utf-8").strip()
    result = subprocess.run([sys.executable, "-m", "scripts", "check", "--plans", str(tree)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(expected, result.stderr), result.stderr
    assert re.search(r"^\d+ problems? in the archive sources:$", result.stderr.splitlines()[0])
