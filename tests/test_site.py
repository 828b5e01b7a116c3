"""The built site: strict build, every page and link, open data."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from conftest import ENV, MKDOCS, ROOT, project_copy

PLAN_IDS = sorted(p.stem for p in (ROOT / "plans").glob("*.yaml"))
ROOT_ID = "thu-tuong-qd-1497-2021"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("link", "script", "img") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a.get("src"))


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_internal_link_and_anchor_resolves(site_dir):
    pages = {p: _parse(p) for p in site_dir.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        base = "http://site/" + str(page.relative_to(site_dir))
        for href in parsed.links:
            url = urlparse(urljoin(base, href))
            if url.scheme in ("http", "https") and url.netloc != "site":
                continue  # sources on other sites: not fetched here
            if url.scheme not in ("http", "https"):
                broken.append((page, href, "not an http(s) link"))
                continue
            target = site_dir / unquote(url.path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((page, href, "no such file"))
            elif url.fragment and target.suffix == ".html" and not url.fragment.startswith("/"):  # "#/…": the desk's routes
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append((page, href, "no such anchor"))
    assert not broken, "\n".join(f"{p.relative_to(site_dir)}: {h} ({why})" for p, h, why in broken[:30])


def test_a_page_for_every_document_and_view(site_dir, archive):
    for doc_id in archive.documents:
        assert (site_dir / "van-ban" / doc_id / "index.html").exists(), doc_id
    for path in ["index.html", "van-ban/index.html", "he-thong/index.html", "tinh/index.html", "tinh/hai-duong/index.html",
                 "tinh/quang-ngai/index.html", "tinh/ha-noi/index.html", "tinh/tra-vinh/index.html", "tinh/hai-phong/index.html",
                 "cap/index.html", "cap/huyen-thi-xa/index.html", "khen-thuong/index.html", "tim-kiem/index.html", "du-lieu/index.html"]:
        assert (site_dir / path).exists(), path


def test_plan_page_shows_body_chain_and_signature(site_dir):
    html = (site_dir / "van-ban" / "ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021" / "index.html").read_text(encoding="utf-8")
    assert 'id="muc-i"' in html and 'id="muc-iv-3"' in html
    assert "Nguyễn Khánh Bình" in html and "KT. CHỦ TỊCH" in html
    assert 'href="../thu-tuong-qd-1497-2021/"' in html
    assert "Nơi nhận" in html and "Lưu: VT, NV.(H.05)" in html


def test_home_page_counts_the_archive(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Kế hoạch có toàn văn</a></td>\s*<td>5</td>", html)
    assert '<html lang="vi"' in html


def test_documents_json_describes_every_document(site_dir, archive):
    records = json.loads((site_dir / "du-lieu" / "van-ban.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in records}
    assert set(by_id) == set(archive.documents)
    root = by_id[ROOT_ID]
    assert root["implements"] is None and root["number"] == "1497/QĐ-TTg" and root["date"] == "2021-09-10"
    assert root["level"] == "central" and root["full_text"] is False
    for plan_id in PLAN_IDS:
        r = by_id[plan_id]
        assert r["full_text"] is True
        assert r["url"] == f"van-ban/{plan_id}/"
        assert r["implements"] in by_id
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", r["date"])
    thanh_oai = by_id["ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021"]
    assert thanh_oai == {**thanh_oai, "number": "61/KH-HĐTĐKT", "date": "2021-10-26", "level": "district",
                         "province": "Hà Nội", "signer": "Nguyễn Khánh Bình",
                         "implements": "ha-noi-hdtdkt-thanh-pho-kh-09-2021"}
    assert "Bằng khen của Thủ tướng Chính phủ" in thanh_oai["awards"]
    assert "chinh-phu-nd-91-2017" in thanh_oai["cites"]
    duc_pho = by_id["quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-09"]
    assert duc_pho["number"] is None and duc_pho["date"] == "2021-09" and duc_pho["province"] == "Quảng Ngãi"


def test_documents_csv_opens_in_excel(site_dir):
    raw = (site_dir / "du-lieu" / "van-ban.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))
    assert list(rows[0]) == ["id", "url", "kind", "number", "date", "issuer", "level", "province", "title", "signer",
                             "implements", "cites", "awards", "full_text"]
    assert any(r["issuer"] == "UBND huyện Tứ Kỳ" and r["full_text"] == "true" for r in rows)


def test_no_page_loads_anything_from_another_host(site_dir):
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "unpkg.com" not in html and "cdn.jsdelivr" not in html, page


def test_failed_build_leaves_the_last_good_site(tmp_path):
    """`make build` builds elsewhere and swaps: a bad source leaves site/ as it was."""
    work = tmp_path / "repo"
    project_copy(work)
    (work / "site").mkdir()
    (work / "site" / "index.html").write_text("last good site", encoding="utf-8")
    bad = work / "plans" / "hai-phong-ubnd-thanh-pho-kh-2021.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace('date: "2021"', 'date: "2021-02-30"'), encoding="utf-8")
    result = subprocess.run(["make", "build"], cwd=work, capture_output=True, text=True)
    assert result.returncode != 0
    assert "plans/hai-phong-ubnd-thanh-pho-kh-2021.yaml" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (work / "site" / "index.html").read_text(encoding="utf-8") == "last good site"


def test_hand_written_page_is_never_overwritten(tmp_path):
    """A docs/ file at a generated path stops the build instead of being replaced."""
    work = tmp_path / "repo"
    project_copy(work, "tests")
    (work / "docs" / "he-thong").mkdir()
    (work / "docs" / "he-thong" / "index.md").write_text("# Viết tay\n", encoding="utf-8")
    result = subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(tmp_path / "out")],
                            cwd=work, capture_output=True, text=True, env=ENV)
    assert result.returncode != 0
    assert "docs/he-thong/index.md is written by hand" in result.stdout + result.stderr
    assert (work / "docs" / "he-thong" / "index.md").read_text(encoding="utf-8") == "# Viết tay\n"


def test_pages_fetch_the_search_as_one_script_built_from_its_modules(site_dir):
    """One request for the search's scripts (each module stays its own file in the source, tested alone)."""
    from thidua.publish.search_browser import BUNDLE, SCRIPTS

    bundle = (site_dir / BUNDLE).read_text(encoding="utf-8")
    folder = ROOT / "overrides" / "assets" / "javascripts"
    at = [bundle.index((folder / name).read_text(encoding="utf-8").rstrip()) for name in SCRIPTS]
    assert at == sorted(at), "in the order they need each other"
    for page in ("tim-kiem/index.html", "index.html"):
        html = (site_dir / page).read_text(encoding="utf-8")
        scripts = re.findall(r"assets/javascripts/([\w.-]+\.js)", html)
        assert "search.js" in scripts and not set(scripts) & set(SCRIPTS), (page, scripts)
