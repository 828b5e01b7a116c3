"""Every public URL of the site, listed in tests/public-urls.txt: once published, an address is
cited in reports and shared in chats, so a change that would break one fails here.

A URL that must move keeps a redirect page (thidua.paths.MOVED); a new URL is added to the list.
"""

from __future__ import annotations

import re
from pathlib import Path

from thidua import paths
from thidua.publish.cms import DESK
from conftest import ROOT, SITE_URL

LIST = ROOT / "tests" / "public-urls.txt"
# Internal files: the theme (names change with Material's versions), the search index and the
# hierarchy's data, fetched by its script (thidua.paths.TREE_DIR).
INTERNAL = ("assets/javascripts/", "assets/stylesheets/", "search/", paths.TREE_DIR)


def public_urls(site: Path) -> set[str]:
    """URLs under the site's address ("/", "/van-ban/x/") a reader can link to: every page (index.html → its folder) and every published file."""
    out = set()
    for f in site.rglob("*"):
        rel = str(f.relative_to(site))
        if not f.is_file() or rel.startswith(INTERNAL) or f.suffix in (".gz", ".br"):
            continue
        if f.name == "index.html":
            out.add("/" + rel[: -len("index.html")])
        elif rel.startswith(DESK + "/"):
            continue  # the desk's address is listed; its bundle's file names change with Decap
        elif f.suffix != ".html":
            out.add("/" + rel)
    return out


def listed() -> set[str]:
    return {line.strip() for line in LIST.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}


def test_no_public_url_disappears(site_dir):
    gone = sorted(listed() - public_urls(site_dir))
    assert not gone, ("These public URLs are gone; keep them, or add them to thidua.paths.MOVED so a redirect page "
                      f"replaces each: {gone}")


def test_every_public_url_is_listed(site_dir):
    new = sorted(public_urls(site_dir) - listed())
    assert not new, f"New public URLs: add them to tests/public-urls.txt (from now on they must not move): {new}"


def test_every_url_is_vietnamese(site_dir):
    """Slugs are Vietnamese words without diacritics; English ones are kept only as redirects."""
    english = re.compile(r"(^|/)(central|province|department|district|commune|level|documents?|cases?|awards?)(/|$)")
    moved = {"/" + old for old in paths.MOVED}
    pages = {u for u in public_urls(site_dir) if u.endswith("/")}
    assert not [u for u in pages - moved if english.search(u)]


def test_moved_urls_lead_to_their_new_page(site_dir):
    for old, new_src in paths.MOVED.items():
        page = site_dir / old / "index.html"
        new = paths.url(new_src)
        if not (site_dir / new / "index.html").exists():
            continue  # nothing was published there (no document of that level)
        html = page.read_text(encoding="utf-8")
        assert f'http-equiv="refresh" content="0; url={SITE_URL}{new}"' in html, old
        assert f'<link rel="canonical" href="{SITE_URL}{new}">' in html
