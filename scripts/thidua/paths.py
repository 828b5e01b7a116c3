"""The only place that maps documents, provinces, levels and awards to page paths.

Page paths are Markdown source URIs relative to docs/ ("van-ban/<id>.md"); MkDocs
turns them into the public URLs ("van-ban/<id>/"). Journalists cite these, so they
are built from stable slugs and never from row numbers.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote
from functools import lru_cache

from thidua.text import slugify

DOCUMENTS = "van-ban/index.md"
HIERARCHY = "he-thong/index.md"
PROVINCES = "tinh/index.md"
LEVELS = "cap/index.md"
AWARDS = "khen-thuong/index.md"
HOME = "index.md"


DOCUMENT_FOLDER = "van-ban/"


def document(doc_id: str) -> str:
    return f"{DOCUMENT_FOLDER}{doc_id}.md"


def province(name: str) -> str:
    return f"tinh/{slugify(name)}.md"


# Vietnamese slugs of the levels (model.LEVELS keys are English identifiers, never shown).
LEVEL_SLUGS = {"central": "trung-uong", "province": "tinh-thanh-pho", "department": "so-nganh",
               "district": "huyen-thi-xa", "commune": "xa-phuong-thi-tran"}


def level(key: str) -> str:
    return f"cap/{LEVEL_SLUGS[key]}.md"


def award(key: str) -> str:
    return f"khen-thuong/{key}.md"


# Listings too long for one page are cut by province (or, on a province page, by issuing
# unit), and each part into numbered pages: slugs of names, never row numbers, name the parts.
CENTRAL = "Trung ương"  # the group of documents that belong to no province


def level_part(key: str, group: str) -> str:
    """One province's documents of a level ("cap/huyen-thi-xa/ha-noi.md")."""
    return f"cap/{LEVEL_SLUGS[key]}/{slugify(group)}.md"


def award_part(key: str, group: str) -> str:
    return f"khen-thuong/{key}/{slugify(group)}.md"


# Parts of a province's listing besides its districts (named by their unit keys): its
# departments' documents, and those of a district or commune whose district is not known.
DEPARTMENTS, OTHER_UNITS = "so-nganh", "don-vi-khac"


def province_part(name: str, part: str) -> str:
    """Part of a province's listing: DEPARTMENTS, OTHER_UNITS or a district (its unit key)."""
    return f"tinh/{slugify(name)}/{part}.md"


def numbered(src: str, n: int) -> str:
    """Page n of a listing cut into pages: the first is the listing itself, then ".../trang-2.md"."""
    return src if n == 1 else f"{src[:-len('.md')]}/trang-{n}.md"


# The hierarchy's data (he-thong/): each province's tree and the names its search box finds,
# fetched by overrides/assets/javascripts/unit-tree.js only when opened or typed into.
TREE_DIR = "he-thong/cay/"
TREE_NAMES = TREE_DIR + "don-vi.json"


def tree_data(group: str) -> str:
    return f"{TREE_DIR}{slugify(group)}.json"


def tree_anchor(group: str) -> str:
    """The anchor of a province's branch on the hierarchy page (he-thong/#tinh-ha-noi opens it)."""
    return f"tinh-{slugify(group)}"


