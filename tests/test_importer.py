"""The importer (`python -m scripts import`): the seeds against their hand-checked sources,
texts it has not seen (variants of the seeds), the command's file handling and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.commands.import_eval import FIELDS, VARIANTS, coverage, draft_fields, truth_fields
from thidua.importer import (Reference, TextImportError, import_text, iso_date, load_reference, match_citation,
                              plan_source, to_plan_yaml)
from thidua.sources import load_archive
from thidua.sources.reader import read_source
from conftest import PLANS_DIR, ROOT

PLANS = sorted(p.stem for p in (ROOT / "plans").glob("*.yaml"))
# Fields a scan without diacritics cannot give back as printed: a person restores them.
LOST_WITH_DIACRITICS = {"title", "movement", "recipients"}


def hand_checked(plan_id: str) -> dict:
    path = ROOT / "plans" / f"{plan_id}.yaml"
    return read_source(path, str(path)).data


def seed_text(plan: dict) -> str:
    path = PLANS_DIR / plan["provenance"]["source"]
    assert path.exists(), f"original {path} not found"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference(ROOT / "plans")


@pytest.fixture(scope="module")
def drafts(reference) -> dict:
    """Each seed imported once, without its own hand-checked record in the reference."""
    out = {}
    for plan_id in PLANS:
        plan = hand_checked(plan_id)
        out[plan_id] = (plan, import_text(seed_text(plan), plan["provenance"]["source"], reference.without(plan_id)))
    return out


def comparable(source: dict) -> dict:
    """The metadata of a plan source, in a form both sides share."""
    cites = sorted((c, None) if isinstance(c, str) else (c["ref"], c.get("detail")) for c in source.get("cites") or [])
    implements = source["implements"]
    signer = {k: source["signer"].get(k) for k in ("name", "title", "capacity", "block")}
    return {**{k: source.get(k) for k in ("kind", "number", "symbol", "date", "dateline", "place", "title",
                                          "movement", "awards", "recipients")},
            "issuer": source["issuer"], "cites": cites, "signer": signer,
            "implements": implements["ref"] if isinstance(implements, dict) else implements}


# -- The seeds ---------------------------------------------------------------------


@pytest.mark.parametrize("plan_id", PLANS)
def test_seed_metadata_equals_the_hand_checked_source(drafts, plan_id):
    plan, draft = drafts[plan_id]
    want, got = comparable(plan), comparable(plan_source(draft)[0])
    skip = LOST_WITH_DIACRITICS if plan["provenance"]["ocr"] else set()
    wrong = {k: (want[k], got[k]) for k in want if k not in skip and want[k] != got[k]}
    assert not wrong, f"{plan_id}: fields differ (hand-checked, draft): {wrong}"
    assert draft.record["id"] == plan_id
    if skip:
        assert len(got["recipients"]) == len(want["recipients"])


@pytest.mark.parametrize("plan_id", PLANS)
def test_seed_measured_fields(drafts, reference, plan_id):
    plan, draft = drafts[plan_id]
    want, got = truth_fields(plan, reference), draft_fields(draft.record)
    assert {f: got[f] for f in FIELDS} == {f: want[f] for f in FIELDS}


@pytest.mark.parametrize("plan_id", PLANS)
def test_seed_body_holds_the_hand_checked_words(drafts, plan_id):
    plan, draft = drafts[plan_id]
    share = coverage(plan["body"], draft.record["body"], folded=plan["provenance"]["ocr"])
    assert share >= (0.70 if plan["provenance"]["ocr"] else 0.99), f"{plan_id}: body word coverage {share:.1%}"


def test_ocr_seed_is_flagged_and_marked_for_review(drafts):
    for plan, draft in drafts.values():
        assert draft.diacritics["lost"] == plan["provenance"]["ocr"]
        text = to_plan_yaml(draft)
        if not plan["provenance"]["ocr"]:
            assert "mất dấu" not in text
            continue
        assert draft.diacritics["bare_share"] > 0.6
        assert {"body", "title", "movement", "recipients"} <= set(draft.uncertain)
        assert "\nprovenance:\n" in text and "  ocr: true" in text and "Văn bản mất dấu tiếng Việt" in text
        assert "# KIỂM TRA: văn bản mất dấu tiếng Việt" in text.split("\nbody:")[0].splitlines()[-1]
        assert "VĂN BẢN MẤT DẤU" in draft.report()


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v != "original"])
def test_variants_give_the_same_metadata(reference, variant):
    for plan_id in PLANS:
        plan = hand_checked(plan_id)
        draft = import_text(VARIANTS[variant](seed_text(plan)), plan["provenance"]["source"], reference.without(plan_id))
        want, got = truth_fields(plan, reference), draft_fields(draft.record)
        wrong = {f: (want[f], got[f]) for f in FIELDS if want[f] != got[f]}
        assert not wrong, f"{variant} of {plan_id}: {wrong}"
        floor = 0.70 if plan["provenance"]["ocr"] else 0.99
        assert coverage(plan["body"], draft.record["body"], plan["provenance"]["ocr"]) >= floor


@pytest.mark.parametrize("plan_id", PLANS)
def test_draft_of_a_seed_loads_through_the_archive_loader(drafts, tmp_path, plan_id):
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    _, draft = drafts[plan_id]
    (plans / f"{plan_id}.yaml").unlink()
    (plans / f"{draft.record['id']}.yaml").write_text(to_plan_yaml(draft), encoding="utf-8")
    archive = load_archive(plans)
    doc = archive.documents[draft.record["id"]]
    assert doc.issuer.province == draft.record["province"]
    assert doc.implements.ref == draft.record["implements"]


# -- Small readers -------------------------------------------------------------------


def test_blank_dates_keep_their_real_precision():
    assert iso_date("26", "10", "2021") == "2021-10-26"
    assert iso_date(None, "9", "2021") == "2021-09"
    assert iso_date(None, None, "2021") == "2021"
    assert iso_date("31", "9", "2021") is None


def test_numbers_match_across_spellings(reference):
    cite = {"kind": "Kế hoạch", "number": "9/KH-HDTDKT", "date": "2021-09-23", "issuer": None}
    assert match_citation(cite, reference, "Hà Nội") == "ha-noi-hdtdkt-thanh-pho-kh-09-2021"


UNKNOWN_DECREE = """Số: 12/KH-UBND                      Tứ Kỳ, ngày 4 tháng 10 năm 2021

