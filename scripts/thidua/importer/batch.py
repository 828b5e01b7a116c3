"""`python -m scripts import DIR` (or several files): a folder of plans imported in one run.

An office receives a folder of hundreds of files from its districts and communes. Each
file is imported as `import FILE` would (its draft, directive drafts and kept original),
with a line of progress; a file that fails is reported and the rest go on. A plan the
archive already has is reported, not imported twice: the same bytes as a kept original
(so a second run skips what the first did, without reading or OCR), the same number and
issuer (the same draft id), the same text as a file earlier in the run, or nearly the same
text of the same province under no other number (a scan read a little differently). At the end one
table says what became of each file (imported, imported with fields to check, already
there, refused and why), printed and written as a CSV (UTF-8 with BOM, which Excel opens
with its diacritics) and a Markdown report beside it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from thidua.text import fold
from .command import original_copy, write_draft
from .formats import read_any
from .lines import TextImportError
from .metadata import import_text
from .reference import load_reference

IMPORTED, CHECK, PRESENT, REFUSED = "đã nhập", "đã nhập, cần kiểm tra", "đã có, bỏ qua", "từ chối"
REPORT_STEM = "bao-cao-nhap"


@dataclass
class Outcome:
    file: str
    result: str
    plan: str = ""                 # the draft's id, or the plan already in the archive
    number: str = ""
    issuer: str = ""
    check: list[str] = field(default_factory=list)  # fields marked # KIỂM TRA
    note: str = ""
    format: str = ""
    seconds: float = 0.0


def files_of(paths: list[Path]) -> list[Path]:
    """The files named, and every file under a folder named (sorted; hidden files and our reports left out)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in
                                                                               f.relative_to(p).parts)
                          and not f.name.startswith(REPORT_STEM))
        else:
            out.append(p)
    return out


# Near copies: a scan of a plan read a little differently than its Word file (a misread issuer, a
# number lost) is the same plan when both name one province and year, their numbers do not disagree,
# and half of one's runs of SHINGLE words stand in the other (a scan damaging one word in 25 keeps
# 60-67%). Plans of one province copy each other (a district's may repeat all its province's: 64%),
# but under another number. Such a file is reported, with the plan it resembles, not imported.
SHINGLE = 5
NEAR = 0.5


