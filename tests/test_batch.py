"""A folder of plans imported in one command (`python -m scripts import DIR`): progress, a summary, a report
the office opens (CSV with BOM, Markdown), plans already there reported and not imported twice, a second run
that does nothing again, and bad files that stop nothing."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys

import pytest

from thidua.commands.layouts import generate
from conftest import ROOT

TEXTS = ["06-lao-cai-tinh.txt", "17-vinh-lac-phuong.txt", "20-ninh-kieu-hdtdkt.txt"]


@pytest.fixture
def office(tmp_path):
    """plans/ (a copy) and a folder as an office receives it: each plan in several files, a sub-folder, bad files."""
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    inbox = tmp_path / "nhan"
    corpus = {n: (ROOT / "tests" / "corpus" / n).read_text(encoding="utf-8") for n in TEXTS}
    generate(corpus, inbox / "cac-xa", lo=False)
    (inbox / "hong.docx").write_bytes(b"PK\x03\x04 cut short")
    (inbox / "thu-moi.txt").write_text("Kính mời các đồng chí dự họp.\n", encoding="utf-8")
    (inbox / "rong.txt").write_bytes(b"")
    return plans, inbox, tmp_path / "bao-cao"


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts", "import", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _report(folder) -> list[dict]:
    (path,) = sorted(folder.glob("*.csv"))[-1:]
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with its diacritics only after a BOM
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_a_folder_imports_in_one_command_with_its_report(office):
    plans, inbox, reports = office
    total = sum(1 for p in inbox.rglob("*") if p.is_file())
    result = _run(inbox, "--plans", plans, "--report", reports)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1  # bad files were refused; the others were imported all the same
    assert f"[{total}/{total}]" in result.stdout and "Tổng kết:" in result.stdout
    rows = _report(reports)
    assert len(rows) == total
    by = {r["Kết quả"] for r in rows}
    assert by <= {"đã nhập", "đã nhập, cần kiểm tra", "đã có, bỏ qua", "từ chối"}
    imported = [r for r in rows if r["Kết quả"].startswith("đã nhập")]
    assert sorted({r["Mã văn bản"] for r in imported}) == sorted(r["Mã văn bản"] for r in imported)  # once each
    assert {r["Mã văn bản"] for r in imported} == {"lao-cai-ubnd-tinh-kh-333-2021",
                                                    "kien-giang-ubnd-phuong-vinh-lac-kh-52-2021",
                                                    "can-tho-hdtdkt-quan-ninh-kieu-kh-37-2021"}
    for r in imported:
        assert (plans / f"{r['Mã văn bản']}.yaml").exists()
    refused = {r["Tệp"].rsplit("/", 1)[-1]: r["Ghi chú"] for r in rows if r["Kết quả"] == "từ chối"}
    assert set(refused) == {"hong.docx", "thu-moi.txt", "rong.txt"}
    assert "damaged" in refused["hong.docx"] and "empty" in refused["rong.txt"]
    assert all(r["Ghi chú"] for r in rows if r["Kết quả"] == "đã có, bỏ qua")  # says which plan it repeats
    (md,) = reports.glob("*.md")
    assert md.read_text(encoding="utf-8").count("\n|") == total + 2  # header, rule, a row a file


def test_a_second_run_does_nothing_twice_and_keeps_the_first_report(office):
    plans, inbox, reports = office
    _run(inbox, "--plans", plans, "--report", reports)
    before, first = _files(plans), _files(reports)
    result = _run(inbox, "--plans", plans, "--report", reports)
    assert "Traceback" not in result.stdout + result.stderr
    assert _files(plans) == before  # nothing written, nothing replaced
    assert all(_files(reports)[name] == data for name, data in first.items())  # the first report kept
    rows = _report(reports)
    assert {r["Kết quả"] for r in rows} == {"đã có, bỏ qua", "từ chối"}


def test_several_files_and_json_output_are_told_apart(office):
    plans, inbox, _ = office
    two = sorted((inbox / "cac-xa").glob("*.spaces.txt"))[:2]
    result = _run(*two, "--plans", plans, "--format", "json")
    assert result.returncode == 2 and "one file" in result.stderr


def _misread(text: str, seed: int = 7) -> str:
    """The text as a poor scan gives it: the issuer's line misread, the number lost, one word in 25 damaged."""
    import random

    rng = random.Random(seed)
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if i < 8:
            line = line.replace("SỞ Y TẾ", "SOY TẾ").replace("Số: 88", "Số:")
        words = [w if rng.random() > 0.04 else w[:-1] + "l" for w in line.split(" ")]
        out.append(" ".join(words))
    return "\n".join(out)


def test_a_scan_read_differently_is_not_imported_twice_but_another_plan_of_the_province_is(tmp_path):
    """Two files of one plan whose texts differ (a scan misreading the issuer and losing the number) are one
    plan; a district plan of the same province that repeats its province's text, under its own number, is not."""
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    corpus = ROOT / "tests" / "corpus"
    health = (corpus / "02-nghe-an-so-y-te.txt").read_text(encoding="utf-8")
    (inbox / "a-so-y-te.txt").write_text(health, encoding="utf-8")
    (inbox / "b-so-y-te-ban-quet.txt").write_text(_misread(health), encoding="utf-8")
    province = (corpus / "01-nghe-an-tinh.txt").read_text(encoding="utf-8")
    (inbox / "c-tinh.txt").write_text(province, encoding="utf-8")
    district = (corpus / "03-yen-thanh-huyen.txt").read_text(encoding="utf-8")
    # The district repeats its province's plan word for word, under its own header and number.
    (inbox / "d-huyen.txt").write_text(district + "\n" + province.split("\n", 12)[-1], encoding="utf-8")
    result = _run(inbox, "--plans", plans, "--report", tmp_path / "bao-cao")
    rows = {r["Tệp"].rsplit("/", 1)[-1]: r for r in _report(tmp_path / "bao-cao")}
    assert rows["b-so-y-te-ban-quet.txt"]["Kết quả"] == "đã có, bỏ qua", result.stdout
    assert "gần như cùng nội dung với plans/nghe-an-so-yt-kh-88-2021.yaml" in rows["b-so-y-te-ban-quet.txt"]["Ghi chú"]
    assert all(rows[f]["Kết quả"].startswith("đã nhập") for f in ("a-so-y-te.txt", "c-tinh.txt", "d-huyen.txt")), result.stdout
    # Run again: the plans are in the archive now, and the misread copy is still not a new plan.
    again = _run(inbox, "--plans", plans, "--report", tmp_path / "bao-cao-2")
    rows = _report(tmp_path / "bao-cao-2")
    assert all(r["Kết quả"] == "đã có, bỏ qua" for r in rows), again.stdout
