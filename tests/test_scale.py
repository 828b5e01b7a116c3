"""At national scale: a 1,000-plan synthetic archive loads and renders, and a query fetches only part of its index.

Only what is asserted on is built: the pages as Markdown (in-process), and the search
index of the 1,000 plans written into a copy of the small site, whose results page
and scripts are the same at any size. `make bench` builds the whole site.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

import shutil

from conftest import ROOT
from thidua import paths
from thidua.commands.server import serve_site
from thidua.commands.synth import generate
from thidua.graph import Graph
from thidua.pages import render_site
from thidua.publish.search_writer import write_search_files
from thidua.sources import load_archive

N_PLANS = 1000


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory):
    plans = tmp_path_factory.mktemp("scale") / "plans"
    assert generate(ROOT / "plans", plans, N_PLANS) == N_PLANS
    return load_archive(plans)  # more than 200 files: read and validated on every core


@pytest.fixture(scope="module")
def big_site(big_archive, site_dir, tmp_path_factory):
    site = tmp_path_factory.mktemp("scale-site") / "site"
    shutil.copytree(site_dir, site, ignore=shutil.ignore_patterns("search"))
    write_search_files(big_archive, site)
    server, base = serve_site(site)
    yield site, base
    server.shutdown()


def test_synthetic_archive_renders_every_plan_page(big_archive):
    pages = {page.src_uri for page in render_site(big_archive, Graph(big_archive))}
    assert len(big_archive.plans) == N_PLANS + 5
    assert all(paths.document(d.id) in pages for d in big_archive.documents.values())


@pytest.mark.parametrize("query", ["phong chong dich", "Vũ Thị Hà", "91/2017/NĐ-CP"])
def test_a_query_fetches_only_part_of_the_index(browser, big_site, query):
    site, base = big_site
    total = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
    context = browser.new_context()
    page = context.new_page()
    fetched = []
    page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])) if "/search/" in r.url else None)
    page.goto(f"{base}tim-kiem/?q={quote(query)}")
    page.wait_for_selector("#search-results a.search-result")
    page.wait_for_load_state("networkidle")
    context.close()
    size = sum(s for _, s in fetched)
    assert 0 < size < total / 10, f"fetched {size:,} of {total:,} bytes: {[u for u, _ in fetched]}"


def test_filters_apply_before_the_best_are_picked(browser, big_site):
    """Among 1,000 plans, copies of a section fill the best results; a province filter must
    still find that province's plan, not just filter what was already picked."""
    _, base = big_site
    page = browser.new_context().new_page()

    def shown(url):
        page.goto(url)
        page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
        return page.eval_on_selector_all("#search-results a.search-result", "els => els.map(e => e.getAttribute('href'))")

    query = quote("tổ covid cộng đồng")
    everything = shown(f"{base}tim-kiem/?q={query}")
    assert not any("thanh-oai" in h for h in everything), "the test needs a query whose best results are all copies"
    assert "mục khớp" in page.locator("#search-summary").inner_text(), "the summary says more sections match than are shown"
    in_hanoi = shown(f"{base}tim-kiem/?q={query}&province={quote('Hà Nội')}")
    assert any("van-ban/ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021/" in h for h in in_hanoi)
    assert page.input_value("#filter-province") == "Hà Nội"
    page.context.close()


def test_a_theme_and_a_province_narrow_a_search_to_that_themes_passages(browser, big_site, big_archive):
    """"Every passage on vaccination in Nghệ An" is a search with two filters: each result lies in a
    section holding one of the theme's passages, of a Nghệ An plan, and the filter applies before
    the best are picked (unfiltered, the best results are other provinces' copies)."""
    from thidua.graph.topics import NodeIndex
    from thidua.publish.search_index import search_sections

    _, base = big_site
    theme = big_archive.themes["tiem-chung"]
    docs_meta, sections = search_sections(big_archive)
    section_of = {}  # (document url, anchor) -> section ref
    for s in sections:
        for anchor in [s.anchor] + [a for a, _ in s.chunks]:
            section_of.setdefault((docs_meta[s.doc]["url"], anchor), s.ref)
    wanted = set()
    for plan, found in NodeIndex(big_archive).by_plan(theme.keywords):
        if plan.doc.issuer.province == "Nghệ An":
            wanted |= {section_of[(paths.url(paths.document(plan.doc.id)), o.anchor)] for o in found}
    assert len(wanted) >= 10, "the test needs a province with several passages of the theme"

    def shown(url):
        page.goto(url)
        page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
        hrefs = page.eval_on_selector_all("#search-results a.search-result", "els => els.map(e => e.getAttribute('href'))")
        refs = []
        for href in hrefs:  # a case or a practice page is no plan's section: None
            where, _, anchor = href[href.find("van-ban/"):].partition("#")
            refs.append(section_of.get((where, anchor or None)) if "van-ban/" in href else None)
        return refs

    page = browser.new_context().new_page()
    query = quote("vắc xin")
    unfiltered = set(shown(f"{base}tim-kiem/?q={query}"))
    assert unfiltered - wanted, "the test needs a query whose best results lie elsewhere too"
    refs = shown(f"{base}tim-kiem/?q={query}&topic=chu-de/tiem-chung&province={quote('Nghệ An')}")
    assert set(refs) - unfiltered, "the filters find passages the unfiltered best results left out"
    assert page.input_value("#filter-topic") == "chu-de/tiem-chung"
    assert page.input_value("#filter-province") == "Nghệ An"
    assert len(refs) >= 3 and set(refs) <= wanted, f"{len(set(refs) - wanted)} of {len(refs)} results are not the theme's passages in Nghệ An"
    page.select_option("#filter-topic", "")
    page.wait_for_selector('#search-results[aria-busy="false"]', state="attached")
    assert "topic=" not in page.url
    page.context.close()


def test_map_and_timeline_stay_small_at_scale(big_archive):
    """The map and the timelines aggregate (per province, per week): their Markdown at 1,000 plans is
    what it would be at 12,000, but for a few more weeks and districts; the theme adds about 25 KB of HTML."""
    from thidua.pages.map import render_map
    from thidua.pages.timeline import render_timeline

    graph = Graph(big_archive)
    sizes = {paths.MAP: len(render_map(big_archive, graph).encode())}
    sizes |= {src: len(md.encode()) for src, md in render_timeline(big_archive, graph).items()}
    assert len(sizes) == 1 + 1 + 63, "the map, the country's timeline and one per province"
    heavy = {src: n for src, n in sizes.items() if n > (120_000 if src == paths.MAP else 60_000)}
    assert not heavy, heavy
