"""The corpus texts as offices make files of them: many layouts and kinds of damage. Test data for
`import-eval` and the tests; never published.

Each text of tests/corpus/ is read into its parts (header columns, body, recipients,
signature) and written out again as:

- plain text: two columns with spaces or tabs, stacked, every line wrapped at a narrow
  width (a header column of 22 to 38 letters, as a narrow PDF column gives it), the
  columns collapsed onto one line (what `pdftotext` without -layout gives), a signer's
  title and name joined on one line (a paste from Word);
- Word: header and signature as borderless tables, one row per line, one cell per column
  with a paragraph per line or with line breaks (Shift+Enter) in one paragraph, or tabs;
- through LibreOffice (headless): .odt, .doc and .rtf, a PDF, and a PDF with a narrow right
  column (the dateline wraps);
- scans: the LibreOffice PDF rendered at 150–300 dpi, turned 1–2°, with noise and JPEG
  compression, as an image-only PDF.

Everything is drawn from one seed: the same seed, the same files.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

_GAP = re.compile(r"\t+| {3,}")
_RIGHT = re.compile(r"^(?:CỘNG HÒA|CỘNG HOÀ|Độc lập)|, ngày ")
_CAPACITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\.\s")


@dataclass
class Parts:
    """A plan text cut where a clerk's layout puts it."""

    left: list[str]        # header, left column (bodies, "Số: …")
    right: list[str]       # header, right column (motto, dateline)
    body: list[str]        # the kind line to the last paragraph
    recipients: list[str]  # "Nơi nhận:" and its "- …" lines
    signature: list[str]   # capacity and title lines, then the name


def _lower(s: str) -> bool:
    return any(c.islower() for c in s)


def _name_like(s: str) -> bool:
    ws = s.split()
    return 2 <= len(ws) <= 5 and all(w[:1].isupper() and _lower(w) for w in ws) and not re.search(r"[;,:]", s)


def _split_joined(part: str) -> tuple[str, str | None]:
    """"- Lưu: VT. Giàng Thị Mẫu" -> ("- Lưu: VT.", "Giàng Thị Mẫu"): a signature a converter ran into a recipient."""
    for m in re.finditer(r"[;.]\s+", part):
        rest = part[m.end():]
        if rest and (not _lower(rest) and len(rest) > 3 or _name_like(rest)):
            return part[:m.end()].rstrip(), rest
    return part, None


def _split_title_name(line: str) -> list[str]:
    """"PHÓ CHỦ TỊCH UBND HUYỆN Võ Thanh Khảo" -> [title, name]."""
    ws = line.split()
    first = next((i for i, w in enumerate(ws) if _lower(w)), None)
    if first and len(" ".join(ws[:first])) >= 4 and _name_like(" ".join(ws[first:])):
        return [" ".join(ws[:first]), " ".join(ws[first:])]
    return [line]


def parse(text: str) -> Parts:
    lines = text.splitlines()
    kind = next(i for i, ln in enumerate(lines) if ln.strip() in ("KẾ HOẠCH", "QUYẾT ĐỊNH", "HƯỚNG DẪN"))
    left, right = [], []
    for ln in lines[:kind]:
        cells = [c for c in _GAP.split(ln.strip()) if c]
        if len(cells) >= 2:
            left.append(cells[0])
            right.append(" ".join(cells[1:]))
        elif cells:
            (right if _RIGHT.search(cells[0]) else left).append(cells[0])
    tail = next(i for i in range(kind + 1, len(lines))
                if lines[i].strip().startswith("Nơi nhận") or _CAPACITY.match(lines[i].strip()))
    body = [ln.strip() for ln in lines[kind:tail]]
    while body and not body[-1]:
        body.pop()
    recipients, signature = [], []
    for ln in lines[tail:]:
        for cell in (c for c in _GAP.split(ln.strip()) if c):
            if cell.startswith("Nơi nhận"):
                recipients.append("Nơi nhận:")
                rest = cell.split(":", 1)[1].strip()
                signature += [rest] if rest else []
            elif cell.startswith("- "):
                recipient, joined = _split_joined(cell)
                recipients.append(recipient)
                signature += [joined] if joined else []
            else:
                signature += _split_title_name(cell)
    return Parts(left, right, body, recipients, signature)


# -- Plain text layouts ----------------------------------------------------------------------------


