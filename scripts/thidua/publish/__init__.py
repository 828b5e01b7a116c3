"""What the build publishes besides pages: open data, the cases feed, the search index.

`published_files` gives the files that ride along with the pages (virtual files in
MkDocs); the search index is written beside the build by `search_writer.SearchWriter`.
"""

from __future__ import annotations

from thidua import paths
from thidua.graph import Graph
from thidua.model import Archive
from thidua.publish.data import documents_csv, documents_json
from thidua.publish.feed import render_feed
from thidua.publish.reuse_data import reuse_files


def published_files(archive: Archive, site_url: str | None = None, graph: Graph | None = None) -> dict[str, str | bytes]:
    """{path under docs/: content} of the open data and the feed."""
    return {
        paths.DATA_JSON: documents_json(archive),
        paths.DATA_CSV: documents_csv(archive),
        paths.FEED: render_feed(archive, site_url),
        **reuse_files(graph or Graph(archive)),
    }
