"""What one build produced, kept for the next: keyed by the content of what it depends on.

One SQLite file in a cache directory outside site/ and git (`.cache/thidua/` beside mkdocs.yml
by default, the layout Material's and Zensical's caches use), plus the same entries in memory
while `mkdocs serve` keeps the process alive. Entries are keyed by content hashes, never by
modification times; and the whole cache is dropped when its key changes: the archive's code,
its schemas, the versions of the packages that read sources and render pages, and whatever
configuration the caller adds. So a cached result is never trusted across a change of code
or configuration.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import sqlite3
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SCHEMAS = PACKAGE.parents[1] / "plans" / "schema"
BOUNDARIES = PACKAGE.parents[1] / "plans" / "reference" / "ban-do" / "tinh.json"
# The packages whose behaviour reaches a parsed source or a rendered page.
RENDERERS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pyyaml", "jsonschema")
SCHEMA_VERSION = "1"  # of the tables below: a change drops the old file


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_key() -> str:
    """A hash of the archive's own code, its schemas and the versions of the renderers."""
    parts: list[str | bytes] = [SCHEMA_VERSION]
    # The map's boundaries (plans/reference/ban-do/tinh.json) are read by the code like a schema.
    for path in sorted(PACKAGE.rglob("*.py")) + sorted(SCHEMAS.glob("*.json")) + [BOUNDARIES]:
        parts += [path.relative_to(PACKAGE.parents[1]).as_posix(), path.read_bytes()]
    for name in RENDERERS:
        try:
            parts.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    return digest(*parts)


class Kept:
    """Values made from objects, kept from one build to the next while those objects stay the same.

    The loader hands back unchanged documents as the same objects under `mkdocs serve`
    (BuildCache.recall), so "same objects" means "same inputs": what was made from them
    need not be made again. Keys are object identities, checked with `is` (the objects are
    held, so an identity is never reused while kept); what a build did not ask for is dropped
    at the next `new_build`.
    """

    def __init__(self):
        self._previous: dict[tuple, tuple] = {}
        self._current: dict[tuple, tuple] = {}

    def new_build(self) -> None:
        self._previous, self._current = self._current, {}

    def get(self, objects: tuple, make, values: tuple = ()):
        """`make()`, or what it gave last time for these same `objects` and equal `values`."""
        key = (tuple(map(id, objects)), values)
        hit = self._current.get(key) or self._previous.get(key)
        if hit is None or any(a is not b for a, b in zip(hit[0], objects)) or len(hit[0]) != len(objects):
            hit = (objects, make())
        self._current[key] = hit
        return hit[1]


