"""In headless Chromium: navigation along the chain, and search through its contract."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

VECTORS = json.loads((ROOT / "tests" / "vectors" / "text.json").read_text(encoding="utf-8"))["cases"]


def results(page, site_url, query: str) -> list[str]:
    """Hrefs of the results for `query`, best first, through the tim-kiem/?q= contract."""
    page.goto(f"{site_url}tim-kiem/?q={quote(query)}")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    return page.eval_on_selector_all("#search-results a.search-result", "els => els.map(e => e.getAttribute('href'))")


def test_plan_page_chain_leads_to_qd_1497(page, site_url):
    page.goto(site_url + "van-ban/hai-duong-ubnd-huyen-tu-ky-kh-2021/")
    chain = page.locator("nav.doc-chain a")
    assert chain.all_inner_texts() == ["QĐ 1497/QĐ-TTg", "KH 3396/KH-UBND"]
    chain.nth(1).click()
    page.wait_for_url("**/van-ban/hai-duong-ubnd-tinh-kh-3396-2021/")
    assert "UBND huyện Tứ Kỳ" in page.locator("#van-ban-thuc-hien + ul").inner_text()
    page.locator("nav.doc-chain a").first.click()
    page.wait_for_url("**/van-ban/thu-tuong-qd-1497-2021/")
    assert page.locator("h1").inner_text().startswith("Quyết định số 1497/QĐ-TTg")
    implementers = page.locator("#van-ban-thuc-hien + ul a").all_inner_texts()
    assert len(implementers) == 5 and any("Hải Phòng" in t for t in implementers)


def test_hierarchy_diagram_links_to_plans(page, site_url):
    page.goto(site_url + "he-thong/")
    boxes = page.locator("svg.hierarchy a.plan")
    assert boxes.count() == 5
    boxes.first.click()
    page.wait_for_selector("nav.doc-chain")
    assert "/van-ban/" in page.url


def test_vectors_match_in_javascript(page, site_url):
    """The browser's normalizer gives the same keys as the Python one (tests/test_text.py)."""
    page.goto(site_url + "tim-kiem/")
    got = page.evaluate("cases => cases.map(c => [viText.searchKeys(c.input), viText.fold(c.input)])", VECTORS)
    for case, (keys, folded) in zip(VECTORS, got):
        assert keys == case["keys"], case["input"]
        assert folded == case["fold"], case["input"]


@pytest.mark.parametrize("query,expected_first", [
    ("phòng, chống dịch", "phong chong dich"),
    ("phong chong dich", "phong chong dich"),
    ("91/2017/NĐ-CP", "van-ban/chinh-phu-nd-91-2017/"),
    ("91/2017/nd-cp", "van-ban/chinh-phu-nd-91-2017/"),
    ("1497/QĐ-TTg", "van-ban/thu-tuong-qd-1497-2021/"),
    ("Vũ Thị Hà", "van-ban/hai-duong-ubnd-huyen-tu-ky-kh-2021/"),
    ("vu thi ha", "van-ban/hai-duong-ubnd-huyen-tu-ky-kh-2021/"),
    ("Nguyễn Văn Nầy", "van-ban/tra-vinh-so-tttt-kh-2021/"),
    ("61/KH-HĐTĐKT", "van-ban/ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021/"),
])
def test_search_finds_with_and_without_diacritics(page, site_url, query, expected_first):
    """expected_first: the first result's link, or for a phrase the words its snippet must hold in a row."""
    from thidua.text import fold

    hrefs = results(page, site_url, query)
    assert hrefs, f"no result for {query!r}"
    if expected_first.startswith("van-ban/"):
        assert expected_first in hrefs[0], hrefs[:3]
    else:
        snippet = page.locator("#search-results a.search-result .search-result__snippet").first.inner_text()
        assert expected_first in " ".join(fold(snippet).replace(",", " ").split()), snippet