def _shingles(text: str) -> set[int]:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return {hash(tuple(words[i:i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def _number(number: str | None) -> str:
    """The number of "88/KH-SYT": its part before the symbol."""
    return (number or "").split("/")[0]


def _near_copy(record: dict, shingles: set[int], ref, plans_dir: Path, cache: dict[str, set[int]]) -> str | None:
    """A plan the archive has (before the run, or imported earlier in it) that this draft is a near copy of."""
    year = str(record.get("date") or "")[:4]
    for known in ref.documents:
        if known.id == record["id"] or known.province != record.get("province") or not shingles:
            continue
        if year and known.year and str(known.year) != year:
            continue
        if _number(record.get("number")) and _number(known.number) and _number(known.number) != _number(record.get("number")):
            continue
        theirs = cache.get(known.id)
        if theirs is None:  # a plan's source holds its whole text (a directive's has none: nothing to compare)
            path = plans_dir / f"{known.id}.yaml"
            theirs = cache[known.id] = _shingles(_source_text(path)) if path.is_file() else set()
        if theirs and len(shingles & theirs) >= NEAR * min(len(shingles), len(theirs)):
            return known.id
    return None


def _source_text(path: Path) -> str:
    """Every text of a plan's source, in order, without its keys (which would break the runs of words)."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
    try:
        return "\n".join(strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    except (OSError, yaml.YAMLError):
        return ""


def _text_key(text: str) -> str:
    """The same plan's text from two files (a .doc and its PDF) hashes alike: letters and digits only."""
    return hashlib.sha256(re.sub(r"[^a-z0-9]+", "", fold(text)).encode()).hexdigest()


def run_batch(paths: list[Path], plans_dir: Path, *, force: bool = False, report_dir: Path | None = None,
              out=None, err=None) -> int:
    """Import every file; 0 when none was refused, 1 otherwise (the others are imported all the same)."""
    import sys

    out, err = out or sys.stdout, err or sys.stderr
    plans_dir = Path(plans_dir)
    if not plans_dir.is_dir():
        print(f"import: the sources directory {plans_dir} does not exist; nothing written", file=err)
        return 1
    files = files_of(paths)
    if not files:
        print(f"import: no file found in {', '.join(map(str, paths))}", file=err)
        return 1
    ref = load_reference(plans_dir)
    originals = {hashlib.sha256(f.read_bytes()).hexdigest(): f.name
                 for f in (plans_dir / "originals").glob("*") if f.is_file()}
    texts: dict[str, str] = {}  # text key -> id of the plan imported from it in this run
    shingles: dict[str, set[int]] = {}  # runs of words of the archive's plans, read when first compared
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    for n, file in enumerate(files, 1):
        outcome = _one(file, plans_dir, ref, originals, texts, shingles, force)
        outcomes.append(outcome)
        detail = " — ".join(x for x in (outcome.plan, outcome.note) if x)
        print(f"[{n}/{len(files)}] {file}: {outcome.result}{': ' + detail if detail else ''}", file=out, flush=True)
    print(file=out)
    print(summary(outcomes, time.perf_counter() - started), file=out)
    written = write_reports(outcomes, report_dir or Path.cwd())
    print("Báo cáo: " + ", ".join(map(str, written)), file=out)
    return 1 if any(o.result == REFUSED for o in outcomes) else 0


def _one(file: Path, plans_dir: Path, ref, originals: dict, texts: dict, cache: dict, force: bool) -> Outcome:
    name = str(file)
    t0 = time.perf_counter()
    try:
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError as exc:
        return Outcome(name, REFUSED, note=f"không đọc được tệp ({exc.strerror or exc})")
    if digest in originals and not force:
        return Outcome(name, PRESENT, note=f"cùng tệp gốc đã lưu originals/{originals[digest]}")
    try:
        read = read_any(file)
        label, copy_to = original_copy(file, plans_dir)
        draft = import_text(read.text, label, ref)
    except TextImportError as exc:
        return Outcome(name, REFUSED, note=str(exc), seconds=time.perf_counter() - t0)
    except Exception as exc:  # one bad file never stops the rest; the report names what went wrong
        return Outcome(name, REFUSED, note=f"lỗi khi đọc ({type(exc).__name__}: {exc})", seconds=time.perf_counter() - t0)
    draft.origin = read
    r = draft.record
    base = Outcome(name, "", r["id"], r["number"] or "", r["issuer"] or "", sorted(draft.uncertain), format=read.format)
    key = _text_key(read.text)
    if key in texts:
        return _done(base, PRESENT, f"cùng nội dung với tệp đã nhập trong lần này ({texts[key]})", t0)
    target = plans_dir / f"{r['id']}.yaml"
    if target.exists() and not force:
        return _done(base, PRESENT, f"kho đã có plans/{target.name} (cùng số, cơ quan ban hành và năm)", t0)
    near = _near_copy(r, _shingles(read.text), ref, plans_dir, cache)
    if near and not force:
        return _done(base, PRESENT, f"gần như cùng nội dung với plans/{near}.yaml (cùng tỉnh, năm, số không khác): "
                                    "có lẽ cùng văn bản, đọc khác đi ở vài chỗ; xem lại nếu không phải", t0)
    try:
        written = write_draft(draft, plans_dir, force, (file, copy_to) if copy_to else None)
    except FileExistsError as exc:
        return _done(base, REFUSED, f"{exc.args[0]} đã có; không ghi gì (dùng --force để thay)", t0)
    except OSError as exc:
        return _done(base, REFUSED, f"không ghi được bản nháp ({exc})", t0)
    texts[key] = r["id"]
    for path in written:
        if path.suffix == ".yaml":
            ref.add(path)  # later files of the run match this plan and its directive drafts
        else:
            originals[hashlib.sha256(path.read_bytes()).hexdigest()] = path.name
    return _done(base, CHECK if draft.uncertain else IMPORTED, "", t0)


def _done(outcome: Outcome, result: str, note: str, t0: float) -> Outcome:
    outcome.result, outcome.note, outcome.seconds = result, note, time.perf_counter() - t0
    return outcome


def summary(outcomes: list[Outcome], seconds: float) -> str:
    counts = {r: sum(1 for o in outcomes if o.result == r) for r in (IMPORTED, CHECK, PRESENT, REFUSED)}
    lines = [f"Tổng kết: {len(outcomes)} tệp trong {seconds:.0f} giây — " +
             "; ".join(f"{r}: {c}" for r, c in counts.items()), ""]
    lines += [f"{'Kết quả':<22} {'Tệp':<40} {'Văn bản':<44} Ghi chú"]
    for o in outcomes:
        note = o.note or (("kiểm tra: " + ", ".join(o.check)) if o.check else "")
        lines.append(f"{o.result:<22} {_short(o.file, 40):<40} {_short(o.plan, 44):<44} {note}")
    return "\n".join(lines)


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else "…" + s[-(n - 1):]


COLUMNS = ["Tệp", "Kết quả", "Mã văn bản", "Số", "Cơ quan ban hành", "Trường cần kiểm tra", "Ghi chú", "Định dạng",
           "Giây"]


def _row(o: Outcome) -> list[str]:
    return [o.file, o.result, o.plan, o.number, o.issuer, ", ".join(o.check), o.note, o.format, f"{o.seconds:.1f}"]


def write_reports(outcomes: list[Outcome], folder: Path) -> list[Path]:
    """bao-cao-nhap-<time>.csv (UTF-8 with BOM) and .md in `folder`; a new name each run, nothing replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    writer.writerows(_row(o) for o in outcomes)
    cell = lambda s: s.replace("|", "\\|").replace("\n", " ")  # noqa: E731 (a Markdown table cell)
    md = ["# Báo cáo nhập văn bản", "", f"{len(outcomes)} tệp, {stamp}.", "",
          "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    md += ["| " + " | ".join(cell(c) for c in _row(o)) + " |" for o in outcomes]
    written = []
    for suffix, content in ((".csv", "\ufeff" + buf.getvalue()), (".md", "\n".join(md) + "\n")):
        n, path = 1, folder / f"{REPORT_STEM}-{stamp}{suffix}"
        while path.exists():
            n, path = n + 1, folder / f"{REPORT_STEM}-{stamp}-{n}{suffix}"
        with open(path, "x", encoding="utf-8", newline="") as f:
            f.write(content)
        written.append(path)
    return written

