"""Loading and validating sources: every kind of bad input gets file, line and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thidua.errors import ArchiveError
from thidua.sources import load_archive
from thidua.sources.schema import parse_date

PLAN = "thanh-oai-kh-61-2021.yaml"
CITY = "directives/ha-noi-hdtdkt-thanh-pho-kh-09-2021.yaml"
ROOT_DOC = "directives/thu-tuong-qd-1497-2021.yaml"


def edit(tree: Path, rel: str, old: str, new: str) -> None:
    path = tree / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(tree: Path) -> list[str]:
    with pytest.raises(ArchiveError) as info:
        load_archive(tree)
    return [str(p) for p in info.value.problems]


def test_minimal_archive_loads(minimal_tree):
    archive = load_archive(minimal_tree)
    plan = archive.documents["thanh-oai-kh-61-2021"]
    assert plan.full_text and plan.number == "61/KH-HĐTĐKT"
    assert plan.issuer.province == "Hà Nội"
    assert [n.anchor for n in plan.iter_nodes() if n.label] == [
        "muc-i", "muc-i-1", "muc-i-1-y1", "muc-i-1-y2", "muc-ii", "muc-ii-1"]


def test_dates_keep_their_precision():
    assert parse_date("2021-10-26").iso == "2021-10-26"
    assert parse_date("2021-09").vi == "tháng 9/2021"
    assert parse_date("2021").vi == "năm 2021"
    assert parse_date("2021-02-31") is None
    assert parse_date("2021-13") is None


# Each kind of bad input is a file in tests/fixtures/bad/ (see test_bad_input.py); the two
# below change the tree itself, so they stay here.


def test_bad_file_name(minimal_tree):
    (minimal_tree / PLAN).rename(minimal_tree / "Thanh Oai.yaml")
    assert any("file name 'Thanh Oai.yaml' is not a valid id" in p for p in problems_of(minimal_tree))


def test_missing_reference_file(minimal_tree):
    (minimal_tree / "reference" / "awards.yaml").unlink()
    assert any(re.search(r"reference/awards\.yaml: reference file is missing", p) for p in problems_of(minimal_tree))


def test_every_problem_reported_in_one_run(minimal_tree):
    edit(minimal_tree, PLAN, 'date: "2021-10-26"', 'date: "2021-02-31"')
    edit(minimal_tree, PLAN, "level: district", "level: huyen")
    edit(minimal_tree, ROOT_DOC, "summary:", "sumary:")
    problems = problems_of(minimal_tree)
    assert any("issuer.level" in p for p in problems)
    assert any("sumary" in p for p in problems)
    assert len({p.split(":")[0] for p in problems}) >= 2, problems


def test_bom_and_nfd_are_accepted_and_normalized(minimal_tree):
    path = minimal_tree / PLAN
    import unicodedata

    text = unicodedata.normalize("NFD", path.read_text(encoding="utf-8"))
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    plan = load_archive(minimal_tree).documents["thanh-oai-kh-61-2021"]
    assert plan.issuer.name == "Hội đồng Thi đua - Khen thưởng huyện Thanh Oai"
    assert unicodedata.is_normalized("NFC", plan.title)


def test_zero_width_characters_are_removed(minimal_tree):
    edit(minimal_tree, PLAN, "place: Thanh Oai", "place: Thanh\u200b Oai")
    assert load_archive(minimal_tree).documents["thanh-oai-kh-61-2021"].place == "Thanh Oai"


def test_build_error_is_a_message_not_a_traceback(minimal_tree, tmp_path):
    from conftest import run_build

    edit(minimal_tree, PLAN, 'date: "2021-10-26"', 'date: "2021-02-31"')
    result = run_build(tmp_path / "site", plans=minimal_tree)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "thanh-oai-kh-61-2021.yaml:4: date: '2021-02-31' is not a real date" in output
    assert "Traceback" not in output
