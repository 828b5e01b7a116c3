"""Hostile input: script in any field is shown as text and never runs (checked in Chromium)."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
import yaml

from conftest import FIXTURES, run_build
from thidua.commands.server import serve_site

PAYLOADS = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "\"><svg onload=alert('xss-svg')>",
    "{: onclick=\"alert('xss-attr')\" } *in nghiêng* [liên kết](javascript:alert('xss-link'))",
    "<a href=\"javascript:alert('xss-a')\">bấm</a> ${alert('xss-tpl')} {{ config }}",
]
MARK = "xss-"


def _poison(tree):
    """Put every payload into the text fields of every kind of source."""
    text = " ".join(PAYLOADS)

    def rewrite(rel, change):
        path = tree / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def plan(d):
        d["title"] += " " + text
        d["movement"] += " " + text
        d["dateline"] += " " + text
        d["place"] = text
        d["issuer"]["name"] += " " + text
        d["recipients"].append(text)
        d["signer"]["name"] = text
        d["signer"]["block"].append(text)
        d["provenance"]["notes"] = text
        d["provenance"]["corrections"] = [text]
        d["body"].insert(0, text)
        d["body"][-1]["children"][0]["text"] += " " + text
        d["body"][-1]["title"] += " " + text

    def directive(d):
        d["summary"] += " " + text
        d["title"] += " " + text
        d["sources"][0]["publisher"] = text

    rewrite("thanh-oai-kh-61-2021.yaml", plan)
    rewrite("directives/ha-noi-hdtdkt-thanh-pho-kh-09-2021.yaml", directive)
    rewrite("reference/units.yaml", lambda d: d["thanh-oai"].update(name=d["thanh-oai"]["name"] + " " + text))
    rewrite("reference/awards.yaml", lambda d: d["bang-khen-thu-tuong"].update(note=text))
    rewrite("reference/practices.yaml", lambda d: d["chan-cung-da-mem"].update(explanation=text))
    rewrite("reference/themes.yaml", lambda d: d["khen-thuong"].update(name="Khen " + text))
    case = tree / "cases" / "ha-noi-sieu-thi-0-dong-2021.md"
    head, body = case.read_text(encoding="utf-8").split("\n---\n", 1)
    head = head.replace('title: "Siêu thị mini 0 đồng – Hà Nội trái tim hồng"', "title: " + yaml.safe_dump(text).strip().removesuffix("..."))
    case.write_text(head + "\n---\n" + body + "\n" + "\n\n".join(p for p in PAYLOADS if "javascript" not in p) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tree = tmp_path_factory.mktemp("hostile") / "plans"
    shutil.copytree(FIXTURES / "minimal", tree)
    _poison(tree)
    site = tree.parent / "site"
    result = run_build(site, plans=tree)
    assert result.returncode == 0, result.stdout + result.stderr
    server, base = serve_site(site)
    yield site, base
    server.shutdown()


class _Markup(HTMLParser):
    """Collects what would run: event attributes, javascript: URLs, script bodies."""

    def __init__(self):
        super().__init__()
        self.bad, self._script = [], False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:")):
                self.bad.append(f"<{tag} {name}={value!r}>")
        self._script = tag == "script"
        if tag in ("svg", "img") and any(n.startswith("on") for n, _ in attrs):
            self.bad.append(tag)

    def handle_data(self, data):
        if self._script and MARK in data:
            self.bad.append(f"script: {data[:80]}")

    def handle_endtag(self, tag):
        self._script = False


def test_no_payload_becomes_markup(hostile_site):
    site, _ = hostile_site
    for page in site.rglob("*.html"):
        parser = _Markup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert not parser.bad, f"{page.relative_to(site)}: {parser.bad}"


def test_pages_built_from_payloads_run_no_script(browser, hostile_site):
    site, base = hostile_site
    context = browser.new_context()
    page = context.new_page()
    fired = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: fired.append(f"error: {e}"))
    urls = sorted({str(p.parent.relative_to(site)) for p in site.rglob("index.html")})
    for rel in urls:
        page.goto(base + ("" if rel == "." else rel + "/"))
        page.mouse.click(5, 300)
    page.goto(base + "tim-kiem/?q=" + quote("xss alert"))
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    page.locator("#search-results a.search-result").first.wait_for()
    page.goto(base + "tim-kiem/?q=" + quote("<img src=x onerror=alert('q')>"))
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    context.close()
    assert len(urls) > 10
    assert not fired, fired


def test_payload_text_is_shown_as_text(browser, hostile_site):
    _, base = hostile_site
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "van-ban/thanh-oai-kh-61-2021/")
    body = page.locator("article").inner_text()
    assert "<script>alert('xss-script')</script>" in body
    assert "<img src=x onerror=alert('xss-img')>" in body
    context.close()
