"""Plans the archive has never seen: the unseen test corpus (tests/corpus/, test data written for
this), the 2021 units behind them, the original kept beside the draft, and a plan from a
province the archive never held imported, loaded and built."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from thidua.commands.import_eval import CORPUS_FIELDS, corpus_fields
from thidua.errors import ArchiveError
from thidua.importer import import_text, load_reference
from thidua.sources import load_archive
from thidua.sources.units import dataset
from conftest import ROOT, run_build

CORPUS = ROOT / "tests" / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference():
    return load_reference(ROOT / "plans")


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts", "import", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


@pytest.fixture
def plans_copy(tmp_path):
    dest = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", dest)
    return dest


# -- The corpus: every field right -----------------------------------------------------------------


def test_corpus_covers_five_levels_and_the_signature_capacities():
    assert len(EXPECTED) >= 10
    assert {e["level"] for e in EXPECTED.values()} == {"central", "province", "department", "district", "commune"}
    assert {(e["capacity"] or "").split(".")[0] for e in EXPECTED.values()} >= {"TM", "KT", "TL", "TUQ", "Q", ""}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_text_imports_with_every_expected_field(reference, name):
    draft = import_text((CORPUS / name).read_text(encoding="utf-8"), name, reference)
    found = corpus_fields(draft)
    want = EXPECTED[name]
    wrong = {f: (want.get(f), found[f]) for f in CORPUS_FIELDS
             if (sorted(want.get(f) or []) if f in ("awards", "routes") else want.get(f)) != found[f]}
    assert not wrong, wrong


def test_a_two_column_signature_does_not_leak_into_the_recipients(reference):
    draft = import_text((CORPUS / "10-sa-pa-thi-xa.txt").read_text(encoding="utf-8"), "t.txt", reference)
    assert draft.record["recipients"] == ["UBND tỉnh (b/c);", "Ban TĐKT tỉnh;", "Các cơ quan, đơn vị thị xã;", "Lưu: VT."]
    assert draft.record["signer_detail"]["block"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_awards_in_prose_name_proposer_decider_and_section(reference):
    draft = import_text((CORPUS / "05-bo-y-te.txt").read_text(encoding="utf-8"), "t.txt", reference)
    routes = {r["award"]: r for r in draft.record["routes"]}
    assert routes["bang-khen-thu-tuong"]["decider"] == "Thủ tướng Chính phủ"
    assert routes["huan-chuong-lao-dong"]["decider"] == "Chủ tịch nước"
    assert routes["huan-chuong-lao-dong"]["proposer"] == "Bộ Y tế"  # the subject carries over after ";"
    assert routes["bang-khen-thu-tuong"]["section"] == "muc-iii-2"


# -- Units: every 2021 unit, from the pinned datasets ------------------------------------------------


def test_every_2021_unit_is_known_with_its_code():
    units = dataset()
    levels = [u["level"] for u in units.values()]
    assert (levels.count("province"), levels.count("district"), levels.count("commune")) == (63, 705, 10603)
    assert units["tu-ky"]["code_2021"] == "298" and units["thua-thien-hue"]["name"] == "Tỉnh Thừa Thiên Huế"
    assert "Thành phố Hải Phòng" in units["hai-duong"]["successor"]["text"]


def test_units_merged_between_2021_and_2025_say_so():
    units = dataset()
    assert "2023–2025" in units["my-loc"]["interim"] and "Nam Định" in units["my-loc"]["interim"]
    assert "Thành phố Huế" in units["thua-thien-hue"]["interim"]
    assert units["tu-ky"]["interim"] is None


def test_the_loader_accepts_any_real_unit_and_suggests_the_nearest(plans_copy):
    plan = plans_copy / "hai-duong-ubnd-huyen-tu-ky-kh-2021.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("unit: tu-ky", "unit: tu-ky-xa-an-thanh"), encoding="utf-8")
    load_archive(plans_copy)  # a commune of 2021 the archive never listed by hand
    plan.write_text(text.replace("unit: tu-ky", "unit: tu-ki"), encoding="utf-8")
    with pytest.raises(ArchiveError) as err:
        load_archive(plans_copy)
    assert "issuer.unit: unknown unit 'tu-ki' (did you mean 'tu-ky'?)" in str(err.value)


def test_a_unit_the_datasets_lack_needs_its_fields(plans_copy):
    units = plans_copy / "reference" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "tinh-khong-co:\n  level: province\n", encoding="utf-8")
    with pytest.raises(ArchiveError) as err:
        load_archive(plans_copy)
    lines = str(err.value).splitlines()
    assert any("reference/units.yaml:" in ln and "tinh-khong-co.name:" in ln and "is not a 2021 unit" in ln
               for ln in lines), lines


# -- The command: original kept, bad input refused -----------------------------------------------------


def test_the_original_is_copied_beside_the_draft_and_never_replaced(plans_copy, tmp_path):
    source = tmp_path / "ke hoach.txt"
    source.write_bytes((CORPUS / "09-thach-thang-phuong.txt").read_bytes())
    assert run_cli(source, "--plans", plans_copy).returncode == 0
    copy = plans_copy / "originals" / "ke_hoach.txt"
    assert copy.read_bytes() == source.read_bytes()
    draft = (plans_copy / "da-nang-ubnd-phuong-thach-thang-kh-45-2021.yaml").read_text(encoding="utf-8")
    assert "source: originals/ke_hoach.txt" in draft and "chép văn bản gốc" not in draft
    other = tmp_path / "other" / "ke hoach.txt"
    other.parent.mkdir()
    other.write_bytes((CORPUS / "07-ca-mau-so-gddt.txt").read_bytes())
    assert run_cli(other, "--plans", plans_copy).returncode == 0
    assert copy.read_bytes() == source.read_bytes()  # the first original stays as it was
    assert (plans_copy / "originals" / "ke_hoach-2.txt").read_bytes() == other.read_bytes()


NEWS = """Nghệ An: Hơn 1.200 tình nguyện viên tham gia hỗ trợ tuyến đầu chống dịch

