"""Loading and validating sources: every kind of bad input gets file, line and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.errors import ArchiveError
from archive.load import load_archive, parse_date

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


# (name, mutation, expected "file:line: field: message" fragment)
BAD_INPUT = [
    ("unknown parent", lambda t: edit(t, PLAN, "implements: ha-noi-hdtdkt-thanh-pho-kh-09-2021", "implements: ha-noi-kh-99-2021"),
     r"thanh-oai-kh-61-2021\.yaml:10: implements: unknown document 'ha-noi-kh-99-2021'"),
    ("parent typo suggests", lambda t: edit(t, PLAN, "implements: ha-noi-hdtdkt-thanh-pho-kh-09-2021", "implements: ha-noi-hdtdkt-thanh-pho-kh-9-2021"),
     r"did you mean 'ha-noi-hdtdkt-thanh-pho-kh-09-2021'"),
    ("chain loops", lambda t: edit(t, CITY, "implements: {ref: thu-tuong-qd-1497-2021", "implements: {ref: thanh-oai-kh-61-2021"),
     r"chain of directives loops: .*thanh-oai-kh-61-2021 → ha-noi-hdtdkt-thanh-pho-kh-09-2021 → thanh-oai-kh-61-2021|loops: ha-noi"),
    ("chain misses root", lambda t: edit(t, CITY, "implements: {ref: thu-tuong-qd-1497-2021, status: unconfirmed, note: Chưa rõ có dẫn số 1497.}", "implements: {ref: chinh-phu-nd-91-2017}"),
     r"ends without reaching QĐ 1497/QĐ-TTg"),
    ("plan without parent", lambda t: edit(t, PLAN, "implements: ha-noi-hdtdkt-thanh-pho-kh-09-2021", "implements: null"),
     r"thanh-oai-kh-61-2021\.yaml:10: implements: expected the id of the directive"),
    ("self reference", lambda t: edit(t, PLAN, "implements: ha-noi-hdtdkt-thanh-pho-kh-09-2021", "implements: thanh-oai-kh-61-2021"),
     r"implements: a document cannot implement itself"),
    ("duplicate id", lambda t: (t / "directives" / PLAN).write_text((t / PLAN).read_text(encoding="utf-8"), encoding="utf-8"),
     r"duplicate id 'thanh-oai-kh-61-2021'"),
    ("impossible date", lambda t: edit(t, PLAN, 'date: "2021-10-26"', 'date: "2021-02-31"'),
     r":4: date: '2021-02-31' is not a real date"),
    ("malformed date", lambda t: edit(t, PLAN, 'date: "2021-10-26"', "date: 26/10/2021"),
     r":4: date: expected a date with its real precision"),
    ("date before parent", lambda t: edit(t, PLAN, 'date: "2021-10-26"', 'date: "2021-08-01"'),
     r":4: date: 2021-08-01 is before 2021-09-23"),
    ("missing required field", lambda t: edit(t, PLAN, "title: Tổ chức thực hiện phong trào thi đua đặc biệt trên địa bàn huyện Thanh Oai\n", ""),
     r"thanh-oai-kh-61-2021\.yaml:1: title: required field is missing"),
    ("unknown field", lambda t: edit(t, PLAN, "place: Thanh Oai", "place: Thanh Oai\nsigned_by: X"),
     r":7: signed_by: unknown field 'signed_by'"),
    ("unknown field typo", lambda t: edit(t, PLAN, "movement:", "movment:"),
     r"unknown field 'movment' \(did you mean 'movement'\?\)"),
    ("wrong level", lambda t: edit(t, PLAN, "level: district", "level: huyen"),
     r":7: issuer\.level: expected one of \"central\", \"province\""),
    ("wrong type", lambda t: edit(t, PLAN, "number: 61/KH-HĐTĐKT", "number: 61"),
     r":2: number: expected text or null; got a number 61 \(put quotes around it\)"),
    ("bad label", lambda t: edit(t, PLAN, 'label: "II."', 'label: "Phần hai"'),
     r"body\[2\]\.label: expected a label as printed"),
    ("body item without text", lambda t: edit(t, PLAN, "        text: Thi đua chân cứng đá mềm, ai ở đâu thì ở đó.\n", ""),
     r"body\[2\]\.children\[0\]: a body item needs a 'title' \(heading\) or a 'text' \(item\)"),
    ("unknown unit", lambda t: edit(t, PLAN, "unit: thanh-oai", "unit: thanh-oi"),
     r":7: issuer\.unit: unknown unit 'thanh-oi' \(did you mean 'thanh-oai'\?\)"),
    ("unknown award", lambda t: edit(t, PLAN, "awards: [bang-khen-thu-tuong,", "awards: [bang-khen-thu-tuongg,"),
     r":14: awards\[0\]: unknown award form 'bang-khen-thu-tuongg'"),
    ("unknown citation", lambda t: edit(t, PLAN, "  - ref: chinh-phu-nd-91-2017", "  - ref: chinh-phu-nd-92-2017"),
     r":12: cites\[0\]: unknown document 'chinh-phu-nd-92-2017'"),
    ("duplicate number", lambda t: edit(t, CITY, "number: 09/KH-HĐTĐKT", "number: 61/KH-HDTDKT"),
     r"number 61/KH-HDTDKT is already used by|number 61/KH-HĐTĐKT is already used by"),
    ("yaml syntax error", lambda t: edit(t, PLAN, "place: Thanh Oai", "place: [Thanh Oai"),
     r"thanh-oai-kh-61-2021\.yaml:\d+: YAML syntax error"),
    ("tab indentation", lambda t: edit(t, PLAN, "    title: NỘI DUNG", "\ttitle: NỘI DUNG"),
     r":\d+: a tab indents this line"),
    ("duplicate key", lambda t: edit(t, PLAN, "place: Thanh Oai", "place: Thanh Oai\nplace: Hà Nội"),
     r":7: place: duplicate key 'place' \(first at line 6\)"),
    ("empty file", lambda t: (t / PLAN).write_text("", encoding="utf-8"),
     r"thanh-oai-kh-61-2021\.yaml:1: the file is empty"),
    ("not utf-8", lambda t: (t / PLAN).write_bytes((t / PLAN).read_text(encoding="utf-8").encode("cp1258", "replace")),
     r"thanh-oai-kh-61-2021\.yaml:\d+: the file is not UTF-8"),
    ("control character", lambda t: edit(t, PLAN, "place: Thanh Oai", "place: Thanh\x07 Oai"),
     r":6: control character U\+0007"),
    ("top level is a list", lambda t: (t / PLAN).write_text("- a\n- b\n", encoding="utf-8"),
     r":1: expected a YAML mapping"),
    ("bad file name", lambda t: (t / PLAN).rename(t / "Thanh Oai.yaml"),
     r"file name 'Thanh Oai.yaml' is not a valid id"),
    ("too long", lambda t: edit(t, PLAN, "place: Thanh Oai", "place: Thanh Oai\nmovement: " + "a" * 20001),
     r"movement: is 20001 characters long"),
    ("root with a parent", lambda t: edit(t, ROOT_DOC, "implements: null", "implements: chinh-phu-nd-91-2017"),
     r"QĐ 1497/QĐ-TTg is the root of the movement"),
    ("orphan record", lambda t: (t / "directives" / "chinh-phu-nq-86-2021.yaml").write_text(
        (t / "directives" / "chinh-phu-nd-91-2017.yaml").read_text(encoding="utf-8").replace("91/2017/NĐ-CP", "86/NQ-CP"), encoding="utf-8"),
     r"chinh-phu-nq-86-2021\.yaml:\d+: implements: this record implements nothing and nothing cites it"),
    ("missing reference file", lambda t: (t / "reference" / "awards.yaml").unlink(),
     r"reference/awards\.yaml: reference file is missing"),
]
# Some mutations produce a duplicate key; keep the file valid elsewhere so only one thing is wrong.
BAD_INPUT[BAD_INPUT.index(next(c for c in BAD_INPUT if c[0] == "too long"))] = (
    "too long", lambda t: edit(t, PLAN, "movement: Toàn dân", "movement: " + "a" * 20001 + " Toàn dân"),
    r"movement: is 20\d\d\d characters long")


@pytest.mark.parametrize("name,mutate,expected", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_names_file_line_and_field(minimal_tree, name, mutate, expected):
    mutate(minimal_tree)
    problems = problems_of(minimal_tree)
    assert any(re.search(expected, p) for p in problems), "\n".join(problems)


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
