"""All generated pages of the site, as (path, Markdown) pairs: pure, testable without MkDocs."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.pages import browse
from thidua.pages.candidates import render_candidates
from thidua.pages import cases as case_pages
from thidua import paths
from thidua.pages import topics as topic_pages
from thidua.graph import topics
from thidua.graph import Graph
from thidua.model import Archive
from thidua.pages import documents
from thidua.pages import timeline
from thidua.pages.map import render_map
from thidua.pages import reuse as reuse_pages
from thidua.pages.documents import render_document


@dataclass(frozen=True)
class Page:
    src_uri: str  # path under docs/, e.g. "van-ban/<id>.md"
    content: str  # Markdown for pages; the file's text otherwise
    source: str | None = None  # the YAML file it comes from, for edit links


def render_site(archive: Archive, graph: Graph) -> list[Page]:
    documents.new_build()
    topic_pages.new_build()
    browse.new_build()
    timeline.new_build()
    pages = [Page(paths.document(d.id), render_document(d, graph), d.path) for d in archive.documents.values()]
    pages += [Page(src, md) for src, md in reuse_pages.side_by_side_pages(graph).items()]
    pages.append(Page(paths.HOME, browse.render_home(archive, graph)))
    pages.append(Page(paths.DOCUMENTS, browse.render_documents(archive, graph)))
    for group in (browse.render_hierarchy, browse.render_provinces, browse.render_levels, browse.render_awards):
        pages += [Page(src, md) for src, md in group(archive, graph).items()]
    nodes = topics.NodeIndex(archive)
    for group in (topic_pages.render_practices, topic_pages.render_themes):
        pages += [Page(src, md) for src, md in group(archive, graph, nodes).items()]
    pages.append(Page(paths.PRACTICE_CANDIDATES, render_candidates(archive, graph)))
    pages += [Page(src, md) for src, md in topic_pages.render_comparison(archive, graph).items()]
    pages += [Page(paths.case(c.id), case_pages.render_case(c, graph), c.path) for c in archive.cases.values()]
    pages.append(Page(paths.CASES, case_pages.render_cases_index(archive, graph)))
    pages.append(Page(paths.MAP, render_map(archive, graph)))
    pages += [Page(src, md) for src, md in timeline.render_timeline(archive, graph).items()]
    return pages
