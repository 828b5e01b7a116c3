"""The hierarchy page's tree in headless Chromium: folded by province, each branch fetched only
when opened, units found by name without diacritics, by keyboard, and without JavaScript."""

from __future__ import annotations

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
TREE_DATA = "/he-thong/cay/"


def branch_toggle(page, province: str):
    return page.locator(f'li[data-tree]:has(> a:text-is("{province}")) > button')


def test_opening_a_province_fetches_only_its_branch(page, site_url):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url.split(TREE_DATA, 1)[1]) if TREE_DATA in r.url else None)
    page.goto(site_url + "he-thong/")
    page.wait_for_load_state("networkidle")
    assert fetched == [], "nothing is fetched before a branch is opened"
    toggle = branch_toggle(page, "Hải Dương")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    page.keyboard.press("Enter")  # a button: the keyboard opens it as a click does
    plan = page.locator('li[data-tree] a:has-text("Kế hoạch số 3396/KH-UBND")')
    plan.wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert fetched == ["hai-duong.json"]
    # One level further down: the province plan's implementers, from the same file.
    inner = page.locator('li:has(> a:has-text("Kế hoạch số 3396/KH-UBND")) > button')
    inner.press("Space")
    page.locator('a:has-text("Kế hoạch của UBND huyện Tứ Kỳ")').click()
    page.wait_for_url("**/van-ban/hai-duong-ubnd-huyen-tu-ky-kh-2021/")
    assert fetched == ["hai-duong.json"]


def test_closing_a_branch_hides_it_and_reopening_fetches_nothing(page, site_url):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if TREE_DATA in r.url else None)
    page.goto(site_url + "he-thong/")
    toggle = branch_toggle(page, "Trà Vinh")
    toggle.click()
    plan = page.locator('li[data-tree] a:has-text("Kế hoạch số 85/KH-UBND")')
    plan.wait_for()
    toggle.click()
    assert not plan.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert plan.is_visible() and len(fetched) == 1


def test_a_link_to_a_province_branch_opens_it(page, site_url):
    page.goto(site_url + "he-thong/#tinh-quang-ngai")
    page.locator('li[data-tree] a:has-text("Quyết định số 1477/QĐ-UBND")').wait_for()
    assert branch_toggle(page, "Quảng Ngãi").get_attribute("aria-expanded") == "true"


@pytest.mark.parametrize("typed,found,lands_on", [
    ("tu ky", "UBND huyện Tứ Kỳ", "tinh/hai-duong/#tu-ky"),
    ("ha noi", "Thành phố Hà Nội", "tinh/ha-noi/"),
    ("SO THONG TIN", "Sở Thông tin và Truyền thông", "tinh/tra-vinh/#so-nganh"),
])
def test_typing_a_unit_name_without_diacritics_finds_it(page, site_url, typed, found, lands_on):
    page.goto(site_url + "he-thong/")
    page.get_by_label("Tìm cơ quan, đơn vị ban hành").type(typed, delay=20)
    result = page.locator(f'#unit-tree-results a:text-is("{found}")')
    result.wait_for()
    assert "đơn vị" in page.locator(".unit-tree__status").inner_text()
    result.click()
    page.wait_for_url(site_url + lands_on)
    if "#" in lands_on:  # the heading of the unit's documents, which name it
        section = page.evaluate("""id => {
            let el = document.getElementById(id), text = el.innerText;
            for (let n = el.nextElementSibling; n && !/^H[1-3]$/.test(n.tagName); n = n.nextElementSibling) text += " " + n.innerText;
            return text; }""", lands_on.split("#")[1])
        assert found in section


def test_names_matching_by_themselves_come_before_their_provinces_units(page, site_url):
    page.goto(site_url + "he-thong/")
    page.get_by_label("Tìm cơ quan, đơn vị ban hành").fill("hai duong")
    page.locator("#unit-tree-results a").first.wait_for()
    found = page.locator("#unit-tree-results li").all_inner_texts()
    own = [i for i, text in enumerate(found) if "Hải Dương" in text.split(" — ")[0]]
    through_province = [i for i, text in enumerate(found) if text.endswith(" — Hải Dương")]
    assert own and through_province and max(own) < min(through_province), found
    # Words match from their start: "ong" is inside Phòng, Dương, Thông, but begins none of them.
    page.get_by_label("Tìm cơ quan, đơn vị ban hành").fill("ong")
    page.locator(".unit-tree__status:has-text('Không thấy')").wait_for()


def test_a_name_that_is_not_there_says_so(page, site_url):
    page.goto(site_url + "he-thong/")
    page.get_by_label("Tìm cơ quan, đơn vị ban hành").fill("xyzzy")
    page.locator(".unit-tree__status:has-text('Không thấy')").wait_for()
    assert page.locator("#unit-tree-results a").count() == 0


def test_without_javascript_the_provinces_are_links_to_their_pages(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "he-thong/")
    provinces = page.locator("li[data-tree] > a")
    assert provinces.count() == 5 and page.locator(".unit-tree button, #unit-tree-query").count() == 0
    assert "(1 văn bản)" in page.locator('li[data-tree]:has(> a:text-is("Hải Phòng"))').inner_text()
    page.locator('li[data-tree] > a:text-is("Hải Dương")').click()
    page.wait_for_url("**/tinh/hai-duong/")
    assert "Kế hoạch số 3396/KH-UBND" in page.locator("#cap-tinh + table").inner_text()
    context.close()


def test_open_tree_and_results_have_no_serious_accessibility_violation(page, site_url):
    page.goto(site_url + "he-thong/")
    branch_toggle(page, "Hải Dương").click()
    page.locator('li[data-tree] a:has-text("Kế hoạch số 3396/KH-UBND")').wait_for()
    page.get_by_label("Tìm cơ quan, đơn vị ban hành").fill("huyen")
    page.locator("#unit-tree-results a").first.wait_for()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)
