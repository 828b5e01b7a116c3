"""Theme and practice pages at a few hundred plans: a small summary per theme or practice, and its
passages on one page per province (paged), each made from that province's plans alone.

Rendered in-process from a synthetic archive (thidua.commands.synth), like tests/test_scale.py.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections import Counter

import pytest

from conftest import ROOT
from thidua import paths
from thidua.commands.synth import generate
from thidua.graph import Graph
from thidua.graph.topics import NodeIndex
from thidua.model import DocDate
from thidua.pages import render_site
from thidua.publish.budget import PAGE_BUDGET, warn_heavy_pages
from thidua.sources import load_archive
from thidua.text import slugify

# Imported by name: thidua.pages binds `topics` to thidua.graph.topics.
topic_pages = importlib.import_module("thidua.pages.topics")

N_PLANS = 300
# Budgets of a page's source: a summary holds no list of plans; a group page's source is mostly
# the HTML of its list, and with the theme's frame (~25 KB) must stay under the page budget.
SUMMARY_MARKDOWN = 20_000
GROUP_SOURCE = PAGE_BUDGET - 40_000

# A group page's entries are HTML (pages.topics.PlanLines): its links are URLs.
LINK = re.compile(r'<a href="(?:\.\./)+van-ban/([^/"#]+)/#([^"]+)">')
PLAN_LINK = re.compile(r'^<li><strong><a href="(?:\.\./)+van-ban/([^/"#]+)/">', re.M)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    plans = tmp_path_factory.mktemp("topics") / "plans"
    assert generate(ROOT / "plans", plans, N_PLANS) == N_PLANS
    return load_archive(plans)


@pytest.fixture(scope="module", params=[None, 2], ids=["as built", "2 plans a page"])
def pages(archive, request):
    """The pages as built, and again cut at 2 plans a page: a few hundred plans seldom fill a page."""
    with pytest.MonkeyPatch.context() as mp:
        if request.param:
            mp.setattr(topic_pages, "GROUP_PLANS", request.param)
        out = {page.src_uri: page.content for page in render_site(archive, Graph(archive))}
    assert not request.param or any(src.endswith("/3.md") for src in out), "no group is paged"
    return out


def topics(archive):
    """(summary page, folder of its group pages, phrases) of every theme and practice."""
    out = [(paths.practice(p.key), f"thuc-tien/{p.key}/", p.patterns) for p in archive.practices.values()]
    out += [(paths.theme(t.key), f"chu-de/{t.key}/", t.keywords) for t in archive.themes.values()]
    return out


def group_pages(pages, folder):
    return {src: md for src, md in pages.items() if src.startswith(folder)}


def test_every_passage_is_on_exactly_one_group_page(archive, pages):
    nodes = NodeIndex(archive)
    for summary, folder, phrases in topics(archive):
        expected = Counter((plan.doc.id, o.anchor) for plan, found in nodes.by_plan(phrases) for o in found)
        listed = Counter(m for md in group_pages(pages, folder).values() for m in LINK.findall(md))
        assert listed == expected, summary


def test_each_group_page_lists_only_its_provinces_plans(archive, pages):
    checked = 0
    for _, folder, _ in topics(archive):
        for src, md in group_pages(pages, folder).items():
            group = src[len(folder):].split("/")[0]
            ids = PLAN_LINK.findall(md)
            assert ids, src
            for doc_id in ids:
                province = archive.documents[doc_id].issuer.province
                assert group == (slugify(province) if province else "trung-uong"), (src, doc_id)
            checked += 1
    assert checked > 200


def test_summaries_and_group_pages_stay_under_their_budgets(archive, pages):
    for summary, folder, _ in topics(archive):
        if summary in pages:
            assert len(pages[summary].encode()) < SUMMARY_MARKDOWN, summary
        for src, md in group_pages(pages, folder).items():
            assert len(md.encode()) < GROUP_SOURCE, src
            assert len(PLAN_LINK.findall(md)) <= topic_pages.GROUP_PLANS, src


def test_a_summary_leads_to_every_group_page_and_each_page_to_the_next(archive, pages):
    for summary, folder, _ in topics(archive):
        groups = group_pages(pages, folder)
        if summary not in pages:
            continue
        firsts = {src for src in groups if src.endswith("/index.md")}
        # The table by province is raw HTML (pages.markdown.html_table): its links are URLs.
        linked = {paths.href(summary, src) for src in firsts}
        assert all(f'<a href="{target}">' in pages[summary] for target in linked), summary
        for src in groups:
            if not src.endswith("/index.md"):
                number = int(src.rsplit("/", 1)[1][:-3])
                before = src.rsplit("/", 1)[0] + ("/index.md" if number == 2 else f"/{number - 1}.md")
                assert f"]({paths.link(before, src)})" in groups[before], src


def test_an_edit_to_one_plan_changes_only_its_provinces_group_pages(archive):
    """The dependency issue 22's incremental builds rely on: other provinces' pages keep their Markdown."""
    pages = {page.src_uri: page.content for page in render_site(archive, Graph(archive))}
    doc = next(d for d in sorted(archive.plans, key=lambda d: d.id) if d.issuer.province and d.id.startswith("mau-"))
    edited = dataclasses.replace(doc, date=DocDate(2021, 12, 31))
    changed_archive = dataclasses.replace(archive, documents={**archive.documents, doc.id: edited})
    made = []  # (plan, page) of each plan's lines made again rather than kept
    plan_lines = topic_pages._plan_lines
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(topic_pages, "_plan_lines", lambda d, group, here, phrases: made.append((d.id, here)) or plan_lines(d, group, here, phrases))
        after = {page.src_uri: page.content for page in render_site(changed_archive, Graph(changed_archive))}
    assert {here for doc_id, here in made if doc_id != doc.id} <= {summary for summary, _, _ in topics(archive)}, \
        "only the summaries' few passages are made again for the plans not edited"
    assert any(doc_id == doc.id for doc_id, _ in made)
    slug = slugify(doc.issuer.province)
    changed = {src for src in pages if src.startswith(("chu-de/", "thuc-tien/")) and after.get(src) != pages[src]}
    groups = {src for src in changed if src.count("/") >= 2}
    assert groups, "the edited plan's group pages show its new date"
    assert all(src.split("/")[2] == slug for src in groups), sorted(groups)


def test_a_page_over_budget_is_named_on_stderr(tmp_path, capsys):
    (tmp_path / "chu-de" / "nang").mkdir(parents=True)
    (tmp_path / "chu-de" / "nang" / "index.html").write_bytes(b"x" * (PAGE_BUDGET + 1))
    (tmp_path / "chu-de" / "nhe").mkdir()
    (tmp_path / "chu-de" / "nhe" / "index.html").write_bytes(b"x" * PAGE_BUDGET)
    (tmp_path / "du-lieu.json").write_bytes(b"x" * (PAGE_BUDGET * 2))
    warn_heavy_pages(str(tmp_path), ["chu-de/nang/index.html", "chu-de/nhe/index.html", "du-lieu.json"])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"thidua: chu-de/nang/index.html weighs {PAGE_BUDGET + 1:,} bytes of HTML, over the page budget of {PAGE_BUDGET:,}"]


def test_a_summary_shows_a_few_passages_by_its_rule(archive, pages):
    """At most 5, one a plan, in the order of the rule the page states: dated to the day first, then by date."""
    shown_somewhere = 0
    for summary, _, _ in topics(archive):
        if summary not in pages:
            continue
        md = pages[summary]
        part = md[md.index("### Một số đoạn tiêu biểu"):md.index("### Theo tỉnh, thành phố")] if "### Theo" in md else ""
        docs = [archive.documents[doc_id] for doc_id in PLAN_LINK.findall(part)]
        assert len(docs) <= topic_pages.SHOWN and len({d.id for d in docs}) == len(docs), summary
        keys = [(not d.date.day, not d.date.month, d.date.sort_key(), d.id) for d in docs]
        assert keys == sorted(keys), summary
        shown_somewhere += bool(docs)
    assert shown_somewhere > 20


def test_the_award_comparison_is_a_summary_with_a_page_per_province(archive, pages):
    """At 12,000 plans one table of awards × plans was 2.4 MB: the comparison gives counts per award
    and per province, and each province's plans (paged) get their own table and routes."""
    summary = pages[paths.COMPARISON]
    assert len(summary.encode()) < SUMMARY_MARKDOWN
    provinces = {d.issuer.province for d in archive.plans if d.issuer.province}
    parts = {src: md for src, md in pages.items() if src.startswith("so-sanh/") and src != paths.COMPARISON}
    assert {src.split("/")[1] for src in parts} >= {slugify(p) for p in provinces}
    for src, md in parts.items():
        assert len(md.encode()) < GROUP_SOURCE, src
    # Every plan that names an award, or a route to one, is a row of exactly one province page.
    # A row whose first cell links to a plan (the table is HTML: links are relative to the built page).
    rows = Counter(doc_id for md in parts.values() for doc_id in re.findall(r'<tr>\n<td><a href="(?:\.\./)*van-ban/([^/"#]+)/">', md))
    expected = {d.id for d in archive.plans if d.awards or d.routes}
    assert set(rows) == expected and set(rows.values()) == {1}
    # Each route of each plan is on its province's page, with a link to the plan's section.
    for d in archive.plans:
        for r in d.routes:
            assert any(f'van-ban/{d.id}/#{r.section}"' in md for md in parts.values()), (d.id, r.section)


