"""Exemplary cases: validation as strict as plans, the scaffold command, the Atom feed."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from thidua.sources import load_archive
from conftest import ROOT, SITE_URL

ATOM = "{http://www.w3.org/2005/Atom}"


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
        assert href.startswith(SITE_URL)  # absolute: feed readers resolve relative links wrongly
        assert (site_dir / href[len(SITE_URL):] / "index.html").exists(), href
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert published == sorted(published, reverse=True)
