"""axe-core in Chromium: no serious or critical violation on each kind of page; search by keyboard."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from conftest import ROOT

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"

PAGES = {
    "home": "",
    "plan": "van-ban/ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021/",
    "directive": "van-ban/thu-tuong-qd-1497-2021/",
    "hierarchy": "he-thong/",
    "search results": "tim-kiem/?q=" + quote("phong chong dich"),
    "case": "guong-dien-hinh/",
    "province": "tinh/hai-duong/",
    "map": "ban-do/",
    "timeline": "dong-thoi-gian/",
    "province timeline": "dong-thoi-gian/ha-noi/",
}


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(page, site_url, name):
    assert AXE.exists(), "axe-core is missing: `make test` installs it (npm ci in tests/)"
    page.goto(site_url + PAGES[name])
    if name == "search results":
        page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    if name == "case":
        page.locator(".case-item a").first.click()
        page.wait_for_url("**/guong-dien-hinh/*/")
    assert page.get_attribute("html", "lang") == "vi"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)


def test_search_by_keyboard_alone(page, site_url):
    page.goto(site_url)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "archive-search-input":
            break
    assert page.evaluate("document.activeElement.id") == "archive-search-input", "the search box is not reachable by Tab"
    page.keyboard.type("vu thi ha", delay=15)
    page.wait_for_selector("#archive-suggest a.archive-suggest__item")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#archive-suggest-0", "aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url("**/van-ban/hai-duong-ubnd-huyen-tu-ky-kh-2021/**")
    page.goto(site_url)
    page.locator("#archive-search-input").focus()
    page.keyboard.type("Điều 55")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    page.wait_for_selector("#search-results a.search-result")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in ("INPUT", "BUTTON", "SELECT", "A")


def test_every_kind_of_page_stays_on_the_site(page, site_url, site_dir):
    """Every kind of page loads, with all it needs, from the site itself: no font, script or
    style from another host (a reader offline or behind a firewall sees the same site)."""
    requested = []
    page.on("request", lambda req: requested.append(req.url))
    kinds = ["", "van-ban/", "van-ban/tra-vinh-so-tttt-kh-2021/", "van-ban/chinh-phu-nd-91-2017/", "he-thong/", "tinh/",
             "tinh/tra-vinh/", "cap/", "cap/so-nganh/", "khen-thuong/", "khen-thuong/bang-khen-thu-tuong/", "so-sanh/",
             "guong-dien-hinh/", "thuc-tien/", "chu-de/", "du-lieu/", "gioi-thieu/", "huong-dan-viet-guong-dien-hinh/",
             "ban-do/", "dong-thoi-gian/", "dong-thoi-gian/tra-vinh/",
             "tim-kiem/?q=thi%20dua", "404.html"]
    for rel in kinds:
        response = page.goto(site_url + rel)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, rel
        assert page.locator("header form[role=search]").count() == 1, f"{rel}: no search box"
    outside = [url for url in requested if not url.startswith((site_url, "data:"))]
    assert not outside, outside
    assert any(url.endswith(".css") for url in requested) and any(url.endswith(".js") for url in requested)
