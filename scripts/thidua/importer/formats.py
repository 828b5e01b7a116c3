"""Reading the files plans reach the office as: text, Markdown, Word, PDF with a text layer, scans.

The kind is told by content (magic bytes), not by the extension:

- UTF-8 text and Markdown as they are;
- Word (.docx) with python-docx: paragraphs in order, list numbering rebuilt from the
  document's numbering definitions, tables row by row with their cells on one line
  separated by tabs (a header set as a two-column table reads like a printed header);
- PDF with a text layer with poppler's `pdftotext -layout` (Debian poppler-utils): it keeps
  the two columns of the header and the signature on one line, separated by spaces,
  which columns.py reads; a Python PDF library gives the words in drawing order instead;
- scans (a PDF without text, PNG, JPEG, TIFF) with Tesseract and its Vietnamese model
  (Debian tesseract-ocr, tesseract-ocr-vie), PDF pages rendered with `pdftoppm`; Tesseract's
  word confidences tell which lines a person must check.

Every failure is a TextImportError saying what is wrong and what to do.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .body import roman
from .lines import TextImportError
from .scan import prepare_page

# A word below this confidence (0–100, Tesseract's scale) makes its line one to check.
UNSURE_BELOW = 60
OCR_DPI = 300
# A PDF page with fewer letters than this in its text layer is taken as a scan.
SCAN_LETTERS = 40


@dataclass
class Read:
    """A file's text and how it was got."""

    text: str
    format: str                       # text, docx, pdf-text, pdf-scan, image
    pages: int = 1
    engine: str | None = None         # the OCR engine, when the text comes from a scan
    unsure: list[str] = field(default_factory=list)  # OCR lines with a word Tesseract was unsure of
    seconds: float = 0.0              # wall-clock time to read it
    cpu_seconds: float = 0.0          # processor time, OCR and poppler included (steady when the machine is busy)


def kind_of(data: bytes) -> str:
    """"pdf", "docx", "odt", "doc", "rtf", "image" or "text" from the first bytes; TextImportError for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = archive.namelist()
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
        except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error):
            raise TextImportError("a damaged ZIP, Word or OpenDocument file: open it in Word or LibreOffice and save "
                                  "it again") from None
        if "word/document.xml" in names:
            return "docx"
        if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
            if b"encryption-data" in archive.read("META-INF/manifest.xml"):
                raise TextImportError(_PROTECTED)
            return "odt"
        raise TextImportError("a ZIP archive, not a Word (.docx) or OpenDocument (.odt) file: unpack it and import "
                              "the plan's file")
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # Word keeps a password-protected .docx in the same container as an old .doc, as "EncryptedPackage".
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise TextImportError(_PROTECTED)
        if data[28:30] != b"\xfe\xff":  # the container's byte-order mark: a cut or damaged file lacks it
            raise TextImportError("a damaged Word .doc file: open it in Word or LibreOffice and save it again")
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    return "text"


_PROTECTED = "a password-protected document: open it, remove the password (save an unprotected copy) and import that"


def read_any(path: Path, progress=None) -> Read:
    """The text of any supported file; `progress(message)` hears of each OCR page."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise TextImportError("no such file") from None
    except IsADirectoryError:
        raise TextImportError("is a directory, not a text file") from None
    except OSError as exc:
        raise TextImportError(f"cannot read it ({exc.strerror or exc})") from None
    started, cpu = time.perf_counter(), _cpu()
    kind = kind_of(data)
    if kind == "docx":
        read = Read(read_docx(data), "docx")
    elif kind in ("odt", "doc", "rtf"):
        read = Read(read_docx(convert_to_docx(Path(path), kind)), kind)
    elif kind == "pdf":
        read = read_pdf(Path(path), progress)
    elif kind == "image":
        read = ocr_images([Path(path)], "image", progress)
    else:
        try:
            read = Read(data.decode("utf-8-sig"), "text")
        except UnicodeDecodeError:
            raise TextImportError("not UTF-8 text and no file type the importer reads (.txt, .md, .docx, .pdf, "
                                  ".png, .jpg, .tif): convert it to one of these") from None
    read.seconds, read.cpu_seconds = time.perf_counter() - started, _cpu() - cpu
    return read


