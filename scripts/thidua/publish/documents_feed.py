"""The Atom feed of documents newly added to the archive, newest first (beside the cases feed).

When a document was added is when its source file entered the repository (git history;
a rename keeps the first date) and its update the last commit that changed it. A source
git does not know (not committed yet, or an archive outside the repository) counts from
the document's own date.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from thidua import paths
from thidua.model import Archive, Document
from thidua.publish.feed import ATOM, AUTHOR, _link, _rfc3339, _text

FEED_ID = "tag:kho-thi-dua-dac-biet-2021,2026:van-ban"
TITLE = "Văn bản mới trong kho — Kho kế hoạch thi đua đặc biệt 2021"
ENTRIES = 50


def history(root: Path, plans_dir: Path) -> dict[str, tuple[str, str]]:
    """{source path relative to root: (added, last changed)} as RFC 3339 times, from git; {} without git."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "--reverse", "--format=%x00%cI", "--name-status", "-M",
                              "--", str(plans_dir)], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if out.returncode != 0:
        return {}
    dates: dict[str, tuple[str, str]] = {}
    when = ""
    for line in out.stdout.splitlines():
        if line.startswith("\x00"):
            when = line[1:]
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        status, path = parts[0], parts[-1]
        if status.startswith("R") and len(parts) == 3:
            added = dates.pop(parts[1], (when, when))[0]
        else:
            added = dates.get(path, (when, when))[0]
        if status == "D":
            dates.pop(path, None)
        else:
            dates[path] = (added, when)
    return dates


def render_documents_feed(archive: Archive, site_url: str | None, dates: dict[str, tuple[str, str]]) -> str:
    """The feed's XML; links are absolute under `site_url`, else relative to the feed's own URL."""
    ET.register_namespace("", ATOM)

    def when(doc: Document) -> tuple[str, str]:
        own = _rfc3339(doc.date)
        return dates.get(doc.path, (own, own))

    docs = sorted(archive.documents.values(), key=lambda d: (when(d)[0], d.date.sort_key(), d.id), reverse=True)[:ENTRIES]

    def href(src: str) -> str:
        return paths.absolute(site_url, src) or paths.href(paths.DOCUMENTS_FEED, src)

    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    _text(feed, "id", FEED_ID)
    _text(feed, "title", TITLE)
    _text(feed, "updated", max((when(d)[1] for d in docs), default="2021-09-10T00:00:00Z"))
    _link(feed, "self", href(paths.DOCUMENTS_FEED), "application/atom+xml")
    _link(feed, "alternate", href(paths.DOCUMENTS), "text/html")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", AUTHOR)
    for d in docs:
        added, changed = when(d)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"{FEED_ID}:{d.id}")
        _text(entry, "title", d.headline)
        _link(entry, "alternate", href(paths.document(d.id)), "text/html")
        _text(entry, "published", added)
        _text(entry, "updated", changed)
        _text(entry, "summary", d.title)
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": d.kind})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
