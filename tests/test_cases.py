"""Exemplary cases: validation as strict as plans, the scaffold command, the Atom feed."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from archive.errors import ArchiveError
from archive.load import load_archive
from conftest import ROOT
from test_load import edit

CASE = "cases/ha-noi-sieu-thi-0-dong-2021.md"
ATOM = "{http://www.w3.org/2005/Atom}"

BAD_CASES = [
    ("unknown plan reference", lambda t: edit(t, CASE, "under: ha-noi-hdtdkt-thanh-pho-kh-09-2021", "under: ha-noi-kh-10-2021"),
     r"ha-noi-sieu-thi-0-dong-2021\.md:14: under: unknown document 'ha-noi-kh-10-2021'"),
    ("missing source", lambda t: edit(t, CASE, "sources:\n  - url: https://giaoducthoidai.vn/ha-noi-mo-sieu-thi-0-dong-ho-tro-nhung-nguoi-kho-khan-post508659.html\n    publisher: Giáo dục và Thời đại\n", "sources: []\n"),
     r"\.md:16: sources: must not be empty"),
    ("malformed date", lambda t: edit(t, CASE, 'date: "2021-08-01"', 'date: "1/8/2021"'),
     r"\.md:3: date: expected a date with its real precision"),
    ("impossible date", lambda t: edit(t, CASE, 'date: "2021-08-01"', 'date: "2021-02-29"'),
     r"\.md:3: date: '2021-02-29' is not a real date"),
    ("unknown award form", lambda t: edit(t, CASE, "recognition: []", "recognition:\n  - award: bang-khen-thu-tuongg\n    by: Thủ tướng"),
     r"\.md:13: recognition\[0\]\.award: unknown award form 'bang-khen-thu-tuongg' \(did you mean 'bang-khen-thu-tuong'\?\)"),
    ("unknown theme", lambda t: edit(t, CASE, "themes: [y-te-tuyen-dau]", "themes: [y-te]"),
     r"\.md:11: themes\[0\]: unknown theme 'y-te'"),
    ("javascript link in text", lambda t: edit(t, CASE, "Siêu thị phát phiếu", "[bấm](javascript:alert(1)) Siêu thị phát phiếu"),
     r"\.md:21: body: link with scheme 'javascript:'"),
    ("javascript url in source", lambda t: edit(t, CASE, "url: https://giaoducthoidai.vn", "url: javascript://giaoducthoidai.vn"),
     r"\.md:17: sources\[0\]\.url: expected an http\(s\) URL"),
    ("no front matter", lambda t: (t / CASE).write_text("Chỉ có nội dung.\n", encoding="utf-8"),
     r"\.md:1: expected front matter"),
    ("empty recognition without note", lambda t: edit(t, CASE, "recognition_note: Chưa tìm thấy quyết định khen thưởng chính thức; nguồn chỉ nói mô hình được biểu dương.\n", ""),
     r"recognition_note: required when recognition is empty"),
    ("unknown field", lambda t: edit(t, CASE, "published:", "publised:"),
     r"\.md:4: publised: unknown field 'publised' \(did you mean 'published'\?\)"),
    ("empty text", lambda t: edit(t, CASE, "Siêu thị phát phiếu mua hàng cho hộ gia đình gặp khó khăn vì dịch.\n", ""),
     r"body: the text after the front matter is empty"),
]


@pytest.mark.parametrize("name,mutate,expected", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_case_names_file_line_and_field(minimal_tree, name, mutate, expected):
    mutate(minimal_tree)
    with pytest.raises(ArchiveError) as info:
        load_archive(minimal_tree)
    problems = [str(p) for p in info.value.problems]
    assert any(re.search(expected, p) for p in problems), "\n".join(problems)


def test_case_loads_with_its_links(minimal_tree):
    archive = load_archive(minimal_tree)
    case = archive.cases["ha-noi-sieu-thi-0-dong-2021"]
    assert case.unit.province == "Hà Nội" and case.under == "ha-noi-hdtdkt-thanh-pho-kh-09-2021"
    assert case.sources[0].url.startswith("https://")


def scaffold(tmp_path, *args):
    return subprocess.run([sys.executable, "-m", "scripts", "new-case", "--plans", str(tmp_path), *args],
                          cwd=ROOT, capture_output=True, text=True)


def test_new_case_writes_a_template_that_names_every_field(tmp_path):
    result = scaffold(tmp_path, "--id", "ha-noi-thu-2021", "--title", "Thử", "--date", "2021-09-20")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "cases" / "ha-noi-thu-2021.md").read_text(encoding="utf-8")
    for field in ("title:", "date:", "who:", "where:", "themes:", "recognition:", "under:", "sources:"):
        assert field in text
    assert 'date: "2021-09-20"' in text


def test_new_case_never_overwrites(tmp_path):
    (tmp_path / "cases").mkdir()
    existing = tmp_path / "cases" / "ha-noi-thu-2021.md"
    existing.write_text("bài đã viết", encoding="utf-8")
    result = scaffold(tmp_path, "--id", "ha-noi-thu-2021", "--title", "Thử")
    assert result.returncode == 1
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    assert existing.read_text(encoding="utf-8") == "bài đã viết"
    assert [p.name for p in (tmp_path / "cases").iterdir()] == ["ha-noi-thu-2021.md"]


def test_new_case_rejects_a_bad_id(tmp_path):
    result = scaffold(tmp_path, "--id", "Hà Nội", "--title", "Thử")
    assert result.returncode == 1 and "not a valid id" in result.stderr


def test_feed_is_valid_atom(site_dir, archive):
    """RFC 4287: feed id, title, updated, author; each entry id, title, updated, link; unique ids; dates."""
    root = ET.parse(site_dir / "guong-dien-hinh" / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(archive.cases) > 0
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for e in entries:
        assert e.findtext(f"{ATOM}title") and stamp.match(e.findtext(f"{ATOM}updated"))
        href = e.find(f"{ATOM}link").get("href")
        assert (site_dir / "guong-dien-hinh" / href / "index.html").exists(), href
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert published == sorted(published, reverse=True)