def test_a_summarys_counts_by_province_equal_a_direct_count_from_the_sources(archive, pages):
    """Each row of a theme's or practice's table by province says what the plans themselves hold: counted
    here from the plans' text (folded, whole words), not from the index the pages are made with."""
    from thidua.model import LEVELS
    from thidua.text import fold

    def words(text):
        return " " + re.sub(r"[\W_]+", " ", fold(text)).strip() + " "

    def nodes(items):
        for n in items:
            yield n
            yield from nodes(n.children)

    checked = 0
    for summary, _, phrases in topics(archive):
        if summary not in pages or "<table>" not in pages[summary]:
            continue
        keys = [words(p) for p in phrases]
        expected: dict[str, list] = {}
        for doc in archive.plans:
            found = sum(any(k in words(" ".join(filter(None, [n.title, n.text]))) for k in keys) for n in nodes(doc.body))
            if found:
                expected.setdefault(doc.issuer.province or "Trung ương (không thuộc tỉnh nào)", []).append((doc, found))
        html = pages[summary][pages[summary].index("<table>"):]
        header = re.findall(r"<th>(.*?)</th>", html.split("</thead>")[0])
        rows = re.findall(r"<tr>\n(.*?)\n</tr>", html.split("<tbody>")[1], re.S)
        shown = {}
        for row in rows:
            cells = re.findall(r"<td>(.*?)</td>", row)
            shown[re.sub(r"<[^>]+>| \(\d+ trang\)", "", cells[0])] = dict(zip(header[1:], cells[1:]))
        assert set(shown) == set(expected), summary
        for province, found in expected.items():
            row = shown[province]
            assert int(row["Kế hoạch"]) == len(found), (summary, province)
            assert int(row["Đoạn"]) == sum(n for _, n in found), (summary, province)
            for level, label in LEVELS.items():
                if label in row:
                    assert int(row[label] or 0) == sum(d.issuer.level == level for d, _ in found), (summary, province, label)
        checked += 1
    assert checked >= 20