def test_unaccented_query_finds_what_accented_finds(page, site_url):
    accented = results(page, site_url, "khu cách ly tập trung")
    plain = results(page, site_url, "khu cach ly tap trung")
    assert accented and set(accented) == set(plain)


def test_either_tone_style_gives_the_same_results(page, site_url):
    assert results(page, site_url, "hoà") == results(page, site_url, "hòa") != []
    assert results(page, site_url, "thuỷ") == results(page, site_url, "thủy")


def test_exact_diacritics_rank_first(page, site_url):
    """"Phòng" (the office) and "phòng" (prevent) fold alike; a query with marks prefers its own."""
    first = results(page, site_url, "sức khỏe")[0]
    page.goto(site_url + first.lstrip("/") if not first.startswith("http") else first)
    assert "sức khỏe" in page.content().lower()


def test_quoted_phrase_requires_adjacent_words(page, site_url):
    loose = results(page, site_url, "chan cung")
    phrase = results(page, site_url, '"chan cung"')
    # Trà Vinh's plan holds both words unaccented ("ngăn chặn", "cung cấp"), apart: found loosely, not as
    # the phrase; Tứ Kỳ's says "chân cứng đá mềm".
    assert any("tra-vinh-so-tttt-kh-2021" in h for h in loose)
    assert not any("tra-vinh-so-tttt-kh-2021" in h for h in phrase)
    assert any("hai-duong-ubnd-huyen-tu-ky-kh-2021" in h for h in phrase)
    # Typed with their marks, the words are those words: "chặn" is not "chân".
    assert not any("tra-vinh-so-tttt-kh-2021" in h for h in results(page, site_url, "chân cứng"))
    page.goto(site_url + "tim-kiem/?q=" + quote('"chân cứng đá mềm"'))
    page.wait_for_selector('#search-results[aria-busy="false"]')
    snippets = page.locator("#search-results a.search-result").all_inner_texts()
    assert snippets and all("chân cứng đá mềm" in s.lower() or "chan cung da mem" in s.lower() for s in snippets[:3])


def test_abbreviations_work_both_ways(page, site_url):
    assert results(page, site_url, "MTTQ")
    assert set(results(page, site_url, "ủy ban nhân dân huyện Tứ Kỳ")) & set(results(page, site_url, "UBND huyện Tứ Kỳ"))


def test_no_results_message_and_escaped_query(page, site_url):
    query = '<img src=qqq onerror=zzzq> xyzzyq'  # no word of it in the archive, not even one ("x", "1" are)
    assert results(page, site_url, query) == []
    summary = page.locator("#search-summary").inner_text()
    assert "Không tìm thấy" in summary and "<img" in summary


def test_filters_narrow_results(page, site_url):
    page.goto(site_url + "tim-kiem/?q=" + quote("thi đua"))
    page.wait_for_selector('#search-results[aria-busy="false"]')
    before = page.locator("#search-results a.search-result").count()
    page.select_option("#filter-province", "Trà Vinh")
    page.wait_for_selector('#search-results[aria-busy="false"]')
    after = page.locator("#search-results a.search-result").all_inner_texts()
    assert 0 < len(after) < before
    assert "province=Tr%C3%A0+Vinh" in page.url or "province=Tr%C3%A0%20Vinh" in page.url


def test_header_box_shows_results_while_typing_and_enter_opens_page(page, site_url):
    page.goto(site_url)
    box = page.locator("#archive-search-input")
    box.click()
    box.type("chan cung da me", delay=20)
    page.wait_for_selector("#archive-suggest a.archive-suggest__item")
    assert "mềm" in page.locator("#archive-suggest").inner_text()
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert "chân cứng đá mềm" in page.locator("article").inner_text()
    page.goto(site_url)
    page.locator("#archive-search-input").fill("Điều 55")
    page.locator("#archive-search-input").press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    page.wait_for_selector('#search-results[aria-busy="false"]')
    assert page.locator("#search-results a.search-result").count() > 0


