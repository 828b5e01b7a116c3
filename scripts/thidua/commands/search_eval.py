"""Search quality and speed on the built site, measured in headless Chromium.

Prints MRR@10, hit@1, recall@10, the share whose first result is the part of the
plan that answers (section@1, where the query names its sections) and the zero-result
count over the judged queries (tests/search/queries.yaml), split by query type; then
the generated slips (search_slips.py: phrases of the index with one slip each, fixed
seed) per kind of slip, and the generated questions (search_questions.py: the same kind of
phrases asked in question forms) per form, with and without diacritics; then the time
from navigation to the first rendered result and the bytes fetched for search, cold and warm.
"""

from __future__ import annotations

import gzip
import json
import statistics
from pathlib import Path

import yaml

from thidua import paths
from thidua.commands.search_questions import FORMS, generated_questions
from thidua.commands.search_slips import KINDS, generated_slips, store_sections
from thidua.commands.server import serve_site
from thidua.commands.synth import SYNTHETIC_PREFIX

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# The results page's own search, run in the page; synthetic plans of a benchmark archive
# are filtered out before the best are picked, as a reader's filter would be.
_RANKED = """async ([text, synthetic]) => {
  const db = await archiveSearch.load(), skip = new Set(synthetic);
  const results = await archiveSearch.search(db, text, { only: (doc, ref) => !skip.has(ref) });
  return results.map((r) => ({ url: "/" + r.doc.url, ref: r.ref, anchor: db.sections[r.ref].a || "" }));
}"""

# Many queries in one call: the generated slips are hundreds.
_RANKED_MANY = """async ([texts, synthetic]) => {
  const db = await archiveSearch.load(), skip = new Set(synthetic);
  const out = [];
  for (const text of texts) {
    const results = await archiveSearch.search(db, text, { only: (doc, ref) => !skip.has(ref) });
    out.push(results.slice(0, 10).map((r) => r.ref));
  }
  return out;
}"""


def _doc_ids(hrefs: list[str]) -> list[str]:
    """Result links -> distinct document ids, in rank order. The judged queries are about
    documents, so case and practice pages in the results are left out of the ranking
    (as if the reader had set the kind filter to documents), and so are synthetic plans."""
    out = []
    for h in hrefs:
        folder = "/" + paths.DOCUMENT_FOLDER
        if folder not in h:
            continue
        part = h.split(folder, 1)[1].split("/", 1)[0]
        if part and part not in out and not part.startswith(SYNTHETIC_PREFIX):
            out.append(part)
    return out


def _first_section(results: list[dict]) -> str | None:
    """"<document id>#<anchor>" of the first document result ("id#" for its own first part)."""
    folder = "/" + paths.DOCUMENT_FOLDER
    for r in results:
        if folder in r["url"]:
            part = r["url"].split(folder, 1)[1].split("/", 1)[0]
            if part and not part.startswith(SYNTHETIC_PREFIX):
                return f"{part}#{r['anchor']}"
    return None


def run_evaluation(site: Path, queries_file: Path, chromium: str, seed: int = 2021) -> int:
    from playwright.sync_api import sync_playwright

    queries = yaml.safe_load(queries_file.read_text(encoding="utf-8"))
    server, base = serve_site(site)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + paths.url(paths.SEARCH))
        # The sections of synthetic plans, by ref: what a filter sees of a document is its facts, not its address.
        prefix = paths.url(paths.document(SYNTHETIC_PREFIX)).rstrip("/")
        synthetic = [int(s["ref"]) for s in store_sections(site) if s["doc"]["url"].startswith(prefix)]
        for q in queries:
            results = page.evaluate(_RANKED, [q["q"], synthetic])
            hrefs = [r["url"] for r in results]
            ranked = _doc_ids(hrefs)[:10]
            relevant = q["relevant"]
            rank = next((i + 1 for i, d in enumerate(ranked) if d in relevant), None)
            rows.append({"q": q["q"], "type": q.get("type", "other"), "rr": 1 / rank if rank else 0.0,
                         "hit1": rank == 1, "recall": len(set(ranked) & set(relevant)) / len(relevant),
                         "zero": not hrefs, "top": ranked[:3], "relevant": relevant,
                         "section": _first_section(results) in q["sections"] if "sections" in q else None,
                         "got_section": _first_section(results)})
        slipped = _run_generated(page, generated_slips(site, seed=seed), "kind", synthetic)
        asked = _run_generated(page, generated_questions(site, seed=seed), "form", synthetic)
        cold, warm = _timings(browser, base)
        browser.close()
    server.shutdown()
    _report(rows, cold, warm, site)
    _report_slips(slipped, seed)
    _report_questions(asked, seed)
    return 0


