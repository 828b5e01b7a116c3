"""How well the importer reads the seeds: every seed, and variants of it, against its hand-checked plan.

`python -m scripts import-eval` imports each seed named by a plan's provenance.source
(relative to plans/: the originals live in plans/originals/), compares the draft field by
field with the hand-checked plans/*.yaml, and measures how much of the hand-checked
body text the draft body holds. The same is done for texts the importer has not seen:
the seeds reflowed, in NFD, with Markdown stripped and with Markdown added.
"""

from __future__ import annotations

import difflib
import re
import textwrap
import unicodedata
from pathlib import Path

from thidua.importer import Reference, TextImportError, import_text, load_reference
from thidua.sources.reader import read_source
from thidua.text import fold, words

FIELDS = ["number", "symbol", "date", "place", "issuer", "level", "province", "parent", "cites", "awards",
          "signer", "capacity", "recipients", "sections"]
_LABEL = re.compile(r"^(?:[IVX]+\.|\d+\.|[a-zđ][).,]|\(\d+\)|[-+*•])\s")


# -- Truth and draft, side by side -------------------------------------------------


def _headings(nodes) -> int:
    return sum(1 for n in _walk(nodes) if isinstance(n, dict) and "title" in n)


def _walk(nodes):
    for n in nodes or []:
        yield n
        if isinstance(n, dict):
            yield from _walk(n.get("children"))


def body_words(nodes, folded: bool) -> list[str]:
    texts = [x for n in _walk(nodes) for x in ([n] if isinstance(n, str) else [n.get("title"), n.get("text")]) if x]
    return [fold(w) if folded else w.lower() for t in texts for w in words(t)]