def _side(a: list[str], b: list[str], gap: str, width: int = 48) -> list[str]:
    if gap == "\t":
        return [f"{x}\t\t{y}".rstrip() for x, y in zip_longest(a, b, fillvalue="")]
    return [f"{x:<{width}}{y}".rstrip() if y else x for x, y in zip_longest(a, b, fillvalue="")]


def _sig_beside(p: Parts) -> list[str]:
    """The signature set against the recipients' bottom, the name on the last line, as typed."""
    rec, sig = p.recipients, p.signature
    pad = max(0, len(rec) - len(sig))
    top, name = sig[:-1], sig[-1:]
    rows = top + [""] * max(0, len(rec) - len(top) - 1) + name if pad else sig
    return rows


def text_layout(p: Parts, kind: str) -> str:
    if kind in ("spaces", "tabs"):
        gap = "\t" if kind == "tabs" else " "
        lines = _side(p.left, p.right, gap) + [""] + p.body + [""] + _side(p.recipients, _sig_beside(p), gap)
    elif kind == "stacked":
        lines = p.left + p.right + [""] + p.body + [""] + p.signature[:-1] + ["", p.signature[-1], ""] + p.recipients
    elif kind == "collapsed":  # columns read across: one space between them
        lines = [f"{x} {y}".strip() for x, y in zip_longest(p.left, p.right, fillvalue="")] + [""] + p.body + [""]
        lines += [f"{x} {y}".strip() for x, y in zip_longest(p.recipients, _sig_beside(p), fillvalue="")]
    elif kind == "title-joined":
        sig = p.signature[:-2] + [f"{p.signature[-2]} {p.signature[-1]}"] if len(p.signature) > 1 else p.signature
        lines = p.left + p.right + [""] + p.body + [""] + p.recipients + sig
    elif kind.startswith("wrap-"):
        width = int(kind.split("-")[1])
        col = width // 2

        def wrap_col(cells: list[str]) -> list[str]:
            return [w for c in cells for w in textwrap.wrap(c, col) or [""]]

        lines = _side(wrap_col(p.left), wrap_col(p.right), " ", col + 4) + [""]
        for ln in p.body:
            lines += textwrap.wrap(ln, width, break_long_words=False) or [""]
        lines += [""] + _side(wrap_col(p.recipients), wrap_col(_sig_beside(p)), " ", col + 4)
    else:
        raise ValueError(kind)
    return "\n".join(lines) + "\n"


TEXT_LAYOUTS = ["spaces", "tabs", "stacked", "collapsed", "title-joined", "wrap-44", "wrap-60", "wrap-76"]


# -- Word ------------------------------------------------------------------------------------------------

DOCX_LAYOUTS = ["rows", "cells", "breaks", "tabs"]


def write_docx(p: Parts, path: Path, kind: str, right_cm: float | None = None) -> Path:
    """Header and signature as a clerk types them: a two-column borderless table (kind "rows": a row a
    line; "cells": one row, a paragraph a line; "breaks": one row, line breaks in one paragraph) or tabs."""
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "DejaVu Serif", Pt(12)

    def table(a: list[str], b: list[str]) -> None:
        if kind == "tabs":
            for x, y in zip_longest(a, b, fillvalue=""):
                document.add_paragraph(f"{x}\t\t{y}".rstrip())
            return
        t = document.add_table(rows=0, cols=2)
        t.autofit = False
        if kind == "rows":
            for x, y in zip_longest(a, b, fillvalue=""):
                cells = t.add_row().cells
                cells[0].text, cells[1].text = x, y
        else:
            cells = t.add_row().cells
            for cell, lines in zip(cells, (a, b)):
                if kind == "cells":
                    cell.text = lines[0] if lines else ""
                    for ln in lines[1:]:
                        cell.add_paragraph(ln)
                else:
                    run = cell.paragraphs[0].add_run()
                    for i, ln in enumerate(lines):
                        if i:
                            run.add_break()
                        run.add_text(ln)
        if right_cm:
            for row in t.rows:
                row.cells[0].width, row.cells[1].width = Cm(16 - right_cm), Cm(right_cm)

    table(p.left, p.right)
    for ln in p.body:
        if ln:
            document.add_paragraph(ln)
    table(p.recipients, p.signature)
    document.add_paragraph("")  # Word always ends a document with a paragraph after its last table
    document.save(path)
    return path


