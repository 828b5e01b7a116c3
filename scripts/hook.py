"""MkDocs hook: wires build events to the archive package. Thin on purpose.

Plans are read inside events, never at import time: `mkdocs serve` does not reload
hook modules, but it does rebuild when a file under plans/ changes (see `watch:`).
The plans directory is `plans/` beside mkdocs.yml, or $ARCHIVE_PLANS when set.
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from archive.data import documents_csv, documents_json
from archive.errors import ArchiveError
from archive.graph import Graph
from archive.load import load_archive
from archive.search import SEARCH_DIR
from archive.search_writer import SearchWriter
from archive.site import render_site

log = logging.getLogger("mkdocs.plugins.archive")
_state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).parent
    plans = Path(os.environ.get("ARCHIVE_PLANS") or root / "plans").resolve()
    _state["plans"] = plans
    _state["root"] = root
    if str(plans) not in map(str, config.watch):
        config.watch.append(str(plans))
    return config


def on_files(files, config):
    """Load and link every source, then add each generated page and data file as a virtual file.

    The search index feeds no page, so it is written beside the build (search_writer.py)."""
    try:
        archive = load_archive(_state["plans"], display_root=_state["root"])
    except ArchiveError as exc:
        raise PluginError(exc.report()) from None
    if any(f.src_uri.startswith(SEARCH_DIR + "/") for f in files):
        raise PluginError(f"docs/{SEARCH_DIR}/ holds hand-written files, but the archive generates its search index there; "
                          "rename or remove them")
    _state["search"] = SearchWriter.start(archive, Path(config.site_dir))
    graph = Graph(archive)
    generated = {page.src_uri: page.content for page in render_site(archive, graph)}
    generated["data/documents.json"] = documents_json(archive)
    generated["data/documents.csv"] = documents_csv(archive)
    for src_uri, content in generated.items():
        if files.get_file_from_path(src_uri):
            raise PluginError(f"docs/{src_uri} is written by hand, but the archive generates this file "
                              "from plans/; rename or remove the hand-written file")
        files.append(File.generated(config, src_uri, content=content))
    log.info("archive: %d documents, %d plans with full text", len(archive.documents), len(archive.plans))
    # MkDocs now renders thousands of pages, making and dropping objects by the million;
    # Python's collector would rescan every object alive now (the archive is gone, but
    # MkDocs' own objects are many) at each full collection. Frozen, they are skipped.
    del archive, graph, generated
    gc.collect()
    gc.freeze()
    return files


def on_post_build(config):
    gc.unfreeze()
    try:
        _state.pop("search").finish()
    except RuntimeError as exc:
        raise PluginError(str(exc)) from None


def on_build_error(error):
    gc.unfreeze()
    if "search" in _state:
        _state.pop("search").cancel()
