"""The hosting recipe: deploy/nginx/kho-thi-dua.conf started on loopback over the site as
`make build HOSTING=nginx` builds it (thidua.commands.nginx: the same server block, root
and listen replaced); and what the other hosts get.

Checks what a reader's browser and a CDN get: precompressed files (brotli, gzip, none)
with the original's type, the search index's gzip files as they are, cache headers, the
site's own 404 page, directory and redirect pages.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import subprocess
from html.parser import HTMLParser

import brotli
import pytest

from conftest import ENV, MKDOCS, ROOT, SITE_URL, project_copy
from thidua.commands.nginx import Nginx
from thidua.publish import whitespace


@pytest.fixture(scope="module")
def nginx_site(tmp_path_factory):
    """The site built for nginx, by make, as its operator would."""
    work = project_copy(tmp_path_factory.mktemp("nginx-build") / "repo")
    env = {k: v for k, v in ENV.items() if k not in ("ARCHIVE_PLANS", "ARCHIVE_HOSTING", "SITE_URL")}
    result = subprocess.run(["make", "build", f"SITE_URL={SITE_URL}", "HOSTING=nginx"], cwd=work, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return work / "site"


@pytest.fixture(scope="module")
def served(nginx_site, tmp_path_factory):
    server = Nginx(nginx_site, tmp_path_factory.mktemp("nginx"))
    yield server.port
    server.stop()


def get(port: int, path: str, encoding: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def test_pages_are_sent_precompressed_as_the_browser_accepts(served, nginx_site):
    page = (nginx_site / "van-ban" / "hai-phong-ubnd-thanh-pho-kh-2021" / "index.html").read_bytes()
    for accept, encoding, decode in [("gzip, deflate, br", "br", brotli.decompress), ("gzip, deflate", "gzip", gzip.decompress),
                                     (None, None, lambda b: b), ("gzip, br;q=0", "gzip", gzip.decompress)]:
        status, headers, body = get(served, "/van-ban/hai-phong-ubnd-thanh-pho-kh-2021/", accept)
        assert status == 200
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers.get("content-encoding") == encoding, accept
        assert decode(body) == page
        assert "accept-encoding" in headers.get("vary", "").lower()
    assert len(get(served, "/van-ban/hai-phong-ubnd-thanh-pho-kh-2021/", "br")[2]) < len(page) / 3


def test_every_text_file_has_its_compressed_copies(nginx_site):
    from thidua.publish.compress import text_files

    files = text_files(nginx_site)
    assert len(files) > 100
    missing = [f for f in files if not (os.path.exists(f + ".gz") and os.path.exists(f + ".br"))]
    assert not missing, missing[:5]
    sample = nginx_site / "assets" / "stylesheets" / "archive.css"
    assert brotli.decompress((nginx_site / "assets/stylesheets/archive.css.br").read_bytes()) == sample.read_bytes()


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


def test_search_shards_are_sent_as_the_gzip_files_they_are(served, nginx_site):
    shard = next((nginx_site / "search" / "terms").glob("*.json.gz"))
    for path in (f"/search/terms/{shard.name}", "/search/store/0.json.gz", "/search/facets.json.gz"):
        status, headers, body = get(served, path, "gzip, deflate, br")
        assert status == 200
        assert headers["content-type"] == "application/gzip"
        assert "content-encoding" not in headers  # else the browser inflates it before the page does
        assert body == (nginx_site / path.lstrip("/")).read_bytes()


def test_cache_headers_a_cdn_can_use(served, nginx_site):
    bundle = next((nginx_site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    _, headers, _ = get(served, f"/assets/javascripts/{bundle}", "br")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-encoding"] == "br"
    _, headers, _ = get(served, "/", "br")
    assert "s-maxage=3600" in headers["cache-control"] and "max-age=600" in headers["cache-control"]
    assert headers.get("etag") or headers.get("last-modified")
    _, headers, _ = get(served, "/assets/stylesheets/archive.css", "gzip")
    assert "max-age=86400" in headers["cache-control"]


def test_unknown_address_gets_the_sites_404_page(served, nginx_site):
    status, headers, body = get(served, "/van-ban/khong-co-van-ban-nay/", "gzip")
    assert status == 404
    assert gzip.decompress(body) == (nginx_site / "404.html").read_bytes()
    assert headers["content-type"] == "text/html; charset=utf-8"


def test_folders_and_moved_pages(served):
    status, headers, _ = get(served, "/van-ban")
    assert status == 301 and headers["location"] == "/van-ban/"
    status, _, body = get(served, "/cap/central/")
    assert status == 200 and b'url=https://kho.example.vn/cap/trung-uong/' in body



def test_the_default_build_for_github_pages_has_no_compressed_copies(site_dir):
    """GitHub Pages and Cloudflare Pages compress by themselves: copies would triple the files they hold."""
    from thidua.publish.compress import text_files

    files = text_files(site_dir)
    assert len(files) > 100
    # MkDocs writes sitemap.xml.gz itself, for every host.
    copies = [f for f in files if os.path.exists(f + ".br") or (os.path.exists(f + ".gz") and not f.endswith("sitemap.xml"))]
    assert not copies, copies[:5]


def test_an_unknown_host_is_refused_by_name(tmp_path):
    env = {**ENV, "ARCHIVE_HOSTING": "apache"}
    result = subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(tmp_path / "out")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "option 'hosting'" in result.stderr and "'nginx'" in result.stderr and "'apache'" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


class _Rendered(HTMLParser):
    """What a browser makes of a page: tags with their attributes, and text with its white
    space runs as one space (as written inside pre, textarea, script and style)."""

    KEEP = {"pre", "textarea", "script", "style"}

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.events, self.open = [], []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        self.events.append(("<", tag, attrs))

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]
        self.events.append((">", tag))

    def handle_data(self, data):
        if not any(t in self.KEEP for t in self.open):
            data = re.sub(r"\s+", " ", data)
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))


INDENTED = """<!doctype html>
<html lang="vi">
  <head>
    <script>
      var a = 1
      var b = `x
        y`
    </script>
    <style>
      p  { color: red }
    </style>
  </head>
  <body>
    <nav class="md-nav"
         aria-label="Thanh điều hướng">
      <a href="../" title="hai
         dòng">Văn   bản</a>
      <span>Kế hoạch</span>
      <span>số 61</span>
    </nav>
    <pre><code>1.  mục
    2.  mục</code></pre>
    <textarea>
  giữ nguyên
    </textarea>
    <p>a &lt; b
       và c > d
    </p>
  </body>
</html>
"""


def test_indentation_is_left_out_and_the_page_renders_the_same():
    collapsed = whitespace.collapse(INDENTED)
    assert "\n    <nav" not in collapsed and "\n<nav" in collapsed
    assert _Rendered(collapsed).events == _Rendered(INDENTED).events
    assert "    2.  mục</code></pre>" in collapsed and 'title="hai\n         dòng"' in collapsed
    # Inline elements stay apart: a break between them renders as the space it was.
    assert "<span>Kế hoạch</span>\n<span>số 61</span>" in collapsed


def test_every_built_page_ships_without_indentation(site_dir):
    # The desk's own page (desk/index.html) is copied as it is written.
    pages = sorted(p for p in site_dir.rglob("*.html") if p.parts[len(site_dir.parts)] != "quan-tri")
    assert len(pages) > 50
    indented = [str(p.relative_to(site_dir)) for p in pages if whitespace.collapse(t := p.read_text(encoding="utf-8")) != t]
    assert not indented
