"""Every text file of the built site stored again as .gz and .br beside it, at build time,
for the hosts that need them (HOSTS).

The server then sends the smallest the browser accepts without compressing anything per
request (deploy/nginx/kho-thi-dua.conf). gzip at its best level; brotli at its best (11)
for the theme's scripts and styles every first visit fetches, 6 for pages and the search
index's files (within 3% of 9's size at a 13th of the time: thousands of them at scale),
5 for the large files a reader never fetches (source maps, lunr's word-cutter). Files already compressed (the search index's
.json.gz shards) are left as they are.
"""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

# Whether each host the site can be built for needs the twins: nginx sends them as they are;
# GitHub Pages and Cloudflare Pages compress by themselves, and twins would triple the files
# they must hold (Cloudflare Pages takes 20,000 per deployment, GitHub Pages 1 GB).
HOSTS = {"github-pages": False, "cloudflare-pages": False, "nginx": True}
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".csv", ".map", ".webmanifest"}
# Below this many files one process is quicker than starting a pool.
POOL_FROM = 200
LARGE = 200_000


def _quality(path: str, size: int) -> int:
    if size > LARGE:
        return 5
    return 11 if "/assets/" in path else 6


def _compress(path: str) -> None:
    data = Path(path).read_bytes()
    # mtime=0: the same bytes on every build, so a deploy only sends what changed.
    Path(path + ".gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    Path(path + ".br").write_bytes(brotli.compress(data, quality=_quality(path, len(data))))


def text_files(site: Path) -> list[str]:
    return sorted(str(p) for p in site.rglob("*") if p.suffix in TEXT_SUFFIXES and p.is_file())


def _stale(path: str) -> bool:
    """No copies yet, or copies older than the file (an incremental build rewrote it)."""
    try:
        made = min(os.stat(path + ".gz").st_mtime_ns, os.stat(path + ".br").st_mtime_ns)
    except OSError:
        return True
    return made < os.stat(path).st_mtime_ns


def precompress(site: Path) -> int:
    """Writes FILE.gz and FILE.br for every text file under `site` that lacks them or changed
    since they were made; returns how many files were compressed."""
    files = [f for f in text_files(site) if _stale(f)]
    if len(files) < POOL_FROM:
        for f in files:
            _compress(f)
    else:
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(_compress, files, chunksize=64))
    return len(files)
