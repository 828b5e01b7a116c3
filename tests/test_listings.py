"""Listings at national scale: a synthetic archive of a few hundred plans, rendered in-process.

No listing may grow with the archive: each is cut by province (a province's own by issuing unit)
and into pages, so every page stays small, and every document is still listed, exactly once,
in each family of listings (by province, by level, by award) and in the hierarchy's tree.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter

import pytest

from conftest import ROOT
from thidua import paths
from thidua.commands.synth import generate
from thidua.graph import Graph
from thidua.pages import render_site
from thidua.pages.browse import PAGE_SIZE
from thidua.sources import load_archive

N_PLANS = 400
# Markdown of a listing page: 100 rows are about 20 KB; its HTML, with the theme's 25 KB, stays
# far under the 200 KB a page may weigh at 12,000 plans.
BUDGET = 40_000
LINK = re.compile(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)")
DOC_LINK = re.compile(r"\]\((?:\.\./)*van-ban/([^/)#]+)\.md\)")
# Listings' tables are HTML: their links are URLs relative to the built page, not to the .md source.
TABLE = re.compile(r"<table>.*?</table>", re.S)
HTML_LINK = re.compile(r'<a href="([^"#]*)(?:#[^"]*)?"')
HTML_DOC_LINK = re.compile(r'<a href="(?:\.\./)*van-ban/([^/"#]+)/"')


def doc_links(md: str) -> list[str]:
    """Ids of the documents a page links to (the document itself, no anchor) in its Markdown and its tables."""
    return DOC_LINK.findall(md) + [doc_id for t in TABLE.findall(md) for doc_id in HTML_DOC_LINK.findall(t)]


def links(src: str, md: str, sources: dict[str, str]) -> list[str]:
    """The sources a page links to in its Markdown and its tables; `sources` maps URLs to sources."""
    out = [posixpath.normpath(posixpath.join(posixpath.dirname(src), target)) for target in LINK.findall(md)]
    for t in TABLE.findall(md):
        for target in HTML_LINK.findall(t):
            resolved = posixpath.normpath(posixpath.join(paths.url(src) or ".", target))
            url = "" if resolved == "." else resolved + "/"
            out.append(sources.get(url, url.rstrip("/") + ".md"))
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    plans = tmp_path_factory.mktemp("listings") / "plans"
    generate(ROOT / "plans", plans, N_PLANS)
    archive = load_archive(plans)
    graph = Graph(archive)
    return archive, graph, {page.src_uri: page.content for page in render_site(archive, graph)}


def family(pages: dict[str, str], *prefixes: str) -> Counter:
    """How many times each document is linked from the tables and lists of pages under `prefixes`."""
    return Counter(doc_id for src, md in pages.items() if src.startswith(prefixes) and src.endswith(".md")
                   for doc_id in doc_links(md))


def test_every_listing_page_stays_under_budget(synthetic):
    archive, _, pages = synthetic
    listings = {src: md for src, md in pages.items()
                if src.endswith(".md") and src.startswith(("index.md", "van-ban/index.md", "he-thong/", "tinh/", "cap/", "khen-thuong/"))}
    assert len(listings) > 100
    over = {src: len(md.encode()) for src, md in listings.items() if len(md.encode()) > BUDGET}
    assert not over, over
    assert all(len(doc_links(md)) <= PAGE_SIZE + 1 for md in listings.values())


def test_the_archive_is_big_enough_to_be_cut(synthetic):
    """Otherwise the other tests here would prove nothing about cutting."""
    archive, graph, pages = synthetic
    assert max(len(docs) for docs in graph.by_level.values()) > PAGE_SIZE
    assert any(re.fullmatch(r"cap/[^/]+/[^/]+\.md", src) for src in pages)
    assert any(re.fullmatch(r"khen-thuong/[^/]+/[^/]+\.md", src) for src in pages)


def test_province_pages_list_every_document_of_a_province_once(synthetic):
    archive, _, pages = synthetic
    listed = family(pages, "tinh/")
    in_provinces = {d.id for d in archive.documents.values() if d.issuer.province}
    assert set(listed) == in_provinces
    assert set(listed.values()) == {1}


def test_level_pages_list_every_document_once(synthetic):
    archive, _, pages = synthetic
    listed = family(pages, "cap/")
    assert set(listed) == set(archive.documents) and set(listed.values()) == {1}


def test_award_pages_list_every_document_of_an_award_once(synthetic):
    archive, graph, pages = synthetic
    for key, docs in graph.by_award.items():
        listed = family(pages, paths.award(key), paths.award(key)[:-len(".md")] + "/")
        assert set(listed) == {d.id for d in docs} and set(listed.values()) == {1}, key


def reached(pages: dict[str, str], start: str, clicks: int) -> set[str]:
    """Ids of the documents `clicks` clicks or fewer from page `start`, through listing pages."""
    frontier, seen, docs = [start], {start}, set()
    sources = {paths.url(src): src for src in pages if src.endswith(".md")}
    for _ in range(clicks):
        following = []
        for src in frontier:
            for target in links(src, pages[src], sources):
                if target.startswith(paths.DOCUMENT_FOLDER) and target != paths.DOCUMENTS:
                    docs.add(target[len(paths.DOCUMENT_FOLDER):-len(".md")])
                elif target in pages and target not in seen:
                    seen.add(target)
                    following.append(target)
        frontier = following
    return docs


def test_every_plan_is_a_few_clicks_from_the_documents_list(synthetic):
    """van-ban/ names each province; its page, or the part of it for an issuing unit, lists its plans."""
    archive, _, pages = synthetic
    assert {d.id for d in archive.plans} <= reached(pages, paths.DOCUMENTS, 3)


def test_every_document_is_a_few_clicks_from_each_level_and_award_page(synthetic):
    archive, graph, pages = synthetic
    for key, docs in graph.by_level.items():
        assert {d.id for d in docs} <= reached(pages, paths.level(key), 3), key
    for key, docs in graph.by_award.items():
        assert {d.id for d in docs} <= reached(pages, paths.award(key), 3), key


def test_the_tree_holds_every_document_below_the_root_once(synthetic):
    archive, graph, pages = synthetic
    seen = Counter()

    def walk(nodes):
        for node in nodes:
            seen[node["u"].split("/")[-2]] += 1
            walk(node.get("c", []))

    files = [src for src in pages if src.startswith(paths.TREE_DIR) and src != paths.TREE_NAMES]
    for src in files:
        walk(json.loads(pages[src]))
    assert set(seen) == {d.id for d in graph.descendants(archive.root)} and set(seen.values()) == {1}
    assert len(files) == len({d.issuer.province for d in graph.descendants(archive.root)})
    assert all(len(pages[src].encode()) < BUDGET for src in files)
    hierarchy = pages[paths.HIERARCHY]
    assert "<svg" not in hierarchy, "a tree of hundreds of boxes is listed, not drawn"
    assert all(f'data-tree="{paths.href(paths.HIERARCHY, src)}"' in hierarchy for src in files)


def entries(names_json: str) -> list[tuple[str, str, str]]:
    """(name, province, link) of each entry of the names index."""
    return [(name, province, url) for province, links in json.loads(names_json).items()
            for url, names in links.items() for name in names]


def test_names_index_leads_each_unit_to_its_listing(synthetic):
    archive, graph, pages = synthetic
    names = entries(pages[paths.TREE_NAMES])
    by_name = {(name, province): url for name, province, url in names}
    assert len(by_name) == len(names)
    district = next(d for d in archive.plans if d.issuer.level == "commune")
    unit = graph.district(district)
    url = by_name[(unit.name, district.issuer.province)]
    # The page it leads to (relative to he-thong/) lists the commune's plan.
    target = url.split("#")[0].replace("../", "", 1).rstrip("/") + ".md"
    assert district.id in doc_links(pages[target])


def test_a_province_draws_its_chain_only_while_small(synthetic, archive, graph, monkeypatch):
    from thidua.pages import diagram

    synthetic_archive, synthetic_graph, _ = synthetic
    monkeypatch.setattr(diagram, "MAX_COLUMNS", 3)  # a few hundred plans make no province wider than 6
    pages = {page.src_uri: page.content for page in render_site(synthetic_archive, synthetic_graph)}
    # A province whose chain is too wide to draw leads to its branch of the tree instead.
    wide = [name for name in synthetic_graph.by_province if name and "<svg" not in pages[paths.province(name)]]
    assert wide
    assert all(f"(../he-thong/index.md#{paths.tree_anchor(name)})" in pages[paths.province(name)] for name in wide)
    monkeypatch.undo()
    small = {page.src_uri: page.content for page in render_site(archive, graph)}[paths.province("Hải Dương")]
    drawn = re.search(r"<svg.*?</svg>", small, re.S).group()
    assert drawn.count('<a href="../../van-ban/') == 3, "QĐ 1497, the province's plan and Tứ Kỳ's, drawn"


def test_cut_into_parts_and_pages_nothing_is_lost(synthetic, monkeypatch):
    """With pages of 5, province pages are cut by issuing unit and parts into numbered pages:
    each document is still listed exactly once in each family, and a few clicks away."""
    from thidua.pages import browse

    archive, graph, _ = synthetic
    monkeypatch.setattr(browse, "PAGE_SIZE", 5)
    pages = {page.src_uri: page.content for page in render_site(archive, graph)}
    assert any(re.fullmatch(r"tinh/[^/]+/so-nganh\.md", src) for src in pages)
    assert any(re.fullmatch(r"cap/[^/]+/[^/]+/trang-2\.md", src) for src in pages)
    in_provinces = family(pages, "tinh/")
    assert set(in_provinces) == {d.id for d in archive.documents.values() if d.issuer.province}
    assert set(in_provinces.values()) == {1}
    by_level = family(pages, "cap/")
    assert set(by_level) == set(archive.documents) and set(by_level.values()) == {1}
    assert {d.id for d in archive.plans} <= reached(pages, paths.DOCUMENTS, 4)
    for key, docs in graph.by_level.items():
        assert {d.id for d in docs} <= reached(pages, paths.level(key), 3), key
    # The names index leads to the part that lists each unit's documents.
    for name, _, url in entries(pages[paths.TREE_NAMES]):
        target = posixpath.normpath(posixpath.join("he-thong", url.split("#")[0])) + ".md"
        assert target in pages or target == "index.md", (name, url)


def test_every_link_of_a_paged_listing_leads_to_a_page(synthetic, monkeypatch):
    """Every link of every generated page leads to a page; pages 2, 3 … of a listing sit a folder
    below page 1, and their links back up must still resolve (a strict build fails on a link to
    no page; at 12,000 plans award listings ran to five pages)."""
    from thidua.pages import browse

    import importlib

    # `thidua.pages.topics` as an attribute is the graph's topics module the package imports
    topic_pages = importlib.import_module("thidua.pages.topics")

    archive, graph, _ = synthetic
    monkeypatch.setattr(browse, "PAGE_SIZE", 5)
    monkeypatch.setattr(topic_pages, "GROUP_PLANS", 2)  # theme and practice pages of a province, paged too
    pages = {page.src_uri: page.content for page in render_site(archive, graph)}
    assert any(re.fullmatch(r"chu-de/[^/]+/[^/]+/2\.md", src) for src in pages)
    hand_written = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    urls = {paths.url(src) for src in [*pages, *hand_written]}
    broken = []
    for src, md in pages.items():
        if not src.endswith(".md"):
            continue
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", md):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src), target))
            if resolved not in pages and resolved not in hand_written:
                broken.append(f"{src} -> {target}")
        # Raw HTML (a theme's entries, tables of counts) links by URL, from the page's own URL.
        for target in re.findall(r'<a href="([^"#]+/)(?:#[^"]*)?"', md):
            resolved = posixpath.normpath(posixpath.join(paths.url(src) or ".", target))
            if (resolved + "/" if resolved != "." else "") not in urls:
                broken.append(f"{src} -> {target}")
    assert not broken, broken[:10]