def test_result_links_land_on_the_matching_section(page, site_url):
    hrefs = results(page, site_url, "Điều 55")
    index = next(i for i, h in enumerate(hrefs) if "#" in h)
    page.locator("#search-results a.search-result").nth(index).click()
    page.wait_for_url("**/van-ban/**#muc-*")
    anchor = page.url.split("#", 1)[1]
    section = page.evaluate("""id => {
        let el = document.getElementById(id), text = el.innerText;
        for (let n = el.nextElementSibling; n && !/^H[1-6]$/.test(n.tagName); n = n.nextElementSibling) text += " " + n.innerText;
        return text; }""", anchor)
    assert "điều 55" in section.lower()


def test_practice_links_land_on_the_section_that_names_it(page, site_url, site_dir, archive):
    """Every deep link on every practice page (its summary and its pages by province) opens a section whose text holds the practice."""
    import re
    from collections import defaultdict

    from thidua.text import fold

    targets = defaultdict(list)
    for practice in archive.practices.values():
        for page_file in (site_dir / "thuc-tien" / practice.key).rglob("index.html"):
            html = page_file.read_text(encoding="utf-8")
            for href in re.findall(r'href="(?:\.\./)+van-ban/([^"/]+)/#([^"]+)"', html):
                targets[href[0]].append((href[1], practice))
    assert sum(map(len, targets.values())) > 20
    for doc_id, anchors in targets.items():
        page.goto(f"{site_url}van-ban/{doc_id}/")
        for anchor, practice in anchors:
            text = page.evaluate("""id => {
                let el = document.getElementById(id); if (!el) return null;
                let text = el.innerText;
                if (/^H[1-6]$/.test(el.tagName))
                    for (let n = el.nextElementSibling; n && !/^H[1-6]$/.test(n.tagName); n = n.nextElementSibling) text += " " + n.innerText;
                return text; }""", anchor)
            assert text is not None, f"{doc_id}#{anchor} does not exist"
            flat = " ".join(re.findall(r"\w+", fold(text)))
            assert any(" ".join(re.findall(r"\w+", fold(p))) in flat for p in practice.patterns), (doc_id, anchor, practice.name)


def test_from_a_directive_to_its_cases_and_back(page, site_url):
    page.goto(site_url + "van-ban/thu-tuong-qd-1497-2021/")
    cases = page.locator("#guong-dien-hinh + ul a")
    assert cases.count() >= 3
    title = cases.first.inner_text()
    cases.first.click()
    page.wait_for_url("**/guong-dien-hinh/*/")
    assert page.locator("h1").inner_text().startswith(title)
    assert page.locator("#nguon + ul a").count() >= 1
    page.locator(".doc-card a", has_text="Quyết định số 1497/QĐ-TTg").click()
    page.wait_for_url("**/van-ban/thu-tuong-qd-1497-2021/")


def test_case_listing_filters_by_province(page, site_url):
    page.goto(site_url + "guong-dien-hinh/")
    total = page.locator(".case-item").count()
    page.select_option("[data-filter=province]", "Hồ Chí Minh")
    visible = page.locator(".case-item:not([hidden])")
    assert 0 < visible.count() < total
    assert all("Hồ Chí Minh" in t for t in visible.all_inner_texts())


def test_cases_and_practices_are_found_by_search_and_filtered_by_kind(page, site_url):
    hrefs = results(page, site_url, "atm gao")
    assert hrefs and "guong-dien-hinh/tphcm-atm-gao-hoang-tuan-anh-2020/" in hrefs[0]
    hrefs = results(page, site_url, "4 tại chỗ")
    assert any("thuc-tien/" in h for h in hrefs[:3])
    page.goto(site_url + "tim-kiem/?q=" + quote("y tế tuyến đầu"))
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    page.select_option("#filter-type", "case")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    shown = page.eval_on_selector_all("#search-results a.search-result", "els => els.map(e => e.getAttribute('href'))")
    assert shown and all("guong-dien-hinh/" in h for h in shown)