class BuildCache:
    """Parsed sources, rendered pages and the files written into the site, by content.

    `directory` None keeps everything in memory only (a build with no cache directory).
    Tables:
      sources  (digest -> pickled result of reading and validating one source file)
      pages    (page -> digest of its inputs, its rendered output, zlib-compressed)
      outputs  (file under site/ -> digest, size and mtime when this cache wrote it), so a later
               build knows what it may skip or delete, and never deletes what it did not write.
    """

    def __init__(self, directory: Path | None, key: str):
        self.key = key
        self.sources: dict[str, bytes] = {}
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.outputs: dict[str, tuple[str, int, int]] = {}
        self.memory: dict = {}  # objects kept while the process lives (mkdocs serve), never on disk
        self._recalled: set = set()
        self._db: sqlite3.Connection | None = None
        self._dirty_pages: set[str] = set()
        self._new_sources: set[str] = set()
        self._gone_sources: set[str] = set()
        self._gone_pages: set[str] = set()
        self._saved_outputs: dict[str, tuple[str, int, int]] = {}  # as the file holds them
        if directory is None:
            return
        directory.mkdir(parents=True, exist_ok=True)
        # Like Material's and Zensical's caches: the folder ignores itself, whatever the project's .gitignore says.
        (directory / ".gitignore").write_text("*\n", encoding="utf-8")
        # Two builds at once (a serve and a test) wait for each other rather than fail.
        self._db = sqlite3.connect(directory / "build.sqlite", isolation_level=None, timeout=120)
        self._db.executescript(
            "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);"
            "CREATE TABLE IF NOT EXISTS sources (digest TEXT PRIMARY KEY, value BLOB);"
            "CREATE TABLE IF NOT EXISTS pages (src_uri TEXT PRIMARY KEY, digest TEXT, output BLOB);"
            "CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, digest TEXT, size INTEGER, mtime INTEGER);")
        stored = self._db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        if not stored or stored[0] != key:
            self._db.executescript("BEGIN; DELETE FROM sources; DELETE FROM pages; DELETE FROM outputs; COMMIT;")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (key,))
            return
        self.sources = dict(self._db.execute("SELECT digest, value FROM sources"))
        self.pages = {src: (d, out) for src, d, out in self._db.execute("SELECT src_uri, digest, output FROM pages")}
        self.outputs = {p: (d, s, m) for p, d, s, m in self._db.execute("SELECT path, digest, size, mtime FROM outputs")}
        self._saved_outputs = dict(self.outputs)

    # -- Objects in memory ----------------------------------------------------

    def recall(self, key):
        """An object remembered by an earlier build of this process, or None."""
        value = self.memory.get(key)
        if value is not None:
            self._recalled.add(key)
        return value

    def remember(self, key, value) -> None:
        self.memory[key] = value
        self._recalled.add(key)

    # -- Sources --------------------------------------------------------------

    def source(self, key: str):
        value = self.sources.get(key)
        return pickle.loads(value) if value is not None else None

    def put_source(self, key: str, result) -> None:
        self.sources[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        self._new_sources.add(key)

    def keep_sources(self, keys: set[str]) -> None:
        """Forget the sources not read in this build (deleted files, old versions of edited ones)."""
        for key in set(self.sources) - keys:
            del self.sources[key]
            self._gone_sources.add(key)

    # -- Pages ----------------------------------------------------------------

    def page(self, src_uri: str, page_digest: str) -> bytes | None:
        """The output rendered last time from exactly these inputs, or None."""
        entry = self.pages.get(src_uri)
        return entry[1] if entry and entry[0] == page_digest else None

    def put_page(self, src_uri: str, page_digest: str, output: bytes) -> None:
        self.pages[src_uri] = (page_digest, output)
        self._dirty_pages.add(src_uri)

    # -- Saving ---------------------------------------------------------------

    def save(self, pages: set[str]) -> None:
        """Write what changed; pages not in `pages` (no longer in the site) are forgotten."""
        for src in set(self.pages) - pages:
            del self.pages[src]
            self._gone_pages.add(src)
        # Objects this build did not use belong to sources that changed or vanished.
        self.memory = {k: v for k, v in self.memory.items() if k in self._recalled}
        self._recalled = set()
        if self._db is None:
            self._dirty_pages, self._new_sources, self._gone_sources, self._gone_pages = set(), set(), set(), set()
            return
        # Only the rows that changed are written: rewriting every row was a few hundredths of a
        # second of each edit at 1,000 plans, and grows with the site. (Rows another process
        # wrote meanwhile may stay; every entry is checked before it is trusted: a source by its
        # digest, a page by its inputs' digest, an output by the file's size and time.)
        outputs = [(p, *v) for p, v in self.outputs.items() if self._saved_outputs.get(p) != v]
        db = self._db
        db.execute("BEGIN")
        db.executemany("DELETE FROM sources WHERE digest = ?", ((k,) for k in self._gone_sources if k not in self.sources))
        db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?)",
                       ((k, self.sources[k]) for k in self._new_sources if k in self.sources))
        db.executemany("DELETE FROM pages WHERE src_uri = ?", ((s,) for s in self._gone_pages if s not in self.pages))
        db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                       ((s, *self.pages[s]) for s in self._dirty_pages if s in self.pages))
        db.executemany("DELETE FROM outputs WHERE path = ?", ((p,) for p in self._saved_outputs if p not in self.outputs))
        db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?)", outputs)
        db.execute("COMMIT")
        self._saved_outputs = dict(self.outputs)
        for written in (self._dirty_pages, self._new_sources, self._gone_sources, self._gone_pages):
            written.clear()
