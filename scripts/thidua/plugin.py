"""The MkDocs plugin: wires build events to the archive's stages. Thin on purpose.

Plans are read inside events, never at import time: under `mkdocs serve` the plugin
instance lives on, and a change under plans/ (watched) triggers a rebuild. With a dirty
build (`make serve`, `make build`) only what an edit touches is read and rendered again
(incremental.py, with the cache of cache.py).
"""

from __future__ import annotations

import gc
import html
import logging
import sys
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from thidua import paths
from thidua.cache import BuildCache, code_key, digest
from thidua.errors import ArchiveError
from thidua.graph import Graph
from thidua.incremental import IncrementalBuild, MemoryBytecodeCache, QuietDirtyWarning, ThemeFiles
from thidua.pages import render_site
from thidua.pages.markdown import RawBlocks
from thidua.publish import published_files
from thidua.publish import seo, whitespace
from thidua.publish.budget import warn_heavy_pages
from thidua.publish.figures import figure_files
from thidua.publish.compress import HOSTS, precompress
from thidua.publish.documents_feed import history, render_documents_feed
from thidua.publish.originals import original_files
from thidua.publish.redirects import redirect_pages
from thidua.publish.share_image import share_image
from thidua.publish.cms import desk_files
from thidua.publish.search_browser import BUNDLE, search_bundle
from thidua.publish.search_index import SEARCH_DIR
from thidua.publish.search_writer import SearchWriter
from thidua.sources import load_archive

log = logging.getLogger("mkdocs.plugins.thidua")

# What a build without site_url leaves out; printed on stderr (not a warning: --strict
# would fail, and `make build` runs --quiet, which hides MkDocs' info messages).
WITHOUT_SITE_URL = ("sitemap addresses, robots.txt, canonical links, absolute links in the feeds, "
                    "og:url/og:image of link previews, absolute addresses in structured data and citations")