def _run_generated(page, cases, kind: str, synthetic: list[int]) -> list[dict]:
    """Each generated query (its `kind` attribute names its class): did a section holding its
    phrase come first, and was anything found."""
    tops = []
    for at in range(0, len(cases), 50):
        tops += page.evaluate(_RANKED_MANY, [[c.q for c in cases[at:at + 50]], synthetic])
    return [{"kind": getattr(c, kind), "accents": c.accents, "q": c.q, "phrase": c.phrase,
             "hit1": bool(top) and top[0] in c.refs, "zero": not top} for c, top in zip(cases, tops)]


def _report_slips(rows: list[dict], seed: int) -> None:
    print(f"\nGenerated slips: {len(rows)} phrases of 2-4 syllables from the index, one slip each "
          f"(seed {seed}); share whose first result holds the phrase, and queries with no result")
    _report_generated(rows, "slip", KINDS, "slips")


def _report_questions(rows: list[dict], seed: int) -> None:
    print(f"\nGenerated questions: {len(rows)} phrases of 2-4 syllables from the index, each asked in one "
          f"form (seed {seed}); share whose first result holds the phrase, and queries with no result")
    _report_generated(rows, "form", tuple(FORMS), "questions")


def _report_generated(rows: list[dict], name: str, kinds: tuple[str, ...], plural: str) -> None:
    print(f"{name:<12}{'with diacritics':>22}{'without':>22}")
    def cell(sel):
        if not sel:
            return f"{'—':>22}"
        return f"{sum(r['hit1'] for r in sel) / len(sel):>10.3f} of {len(sel):<3} {sum(r['zero'] for r in sel):>2} zero"
    for kind in kinds + ("all",):
        sel = [r for r in rows if kind in ("all", r["kind"])]
        print(f"{kind:<12}" + "".join(cell([r for r in sel if r["accents"] is a]) for a in (True, False)))
    misses = [r for r in rows if not r["hit1"] and r["kind"] != "none"]
    if misses:
        print(f"\nSome {plural} whose first result does not hold the phrase ({len(misses)} in all):")
        for r in misses[:15]:
            print(f"  {r['q']!r} [{r['kind']}] for {r['phrase']!r}{' (nothing found)' if r['zero'] else ''}")


# Set in the page: when `selector` first matches, on the page's own clock (0 = navigation start).
FIRST_MATCH = """(selector) => {
  const seen = () => { if (!window.__firstResult && document.querySelector(selector)) window.__firstResult = performance.now(); };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true });
}"""


def first_result(browser, url: str, selector: str, warm: bool, counts=lambda url: True) -> tuple[float, int]:
    """Seconds from navigation to the first `selector`, and bytes fetched for URLs `counts` accepts."""
    elapsed, fetched = first_result_fetches(browser, url, selector, warm)
    return elapsed, sum(size for u, size in fetched if counts(u))


