"""`make bench`: the archive at national scale against plain MkDocs Material and Pagefind.

Builds a synthetic archive of N plans (synth.py) with the archive's own build, then
the same Markdown pages as a plain Material site with Material's search, and indexes
that site's pages with Pagefind (its own binary, from PyPI) behind Pagefind's bare
search page; prints build time, peak memory, pages, files and bytes written and the
largest file (what a static host limits), search index bytes, and,
in headless Chromium, the time from navigation to the first search result and the
bytes fetched, all three side by side in the same run.
"""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from thidua import paths
from thidua.commands.bench_edit import edit_to_visible
from thidua.commands.search_eval import CHROMIUM_ARGS, first_result_fetches
from thidua.commands.server import serve_site
from thidua.graph import Graph
from thidua.sources import load_archive
from thidua.publish.search_index import build_search_files
from thidua.pages import render_site
from thidua.publish import published_files

ROOT = Path(__file__).resolve().parents[3]
QUERIES = ["phong chong dich", "khu cach ly tap trung", "91/2017/NĐ-CP", "Vũ Thị Hà", "tuyên truyền"]


def _timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build failed: {' '.join(cmd)}\n{proc.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def material_project(plans: Path, work: Path) -> Path:
    """The archive's pages and published files under a plain Material configuration with Material's search."""
    archive = load_archive(plans)
    docs = work / "docs"
    shutil.copytree(ROOT / "docs", docs)
    files = {p.src_uri: p.content for p in render_site(archive, Graph(archive))} | published_files(archive)
    for src, content in files.items():
        target = docs / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    lines, out, skip = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), [], False
    for line in lines:
        if skip and (line.startswith(" ") or not line.strip()):
            continue
        skip = False
        if line.startswith(("plugins:", "watch:", "extra_css:")):
            skip = True
            if line.startswith("plugins:"):
                out += ["plugins:", "  - search:", "      lang: vi"]
            continue
        if line.strip() == "custom_dir: overrides":
            continue
        out.append(line)
    (work / "mkdocs.yml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return work


# Pagefind's own search page, bare as its documentation shows it; ?q= runs the query.
PAGEFIND_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Tìm kiếm</title>
<link href="../pagefind/pagefind-ui.css" rel="stylesheet"></head>
<body><div id="search"></div>
<script src="../pagefind/pagefind-ui.js"></script>
<script>
  const ui = new PagefindUI({ element: "#search", showImages: false });
  const q = new URLSearchParams(location.search).get("q");
  if (q) ui.triggerSearch(q);
</script></body></html>
"""


def _pagefind_site(material_site: Path, out: Path) -> float:
    """The plain Material site's pages indexed by Pagefind (content only), with its search page: seconds."""
    shutil.copytree(material_site, out)
    shutil.rmtree(out / "search", ignore_errors=True)  # Material's own index: not Pagefind's to fetch
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out), "--root-selector", "article", "--silent"],
                   check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    (out / "pagefind-search").mkdir()
    (out / "pagefind-search" / "index.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    return seconds


def _kind(url: str) -> str:
    """What a fetched URL is for, in the breakdown of fetched bytes."""
    for part, kind in (("/search/terms/", "term shards"), ("/search/store/", "store files"),
                       ("/search/typos/", "typo index"), ("/search/facets", "facets"),
                       ("/search/", "search index (manifest / whole)"), ("/pagefind/", "Pagefind index and scripts")):
        if part in url:
            return kind
    return "page, theme and scripts"


def _browser_figures(site: Path, url_for, selector: str) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = serve_site(site)
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for warm in (False, True):
            runs = [first_result_fetches(browser, base + url_for(q), selector, warm) for q in QUERIES]
            times = [t for t, _ in runs]
            totals = [sum(size for _, size in fetched) for _, fetched in runs]
            out["warm" if warm else "cold"] = (statistics.median(times), statistics.median(totals))
            if not warm:
                out["cold_runs"] = [(q, t, total) for q, t, total in zip(QUERIES, times, totals)]
                kinds: dict[str, list[int]] = {}
                for _, fetched in runs:
                    per_run: dict[str, int] = {}
                    for url, size in fetched:
                        per_run[_kind(url)] = per_run.get(_kind(url), 0) + size
                    for kind, size in per_run.items():
                        kinds.setdefault(kind, []).append(size)
                out["cold_kinds"] = {k: statistics.median(v + [0] * (len(runs) - len(v))) for k, v in kinds.items()}
        browser.close()
    server.shutdown()
    return out


def _build_profile(plans: Path) -> dict[str, float]:
    """Seconds of each of the archive's own build steps, run in this process, one after the other."""
    out, start = {}, time.perf_counter()
    archive = load_archive(plans)
    out["load and validate (on every core)"], start = time.perf_counter() - start, time.perf_counter()
    render_site(archive, Graph(archive))
    out["link the graph, render pages to Markdown"], start = time.perf_counter() - start, time.perf_counter()
    build_search_files(archive)
    out["search index (beside MkDocs, in a 2nd process)"] = time.perf_counter() - start
    return out


def _site_figures(site: Path, index_files: list[str]) -> dict:
    pages = sum(1 for _ in site.rglob("index.html"))
    sizes = {p: p.stat().st_size for p in site.rglob("*") if p.is_file()}
    largest = max(sizes, key=sizes.get)
    raw = gz = 0
    for f in index_files:
        data = (site / f).read_bytes()
        if f.endswith(".gz"):  # the archive's shards are stored gzipped
            raw, gz = raw + len(gzip.decompress(data)), gz + len(data)
        else:
            raw, gz = raw + len(data), gz + len(gzip.compress(data))
    heaviest = sorted((p for p in sizes if p.name == "index.html"), key=sizes.get, reverse=True)[:5]
    return {"pages": pages, "files": len(sizes), "bytes": sum(sizes.values()), "index": raw, "index_gz": gz,
            "largest": sizes[largest], "largest_name": str(largest.relative_to(site)),
            "largest_page": sizes[heaviest[0]] if heaviest else 0,
            "heaviest": [(str(p.parent.relative_to(site)) + "/", sizes[p]) for p in heaviest]}


def run(n_plans: int, material_search: bool = True) -> int:
    from thidua.commands.synth import generate

    # The archive as built for GitHub Pages (no compressed copies), like the other two sites.
    env = {k: v for k, v in os.environ.items() if k != "ARCHIVE_HOSTING"} | {"NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        plans = tmp / "plans"
        made = generate(ROOT / "plans", plans, n_plans)
        ours_site, plain_site = tmp / "site-archive", tmp / "site-material"
        # A full build fills the build cache (.cache/thidua/ in a project); then the same site into an
        # empty folder with that cache (CI restoring it), and edits under `mkdocs serve --dirty`.
        ours_env = {**env, "ARCHIVE_PLANS": str(plans), "ARCHIVE_CACHE": str(tmp / "cache")}
        ours = _timed([*mkdocs, "--site-dir", str(ours_site)], ours_env, ROOT)
        warm = _timed([*mkdocs, "--dirty", "--site-dir", str(tmp / "site-warm")], ours_env, ROOT)
        shutil.rmtree(tmp / "site-warm")
        project = material_project(plans, tmp / "material")
        plain = _timed([*mkdocs, "--site-dir", str(plain_site)], env, project)
        ours_fig = _site_figures(ours_site, [str(p.relative_to(ours_site)) for p in (ours_site / "search").rglob("*") if p.is_file()])
        plain_fig = _site_figures(plain_site, ["search/search_index.json"])
        pf_site = tmp / "site-pagefind"
        pf_seconds = _pagefind_site(plain_site, pf_site)
        pf_fig = _site_figures(pf_site, [str(p.relative_to(pf_site)) for p in (pf_site / "pagefind").rglob("*") if p.is_file()])
        profile = _build_profile(plans)
        ours_web = _browser_figures(ours_site, paths.search_url, "#search-results a.search-result")
        if material_search:
            plain_web = _browser_figures(plain_site, lambda q: f"?q={quote(q)}", ".md-search-result__item")
        else:
            nan = float("nan")
            plain_web = {"cold": (nan, nan), "warm": (nan, nan), "cold_runs": [(q, nan, nan) for q in QUERIES], "cold_kinds": {}}
        pf_web = _browser_figures(pf_site, lambda q: f"pagefind-search/?q={quote(q)}", ".pagefind-ui__result")
        edits = edit_to_visible(plans, tmp / "cache")  # last: it edits the plans
    flag = "" if material_search else " --no-material-search"
    print(f"Benchmark: {made} synthetic plans + 5 real ones (python -m scripts bench --plans {n_plans}{flag})")
    print(f"{'':40}{'archive':>10}{'Material':>10}{'Pagefind':>10}{'archive/Pagefind':>18}")
    rows = [("build wall time (s)", ours[0], plain[0], plain[0] + pf_seconds),
            ("build, warm cache, empty site (s)", warm[0], None, None),
            ("peak memory (MiB)", ours[1], plain[1], None)]
    rows += [(f"edit → visible: {name} (s)", seconds, None, None) for name, seconds in edits.items()]
    rows += [
            ("pages", ours_fig["pages"], plain_fig["pages"], plain_fig["pages"]),
            ("files written", ours_fig["files"], plain_fig["files"], pf_fig["files"]),
            ("bytes written (MB)", ours_fig["bytes"] / 1e6, plain_fig["bytes"] / 1e6, pf_fig["bytes"] / 1e6),
            ("largest file (MB)", ours_fig["largest"] / 1e6, plain_fig["largest"] / 1e6, pf_fig["largest"] / 1e6),
            ("largest page (KB of HTML)", ours_fig["largest_page"] / 1e3, plain_fig["largest_page"] / 1e3, None),
            ("search files, all (MB)", ours_fig["index"] / 1e6, plain_fig["index"] / 1e6, pf_fig["index"] / 1e6),
            ("search files gzipped (MB)", ours_fig["index_gz"] / 1e6, plain_fig["index_gz"] / 1e6, pf_fig["index_gz"] / 1e6),
            ("first result, cold (s)", ours_web["cold"][0], plain_web["cold"][0], pf_web["cold"][0]),
            ("fetched, cold (MB)", ours_web["cold"][1] / 1e6, plain_web["cold"][1] / 1e6, pf_web["cold"][1] / 1e6),
            ("first result, warm (s)", ours_web["warm"][0], plain_web["warm"][0], pf_web["warm"][0]),
            ("fetched, warm (MB)", ours_web["warm"][1] / 1e6, plain_web["warm"][1] / 1e6, pf_web["warm"][1] / 1e6)]
    def cell(v) -> str:  # counts whole, measures to two decimals
        return f"{'-':>10}" if v is None else f"{v:>10,}" if isinstance(v, int) else f"{v:>10.2f}"

    for name, a, b, c in rows:
        ratio = f"{a / c:>18.2f}" if c else f"{'-':>18}"
        print(f"{name:<40}{cell(a)}{cell(b)}{cell(c)}{ratio}")
    print("(Pagefind: the Material build plus `pagefind --site`, its pages' <article> indexed; its bare search page)")
    print(f"(edit → visible: from saving a source to the served page showing it, under `mkdocs serve --dirty`; "
          f"a full build takes {ours[0]:.1f} s, a twentieth of it {ours[0] / 20:.1f} s)")
    print("Heaviest pages of the archive: " + ", ".join(f"{url} {size / 1e3:,.0f} KB" for url, size in ours_fig["heaviest"]))
    print(f"(largest file: archive {ours_fig['largest_name']}, Material {plain_fig['largest_name']}, "
          f"Pagefind {pf_fig['largest_name']}; hosts: GitHub Pages 1 GB a site, 100 MB a file; Cloudflare Pages "
          "20,000 files, 25 MiB a file)")
    print(f"(median over {len(QUERIES)} queries: {', '.join(QUERIES)}; warm = second load in the same browser context;")
    print(" time = the page's own clock from navigation to the first result in the DOM; bytes = response bodies as served)")
    print("\nWhere the archive's build time goes (the same steps, timed one by one in one process):")
    for step, seconds in profile.items():
        print(f"  {step:<52}{seconds:>8.2f} s")
    print(f"  {'MkDocs: Markdown to HTML, theme, writing files (rest)':<52}"
          f"{ours[0] - sum(v for k, v in profile.items() if 'search' not in k):>8.2f} s")
    print("\nWhat a cold query fetches (median bytes per query):")
    for name, web in (("archive", ours_web), ("plain Material", plain_web), ("Pagefind", pf_web)):
        parts = ", ".join(f"{kind} {size / 1e3:,.0f} kB" for kind, size in sorted(web["cold_kinds"].items()))
        print(f"  {name}: {parts}")
    print("\nEach cold query (archive | plain Material | Pagefind):")
    for (q, t, b), (_, t2, b2), (_, t3, b3) in zip(ours_web["cold_runs"], plain_web["cold_runs"], pf_web["cold_runs"]):
        print(f"  {q!r:28} {t:6.2f} s {b / 1e6:6.2f} MB | {t2:7.2f} s {b2 / 1e6:7.2f} MB | {t3:6.2f} s {b3 / 1e6:6.2f} MB")
    return 0