class ArchiveConfig(Config):
    # The sources directory, relative to mkdocs.yml (mkdocs.yml sets it from $ARCHIVE_PLANS
    # when that is set, so `make build PLANS=DIR` builds another archive).
    plans = c.Type(str, default="plans")
    # What one build keeps for the next (cache.py), relative to mkdocs.yml; outside site/ and git.
    # None (mkdocs.yml: an empty $ARCHIVE_CACHE) keeps nothing on disk, as the tests' builds do.
    cache = c.Optional(c.Type(str))
    # Where the site is served (mkdocs.yml reads $ARCHIVE_HOSTING: `make build HOSTING=nginx`).
    hosting = c.Choice(tuple(HOSTS), default="github-pages")


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def on_startup(self, *, command, dirty):
        # Defined so MkDocs keeps one instance across the rebuilds of `mkdocs serve`.
        self.search: SearchWriter | None = None
        self.command, self.dirty = command, dirty
        self.head: dict[str, dict] = {}
        self.cache: BuildCache | None = None
        self.theme_files = ThemeFiles()
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(QuietDirtyWarning())

    def on_config(self, config):
        self.root = Path(config.config_file_path).parent
        self.plans = (self.root / (self.config.plans or "plans")).resolve()
        key = self._cache_key(config)
        if self.cache is None or self.cache.key != key:
            folder = self.root / self.config.cache if self.config.cache else None
            self.cache = BuildCache(folder, key)
            if folder:
                (folder / "templates").mkdir(parents=True, exist_ok=True)
            self.templates = FileSystemBytecodeCache(str(folder / "templates")) if folder else MemoryBytecodeCache()
        self.theme_files.install(config.theme)
        if not any(isinstance(e, RawBlocks) for e in config.markdown_extensions):
            config.markdown_extensions.append(RawBlocks())
        if str(self.plans) not in map(str, config.watch):
            config.watch.append(str(self.plans))
        self.site_url = config.site_url or None
        if not self.site_url:
            print(f"thidua: no site_url (make build SITE_URL=https://…/): left out {WITHOUT_SITE_URL}", file=sys.stderr)
        return config

    def on_files(self, files, config):
        """Load and link every source, then add each generated page and data file as a virtual file.

        The search index feeds no page, so it is written beside the build (search_writer.py)."""
        if self.search is not None:  # the index of an earlier edit, still being written under serve
            self.search.cancel()
        # The stages make hundreds of thousands of objects that live until the pages are written,
        # and hold no cycles: a collection meanwhile would only rescan them (and, under serve, the
        # kept ones of every earlier build), seconds of an edit at 1,000 plans.
        gc.disable()
        try:
            return self._add_generated(files, config)
        finally:
            gc.enable()

    def _add_generated(self, files, config):
        try:
            archive = load_archive(self.plans, display_root=self.root, cache=self.cache)
        except ArchiveError as exc:
            raise PluginError(exc.report()) from None
        if any(f.src_uri.startswith(SEARCH_DIR + "/") for f in files):
            raise PluginError(f"docs/{SEARCH_DIR}/ holds hand-written files, but the archive generates its search index "
                              "there; rename or remove them")
        graph = Graph(archive)
        # The index is written beside the pages by a forked process, which gets the text reuse the
        # pages need anyway (made first, so the fork has it).
        self.search = SearchWriter.start(archive, Path(config.site_dir), graph.reuse)
        generated = {page.src_uri: page.content for page in render_site(archive, graph)}
        generated |= published_files(archive, self.site_url, graph)
        generated |= figure_files(archive, graph)  # the map's and the timeline's figures, du-lieu/
        generated |= desk_files(archive, self.plans, self.root)  # the editorial desk, quan-tri/
        generated[BUNDLE] = search_bundle(Path(config.theme.custom_dir) / "assets" / "javascripts")
        generated |= self._publishing_files(archive, set(generated))
        self.head = seo.page_head(graph, self.site_url, config.site_name)
        self.generated = set(generated)
        hand_written = set(files.src_uris)
        for src_uri, content in generated.items():
            if src_uri in hand_written:
                raise PluginError(f"docs/{src_uri} is written by hand, but the archive generates this file "
                                  "from plans/; rename or remove the hand-written file")
            files.append(File.generated(config, src_uri, content=content))
        log.info("archive: %d documents, %d plans with full text", len(archive.documents), len(archive.plans))
        # MkDocs now renders thousands of pages, making and dropping objects by the million;
        # Python's collector would rescan every object alive now at each full collection.
        # Frozen, they are skipped (the archive is released first: its objects hold no cycles,
        # so dropping the names frees what no cache keeps, without a collection).
        del archive, graph, generated
        gc.freeze()
        return files

    def _publishing_files(self, archive, pages: set[str]) -> dict[str, str | bytes]:
        """Feeds, robots.txt, redirects, the share image and the originals offered for download."""
        out: dict[str, str | bytes] = {
            paths.DOCUMENTS_FEED: render_documents_feed(archive, self.site_url, history(self.root, self.plans)),
            paths.SHARE_IMAGE: share_image(),
        }
        if self.site_url:
            out[paths.ROBOTS] = seo.robots_txt(self.site_url)
        out |= redirect_pages(pages, self.site_url)
        out |= original_files(archive, self.plans)
        return out

    def on_nav(self, nav, config, files):
        self.build = IncrementalBuild(self.cache, config.site_dir, self.generated, self.head)
        self.build.plan(nav, files, config, self.dirty)
        return nav

    def on_env(self, env, config, files):
        # MkDocs makes a new template environment for every build, and compiling the theme's
        # templates again costs more than rendering a few pages: keep their compiled code.
        env.bytecode_cache = self.templates
        return env

    def on_page_markdown(self, markdown, page, config, files):
        head = self.head.get(page.file.src_uri)
        if head:
            # Material prints meta values unescaped (see pages/markdown.front_matter).
            page.meta["description"] = html.escape(head["description"], quote=True)
        return markdown

    def on_page_context(self, context, page, config, nav):
        context["archive_head"] = self.head.get(page.file.src_uri)
        return context

    def on_post_page(self, output, page, config):
        output = whitespace.collapse(output)
        self.build.page_rendered(page.file.src_uri, output)
        return output

    def on_post_template(self, output_content, template_name, config):
        # Static templates: the 404 page (sitemap.xml is not HTML and is left as it is).
        return whitespace.collapse(output_content) if template_name.endswith(".html") else output_content

    def on_post_build(self, config):
        gc.unfreeze()
        self.build.finish()
        warn_heavy_pages(config.site_dir, (f.dest_uri for f in self.build.to_write))
        # Under serve the edited page is shown at once; the search index follows when written.
        if self.command == "serve":
            return
        search, self.search = self.search, None
        try:
            search.finish()
        except RuntimeError as exc:
            raise PluginError(str(exc)) from None
        # Precompressed for a host that sends them as they are (deploy/nginx); never for the
        # live-reload server or gh-deploy.
        if self.command == "build" and HOSTS[self.config.hosting]:
            precompress(Path(config.site_dir))

    def on_serve(self, server, config, builder):
        listen_for_edits(server)
        return server

    def on_shutdown(self):
        if self.search is not None:
            self.search.cancel()

    def _cache_key(self, config) -> str:
        """What every page depends on besides its own Markdown: the code, the configuration
        (mkdocs.yml and what it reads from the environment) and the templates."""
        parts = [code_key(), Path(config.config_file_path).read_bytes(), str(config.site_url), str(self.plans)]
        # The project's overrides; the theme's own templates come with its version (in code_key).
        overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        for path in sorted(p for p in overrides.rglob("*") if p.is_file()) if overrides else []:
            parts += [path.relative_to(overrides).as_posix(), path.read_bytes()]
        return digest(*parts)

    def on_build_error(self, error):
        gc.unfreeze()
        if self.search is not None:
            self.search.cancel()
            self.search = None


def listen_for_edits(server) -> None:
    """Have `mkdocs serve` hear of an edit from the kernel (inotify on Linux) instead of polling.

    MkDocs' server looks at every watched file each 0.5 s (watchdog's PollingObserver): an edit
    waits a quarter of a second on average before its build starts, and at 12,000 plans each
    look stats every source. watchdog's native observer reports the change as it happens. The
    folders watched so far (docs/, mkdocs.yml) move to it; those added later (plans/) go to it.
    Where there is no native observer, or it cannot watch a folder, MkDocs' polling stays."""
    import watchdog.observers
    from watchdog.observers.polling import PollingObserver

    polling = server.observer
    if watchdog.observers.Observer is PollingObserver or not isinstance(polling, PollingObserver) or polling.is_alive():
        return
    native = watchdog.observers.Observer()
    try:
        moved = {path: native.schedule(handler, watch.path, recursive=watch.is_recursive)
                 for path, watch in server._watch_refs.items() for handler in polling._handlers[watch]}
    except OSError:  # e.g. the kernel's limit of watches reached: keep polling
        return
    server.observer, server._watch_refs = native, moved

