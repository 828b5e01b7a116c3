"""Files as offices make them: a sample of the corpus texts written in every layout and kind of damage
(scripts/thidua/commands/layouts.py: tables with line breaks, tabs, wrapped and collapsed columns, LibreOffice's
.odt, .doc, .rtf and PDF, a scan turned 2°) imports with the fields of the text itself.

`python -m scripts import-eval` runs the whole set (every corpus text, two scans each); here a sample keeps
`make test` within minutes."""

from __future__ import annotations

import shutil

import pytest
import yaml

from thidua.commands.import_eval import CORPUS_FIELDS, coverage, evaluate_layouts
from thidua.commands.layouts import generate, parse, scan_pdf, write_docx
from thidua.importer import import_text, load_reference
from thidua.importer.body import repair_roman
from thidua.importer.formats import read_any
from thidua.importer.lines import Line
from conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
# A department (its title and preamble in Word paragraphs), a district sharing its name with its township and
# citing two parents, a department whose "Nơi nhận:" shares its line with the title, a trade union.
SAMPLE = ["02-nghe-an-so-y-te.txt", "16-go-dau-huyen.txt", "19-bac-giang-so-ldtbxh.txt",
          "21-thanh-hoa-ldld.txt"]
CLEAN = {"docx", "odt", "doc", "rtf", "pdf-text"}


@pytest.fixture(scope="module")
def rows():
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is missing: `make test` installs libreoffice-writer-nogui")
    return evaluate_layouts(ROOT, SAMPLE, scans=0)


def _wrong(row: dict) -> dict:
    if "error" in row:
        return {"error": row["error"]}
    return {f: (want, got) for f, (ok, want, got) in row["fields"].items() if not ok}


def test_the_sample_covers_every_format_and_layout(rows):
    assert {r["format"] for r in rows} == {"text", "docx", "odt", "doc", "rtf", "pdf-text"}
    assert len(rows) == len(SAMPLE) * 17


def test_clean_word_opendocument_rtf_and_text_pdf_have_no_field_wrong(rows):
    wrong = {r["file"]: _wrong(r) for r in rows if r["format"] in CLEAN and _wrong(r)}
    assert not wrong, wrong


def test_damaged_layouts_keep_at_least_98_percent_of_fields(rows):
    right = sum(ok for r in rows for ok, _, _ in r.get("fields", {}).values())
    assert right >= 0.98 * len(rows) * len(CORPUS_FIELDS), [(r["file"], _wrong(r)) for r in rows if _wrong(r)]


def test_a_signature_cell_of_line_breaks_keeps_its_signer(tmp_path):
    name = "16-go-dau-huyen.txt"
    path = write_docx(parse((CORPUS / name).read_text(encoding="utf-8")), tmp_path / "ky.docx", "breaks")
    record = import_text(read_any(path).text, name, load_reference(ROOT / "plans")).record
    assert record["signer_detail"]["name"] == EXPECTED[name]["signer"]
    assert record["signer_detail"]["capacity"] == EXPECTED[name]["capacity"]


def test_a_scan_turned_two_degrees_keeps_its_fields_and_words(tmp_path):
    """200 dpi, turned 2°, noise and JPEG: the parent's four-line paragraph, the signer and the sections stay."""
    name = "16-go-dau-huyen.txt"
    text = (CORPUS / name).read_text(encoding="utf-8")
    made = {m.damage: m.path for m in generate({name: text}, tmp_path, scans=0) if m.format == "pdf-text"}
    scan = scan_pdf(made["LibreOffice"], tmp_path / "scan.pdf", dpi=200, angle=2.0, noise=15, quality=50)
    read = read_any(scan)
    assert read.format == "pdf-scan"
    ref = load_reference(ROOT / "plans")
    draft = import_text(read.text, name, ref)
    from thidua.commands.import_eval import corpus_fields

    found = corpus_fields(draft)
    want = {**EXPECTED[name], "awards": sorted(EXPECTED[name]["awards"]), "routes": sorted(EXPECTED[name]["routes"])}
    wrong = {f: (want[f], found[f]) for f in CORPUS_FIELDS if want[f] != found[f]}
    assert not wrong, wrong
    assert coverage(import_text(text, name, ref).record["body"], draft.record["body"], False) >= 0.97
    labels = [n["label"] for n in draft.record["body"] if isinstance(n, dict)]
    assert labels == ["I.", "II.", "III.", "IV."]
    # Processor time a page (steady on a busy machine): the PNG rendering alone took 14 s.
    assert read.cpu_seconds / read.pages < 8, read.cpu_seconds