def first_result_fetches(browser, url: str, selector: str, warm: bool, record=None, **context_options):
    """Seconds from navigation to the first `selector`, and `record(request)` of every request made
    ((URL, body bytes) unless told otherwise).

    Cold: a fresh browser context (`context_options` go to it). Warm: the same URL loaded once
    before in that context. The time is the page's own (performance.now() when the result enters
    the DOM), so the driver's polling and messaging are not counted.
    """
    record = record or (lambda r: (r.url, max(0, r.sizes()["responseBodySize"])))
    context = browser.new_context(**context_options)
    context.add_init_script(f"({FIRST_MATCH})({json.dumps(selector)})")
    page = context.new_page()
    if warm:
        page.goto(url)
        page.wait_for_selector(selector, state="attached", timeout=300_000)
    fetched = []
    page.on("requestfinished", lambda r: fetched.append(record(r)))
    page.goto(url, wait_until="commit")
    page.wait_for_selector(selector, state="attached", timeout=300_000)
    elapsed = page.evaluate("window.__firstResult") / 1000
    page.wait_for_load_state("networkidle")
    context.close()
    return elapsed, fetched


def _timings(browser, base: str):
    """Time to the first result, cold and warm, and the bytes of search files fetched."""
    probe = ["phong chong dich", "91/2017/NĐ-CP", "Vũ Thị Hà", "khu cach ly tap trung", "thi đua", "hoà", "UBND"]
    return tuple([first_result(browser, base + paths.search_url(q), "#search-results a.search-result", warm,
                               lambda url: "/search/" in url) for q in probe] for warm in (False, True))


def _report(rows, cold, warm, site: Path) -> None:
    def summary(sel):
        n = len(sel)
        judged = [r["section"] for r in sel if r["section"] is not None]
        section = f"{sum(judged) / len(judged):.3f}" if judged else "—"
        return (n, sum(r["rr"] for r in sel) / n, sum(r["hit1"] for r in sel) / n,
                sum(r["recall"] for r in sel) / n, section, sum(r["zero"] for r in sel))

    print(f"Search evaluation: {len(rows)} judged queries on {site}")
    print(f"{'queries':<22}{'n':>4}{'MRR@10':>9}{'hit@1':>8}{'recall@10':>11}{'section@1':>11}{'zero':>6}")
    groups = [("all", rows)] + [(t, [r for r in rows if r["type"] == t]) for t in sorted({r["type"] for r in rows})]
    for name, sel in groups:
        if sel:
            n, mrr, hit, rec, section, zero = summary(sel)
            print(f"{name:<22}{n:>4}{mrr:>9.3f}{hit:>8.3f}{rec:>11.3f}{section:>11}{zero:>6}")
    misses = [r for r in rows if not r["hit1"] or r["section"] is False]
    if misses:
        print("\nQueries whose first result is not relevant (or not the part that answers):")
        for r in misses:
            where = f", first part {r['got_section']}" if r["section"] is False else ""
            print(f"  {r['q']!r} [{r['type']}]: got {r['top']}{where}, want {r['relevant'][:3]}")
    for folder in ("terms", "store"):
        files = sorted((site / "search" / folder).glob("*.json*"))
        stored = sum(f.stat().st_size for f in files)
        data = [f.read_bytes() for f in files]
        raw = sum(len(gzip.decompress(d)) if f.suffix == ".gz" else len(d) for f, d in zip(files, data))
        gz = sum(len(d) if f.suffix == ".gz" else len(gzip.compress(d)) for f, d in zip(files, data))
        print(f"\nsearch/{folder}/: {len(files)} files, {stored:,} bytes as stored, {raw:,} as JSON, {gz:,} gzipped", end="")
    print("\n\nTime from navigation to first result (median of {} queries) and bytes fetched for search:".format(len(cold)))
    for name, data in (("cold", cold), ("warm", warm)):
        t = statistics.median(x[0] for x in data)
        b = statistics.median(x[1] for x in data)
        print(f"  {name}: {t * 1000:.0f} ms, {b / 1024:.0f} KiB of search files fetched")
