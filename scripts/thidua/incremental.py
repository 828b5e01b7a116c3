"""Incremental builds under MkDocs: render again only the pages whose inputs changed.

MkDocs' dirty builds (`mkdocs build --dirty`, `mkdocs serve --dirty`) skip a page when its
file says it is not modified; for a generated page MkDocs always says it is. Here each page
gets a digest of everything its HTML is made from — its Markdown, the head data the plugin
adds to it, the nav (titles and addresses, printed in every page), and the cache key (the
archive's code, the renderers' versions, the configuration and the templates) — and is
rendered again only when that digest changed. Any edit then renders the pages whose Markdown
it changes (the plan, its parent and children, the listings it appears in) and nothing else,
whatever depends on what: the generated Markdown itself is the dependency record.

The output of each page is kept in the cache by its digest, so a build into an empty folder
(the first build of `mkdocs serve`, `make build`, CI with a restored cache) writes unchanged
pages from the cache instead of rendering them. Generated files other than pages are written
only when their bytes changed; pages and files that vanished from the site are deleted (only
those this cache wrote, as it wrote them). The result is the same, byte for byte, as a clean
build (tests/test_incremental.py).
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from thidua.cache import BuildCache, digest

log = logging.getLogger("mkdocs.plugins.thidua")

# Precompressed copies written beside a file (publish/compress.py): deleted with it.
TWINS = (".gz", ".br")


class QuietDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that pages may be stale, which `--strict` turns into a
    failure; here pages are rendered again exactly when their inputs changed, so it is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory (a build with no cache folder); Jinja checks each against its source."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class ThemeFiles:
    """The theme's files, listed once for all the rebuilds of `mkdocs serve`.

    Every build MkDocs walks the theme's folders for its static files (Material's hold some
    14,000, icons included) and matches each name against a dozen patterns: a third of a
    second per edit. The theme's installed folders do not change while serving; the project's
    own overrides/ may, so a change to the files there lists them again.
    """

    def __init__(self):
        self._key: tuple | None = None
        self._names: list[str] = []

    def install(self, theme) -> None:
        """Make `theme.get_env()` give environments whose `list_templates` answers from this listing."""
        get_env = theme.get_env

        def get_env_listed_once():
            env = get_env()
            list_templates = env.list_templates

            def listed(extensions=None, filter_func=None):
                key = (tuple(theme.dirs), tuple(theme.static_templates), extensions,
                       getattr(filter_func, "__code__", filter_func), _stamp(theme.custom_dir))
                if key != self._key:
                    self._names, self._key = list_templates(extensions, filter_func), key
                return list(self._names)

            env.list_templates = listed
            return env

        theme.get_env = get_env_listed_once


def _stamp(folder: str | None) -> tuple:
    """Names and modification times of the files under `folder`."""
    if not folder:
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in Path(folder).rglob("*") if p.is_file()))


def _stat(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _nav_key(nav: Navigation) -> str:
    """Titles and addresses of the nav, which every page prints (Material's tabs and side nav)."""
    def walk(items) -> list:
        return [[item.title, getattr(item, "url", None), walk(item.children or [])] for item in items]
    return json.dumps(walk(nav.items), ensure_ascii=False)


class IncrementalBuild:
    """One build's decisions: which pages to render, which files to write, what to delete."""

    def __init__(self, cache: BuildCache, site_dir: str, generated: set[str], head: dict[str, dict]):
        self.cache, self.site_dir, self.generated, self.head = cache, site_dir, generated, head
        self.digests: dict[str, str] = {}  # dest path -> digest, of every file this build owns
        self.pages: dict[str, str] = {}  # src_uri -> digest, of pages
        self.to_write: list[File] = []  # pages rendered and files written by MkDocs in this build
        self.rendered = 0
        self.total = 0

    def plan(self, nav: Navigation, files: Files, config, dirty: bool) -> None:
        """Decide for each page and generated file whether MkDocs writes it; restore cached pages.

        Without `dirty` MkDocs has emptied the site and renders every page whatever is decided:
        nothing is restored, but the cache still learns every page."""
        for page in nav.pages:
            if page.markdown is None:
                # An unread page's title is None, and "None" would be printed in the nav of every
                # page rendered (mkdocs/mkdocs#4047): read it, as a clean build does.
                page.read_source(config)
        self.dirty = dirty
        nav_key = _nav_key(nav)
        key = self.cache.key
        # A page whose Markdown and head are the same objects as last build (kept by the
        # renderers, pages/…) has the same digest: hashing all pages' text again is a tenth
        # of a second of every edit at 1,000 plans. Kept in memory only, and keyed by the
        # digest's other inputs.
        known = self.cache.recall(("page digests", key, nav_key)) or {}
        kept: dict[str, tuple] = {}
        self.cache.remember(("page digests", key, nav_key), kept)
        for file in files:
            if file.is_documentation_page():
                self.total += 1
                content, head = file.content_string, self.head.get(file.src_uri)
                was = known.get(file.src_uri)
                if was is not None and was[0] is content and was[1] is head:
                    d = was[2]
                else:
                    d = digest(key, nav_key, file.src_uri, content, json.dumps(head, ensure_ascii=False, sort_keys=True))
                kept[file.src_uri] = (content, head, d)
                self.pages[file.src_uri] = d
                self._decide(file, d, self.cache.page(file.src_uri, d))
            elif file.src_uri in self.generated:
                self._decide(file, digest(file.content_bytes), None)
        self._delete_vanished()

    def _decide(self, file: File, d: str, cached: bytes | None) -> None:
        dest = file.dest_uri
        self.digests[dest] = d
        path = file.abs_dest_path
        recorded = self.cache.outputs.get(dest)
        fresh = self.dirty and recorded is not None and recorded[0] == d and _stat(path) == tuple(recorded[1:])
        if self.dirty and not fresh and cached is not None:
            _write(path, zlib.decompress(cached))
            self.cache.outputs[dest] = (d, *_stat(path))
            fresh = True
        if not fresh:
            self.to_write.append(file)
        file.is_modified = (lambda modified: lambda: modified)(not fresh)

    def _delete_vanished(self) -> None:
        """Delete what a former build wrote and this one does not, if it is still as written."""
        for dest in set(self.cache.outputs) - set(self.digests):
            _, size, mtime = self.cache.outputs.pop(dest)
            path = os.path.join(self.site_dir, dest)
            if _stat(path) == (size, mtime):
                os.remove(path)
                for twin in TWINS:
                    if os.path.exists(path + twin):
                        os.remove(path + twin)
                _prune(Path(path).parent, Path(self.site_dir))

    def page_rendered(self, src_uri: str, output: str) -> None:
        """A page MkDocs rendered: kept in the cache by the digest of its inputs."""
        self.rendered += 1
        self.cache.put_page(src_uri, self.pages[src_uri], zlib.compress(output.encode("utf-8", "xmlcharrefreplace"), 1))

    def finish(self) -> None:
        """Record what MkDocs wrote, so the next build can trust or delete it; save the cache."""
        for file in self.to_write:
            st = _stat(file.abs_dest_path)
            if st is not None:
                self.cache.outputs[file.dest_uri] = (self.digests[file.dest_uri], *st)
        self.cache.save(set(self.pages))
        log.info("thidua: rendered %d of %d pages", self.rendered, self.total)


def _write(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def _prune(folder: Path, top: Path) -> None:
    """Remove folders left empty by a deletion, up to the site's top."""
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