def _cpu() -> float:
    """Processor time of this process and its finished children (pdftotext, pdftoppm, tesseract)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# -- Word ---------------------------------------------------------------------------------


def read_docx(data: bytes) -> str:
    """Paragraphs and tables of a .docx in order, list labels rebuilt ("I.", "1.", "a)", "-")."""
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError:
        raise TextImportError("python-docx is not installed: run `make install`") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise TextImportError(f"a damaged Word file ({type(exc).__name__}): open it in Word and save it again") from None
    numbering = _Numbering(document, qn)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(numbering.label(child) + _runs_text(child, qn))
        elif child.tag == qn("w:tbl"):
            lines += _table_lines(child, qn)
            lines.append("")
    return "\n".join(lines) + "\n"


def _runs_text(p, qn) -> str:
    out = []
    for node in p.iter():
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            out.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
    return "".join(out)


def _table_lines(tbl, qn) -> list[str]:
    """Each row as lines: the n-th paragraph of every cell on the n-th line, cells apart by a tab."""
    out = []
    for row in tbl.iter(qn("w:tr")):
        # A line break (Shift+Enter) in a cell's paragraph starts a line of its own, as printed.
        cells = [[t for p in tc.iter(qn("w:p")) for t in _runs_text(p, qn).split("\n")] for tc in row.iter(qn("w:tc"))]
        cells = [[t for t in c if t.strip()] for c in cells]
        for i in range(max((len(c) for c in cells), default=0)):
            out.append("\t\t".join(c[i] if i < len(c) else "" for c in cells).rstrip("\t"))
    return out


class _Numbering:
    """Word's automatic list labels, rebuilt from numbering.xml (python-docx leaves them out)."""

    FORMATS = {"decimal": lambda n: str(n), "upperRoman": lambda n: roman(n), "lowerRoman": lambda n: roman(n).lower(),
               "lowerLetter": lambda n: "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26],
               "upperLetter": lambda n: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n - 1) % 26]}

    def __init__(self, document, qn):
        self.qn, self.levels, self.counters = qn, {}, {}
        # Lists set by a paragraph style ("List Number") carry their numbering in the style.
        self.styles = {}
        for style in document.styles.element.iter(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                self.styles[style.get(qn("w:styleId"))] = num_pr
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.iter(qn("w:abstractNum")):
            lvls = {}
            for lvl in a.iter(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                lvls[lvl.get(qn("w:ilvl"))] = (fmt.get(qn("w:val")) if fmt is not None else "decimal",
                                               text.get(qn("w:val")) if text is not None else "%1.")
            abstract[a.get(qn("w:abstractNumId"))] = lvls
        for num in root.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})

    def label(self, p) -> str:
        qn = self.qn
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            num_pr = self.styles.get(style.get(qn("w:val"))) if style is not None else None
        if num_pr is None:
            return ""
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        num_id = num_id.get(qn("w:val")) if num_id is not None else None
        level = ilvl.get(qn("w:val")) if ilvl is not None else "0"
        fmt, text = self.levels.get(num_id, {}).get(level, ("decimal", "%1."))
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, 0) + 1
        for deeper in [k for k in counters if int(k) > int(level)]:
            del counters[deeper]
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""
        render = self.FORMATS.get(fmt, self.FORMATS["decimal"])
        label = re.sub(r"%(\d)", lambda m: render(counters.get(str(int(m[1]) - 1), 1)), text)
        return label + " "


# -- OpenDocument, old Word, RTF: through LibreOffice ---------------------------------------


