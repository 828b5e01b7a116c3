"""`make bench`, over the wire: the real archive served by the hosting recipe (deploy/nginx,
precompressed brotli and gzip, over HTTPS on loopback as browsers offer brotli over HTTPS
only) next to plain MkDocs Material with its own search, built from the same pages and
served by the same nginx the same way. Prints, in headless Chromium, the time from
navigation to the first search result and the bytes transferred (headers and bodies as
they came over the wire), cold and warm, and what the browser accepted and got.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from thidua.commands.nginx import Nginx
from thidua.commands.bench import material_project
from thidua.commands.search_eval import CHROMIUM_ARGS, first_result_fetches
from thidua.publish.compress import precompress
from thidua.sources import load_archive

ROOT = Path(__file__).resolve().parents[3]
QUERIES = ["phong chong dich", "khu cach ly tap trung", "91/2017/NĐ-CP", "Vũ Thị Hà", "tuyên truyền"]
ARCHIVE_RESULT = "#search-results a.search-result"
MATERIAL_RESULT = ".md-search-result__item"

def _build(project: Path, site: Path, env: dict) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                            cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{result.stderr[-2000:]}")


def _over_the_wire(request) -> tuple[str, int, str]:
    """(URL, header and body bytes as sent, content encoding) of one request."""
    response, sizes = request.response(), request.sizes()
    return (request.url, max(0, sizes["responseBodySize"]) + max(0, sizes["responseHeadersSize"]),
            response.headers.get("content-encoding", "") if response else "")


def _first_result(browser, url: str, selector: str, warm: bool, identity: bool) -> dict:
    """Time to the first result and what came over the wire, in a fresh browser context."""
    elapsed, fetched = first_result_fetches(
        browser, url, selector, warm, record=_over_the_wire, ignore_https_errors=True,
        extra_http_headers={"Accept-Encoding": "identity"} if identity else None)
    return {"time": elapsed, "bytes": sum(b for _, b, _ in fetched), "requests": len(fetched),
            "encodings": sorted({e or "none" for _, _, e in fetched})}


def _measure(browser, base: str, url_for, selector: str, warm: bool, identity: bool = False) -> dict:
    runs = [_first_result(browser, base + url_for(q), selector, warm, identity) for q in QUERIES]
    return {"time": statistics.median(r["time"] for r in runs), "bytes": statistics.median(r["bytes"] for r in runs),
            "requests": statistics.median(r["requests"] for r in runs),
            "encodings": sorted({e for r in runs for e in r["encodings"]}), "runs": runs}


def run() -> int:
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    env.pop("ARCHIVE_PLANS", None)
    with tempfile.TemporaryDirectory(prefix="bench-served-") as tmp:
        tmp = Path(tmp)
        ours, plain = tmp / "site-archive", tmp / "site-material"
        _build(ROOT, ours, {**env, "ARCHIVE_HOSTING": "nginx"})  # the archive's build precompresses by itself
        _build(material_project(ROOT / "plans", tmp / "material"), plain, env)
        precompress(plain)  # the same treatment for the plain site
        figures = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=CHROMIUM_ARGS + ["--ignore-certificate-errors"])
            for name, site, url_for, selector in (
                    ("archive", ours, lambda q: f"tim-kiem/?q={quote(q)}", ARCHIVE_RESULT),
                    ("plain Material", plain, lambda q: f"?q={quote(q)}", MATERIAL_RESULT)):
                server = Nginx(site, tmp / f"nginx-{len(figures)}", tls=True)
                try:
                    figures[name] = {
                        "cold": _measure(browser, server.base, url_for, selector, warm=False),
                        "warm": _measure(browser, server.base, url_for, selector, warm=True),
                        "cold, uncompressed": _measure(browser, server.base, url_for, selector, warm=False, identity=True),
                    }
                finally:
                    server.stop()
            browser.close()
    plans = len(load_archive(ROOT / "plans").plans)
    print(f"\nOver the wire: the real archive ({plans} plans) served by deploy/nginx (HTTPS on loopback, precompressed),"
          " next to plain Material under the same server")
    print(f"{'':30}{'archive':>16}{'plain Material':>18}")
    for mode in ("cold", "warm", "cold, uncompressed"):
        a, b = figures["archive"][mode], figures["plain Material"][mode]
        print(f"first result, {mode + ' (ms)':<16}{a['time'] * 1000:>16.0f}{b['time'] * 1000:>18.0f}")
        print(f"transferred, {mode + ' (KiB)':<17}{a['bytes'] / 1024:>16.1f}{b['bytes'] / 1024:>18.1f}")
        print(f"requests, {mode:<20}{a['requests']:>16.0f}{b['requests']:>18.0f}")
    print(f"content encodings received, cold: archive {figures['archive']['cold']['encodings']}, "
          f"plain Material {figures['plain Material']['cold']['encodings']}")
    print(f"(median over {len(QUERIES)} queries: {', '.join(QUERIES)}; cold = a fresh browser context; warm = the "
          "same URL loaded before in that context; transferred = response headers + bodies as sent, compressed)")
    print("Each cold query (archive | plain Material):")
    for q, a, b in zip(QUERIES, figures["archive"]["cold"]["runs"], figures["plain Material"]["cold"]["runs"]):
        print(f"  {q!r:28} {a['time'] * 1000:6.0f} ms {a['bytes'] / 1024:7.1f} KiB | {b['time'] * 1000:7.0f} ms {b['bytes'] / 1024:7.1f} KiB")
    return 0
