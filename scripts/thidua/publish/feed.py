"""The Atom 1.0 feed (RFC 4287) of exemplary cases, newest first.

Built with ElementTree, so every title, theme and id is escaped as XML wants it,
attribute values included.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from thidua import paths
from thidua.model import Archive, DocDate

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "tag:kho-thi-dua-dac-biet-2021,2026:guong-dien-hinh"
TITLE = "Gương điển hình — Kho kế hoạch thi đua đặc biệt 2021"
AUTHOR = "Kho kế hoạch thi đua đặc biệt 2021"


def render_feed(archive: Archive, site_url: str | None = None) -> str:
    """The feed's XML; links are absolute under `site_url` (feed readers resolve relative ones
    wrongly), else relative to the feed's own URL."""
    ET.register_namespace("", ATOM)
    cases = sorted(archive.cases.values(), key=lambda c: (c.published.sort_key(), c.date.sort_key(), c.id), reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    _text(feed, "id", FEED_ID)
    _text(feed, "title", TITLE)
    _text(feed, "updated", _rfc3339(cases[0].published) if cases else "2021-09-10T00:00:00Z")
    def href(src: str) -> str:
        return paths.absolute(site_url, src) or paths.href(paths.FEED, src)

    _link(feed, "self", href(paths.FEED), "application/atom+xml")
    _link(feed, "alternate", href(paths.CASES), "text/html")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", AUTHOR)
    for c in cases:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"{FEED_ID}:{c.id}")
        _text(entry, "title", c.title)
        _link(entry, "alternate", href(paths.case(c.id)), "text/html")
        _text(entry, "updated", _rfc3339(c.published))
        _text(entry, "published", _rfc3339(c.published))
        summary = f"{c.province}, {c.date.vi}: " + "; ".join(r.award.name for r in c.recognition)
        _text(entry, "summary", summary.rstrip(": "))
        for t in c.themes:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": t.key, "label": t.name})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _link(parent: ET.Element, rel: str, href: str, kind: str | None = None) -> None:
    attrs = {"rel": rel, "href": href}
    if kind:
        attrs["type"] = kind
    ET.SubElement(parent, f"{{{ATOM}}}link", attrs)


def _rfc3339(date: DocDate) -> str:
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"
