"""The files plans arrive as: Word, PDF with text, scans (PNG, image-only PDF), each built here from a
text of the test corpus (test data) and imported with the same fields as the text itself; bad
files refused with one clear line and nothing written."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zlib

import pytest
import yaml

from thidua.commands.format_fixtures import write_fixtures
from thidua.commands.import_eval import CORPUS_FIELDS, corpus_fields
from thidua.importer import import_text, load_reference
from thidua.importer.formats import read_any
from conftest import ROOT

pytestmark = pytest.mark.browser
CORPUS = ROOT / "tests" / "corpus"
NAME = "06-lao-cai-tinh.txt"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))[NAME]


@pytest.fixture(scope="module")
def files(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("formats")
    return write_fixtures((CORPUS / NAME).read_text(encoding="utf-8"), folder, "ke-hoach", browser)


@pytest.fixture(scope="module")
def reference():
    return load_reference(ROOT / "plans")


@pytest.fixture(scope="module")
def reads(files):
    return {fmt: read_any(path) for fmt, path in files.items()}


@pytest.fixture
def plans_copy(tmp_path):
    dest = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", dest)
    return dest


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts", "import", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


@pytest.mark.parametrize("fmt", ["docx", "pdf-text", "image", "pdf-scan"])
def test_each_format_imports_the_fields_of_the_text(reads, reference, fmt):
    assert reads[fmt].format == fmt  # told by content
    found = corpus_fields(import_text(reads[fmt].text, NAME, reference))
    want = {**EXPECTED, "awards": sorted(EXPECTED["awards"]), "routes": sorted(EXPECTED["routes"])}
    assert {f: found[f] for f in CORPUS_FIELDS} == {f: want[f] for f in CORPUS_FIELDS}


@pytest.mark.parametrize("fmt", ["image", "pdf-scan"])
def test_ocr_keeps_the_words_with_their_diacritics(reads, fmt):
    text_words = (CORPUS / NAME).read_text(encoding="utf-8").split()
    ocr_words = set(reads[fmt].text.split())
    kept = sum(w in ocr_words for w in text_words) / len(text_words)
    assert kept > 0.95, kept
    assert reads[fmt].engine.startswith("Tesseract") and reads[fmt].seconds < 120


@pytest.fixture(scope="module")
def two_page_scan(files, tmp_path_factory, browser):
    """An image-only PDF of two pages: the plan's page, then a blank one."""
    import base64

    png = base64.b64encode(files["image"].read_bytes()).decode()
    page = browser.new_page()
    page.set_content("<style>body{margin:0}img{width:100%}.blank{height:1100px;break-before:page}</style>"
                     f"<img src='data:image/png;base64,{png}'><div class=blank></div>")
    path = tmp_path_factory.mktemp("scan") / "ke-hoach-scan-2-trang.pdf"
    page.pdf(path=str(path), format="A4")
    page.close()
    return path


def test_word_and_scan_files_are_kept_as_the_original_and_marked(files, two_page_scan, plans_copy):
    result = run_cli(files["docx"], "--plans", plans_copy)
    assert result.returncode == 0, result.stderr
    assert (plans_copy / "originals" / files["docx"].name).read_bytes() == files["docx"].read_bytes()
    result = run_cli(two_page_scan, "--plans", plans_copy, "--force")
    assert result.returncode == 0, result.stderr
    assert "OCR trang 1/2" in result.stderr and "OCR trang 2/2" in result.stderr  # a line per page
    assert (plans_copy / "originals" / two_page_scan.name).read_bytes() == two_page_scan.read_bytes()
    draft = (plans_copy / "lao-cai-ubnd-tinh-kh-333-2021.yaml").read_text(encoding="utf-8")
    assert f"source: originals/{two_page_scan.name}" in draft
    assert "ocr: true" in draft and "bằng Tesseract" in draft  # the draft says it came from OCR, and which engine


# -- Bad files: one line naming the file, nothing written -------------------------------------------------


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref


ENCRYPTED = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                  b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >>"],
                 b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ")


def _blank_png(width: int = 800, height: int = 1100) -> bytes:
    raw = b"".join(b"\x00" + b"\xff" * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# An OLE2 container's header (old Word, and Word's password-protected .docx) with its byte-order mark.
OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 482


def _zip(files: dict[str, str]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


@pytest.mark.parametrize("name,content,reason", [
    ("ke-hoach.pdf", ENCRYPTED, "encrypted"),
    ("ke-hoach.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage \x00\x01\n", "damaged PDF"),
    ("trang-trang.png", _blank_png(), "no text found in the scan"),
    ("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "damaged Word .doc"),
    ("ke-hoach.docx", OLE_HEAD + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 400, "password-protected"),
    ("ke-hoach.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.text",
                           "META-INF/manifest.xml": "<manifest:encryption-data manifest:checksum-type='SHA1'/>",
                           "content.xml": "x"}), "password-protected"),
    ("ke-hoach.odt", _zip({"mimetype": "application/vnd.oasis.opendocument.text"})[:60], "damaged ZIP, Word or "
                                                                                            "OpenDocument"),
    ("ke-hoach.bin", bytes(range(256)) * 4, "no file type the importer reads"),
], ids=["encrypted-pdf", "broken-pdf", "empty-scan", "broken-doc", "protected-docx", "protected-odt", "broken-odt",
        "unsupported"])
def test_bad_files_are_refused_with_one_clear_line(plans_copy, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    before = sorted(p.relative_to(plans_copy) for p in plans_copy.rglob("*"))
    result = run_cli(path, "--plans", plans_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line, = result.stderr.strip().splitlines()
    assert str(path) in line and reason in line, line
    assert sorted(p.relative_to(plans_copy) for p in plans_copy.rglob("*")) == before


def test_word_automatic_numbering_becomes_the_printed_labels(tmp_path):
    import docx

    from thidua.importer.formats import read_docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Mục đích", style="List Number")
    document.add_paragraph("Yêu cầu", style="List Number")
    document.add_paragraph("Khen thưởng kịp thời.", style="List Bullet")
    path = tmp_path / "danh-so.docx"
    document.save(path)
    assert read_docx(path.read_bytes()).splitlines() == ["KẾ HOẠCH", "1. Mục đích", "2. Yêu cầu", "- Khen thưởng kịp thời."]