def test_a_theme_page_searches_within_its_own_passages(page, site_url):
    """The box on a theme's province page searches that theme's passages in that province only."""
    def plan(href):  # the plan a link leads to, or the link itself (a case, a practice)
        return href.split("#")[0].rsplit("van-ban/", 1)[-1]

    page.goto(site_url + "chu-de/tiem-chung/ha-noi/")
    listed = {plan(h) for h in page.eval_on_selector_all("article a[href*='van-ban/']", "els => els.map(e => e.href)")}
    everywhere = results(page, site_url, "tiêm")
    assert any(plan(h) not in listed for h in everywhere), "the test needs results elsewhere"
    page.goto(site_url + "chu-de/tiem-chung/ha-noi/")
    box = page.locator("article form.search-form input[name=q]")
    assert box.get_attribute("aria-label") == "Tìm trong các đoạn thuộc Tiêm chủng vắc xin của Hà Nội"
    box.fill("tiêm")
    with page.expect_navigation():
        box.press("Enter")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    assert page.input_value("#filter-topic") == "chu-de/tiem-chung" and page.input_value("#filter-province") == "Hà Nội"
    shown = page.eval_on_selector_all("#search-results a.search-result", "els => els.map(e => e.href)")
    assert shown and all(plan(h) in listed for h in shown), shown


def test_telex_typed_without_an_input_method_finds_the_plan_and_says_so(page, site_url):
    hrefs = results(page, site_url, "chaan cuwngs ddas meemf")
    assert any("hai-duong-ubnd-huyen-tu-ky-kh-2021" in h for h in hrefs[:2]), hrefs[:3]  # after the practice page
    note = page.locator("#search-note")
    assert note.is_visible() and "Đã tìm theo: chân cứng đá mềm" in note.inner_text()


def test_corrected_search_offers_the_literal_one(page, site_url):
    assert results(page, site_url, "khu cachh ly tap trung"), "the typo is forgiven"
    link = page.locator("#search-note a.search-note__literal")
    assert "khu cachh ly tap trung" in link.inner_text()
    link.click()
    page.wait_for_url("**chinh-xac=1**")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    assert page.locator("#search-results a.search-result").count() == 0
    assert "Không tìm thấy" in page.locator("#search-summary").inner_text()
    assert "Đã tìm theo" not in page.locator("#search-note").inner_text()


def test_typo_tolerance_ranks_the_exact_word_first(page, site_url):
    """'tuyệt' is in one section; words one letter away ('tuyên', 'quyết') fill in after it."""
    hrefs = results(page, site_url, "tuyệt")
    snippets = page.locator("#search-results a.search-result .search-result__snippet").all_inner_texts()
    assert len(hrefs) > 1
    assert "tuyệt" in snippets[0].lower()
    assert not any("tuyệt" in s.lower() for s in snippets[1:])
    assert "được tìm theo" in page.locator("#search-note").inner_text()


def test_no_section_with_every_word_shows_those_with_most_words_the_missing_struck_through(page, site_url):
    hrefs = results(page, site_url, "bluezone xyzzy")
    assert any("ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021" in h for h in hrefs)
    note = page.locator("#search-note .search-note__incomplete")
    assert "Không có mục nào chứa đủ các từ; các kết quả dưới đây chứa phần lớn các từ: bluezone xyzzy" in note.inner_text()
    assert note.locator("s").all_inner_texts() == ["xyzzy"]
    lacks = page.locator("#search-results a.search-result .search-result__missing").first
    assert lacks.inner_text() == "Không có: xyzzy" and lacks.locator("s").count() == 1


def test_a_question_finds_the_plan_that_answers(page, site_url):
    hrefs = results(page, site_url, "huyện nào dùng bluezone")
    plans = [h for h in hrefs if "/van-ban/" in h]
    assert "ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021/#" in plans[0], plans[:3]


