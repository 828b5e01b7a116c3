"""The hosting recipe: deploy/nginx/kho-thi-dua.conf started on loopback over the test build
(thidua.commands.nginx: the same server block, root and listen replaced).

Checks what a reader's browser and a CDN get: precompressed files (brotli, gzip, none)
with the original's type, the search index's gzip shards as they are, cache headers, the
site's own 404 page, directory and redirect pages.
"""

from __future__ import annotations

import gzip
import http.client
import os

import brotli
import pytest

from thidua.commands.nginx import Nginx


@pytest.fixture(scope="module")
def served(site_dir, tmp_path_factory):
    server = Nginx(site_dir, tmp_path_factory.mktemp("nginx"))
    yield server.port
    server.stop()


def get(port: int, path: str, encoding: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def test_pages_are_sent_precompressed_as_the_browser_accepts(served, site_dir):
    page = (site_dir / "van-ban" / "hai-phong-ubnd-thanh-pho-kh-2021" / "index.html").read_bytes()
    for accept, encoding, decode in [("gzip, deflate, br", "br", brotli.decompress), ("gzip, deflate", "gzip", gzip.decompress),
                                     (None, None, lambda b: b), ("gzip, br;q=0", "gzip", gzip.decompress)]:
        status, headers, body = get(served, "/van-ban/hai-phong-ubnd-thanh-pho-kh-2021/", accept)
        assert status == 200
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers.get("content-encoding") == encoding, accept
        assert decode(body) == page
        assert "accept-encoding" in headers.get("vary", "").lower()
    assert len(get(served, "/van-ban/hai-phong-ubnd-thanh-pho-kh-2021/", "br")[2]) < len(page) / 3


def test_every_text_file_has_its_compressed_copies(site_dir):
    from thidua.publish.compress import text_files

    files = text_files(site_dir)
    assert len(files) > 100
    missing = [f for f in files if not (os.path.exists(f + ".gz") and os.path.exists(f + ".br"))]
    assert not missing, missing[:5]
    sample = site_dir / "assets" / "stylesheets" / "archive.css"
    assert brotli.decompress((site_dir / "assets/stylesheets/archive.css.br").read_bytes()) == sample.read_bytes()


@pytest.mark.parametrize("path,kind", [
    ("/search/manifest.json", "application/json; charset=utf-8"),
    ("/guong-dien-hinh/feed.xml", "application/atom+xml; charset=utf-8"),
    ("/van-ban/feed.xml", "application/atom+xml; charset=utf-8"),
    ("/sitemap.xml", "application/xml; charset=utf-8"),
    ("/robots.txt", "text/plain; charset=utf-8"),
    ("/du-lieu/van-ban.csv", "text/csv; charset=utf-8"),
    ("/du-lieu/van-ban.json", "application/json; charset=utf-8"),
    ("/assets/javascripts/archive-search.js", "text/javascript; charset=utf-8"),
    ("/assets/stylesheets/archive.css", "text/css; charset=utf-8"),
    ("/assets/images/chia-se.png", "image/png"),
    ("/van-ban/hai-phong-ubnd-thanh-pho-kh-2021/ban-goc.txt", "text/plain; charset=utf-8"),
])
def test_each_file_has_its_type(served, path, kind):
    status, headers, _ = get(served, path, "gzip, br")
    assert status == 200 and headers["content-type"] == kind


def test_search_shards_are_sent_as_the_gzip_files_they_are(served, site_dir):
    shard = next((site_dir / "search" / "terms").glob("*.json.gz"))
    for path in (f"/search/terms/{shard.name}", "/search/facets.json.gz"):
        status, headers, body = get(served, path, "gzip, deflate, br")
        assert status == 200
        assert headers["content-type"] == "application/gzip"
        assert "content-encoding" not in headers  # else the browser inflates it before the page does
        assert body == (site_dir / path.lstrip("/")).read_bytes()


def test_cache_headers_a_cdn_can_use(served, site_dir):
    bundle = next((site_dir / "assets" / "javascripts").glob("bundle.*.min.js")).name
    _, headers, _ = get(served, f"/assets/javascripts/{bundle}", "br")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "br"
    _, headers, _ = get(served, "/", "br")
    assert "s-maxage=3600" in headers["cache-control"] and "max-age=600" in headers["cache-control"]
    assert headers.get("etag") or headers.get("last-modified")
    _, headers, _ = get(served, "/assets/stylesheets/archive.css", "gzip")
    assert "max-age=86400" in headers["cache-control"]


def test_unknown_address_gets_the_sites_404_page(served, site_dir):
    status, headers, body = get(served, "/van-ban/khong-co-van-ban-nay/", "gzip")
    assert status == 404
    assert gzip.decompress(body) == (site_dir / "404.html").read_bytes()
    assert headers["content-type"] == "text/html; charset=utf-8"


def test_folders_and_moved_pages(served):
    status, headers, _ = get(served, "/van-ban")
    assert status == 301 and headers["location"] == "/van-ban/"
    status, _, body = get(served, "/cap/central/")
    assert status == 200 and b'url=https://kho.example.vn/cap/trung-uong/' in body
