"""A plan page printed (to PDF in Chromium, read back with pdftotext) and "Cite this"."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest

from conftest import SITE_URL

PLAN = "van-ban/ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021/"


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.browser
def test_plan_page_prints_the_document_without_navigation(page, site_url, archive, tmp_path):
    doc = archive.documents["ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021"]
    page.goto(site_url + PLAN)
    pdf = tmp_path / "ke-hoach.pdf"
    page.pdf(path=str(pdf), format="A4")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (Debian poppler-utils) is installed by make test"
    text = _words(subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    # The chain, the metadata card, the whole text, the signature.
    assert "QĐ 1497/QĐ-TTg › KH 09/KH-HĐTĐKT › KH 61/KH-HĐTĐKT" in text
    for label in ("Số, ký hiệu 61/KH-HĐTĐKT", "Ngày ban hành 26/10/2021", "Cơ quan ban hành", "Người ký"):
        assert label in text, label
    # Compared without spaces: a line may break after a hyphen ("Covid -" / "19").
    bare = re.sub(r"\s+", "", text)
    missing = [n.anchor for n in doc.iter_nodes() if n.text and re.sub(r"\s+", "", n.text) not in bare]
    assert not missing, f"body items not printed: {missing[:5]}"
    assert "Nguyễn Khánh Bình" in text and "Nơi nhận" in text
    assert "Trích dẫn văn bản này" in text
    # No navigation, search or buttons.
    for chrome in ("Tìm kiếm trong kho", "Tìm kiếm: có dấu", "Dữ liệu mở", "Giới thiệu", "Theo cấp", "Sao chép trích dẫn", "¶"):
        assert chrome not in text, chrome


@pytest.mark.browser
def test_cite_this_gives_a_vietnamese_citation_and_copies_it(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(site_url + PLAN)
    box = pg.locator("[data-cite]")
    assert box.locator("a[data-cite-url]").inner_text() == SITE_URL + PLAN
    citation = _words(box.locator("[data-cite-text]").inner_text())
    d = datetime.date.today()
    assert citation == (
        "Hội đồng Thi đua - Khen thưởng huyện Thanh Oai (2021), Kế hoạch số 61/KH-HĐTĐKT ngày 26/10/2021, "
        "“Tổ chức thực hiện phong trào thi đua đặc biệt “Toàn dân đoàn kết, chung sức thi đua phòng, chống và "
        "chiến thắng đại dịch Covid - 19” trên địa bàn huyện Thanh Oai”, Kho kế hoạch thi đua đặc biệt 2021, "
        f"{SITE_URL}{PLAN}, truy cập ngày {d.day}/{d.month}/{d.year}.")
    box.get_by_role("button", name="Sao chép trích dẫn").click()
    pg.wait_for_function("document.querySelector('[data-cite-status]').textContent !== ''")
    assert box.locator("[data-cite-status]").inner_text() == "Đã sao chép trích dẫn."
    assert pg.evaluate("navigator.clipboard.readText()") == citation
    context.close()
    assert not errors


def test_permanent_url_does_not_change_when_the_title_is_corrected(minimal_tree):
    from thidua.graph import Graph
    from thidua.publish.seo import page_head
    from thidua.sources import load_archive

    def cite():
        graph = Graph(load_archive(minimal_tree))
        return page_head(graph, SITE_URL, "Kho")["van-ban/thanh-oai-kh-61-2021.md"]["cite"]

    before = cite()
    source = minimal_tree / "thanh-oai-kh-61-2021.yaml"
    text = source.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M).group(1)
    source.write_text(text.replace(f"title: {title}", "title: Tiêu đề đã hiệu đính"), encoding="utf-8")
    after = cite()
    assert after["url"] == before["url"] == SITE_URL + "van-ban/thanh-oai-kh-61-2021/"
    assert "Tiêu đề đã hiệu đính" in after["before"] and before["before"] != after["before"]