def test_a_section_saying_most_of_a_question_in_a_row_ranks_before_scattered_full_matches(page, site_url):
    """Thanh Oai says "tổ Covid - 19 cộng đồng" but not "lập"; other sections hold all five words apart."""
    hrefs = results(page, site_url, "nơi nào lập tổ covid cộng đồng")
    assert "ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021/#muc-iv-3" in hrefs[0], hrefs[:3]
    assert len(hrefs) > 3, "the sections holding every word still follow"
    lacks = page.locator("#search-results a.search-result").first.locator(".search-result__missing")
    assert lacks.inner_text() == "Không có: lập"
    note = page.locator("#search-note .search-note__stretch")
    assert note.inner_text().startswith("Kết quả thứ 1 không chứa đủ các từ nhưng có liền nhau các từ còn lại")
    assert note.locator("s").all_inner_texts() == ["lập"]


def test_a_short_slipped_syllable_is_read_by_its_neighbour(page, site_url):
    hrefs = results(page, site_url, "Thanh Oia")
    assert "ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021" in hrefs[0]
    assert "Đã tìm theo: thanh oai" in page.locator("#search-note").inner_text()


def test_nothing_found_suggests_the_nearest_words(page, site_url):
    assert results(page, site_url, "chân dichhh")  # sections with "chân", the rest struck through
    suggestion = page.locator("#search-note a.search-note__suggestion").first
    assert suggestion.inner_text().startswith("chân ")
    suggestion.click()
    page.wait_for_url("**q=ch**")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    assert page.locator("#search-results a.search-result").count() > 0


def test_variant_spellings_find_each_other(page, site_url):
    assert any("ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021" in h for h in results(page, site_url, "test nhanh"))
    found = results(page, site_url, "vắcxin")  # written neither way in the plans
    assert any("ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021" in h for h in found)  # "vắc-xin"
    assert any("hai-duong-ubnd-huyen-tu-ky-kh-2021" in h for h in found)  # "vắc xin"
    assert page.locator("#search-note").is_hidden(), "a variant is not a correction"


def test_a_slip_that_makes_another_word_is_read_by_the_phrase_the_archive_holds(page, site_url):
    """"chọ" is a syllable too, but "chọn tổ dân phố" is what the archive says."""
    results(page, site_url, "chọ tổ dân phố")
    snippets = page.locator("#search-results a.search-result .search-result__snippet").all_inner_texts()
    assert "chọn tổ dân phố" in snippets[0].lower(), snippets[:2]
    assert "Đã tìm theo: chọn tổ dân phố" in page.locator("#search-note").inner_text()


def test_the_section_saying_the_words_in_a_row_comes_before_a_short_one_with_them_apart(page, site_url):
    results(page, site_url, "xet nghiem nhanh")
    snippets = page.locator("#search-results a.search-result .search-result__snippet").all_inner_texts()
    assert "xét nghiệm nhanh" in snippets[0].lower(), snippets[:2]


def test_the_results_come_before_the_theme_script_which_then_works(page, site_url):
    # The theme's script (Material's bundle) starts up for tens of milliseconds on the page's
    # one thread: on the results page it is asked for only once the first results are drawn.
    page.add_init_script("""new MutationObserver(() => {
      if (!window.__firstResult && document.querySelector('#search-results a.search-result')) window.__firstResult = performance.now();
    }).observe(document, { subtree: true, childList: true });""")
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"{site_url}tim-kiem/?q={quote('phong chong dich')}")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    page.wait_for_function("performance.getEntriesByType('resource').some(e => /bundle\\.[0-9a-f]+\\.min\\.js$/.test(e.name))")
    asked = page.evaluate("performance.getEntriesByType('resource').find(e => /bundle\\.[0-9a-f]+\\.min\\.js$/.test(e.name)).startTime")
    assert asked >= page.evaluate("window.__firstResult")
    # And the theme works once it has run: scrolling back up brings the "back to top" button.
    top = page.locator(".md-top")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -400)
    top.wait_for(state="visible")
    top.click()
    page.wait_for_function("window.scrollY === 0")