KẾ HOẠCH
Tổ chức phong trào thi đua đặc biệt “Tứ Kỳ chung sức phòng, chống dịch Covid-19”

Căn cứ Kế hoạch số 3396/KH-UBND ngày 15/9/2021 của UBND tỉnh Hải Dương, UBND huyện Tứ Kỳ ban hành Kế hoạch như sau:

I. NỘI DUNG
1. Thực hiện Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ.
2. Khen thưởng theo Điều 5 Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ.
II. HÌNH THỨC KHEN THƯỞNG
- Giấy khen của Chủ tịch UBND huyện.

Nơi nhận:
- Lưu: VT.
CHỦ TỊCH

Nguyễn Văn An
"""


def test_an_unknown_decree_cited_twice_gives_one_directive_draft(reference, tmp_path):
    draft = import_text(UNKNOWN_DECREE, "test.txt", reference)
    assert list(draft.directives) == ["chinh-phu-nd-15-2020"]
    assert [c["draft"] for c in draft.record["cites"]] == ["chinh-phu-nd-15-2020"]
    assert draft.record["cites"][0]["detail"] == "Điều 5"
    text = draft.directives["chinh-phu-nd-15-2020"]
    assert "status: unconfirmed" in text and "summary: Bản nháp tạo tự động từ văn bản nhập; cần kiểm tra." in text
    assert "publisher: 'Văn bản nhập: test.txt'" in text
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    source = tmp_path / "test.txt"
    source.write_text(UNKNOWN_DECREE, encoding="utf-8")
    assert run_cli(source, "--plans", plans).returncode == 0
    def names(folder):
        return {p.name for p in (folder / "directives").glob("*.yaml")}

    assert names(plans) - names(ROOT / "plans") == {"chinh-phu-nd-15-2020.yaml"}
    load_archive(plans)  # the plan, its new directive draft and the archive hold together


# -- The command ---------------------------------------------------------------------------

SEED_000 = "hai-duong-ubnd-huyen-tu-ky-kh-2021"


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts", "import", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


def snapshot(folder) -> dict:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def plans_copy(tmp_path):
    dest = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", dest)
    return dest


def seed_path(plan_id: str):
    return PLANS_DIR / hand_checked(plan_id)["provenance"]["source"]


def test_cli_refuses_to_overwrite(plans_copy):
    before = snapshot(plans_copy)
    result = run_cli(seed_path(SEED_000), "--plans", plans_copy)
    assert result.returncode == 1
    assert "already exists" in result.stderr and "--force" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(plans_copy) == before


def test_cli_force_replaces_atomically(plans_copy):
    target = plans_copy / f"{SEED_000}.yaml"
    expected = run_cli(seed_path(SEED_000), "--plans", plans_copy, "--stdout").stdout
    result = run_cli(seed_path(SEED_000), "--plans", plans_copy, "--force")
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == expected
    assert not [p for p in plans_copy.rglob("*") if p.name.endswith(".tmp")], "a temporary file was left behind"
    assert "Cần kiểm tra" in result.stdout


def test_cli_stdout_and_json_write_nothing(plans_copy):
    before = snapshot(plans_copy)
    yaml_out = run_cli(seed_path(SEED_000), "--plans", plans_copy, "--stdout")
    json_out = run_cli(seed_path(SEED_000), "--plans", plans_copy, "--format", "json")
    assert yaml_out.returncode == json_out.returncode == 0
    assert yaml_out.stdout.startswith("# yaml-language-server: $schema=schema/plan.schema.json\n")
    record = json.loads(json_out.stdout)
    assert record["implements_number"] == "3396/KH-UBND" and record["province"] == "Hải Dương" and record["body"]
    assert snapshot(plans_copy) == before


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00\x81binary\x00", b"\x00\x00\x00\x00",
                                     "Một đoạn văn bình thường, không phải kế hoạch.\n".encode(), None],
                         ids=["empty", "not-utf8", "nul-bytes", "no-plan-structure", "missing"])
def test_cli_bad_input_is_one_clear_line(plans_copy, tmp_path, content):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    before = snapshot(plans_copy)
    result = run_cli(path, "--plans", plans_copy)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0], result.stderr
    assert snapshot(plans_copy) == before
    assert not result.stdout


# -- Never a crash ------------------------------------------------------------------------------

SEED_LINES = [ln for p in sorted(PLANS_DIR.glob("originals/*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400),
                 st.lists(st.sampled_from(SEED_LINES or [""]), max_size=60).map("\n".join),
                 st.lists(st.one_of(st.sampled_from(SEED_LINES or [""]), st.text(max_size=40)), max_size=40).map("\n".join)))
def test_arbitrary_text_never_crashes(text):
    try:
        draft = import_text(text, "fuzz.txt")
    except TextImportError as exc:
        assert str(exc)
        return
    assert draft.record["kind"] and draft.record["body"]
    assert to_plan_yaml(draft).startswith("# yaml-language-server")
    assert isinstance(draft.report(), str)