def coverage(truth_body, draft_body, folded: bool) -> float:
    """Share of the hand-checked body words the draft holds in the same order (difflib)."""
    truth, ours = body_words(truth_body, folded), body_words(draft_body, folded)
    if not truth:
        return 1.0
    matcher = difflib.SequenceMatcher(None, truth, ours, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(truth)


def truth_fields(plan: dict, ref: Reference) -> dict:
    implements = plan.get("implements")
    signer = plan.get("signer") or {}
    return {
        "number": plan.get("number"), "symbol": plan.get("symbol"), "date": plan.get("date"),
        "place": plan.get("place"), "issuer": plan["issuer"]["name"], "level": plan["issuer"]["level"],
        "province": ref.province_of(plan["issuer"].get("unit")),
        "parent": implements.get("ref") if isinstance(implements, dict) else implements,
        "cites": sorted(c if isinstance(c, str) else c["ref"] for c in plan.get("cites") or []),
        "awards": sorted(plan.get("awards") or []), "signer": signer.get("name"), "capacity": signer.get("capacity"),
        "recipients": len(plan.get("recipients") or []), "sections": _headings(plan.get("body")),
    }


def draft_fields(record: dict) -> dict:
    signer = record["signer_detail"]
    return {
        "number": record["number"], "symbol": record["symbol"], "date": record["date"], "place": record["place"],
        "issuer": record["issuer"], "level": record["level"], "province": record["province"],
        "parent": record["implements"], "cites": sorted(c["ref"] for c in record["cites"] if c["ref"]),
        "awards": sorted(record["award_keys"]), "signer": signer["name"], "capacity": signer["capacity"],
        "recipients": len(record["recipients"]), "sections": _headings(record["body"]),
    }


# -- Variants: texts the importer has not seen -----------------------------------------


def reflow(text: str, width: int | None) -> str:
    """Join the lines of each paragraph (a wrapped line is one filled to the wrap width), then rewrap.

    Blank lines stay where they were; a Markdown hard line break (two final spaces) survives.
    """
    lines = [ln.rstrip("\t\r") for ln in text.splitlines()]
    lengths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    wrapped_at = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    paragraphs: list[list[str]] = []
    for ln in lines:
        last = paragraphs[-1][-1].strip() if paragraphs and paragraphs[-1] else ""
        if not ln.strip():
            paragraphs.append([])
        elif last and wrapped_at <= 130 and len(last) >= 0.75 * wrapped_at and not _LABEL.match(ln.strip()):
            paragraphs[-1].append(ln)
        else:
            paragraphs.append([ln])
    out = []
    for para in paragraphs:
        joined = " ".join(p.strip() for p in para)
        wrapped = textwrap.wrap(joined, width, break_long_words=False, break_on_hyphens=False) if width else [joined]
        hard_break = "  " if para and para[-1].endswith("  ") else ""
        out += [*wrapped[:-1], wrapped[-1] + hard_break] if wrapped else [""]
    return "\n".join(out) + "\n"


def strip_markdown(text: str) -> str:
    text = re.sub(r"^[ \t]*#{1,6}[ \t]+", "", text, flags=re.M)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"</?[A-Za-z]+>", "", text).replace("\\*", "\ue000")
    text = re.sub(r"\*{2,}", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return text.replace("\ue000", "*")


def add_markdown(text: str) -> str:
    """Bold around headings and the kind line, as a Word-to-Markdown converter writes them.

    A heading is a labelled line much shorter than the wrap width (or, when each line is a
    paragraph, one of a few words) without a final full stop; an upper-case heading takes
    the upper-case line that continues it.
    """
    lines = text.splitlines()
    lengths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
    out, i = [], 0
    while i < len(lines):
        s = lines[i].strip()
        short = len(s) < 0.6 * width if width <= 130 else len(s.split()) <= 12
        heading = re.match(r"^(?:[IVX]+\.|\d+\.|[a-zđ]\))\s", s) and short and not re.search(r"[.;,]$", s)
        kind = bool(s) and s.isupper() and len(s.split()) <= 3
        if not (heading or kind) or "**" in s or s.startswith("#"):
            out.append(lines[i])
            i += 1
            continue
        block = [s]
        while s.isupper() and i + 1 < len(lines) and lines[i + 1].strip().isupper() and not _LABEL.match(lines[i + 1]):
            i += 1
            block.append(lines[i].strip())
        block[0], block[-1] = ("## **" if kind else "**") + block[0], block[-1] + "**"
        out += block
        i += 1
    return "\n".join(out) + "\n"


VARIANTS = {
    "original": lambda t: t,
    "reflow-60": lambda t: reflow(t, 60),
    "joined": lambda t: reflow(t, None),
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "md-stripped": strip_markdown,
    "md-added": add_markdown,
}


# -- Running -------------------------------------------------------------------------------


def evaluate(root: Path) -> dict:
    """{variant: {seed: {"fields": {field: (ok, truth, found)}, "coverage": float}}}."""
    ref = load_reference(root / "plans")
    results: dict = {name: {} for name in VARIANTS}
    for path in sorted((root / "plans").glob("*.yaml")):
        plan = read_source(path, str(path)).data
        source = root / "plans" / plan["provenance"]["source"]
        seed = source.stem.split("_")[0]
        truth = truth_fields(plan, ref)
        text = source.read_text(encoding="utf-8")
        for name, make in VARIANTS.items():
            try:
                draft = import_text(make(text), plan["provenance"]["source"], ref.without(path.stem))
            except TextImportError as exc:
                results[name][seed] = {"error": str(exc)}
                continue
            found = draft_fields(draft.record)
            results[name][seed] = {
                "fields": {f: (truth[f] == found[f], truth[f], found[f]) for f in FIELDS},
                "coverage": coverage(plan["body"], draft.record["body"], plan["provenance"]["ocr"]),
                "ocr": plan["provenance"]["ocr"], "flagged": draft.diacritics["lost"],
            }
    return results


def format_results(results: dict) -> str:
    original = results["original"]
    seeds = sorted(original)
    total = len(seeds)

    def ok(res: dict, f: str) -> bool:
        return res.get("fields", {}).get(f, (False,))[0]

    lines = ["Field accuracy of the importer on the seeds (truth: the hand-checked plans/*.yaml)", "",
             f"{'field':<12}" + "".join(f"{s:>8}" for s in seeds) + f"{'all':>8}"]
    for f in FIELDS:
        oks = [ok(original[s], f) for s in seeds]
        lines.append(f"{f:<12}" + "".join(f"{'ok' if k else 'WRONG':>8}" for k in oks) + f"{sum(oks):>6}/{total}")
    covs = [original[s].get("coverage", 0.0) for s in seeds]
    lines.append(f"{'body words':<12}" + "".join(f"{c:>8.1%}" for c in covs) + f"{sum(covs) / total:>8.1%}")
    lines.append(f"{'OCR flagged':<12}" + "".join(f"{'yes' if original[s].get('flagged') else 'no':>8}" for s in seeds))
    lines.append("(body words: share of the hand-checked body words the draft holds in order; folded for OCR seeds)")
    names = list(results)
    lines += ["", "Variants: fields right over all seeds, and mean body word coverage", "",
              f"{'field':<12}" + "".join(f"{n:>13}" for n in names)]
    for f in FIELDS:
        lines.append(f"{f:<12}" + "".join(f"{sum(ok(results[n][s], f) for s in seeds)}/{total}".rjust(13) for n in names))
    means = [sum(results[n][s].get("coverage", 0.0) for s in seeds) / total for n in names]
    lines.append(f"{'body words':<12}" + "".join(f"{c:>13.1%}" for c in means))
    wrong = [f"  {n} {s}: import failed: {results[n][s]['error']}" for n in names for s in seeds
             if "error" in results[n][s]]
    wrong += [f"  {n} {s} {f}: {want!r} -> {got!r}" for n in names for s in seeds
              for f, (good, want, got) in results[n][s].get("fields", {}).items() if not good]
    lines += ["", "Differences (variant seed field: hand-checked -> draft)", *(wrong or ["  none"])]
    return "\n".join(lines)


# -- The unseen corpus: plan texts written for the evaluation (tests/corpus/, test data) ----------------

CORPUS_FIELDS = ["id", "number", "symbol", "date", "place", "issuer", "level", "province", "unit", "parent",
                 "parent_up", "awards", "routes", "signer", "capacity", "recipients"]


def corpus_fields(draft) -> dict:
    """The fields tests/corpus/expected.yaml gives, as the draft has them."""
    r = draft.record
    parent = r["implements"] or draft.parent_draft
    up = draft.parent_up
    routes = sorted(f"{x['award']} <- {x['proposer']}" for x in r.get("routes") or [] if x.get("proposer"))
    return {"id": r["id"], "number": r["number"], "symbol": r["symbol"], "date": r["date"], "place": r["place"],
            "issuer": r["issuer"], "level": r["level"], "province": r["province"], "unit": r["unit"], "parent": parent,
            "parent_up": up, "awards": sorted(r["award_keys"]), "routes": routes,
            "signer": r["signer_detail"]["name"], "capacity": r["signer_detail"]["capacity"],
            "recipients": len(r["recipients"])}


def evaluate_corpus(root: Path) -> dict:
    """{text: {"fields": {field: (ok, expected, found)}} or {"error": …}} over tests/corpus/."""
    import yaml

    folder = root / "tests" / "corpus"
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")) or {}
    ref = load_reference(root / "plans")
    out = {}
    for name, want in expected.items():
        try:
            draft = import_text((folder / name).read_text(encoding="utf-8"), name, ref)
        except TextImportError as exc:
            out[name] = {"error": str(exc)}
            continue
        found = corpus_fields(draft)
        want = {**want, "awards": sorted(want.get("awards") or []), "routes": sorted(want.get("routes") or [])}
        out[name] = {"fields": {f: (want.get(f) == found[f], want.get(f), found[f]) for f in CORPUS_FIELDS}}
    return out


def format_corpus(results: dict) -> str:
    names = list(results)
    short = [n.split("-", 1)[0] for n in names]
    lines = ["Field accuracy on the unseen corpus (tests/corpus/: test data written for this, never published)", "",
             f"{'field':<11}" + "".join(f"{s:>6}" for s in short) + f"{'all':>8}"]
    for f in CORPUS_FIELDS:
        oks = [results[n].get("fields", {}).get(f, (False,))[0] for n in names]
        lines.append(f"{f:<11}" + "".join(f"{'ok' if k else 'WRONG':>6}" for k in oks) + f"{sum(oks):>5}/{len(names)}")
    right = sum(ok for n in names for ok, _, _ in results[n].get("fields", {}).values())
    lines.append(f"{'all fields':<11}{right}/{len(names) * len(CORPUS_FIELDS)}")
    wrong = [f"  {n}: import failed: {results[n]['error']}" for n in names if "error" in results[n]]
    wrong += [f"  {n} {f}: {want!r} -> {got!r}" for n in names
              for f, (good, want, got) in results[n].get("fields", {}).items() if not good]
    return "\n".join(lines + ["", "Differences (text field: expected -> draft)", *(wrong or ["  none"])])


# -- Formats: the same texts as Word, PDF, scan ----------------------------------------------------------

FORMAT_TEXTS = ["01-nghe-an-tinh.txt", "06-lao-cai-tinh.txt", "09-thach-thang-phuong.txt"]
FORMATS = ["text", "docx", "pdf-text", "image", "pdf-scan"]


def evaluate_formats(root: Path, names: list[str] | None = None) -> dict:
    """{format: {text: {"fields": …, "coverage": float, "pages": int, "seconds": float, "unsure": int}}}.

    Each corpus text is written as a .docx, printed to PDF by Chromium, rendered to a PNG
    page and to an image-only PDF (format_fixtures.py), then imported from each file.
    """
    import tempfile

    import yaml

    from thidua.commands.format_fixtures import write_fixtures
    from thidua.importer.formats import read_any

    folder = root / "tests" / "corpus"
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    ref = load_reference(root / "plans")
    out: dict = {f: {} for f in FORMATS}
    with tempfile.TemporaryDirectory(prefix="thidua-formats-") as tmp:
        for name in names or FORMAT_TEXTS:
            text = (folder / name).read_text(encoding="utf-8")
            files = write_fixtures(text, Path(tmp), Path(name).stem)
            plain = import_text(text, name, ref)
            want = {**expected[name], "awards": sorted(expected[name]["awards"]), "routes": sorted(expected[name]["routes"])}
            for fmt, path in files.items():
                try:
                    read = read_any(path)
                    draft = import_text(read.text, name, ref)
                except TextImportError as exc:
                    out[fmt][name] = {"error": str(exc)}
                    continue
                found = corpus_fields(draft)
                out[fmt][name] = {"fields": {f: (want.get(f) == found[f], want.get(f), found[f]) for f in CORPUS_FIELDS},
                                  "coverage": coverage(plain.record["body"], draft.record["body"], False),
                                  "pages": read.pages, "seconds": read.seconds, "cpu": read.cpu_seconds,
                                  "unsure": len(read.unsure)}
    return out


def format_formats(results: dict) -> str:
    lines = ["Formats: the same corpus texts as files (fixtures built from the text: .docx written with python-docx,",
             "PDF printed by Chromium, the page rendered to PNG and to an image-only PDF)", "",
             f"{'format':<10}{'texts':>6}{'fields right':>14}{'body words':>12}{'pages':>7}{'s/page':>8}{'cpu s/page':>12}"
             f"{'OCR unsure':>12}"]
    wrong = []
    for fmt, per in results.items():
        names = list(per)
        right = sum(ok for n in names for ok, _, _ in per[n].get("fields", {}).values())
        total = len(names) * len(CORPUS_FIELDS)
        cov = sum(per[n].get("coverage", 0.0) for n in names) / max(1, len(names))
        pages = sum(per[n].get("pages", 0) for n in names)
        secs = sum(per[n].get("seconds", 0.0) for n in names)
        unsure = sum(per[n].get("unsure", 0) for n in names)
        cpu = sum(per[n].get("cpu", 0.0) for n in names)
        lines.append(f"{fmt:<10}{len(names):>6}{f'{right}/{total}':>14}{cov:>12.1%}{pages:>7}{secs / max(1, pages):>8.2f}"
                     f"{cpu / max(1, pages):>12.2f}{unsure:>12}")
        wrong += [f"  {fmt} {n}: import failed: {per[n]['error']}" for n in names if "error" in per[n]]
        wrong += [f"  {fmt} {n} {f}: {want!r} -> {got!r}" for n in names
                  for f, (good, want, got) in per[n].get("fields", {}).items() if not good]
    lines.append("(body words: share of the words of the text's own import that the file's import holds, in order;"
                 " s/page: wall-clock time to read the file, OCR included, which grows with the machine's load; cpu s/page: processor time)")
    return "\n".join(lines + ["", "Differences (format text field: expected -> draft)", *(wrong or ["  none"])])


def run_eval(root: Path, formats: bool = True, layouts_only: bool = False, scans: int = 2) -> int:
    if layouts_only:
        print(format_layouts(evaluate_layouts(root, scans=scans)))
        return 0
    print(format_results(evaluate(root)))
    if (root / "tests" / "corpus" / "expected.yaml").exists():
        print()
        print(format_corpus(evaluate_corpus(root)))
        if formats:
            print()
            try:
                print(format_formats(evaluate_formats(root)))
                print()
                print(format_layouts(evaluate_layouts(root, scans=scans)))
            except TextImportError as exc:  # poppler or Tesseract missing: `make test` installs them
                print(f"Formats not evaluated: {exc}")
    return 0


# -- Layouts: every corpus text as many files, damaged the ways offices damage them ----------------------


def evaluate_layouts(root: Path, names: list[str] | None = None, scans: int = 2, folder: Path | None = None) -> list[dict]:
    """[{"text", "format", "damage", "fields": {field: (ok, expected, found)} | "error", "coverage", "pages",
    "seconds", "cpu"}] for every file layouts.generate makes of the corpus texts (`names`: a sample)."""
    import tempfile

    import yaml

    from thidua.commands.layouts import generate
    from thidua.importer.formats import read_any

    corpus = root / "tests" / "corpus"
    expected = yaml.safe_load((corpus / "expected.yaml").read_text(encoding="utf-8"))
    ref = load_reference(root / "plans")
    texts = {n: (corpus / n).read_text(encoding="utf-8") for n in (names or expected)}
    plain = {n: import_text(t, n, ref) for n, t in texts.items()}
    out = []
    with tempfile.TemporaryDirectory(prefix="thidua-layouts-") as tmp:
        for made in generate(texts, folder or Path(tmp), scans=scans):
            row = {"text": made.text, "format": made.format, "damage": made.damage, "file": made.path.name}
            want = expected[made.text]
            want = {**want, "awards": sorted(want["awards"]), "routes": sorted(want["routes"])}
            try:
                read = read_any(made.path)
                draft = import_text(read.text, made.text, ref)
            except TextImportError as exc:
                out.append({**row, "error": str(exc)})
                continue
            found = corpus_fields(draft)
            out.append({**row, "fields": {f: (want.get(f) == found[f], want.get(f), found[f]) for f in CORPUS_FIELDS},
                        "coverage": coverage(plain[made.text].record["body"], draft.record["body"], False),
                        "pages": read.pages, "seconds": read.seconds, "cpu": read.cpu_seconds})
    return out


def format_layouts(rows: list[dict], differences: int = 60) -> str:
    """Field accuracy per format and kind of damage: files, fields right, files with every field right."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        groups.setdefault((r["format"], r["damage"]), []).append(r)
    lines = [f"Layouts: {len(rows)} files made from {len({r['text'] for r in rows})} corpus texts "
             "(scripts/thidua/commands/layouts.py, fixed seed)", "",
             f"{'format':<10}{'damage':<18}{'files':>6}{'fields right':>15}{'files all right':>17}{'body words':>12}"
             f"{'s/page':>8}{'cpu s/page':>12}"]

    def line(fmt: str, damage: str, rs: list[dict]) -> str:
        right = sum(ok for r in rs for ok, _, _ in r.get("fields", {}).values())
        total = len(rs) * len(CORPUS_FIELDS)
        whole = sum(1 for r in rs if r.get("fields") and all(ok for ok, _, _ in r["fields"].values()))
        cov = sum(r.get("coverage", 0.0) for r in rs) / max(1, len(rs))
        pages = sum(r.get("pages", 0) for r in rs)
        secs = sum(r.get("seconds", 0.0) for r in rs) / max(1, pages)
        cpu = sum(r.get("cpu", 0.0) for r in rs) / max(1, pages)
        return (f"{fmt:<10}{damage:<18}{len(rs):>6}{right / max(1, total):>15.1%}{f'{whole}/{len(rs)}':>17}{cov:>12.1%}"
                f"{secs:>8.2f}{cpu:>12.2f}")

    for (fmt, damage), rs in sorted(groups.items()):
        lines.append(line(fmt, damage, rs))
    lines.append(line("all", "", rows))
    wrong = [f"  {r['file']}: import failed: {r['error']}" for r in rows if "error" in r]
    wrong += [f"  {r['file']} {f}: {want!r} -> {got!r}" for r in rows
              for f, (good, want, got) in r.get("fields", {}).items() if not good]
    lines.append("(s/page: wall-clock time to read a file, a page; it grows with the machine's load; cpu s/page: "
                 "processor time, OCR and LibreOffice included)")
    lines += ["", f"Differences (file field: expected -> draft; {len(wrong)}, the first {differences})",
              *(wrong[:differences] or ["  none"])]
    return "\n".join(lines)
