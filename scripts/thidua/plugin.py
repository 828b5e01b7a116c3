"""The MkDocs plugin: wires build events to the archive's stages. Thin on purpose.

Plans are read inside events, never at import time: under `mkdocs serve` the plugin
instance lives on, and a change under plans/ (watched) triggers a rebuild.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from thidua.errors import ArchiveError
from thidua.graph import Graph
from thidua.pages import render_site
from thidua.publish import published_files
from thidua.publish.cms import desk_files
from thidua.publish.search_index import SEARCH_DIR
from thidua.publish.search_writer import SearchWriter
from thidua.sources import load_archive

log = logging.getLogger("mkdocs.plugins.thidua")


class ArchiveConfig(Config):
    # The sources directory, relative to mkdocs.yml (mkdocs.yml sets it from $ARCHIVE_PLANS
    # when that is set, so `make build PLANS=DIR` builds another archive).
    plans = c.Type(str, default="plans")


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def on_startup(self, *, command, dirty):
        # Defined so MkDocs keeps one instance across the rebuilds of `mkdocs serve`.
        self.search: SearchWriter | None = None

    def on_config(self, config):
        self.root = Path(config.config_file_path).parent
        self.plans = (self.root / (self.config.plans or "plans")).resolve()
        if str(self.plans) not in map(str, config.watch):
            config.watch.append(str(self.plans))
        return config

    def on_files(self, files, config):
        """Load and link every source, then add each generated page and data file as a virtual file.

        The search index feeds no page, so it is written beside the build (search_writer.py)."""
        try:
            archive = load_archive(self.plans, display_root=self.root)
        except ArchiveError as exc:
            raise PluginError(exc.report()) from None
        if any(f.src_uri.startswith(SEARCH_DIR + "/") for f in files):
            raise PluginError(f"docs/{SEARCH_DIR}/ holds hand-written files, but the archive generates its search index "
                              "there; rename or remove them")
        self.search = SearchWriter.start(archive, Path(config.site_dir))
        graph = Graph(archive)
        generated = {page.src_uri: page.content for page in render_site(archive, graph)}
        generated |= published_files(archive)
        generated |= desk_files(archive, self.plans, self.root)  # the editorial desk, quan-tri/
        for src_uri, content in generated.items():
            if files.get_file_from_path(src_uri):
                raise PluginError(f"docs/{src_uri} is written by hand, but the archive generates this file "
                                  "from plans/; rename or remove the hand-written file")
            files.append(File.generated(config, src_uri, content=content))
        log.info("archive: %d documents, %d plans with full text", len(archive.documents), len(archive.plans))
        # MkDocs now renders thousands of pages, making and dropping objects by the million;
        # Python's collector would rescan every object alive now at each full collection.
        # Frozen, they are skipped (the archive itself is released first).
        del archive, graph, generated
        gc.collect()
        gc.freeze()
        return files

    def on_post_build(self, config):
        gc.unfreeze()
        search, self.search = self.search, None
        try:
            search.finish()
        except RuntimeError as exc:
            raise PluginError(str(exc)) from None

    def on_build_error(self, error):
        gc.unfreeze()
        if self.search is not None:
            self.search.cancel()
            self.search = None