def convert_to_docx(path: Path, kind: str) -> bytes:
    """The file as .docx, converted by LibreOffice headless (Debian libreoffice-writer-nogui), which
    keeps the tables and line breaks; a fresh profile each time, so a running LibreOffice does not interfere."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise TextImportError(f"reading .{kind} needs LibreOffice: `make test` installs it "
                              "(apt-get install libreoffice-writer-nogui), or save the file as .docx")
    with tempfile.TemporaryDirectory(prefix="thidua-lo-") as tmp:
        source = Path(tmp) / f"van-ban.{kind}"
        shutil.copyfile(path, source)
        try:
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                            "docx:MS Word 2007 XML", "--outdir", f"{tmp}/out", str(source)],
                           capture_output=True, timeout=180)
        except subprocess.TimeoutExpired:
            raise TextImportError(f"LibreOffice did not finish converting the .{kind} file in 3 minutes: "
                                  "open it and save it as .docx") from None
        out = Path(tmp) / "out" / "van-ban.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise TextImportError(f"LibreOffice cannot read this .{kind} file (damaged or password-protected): "
                                  "open it in Word or LibreOffice and save an unprotected .docx")
        return out.read_bytes()


# -- PDF ----------------------------------------------------------------------------------


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if not found:
        raise TextImportError(f"'{name}' is not installed: `make test` installs it (apt-get install {package})")
    return found


def read_pdf(path: Path, progress=None) -> Read:
    """The text layer with its layout, or, when the pages carry no text (a scan), OCR of every page."""
    pdftotext = _tool("pdftotext", "poppler-utils")
    result = subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace")
        if "password" in message.lower() or "encrypt" in message.lower():
            raise TextImportError("the PDF is encrypted (password-protected): save an unprotected copy and import that")
        raise TextImportError("a damaged PDF that poppler cannot read: export it again from the original, or scan it")
    text = result.stdout.decode("utf-8", "replace")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    letters = sum(c.isalpha() for c in text)
    if letters >= SCAN_LETTERS * max(1, len(pages)) / 2:
        return Read(text, "pdf-text", pages=max(1, len(pages)))
    pdftoppm = _tool("pdftoppm", "poppler-utils")
    with tempfile.TemporaryDirectory(prefix="thidua-ocr-") as tmp:
        # PGM, not PNG: compressing a noisy page as PNG took most of the time (14 s of 16 s a page).
        rendered = subprocess.run([pdftoppm, "-r", str(OCR_DPI), "-gray", str(path), f"{tmp}/page"],
                                  capture_output=True)
        images = sorted(Path(tmp).glob("page*.pgm"))
        if rendered.returncode != 0 or not images:
            raise TextImportError("a PDF whose pages cannot be rendered for OCR: export or scan it again")
        read = ocr_images(images, "pdf-scan", progress)
    return read


# -- OCR ----------------------------------------------------------------------------------


def tesseract_version() -> str:
    tesseract = _tool("tesseract", "tesseract-ocr")
    out = subprocess.run([tesseract, "--version"], capture_output=True, text=True)
    first = (out.stdout or out.stderr).splitlines()[0] if (out.stdout or out.stderr) else "tesseract"
    return first.replace("tesseract", "Tesseract").strip()


def ocr_images(images: list[Path], fmt: str, progress=None) -> Read:
    """Vietnamese OCR of each image (Tesseract, model "vie"): text by lines, unsure lines listed."""
    tesseract = _tool("tesseract", "tesseract-ocr")
    langs = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True).stdout.split()
    if "vie" not in langs:
        raise TextImportError("Tesseract's Vietnamese model is missing: apt-get install tesseract-ocr-vie")
    pages, unsure = [], []
    for n, image in enumerate(images, 1):
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="thidua-page-") as tmp:
            clean = Path(tmp) / "page.pgm"
            try:
                prepare_page(image, clean)
            except (OSError, ValueError) as exc:  # Pillow: a truncated or unknown image
                raise TextImportError(f"page {n} is an image that cannot be read ({exc}): scan it again") from None
            result = _tesseract(tesseract, clean, "3")
            if result.returncode == 0 and not _tsv_text(result.stdout)[0].strip():
                # A page with a few lines (the end of a list) is "Empty page!!" to the automatic layout
                # analysis; read as one column it gives its lines.
                result = _tesseract(tesseract, clean, "4")
        if result.returncode != 0:
            raise TextImportError(f"Tesseract cannot read page {n} ({result.stderr.strip().splitlines()[-1:]}): "
                                  "scan it again as PNG, JPEG or TIFF")
        text, doubtful = _tsv_text(result.stdout)
        pages.append(text)
        unsure += doubtful
        if progress and len(images) > 1:
            progress(f"OCR trang {n}/{len(images)}: {time.perf_counter() - started:.1f} giây")
    if not any(re.search(r"[^\W\d_]{2}", p) for p in pages):
        raise TextImportError("no text found in the scan (a blank or unreadable page): scan the plan again at 300 dpi")
    return Read("\f".join(pages), fmt, pages=len(images), engine=f"{tesseract_version()} (vie)", unsure=unsure)


def _tesseract(tesseract: str, image: Path, psm: str) -> subprocess.CompletedProcess:
    # One thread: Tesseract's OpenMP threads spin when the cores are busy (ten times slower on a shared machine).
    # The page was brought to about 300 dpi (scan.py): said, not guessed from the letters.
    return subprocess.run([tesseract, str(image), "-", "-l", "vie", "--psm", psm, "--dpi", "300", "tsv"],
                          capture_output=True, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})


def _tsv_text(tsv: str) -> tuple[str, list[str]]:
    """Lines rebuilt from Tesseract's TSV (a blank line between blocks and paragraphs), and the unsure ones."""
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    lines: dict[tuple, list[tuple[str, float, int, int, int]]] = {}
    for r in rows:
        if r.get("level") != "5" or not (r.get("text") or "").strip():
            continue
        key = (int(r["page_num"]), int(r["block_num"]), int(r["par_num"]), int(r["line_num"]))
        lines.setdefault(key, []).append((r["text"], float(r["conf"]), int(r["left"]), int(r["width"]), int(r["height"])))
    out, unsure, last = [], [], None
    for key in sorted(lines):
        if last is not None and key[:3] != last[:3]:
            out.append("")
        words = lines[key]
        line = words[0][0]
        for prev, word in zip(words, words[1:]):
            # Two columns on one line (header, signature): a gap of several letter heights becomes a tab.
            gap = word[2] - (prev[2] + prev[3])
            line += ("\t" if gap > 3 * max(prev[4], word[4]) else " ") + word[0]
        out.append(line.replace("\t", " ") if "\t" not in line else line)
        if min(w[1] for w in words) < UNSURE_BELOW:
            unsure.append(line)
        last = key
    return "\n".join(out) + "\n", unsure
