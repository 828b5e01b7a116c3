"""Writes the search index into the built site while MkDocs renders the pages.

The index feeds no page, and building it is a good part of the archive's own work,
so where the system can fork (Linux, macOS) a second process builds and writes it
while MkDocs renders pages in the first: on two cores the index costs almost no
wall time. Elsewhere it is built in-process when the pages are done.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from pathlib import Path

from thidua.model import Archive
from thidua.publish.search_index import SEARCH_DIR, build_search_files


def write_search_files(archive: Archive, site_dir: Path, reuse=None) -> None:
    """Write the index into site_dir/search/, touching only the files whose bytes changed.

    Each file is replaced whole (written beside, then renamed), since a server may be
    reading them; files of an earlier build that this one does not make are deleted, with
    their precompressed copies. A rebuild after an edit thus rewrites what the edit changed."""
    files = build_search_files(archive, reuse)
    for rel, content in files.items():
        path = site_dir / rel
        if path.is_file() and path.stat().st_size == len(content) and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        part.write_bytes(content)
        os.replace(part, path)
    wanted = {str(site_dir / rel) for rel in files}
    folder = site_dir / SEARCH_DIR
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        name = str(path)
        if path.is_file() and name not in wanted and name.removesuffix(".gz").removesuffix(".br") not in wanted:
            path.unlink()


def _child(archive: Archive, site_dir: Path, reuse) -> None:
    try:
        write_search_files(archive, site_dir, reuse)
    except BaseException:
        traceback.print_exc(file=sys.stderr)
        os._exit(1)
    os._exit(0)  # skip the parent's exit handlers: they belong to MkDocs


class SearchWriter:
    """The search index of one build: started with the pages, finished after them."""

    def __init__(self, archive: Archive | None, site_dir: Path, process=None, reuse=None):
        self.archive, self.site_dir, self.process, self.reuse = archive, site_dir, process, reuse

    @classmethod
    def start(cls, archive: Archive, site_dir: Path, reuse=None) -> SearchWriter:
        """`reuse` (graph.reuse) lets a search keep to the plans' own text."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return cls(archive, site_dir, reuse=reuse)
        process = multiprocessing.get_context("fork").Process(target=_child, args=(archive, site_dir, reuse), daemon=True)
        process.start()
        return cls(None, site_dir, process)  # the child has its own copy: this process can let the archive go

    def finish(self) -> None:
        """Wait for the index (or build it now, without fork); a failure fails the build."""
        if self.process is None:
            write_search_files(self.archive, self.site_dir, self.reuse)
            return
        self.process.join()
        if self.process.exitcode != 0:
            raise RuntimeError(f"the search index was not written (exit code {self.process.exitcode}); see the error above")

    def cancel(self) -> None:
        """Stop an index still being written (an edit came first). The process is killed, not
        waited for: its teardown takes a twentieth of a second at 1,000 plans, and once killed it
        runs no more code (multiprocessing reaps it when the next one starts). A file it was
        writing is a ".part" the next index deletes; a rename it was in completes whole."""
        if self.process is not None and self.process.is_alive():
            self.process.kill()