def url(src_uri: str) -> str:
    """Site-relative public URL of a page ("van-ban/x.md" -> "van-ban/x/"); other files keep their path."""
    if not src_uri.endswith(".md"):
        return src_uri
    if src_uri == "index.md":
        return ""
    if src_uri.endswith("/index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[: -len(".md")] + "/"


def link(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """Relative Markdown link between two pages, so `mkdocs build --strict` checks it."""
    rel = _relative(to_src, posixpath.dirname(from_src) or ".")
    return f"{rel}#{anchor}" if anchor else rel


@lru_cache(maxsize=None)
def _relative(path: str, start: str) -> str:
    # Cached: listings link the same pages from the same folders thousands of times.
    return posixpath.relpath(path, start)


def href(from_src: str, to_src: str) -> str:
    """Relative URL between two built files, for raw HTML and XML that MkDocs does not rewrite."""
    base = (url(from_src).rstrip("/") or ".") if from_src.endswith(".md") else (posixpath.dirname(from_src) or ".")
    target = url(to_src)
    rel = posixpath.relpath(target.rstrip("/") or ".", base)
    if not to_src.endswith(".md"):
        return rel
    return "./" if rel == "." else rel + "/"


CASES = "guong-dien-hinh/index.md"
FEED = "guong-dien-hinh/feed.xml"
PRACTICES = "thuc-tien/index.md"
PRACTICE_CANDIDATES = "thuc-tien/de-xuat.md"  # passages for the office to confirm (graph/candidates.py)
THEMES = "chu-de/index.md"
COMPARISON = "so-sanh/index.md"


def case(case_id: str) -> str:
    return f"guong-dien-hinh/{case_id}.md"


def practice(key: str) -> str:
    return f"thuc-tien/{key}.md"


def theme(key: str) -> str:
    return f"chu-de/{key}.md"


def practice_group(key: str, province: str | None, page: int = 1) -> str:
    """A practice's passages in the plans of one 2021 province (None: plans of no province), page by page."""
    return _group(f"thuc-tien/{key}", province, page)


def theme_group(key: str, province: str | None, page: int = 1) -> str:
    """A theme's passages in the plans of one 2021 province (None: plans of no province), page by page."""
    return _group(f"chu-de/{key}", province, page)


def comparison_group(province: str | None, page: int = 1) -> str:
    """The award comparison of the plans of one 2021 province (None: plans of no province), page by page."""
    return _group("so-sanh", province, page)


def _group(folder: str, province: str | None, page: int) -> str:
    # Every page of a group lies in one folder ("…/ha-noi/", "…/ha-noi/2/"), so a link written
    # for one page holds on all: a plan's lines are kept when it moves to the next page.
    slug = slugify(province) if province else LEVEL_SLUGS["central"]
    return f"{folder}/{slug}/index.md" if page == 1 else f"{folder}/{slug}/{page}.md"


SEARCH = "tim-kiem.md"
DESK = "quan-tri/"  # the editorial desk (publish/cms.py)
DATA_PAGE = "du-lieu.md"
AUTHORING_GUIDE = "huong-dan-viet-guong-dien-hinh.md"


def case_image(file: str) -> str:
    """An exemplary case's picture, stored under docs/assets/cases/."""
    return f"assets/cases/{file}"


def search_url(query: str) -> str:
    """Site-relative URL of the results page for `query`."""
    return f"{url(SEARCH)}?q={quote(query)}"


DATA_JSON = "du-lieu/van-ban.json"
DATA_CSV = "du-lieu/van-ban.csv"

# Where the movement spread and when: the map of provinces and the cascade's timeline, each with its
# figures as open data.
MAP = "ban-do/index.md"
TIMELINE = "dong-thoi-gian/index.md"
MAP_JSON, MAP_CSV = "du-lieu/ban-do.json", "du-lieu/ban-do.csv"
TIMELINE_JSON, TIMELINE_CSV = "du-lieu/dong-thoi-gian.json", "du-lieu/dong-thoi-gian.csv"


def province_timeline(name: str) -> str:
    """One 2021 province's part of the cascade ("dong-thoi-gian/ha-noi.md")."""
    return f"dong-thoi-gian/{slugify(name)}.md"


def week_anchor(monday: str) -> str:
    """A week's row in a timeline's table, by its Monday: "tuan-2021-09-13"."""
    return f"tuan-{monday}"

# Published beside the pages (see thidua.publish): the documents feed, the robots file, the
# share image, each plan's original text offered for download.
DOCUMENTS_FEED = "van-ban/feed.xml"
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
SHARE_IMAGE = "assets/images/chia-se.png"


def original(doc_id: str) -> str:
    return f"van-ban/{doc_id}/ban-goc.txt"


def side_by_side(doc_id: str) -> str:
    """A plan beside the document it shares most text with (its parent when the parent shares any)."""
    return f"van-ban/{doc_id}/doi-chieu.md"


# The text reuse as open data (publish/reuse_data.py): pairs with their passages, and the pairs as CSV.
REUSE_JSON = "du-lieu/trung-lap.json"
REUSE_CSV = "du-lieu/trung-lap.csv"


# Public URLs that moved: {old URL: page source it moved to}. Each old URL keeps a redirect
# page, so a link someone already shared keeps working (tests/public-urls.txt lists them all).
MOVED = {f"cap/{key}/": level(key) for key in LEVEL_SLUGS}


def absolute(site_url: str | None, src_uri: str) -> str | None:
    """Absolute public URL of a page or file under the site's address; None without one."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + url(src_uri)
