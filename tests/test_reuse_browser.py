"""Shared passages in Chromium (pages/reuse.py, reuse.js): the marks on a plan's page and their
switch, the side-by-side page, on a desktop and a 390 px phone; no outside request (the `page`
fixture fails on one); axe-core finds no serious or critical violation."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from test_accessibility import AXE

PLAN = "van-ban/hai-duong-ubnd-huyen-tu-ky-kh-2021/"
SIDE = PLAN + "doi-chieu/"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("size", SIZES)
def test_marks_say_where_else_and_switch_off_and_stay_off(page, site_url, size):
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    page.goto(site_url + PLAN)
    summary = page.locator(".reuse-summary")
    assert "Đức Phổ" in summary.inner_text() and "phần riêng" in summary.inner_text()
    marks = page.locator(".doc-body mark.reuse-mark")
    assert marks.count() > 20
    assert marks.first.get_attribute("title").startswith("Cũng có trong ")
    tinted = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert tinted not in ("rgba(0, 0, 0, 0)", "transparent")
    button = page.locator(".reuse-switch")
    assert button.is_visible() and button.get_attribute("aria-pressed") == "true"
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert marks.first.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.reload()
    assert page.locator(".reuse-switch").get_attribute("aria-pressed") == "false"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= SIZES[size][0]
    assert not _axe(page), _axe(page)


def test_without_javascript_the_marks_stay_and_the_switch_is_hidden(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + PLAN)
        assert page.locator(".doc-body mark.reuse-mark").count() > 20
        assert not page.locator(".reuse-switch").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("size", SIZES)
def test_side_by_side_aligns_passages_and_fits(page, site_url, size):
    width = SIZES[size][0]
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    page.goto(site_url + PLAN)
    page.get_by_role("link", name="Đặt cạnh nhau để đối chiếu").click()
    page.wait_for_url("**/" + SIDE)
    rows = page.locator("table.reuse-pair tbody tr")
    assert rows.count() > 10
    shared = page.locator("tr.reuse-shared").first
    left, right = shared.locator("td").nth(0).bounding_box(), shared.locator("td").nth(1).bounding_box()
    if size == "desktop":
        assert right["x"] > left["x"] + left["width"] / 2, "the two documents are not side by side"
    else:
        assert right["y"] >= left["y"] + left["height"] - 1, "on a phone the two cells stack"
    # Each passage links to its place on both pages, and those places exist.
    href = shared.locator("td").nth(1).locator("a.reuse-at").first.get_attribute("href")
    assert "quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-09/#" in href
    page.goto(page.evaluate("h => new URL(h, location.href).href", href))
    assert page.locator(":target").count() == 1
    page.goto(site_url + SIDE)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert not _axe(page), _axe(page)


def test_a_search_can_keep_to_the_plans_own_text(page, site_url):
    """"Chỉ phần riêng của kế hoạch": the sentence of QĐ 1497 that Tứ Kỳ and Đức Phổ repeat is found in
    them, and left out when the search keeps to each plan's own text; a plan's own words still find it."""
    def hrefs(query, own=False):
        page.goto(f"{site_url}tim-kiem/?q={quote(query)}" + ("&own=1" if own else ""))
        page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
        return page.eval_on_selector_all("#search-results a.search-result", "els => els.map(e => e.getAttribute('href'))")

    copied = ("hai-duong-ubnd-huyen-tu-ky-kh-2021", "quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-09")
    everywhere = hrefs('"mỗi người dân là một chiến sĩ"')
    assert all(any(c in h for h in everywhere) for c in copied), everywhere
    own = hrefs('"mỗi người dân là một chiến sĩ"', own=True)
    assert page.input_value("#filter-own") == "1"
    assert not any(c in h for c in copied for h in own), own
    assert any("hai-phong-ubnd-thanh-pho-kh-2021" in h for h in hrefs("Hải Phòng", own=True))