Sáng 12/10, tại thành phố Vinh, Tỉnh đoàn Nghệ An tổ chức lễ ra quân chiến dịch tình nguyện hỗ trợ
phòng, chống dịch Covid-19. Các đoàn viên sẽ tham gia hỗ trợ lấy mẫu xét nghiệm, tiêm vắc xin và
vận chuyển hàng hóa thiết yếu đến các khu cách ly.

Phát biểu tại buổi lễ, lãnh đạo tỉnh đánh giá cao tinh thần xung kích của tuổi trẻ.
"""


@pytest.mark.parametrize("content", [NEWS, ""], ids=["news-article", "empty"])
def test_text_that_is_no_plan_is_refused_with_a_reason(plans_copy, tmp_path, content):
    path = tmp_path / "bai-bao.txt"
    path.write_text(content, encoding="utf-8")
    before = sorted(p.name for p in plans_copy.rglob("*"))
    result = run_cli(path, "--plans", plans_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line, = result.stderr.strip().splitlines()
    assert str(path) in line and ("not the text of a plan" in line or "empty" in line)
    assert sorted(p.name for p in plans_copy.rglob("*")) == before


# -- End to end: a province the archive never held ----------------------------------------------------


def test_a_plan_from_a_new_province_imports_and_builds(plans_copy, tmp_path):
    assert not any("nghe-an" in p.name for p in plans_copy.rglob("*.yaml"))
    for name in ("03-yen-thanh-huyen.txt", "04-hoa-thanh-xa.txt", "11-my-loc-huyen.txt"):
        result = run_cli(CORPUS / name, "--plans", plans_copy)
        assert result.returncode == 0, result.stderr
    archive = load_archive(plans_copy)  # the drafts, as a reviewer would accept them
    commune = archive.documents["nghe-an-ubnd-xa-hoa-thanh-kh-36-2021"]
    assert (commune.issuer.level, commune.issuer.province) == ("commune", "Nghệ An")
    assert commune.implements.ref == "nghe-an-ubnd-huyen-yen-thanh-kh-215-2021"
    district = archive.documents["nghe-an-ubnd-huyen-yen-thanh-kh-215-2021"]
    assert district.implements.ref == "nghe-an-ubnd-tinh-kh-4127-2021" and district.full_text
    site = tmp_path / "site"
    built = run_build(site, plans=plans_copy)
    assert built.returncode == 0, built.stdout + built.stderr
    nghe_an = (site / "tinh" / "nghe-an" / "index.html").read_text(encoding="utf-8")
    assert "UBND huyện Yên Thành" in nghe_an and "Huyện Yên Thành" in nghe_an and "Xã Hoa Thành" in nghe_an
    nam_dinh = (site / "tinh" / "nam-dinh" / "index.html").read_text(encoding="utf-8")
    assert "Nhập vào Thành phố Nam Định trong đợt sắp xếp 2023–2025" in nam_dinh
    assert "Nghệ An" in (site / "tinh" / "index.html").read_text(encoding="utf-8")