def test_roman_labels_misread_by_ocr_are_repaired_from_their_sequence():
    lines = [Line(t) for t in ["I. MỤC ĐÍCH", "- Một việc.", "H. NỘI DUNG", "1. Việc thứ nhất.", "II. KHEN THƯỞNG",
                               "1V. TỔ CHỨC THỰC HIỆN", "V. HIỆU LỰC", "H. là chữ đầu câu thường"]]
    repair_roman(lines)
    assert [ln.text.split()[0] for ln in lines] == ["I.", "-", "II.", "1.", "III.", "IV.", "V.", "H."]


def test_a_misread_place_name_snaps_to_the_2021_gazetteer_and_is_marked():
    """"Gò Dẩn" (a scan's reading) is one letter from the district Gò Dầu of the same province."""
    from thidua.importer import to_plan_yaml

    text = (CORPUS / "16-go-dau-huyen.txt").read_text(encoding="utf-8").replace("Gò Dầu", "Gò Dẩn")
    draft = import_text(text.replace("GÒ DẦU", "GÒ DẨN"), "16.txt", load_reference(ROOT / "plans"))
    assert (draft.record["issuer"], draft.record["unit"], draft.record["place"]) == ("UBND huyện Gò Dầu", "go-dau",
                                                                                    "Gò Dầu")
    out = to_plan_yaml(draft)
    assert "# KIỂM TRA: địa danh “Gò Dẩn” sửa theo danh mục đơn vị hành chính 2021 thành “Gò Dầu”" in out
    assert "“Gò Dẩn” sửa theo danh mục" in draft.uncertain["issuer.name"]


def _fields(text: str, name: str) -> dict:
    draft = import_text(text, name, load_reference(ROOT / "plans"))
    r = draft.record
    return {"number": r["number"], "date": r["date"], "place": r["place"], "signer": r["signer"],
            "capacity": r["signer_detail"]["capacity"], "recipients": len(r["recipients"])}


def test_a_scan_that_joined_the_deputys_capacity_to_a_recipient_keeps_the_capacities_in_order():
    """As Tesseract read a scan of 01: "TM." beside "Nơi nhận:" after a tab, "KT." after a recipient with one
    space, the title after a tab, the name alone on a line among the recipients."""
    text = (CORPUS / "01-nghe-an-tinh.txt").read_text(encoding="utf-8")
    body, _ = text.split("\nNơi nhận:", 1)
    tail = ("\nNơi nhận:\tTM. ỦY BAN NHÂN DÂN\n- Thủ tướng Chính phủ (để b/c); KT. CHỦ TỊCH\n\n"
            "- Ban Thi đua - Khen thưởng\tPHÓ CHỦ TỊCH\n\nTrung ương;\nTrần Văn Mẫu\n- Chủ tịch, các PCT UBND tỉnh;\n\n"
            "- Các sở, ban, ngành cấp tỉnh;\n\n- UBND các huyện, thành phố,\nthị xã;\n\n- Lưu: VT, NC.\n")
    want = EXPECTED["01-nghe-an-tinh.txt"]
    got = _fields(body + tail, "01.scan.txt")
    assert (got["capacity"], got["signer"], got["recipients"]) == (want["capacity"], want["signer"], want["recipients"])


def test_a_dateline_cut_before_its_year_takes_the_year_left_on_the_numbers_line():
    """As Tesseract read a scan of 19: the place and date over the number, and "năm 2021" after a tab on the
    number's line, the right column's next row."""
    text = (CORPUS / "19-bac-giang-so-ldtbxh.txt").read_text(encoding="utf-8")
    head, rest = text.split("\nKẾ HOẠCH\n", 1)
    head = ("UBND TỈNH BẮC GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ LAO ĐỘNG - THƯƠNG BINH\n\n"
            "Độc lập - Tự do - Hạnh phúc\n\nVÀ XÃ HỘI\n+\tBắc Giang, ngày 01 tháng 10\nSố: 266/KH-SLĐTBXH\tnăm 2021\n")
    want = EXPECTED["19-bac-giang-so-ldtbxh.txt"]
    got = _fields(head + "KẾ HOẠCH\n" + rest, "19.scan.txt")
    assert (got["number"], got["date"], got["place"]) == (want["number"], want["date"], want["place"])