# -- LibreOffice ---------------------------------------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_all(files: list[Path], target: str, outdir: Path) -> None:
    """One LibreOffice run converts every file (starting it costs seconds, a file a fraction of one)."""
    if not files:
        return
    with tempfile.TemporaryDirectory(prefix="thidua-lo-profile-") as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                        "--outdir", str(outdir), *map(str, files)], capture_output=True, timeout=900)


# -- Scans ---------------------------------------------------------------------------------------------------


def scan_pdf(pdf: Path, out: Path, dpi: int, angle: float, noise: float, quality: int) -> Path:
    """A degraded scan of a PDF: pages at `dpi`, turned `angle` degrees, grey noise, JPEG, as an image PDF."""
    import numpy as np
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="thidua-scan-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), f"{tmp}/p"], check=True, capture_output=True)
        pages = []
        rng = np.random.default_rng(int(dpi * 100 + angle * 10 + noise))
        for page in sorted(Path(tmp).glob("p*.pgm")):
            img = Image.open(page).rotate(angle, resample=Image.BICUBIC, fillcolor=255)
            arr = np.asarray(img, dtype=np.float32) + rng.normal(0, noise, (img.height, img.width))
            buf = io.BytesIO()
            Image.fromarray(arr.clip(0, 255).astype("uint8")).save(buf, "JPEG", quality=quality)
            pages.append(Image.open(io.BytesIO(buf.getvalue())))
        pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out


# -- The whole set --------------------------------------------------------------------------------------------


@dataclass
class Made:
    path: Path
    text: str       # corpus file name
    format: str     # what the file is: text, docx, odt, doc, rtf, pdf-text, pdf-scan
    damage: str     # the layout or damage applied


def generate(corpus: dict[str, str], folder: Path, seed: int = 2021, scans: int = 2, lo: bool = True) -> list[Made]:
    """Every layout of every text {name: text} into `folder`; `scans` degraded scans a text."""
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Made] = []
    lo = lo and soffice() is not None
    to_convert: list[tuple[Path, str]] = []
    for name, text in corpus.items():
        rng = random.Random(f"{seed}:{name}")
        stem = Path(name).stem
        p = parse(text)
        for kind in TEXT_LAYOUTS:
            path = folder / f"{stem}.{kind}.txt"
            path.write_text(text_layout(p, kind), encoding="utf-8")
            made.append(Made(path, name, "text", kind))
        for kind in DOCX_LAYOUTS:
            path = write_docx(p, folder / f"{stem}.{kind}.docx", kind)
            made.append(Made(path, name, "docx", f"table {kind}" if kind != "tabs" else "tabs"))
        if lo:
            narrow = write_docx(p, folder / f"{stem}.narrow.docx", "cells", right_cm=rng.uniform(5.0, 5.8))
            to_convert += [(folder / f"{stem}.breaks.docx", "odt"), (folder / f"{stem}.cells.docx", "doc"),
                           (folder / f"{stem}.rows.docx", "rtf"), (folder / f"{stem}.cells.docx", "pdf"),
                           (narrow, "pdf")]
    if lo:
        for target in ("odt", "doc", "rtf", "pdf"):
            convert_all([src for src, t in to_convert if t == target], target, folder)
        for name in corpus:
            stem = Path(name).stem
            made += [Made(folder / f"{stem}.breaks.odt", name, "odt", "table breaks"),
                     Made(folder / f"{stem}.cells.doc", name, "doc", "table cells"),
                     Made(folder / f"{stem}.rows.rtf", name, "rtf", "table rows"),
                     Made(folder / f"{stem}.cells.pdf", name, "pdf-text", "LibreOffice"),
                     Made(folder / f"{stem}.narrow.pdf", name, "pdf-text", "narrow column")]
            rng = random.Random(f"{seed}:{name}:scan")
            for i in range(scans):
                dpi = rng.choice((150, 200, 300))
                angle = rng.choice((-1, 1)) * round(rng.uniform(1.0, 2.0), 1)
                path = scan_pdf(folder / f"{stem}.cells.pdf", folder / f"{stem}.scan{i}.pdf", dpi, angle,
                                noise=rng.uniform(8, 20), quality=rng.randint(40, 75))
                made.append(Made(path, name, "pdf-scan", f"{dpi} dpi, {abs(angle):.0f}°"))
    return [m for m in made if m.path.exists()] + [Made(m.path, m.text, m.format, "missing: " + m.damage)
                                                   for m in made if not m.path.exists()]
