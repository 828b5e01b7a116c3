"""What a reader sees is Vietnamese: the provenance notes and corrections of every plan, and
the original offered for download instead of being named by a file path."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import PLANS_DIR

ENGLISH = re.compile(r"\b(the|and|kept|printed|read as|was|were|from|with|which|not|line|item|heading)\b", re.I)


class _Section(HTMLParser):
    """Text and links of the "Nguồn văn bản và hiệu đính" section of a plan page."""

    def __init__(self):
        super().__init__()
        self.inside, self.text, self.links = False, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2":
            self.inside = a.get("id") == "nguon-van-ban"
        if self.inside and tag == "a" and a.get("href"):
            self.links.append(a["href"])

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)


def test_provenance_is_in_vietnamese_and_the_original_is_offered(site_dir, archive):
    for doc in archive.plans:
        section = _Section()
        section.feed((site_dir / "van-ban" / doc.id / "index.html").read_text(encoding="utf-8"))
        text = " ".join(section.text)
        assert "Các chỉnh sửa so với bản gốc" in text or not doc.provenance.corrections
        # Quoted words of the original (OCR misreadings) may look like anything; the prose around them may not.
        prose = re.sub(r"“[^”]*”|'[^']*'|\"[^\"]*\"", "", text)
        assert not ENGLISH.findall(prose), (doc.id, ENGLISH.findall(prose)[:10])
        assert "originals/" not in text and ".txt" not in text
        assert "ban-goc.txt" in section.links, doc.id
        published = (site_dir / "van-ban" / doc.id / "ban-goc.txt").read_bytes()
        assert published == (PLANS_DIR / doc.provenance.source).read_bytes()


def test_hai_phong_page_explains_the_ocr_restoration_in_vietnamese(site_dir):
    html = (site_dir / "van-ban" / "hai-phong-ubnd-thanh-pho-kh-2021" / "index.html").read_text(encoding="utf-8")
    assert "bản quét, chữ nhận dạng bằng OCR" in html
    assert "khôi phục thủ công" in html and "Cách đọc (chưa chắc chắn)" in html
    assert "Reading choice" not in html and "Class:" not in html


def test_counts_are_written_with_vietnamese_thousands_dots():
    from thidua.pages.markdown import count

    assert [count(n) for n in (0, 999, 1000, 12009, 1234567)] == ["0", "999", "1.000", "12.009", "1.234.567"]
