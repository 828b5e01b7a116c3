"""The synthetic national archive (`python -m scripts synth`): real 2021 units, each plan under
its real parent's plan, dated after it, marked as a sample, the same for a seed, and it loads.

A few hundred plans here; the 12,000-plan run is for `python -m scripts synth --plans 12000`.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from conftest import ROOT
from thidua.commands.synth import ROOT_ID, SYNTHETIC_PREFIX, choose, generate
from thidua.sources import load_archive
from thidua.sources.units import dataset

N_PLANS = 300
LEVELS = {"province", "department", "district", "commune"}


def plan_files(plans) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(plans.glob(f"{SYNTHETIC_PREFIX}*.yaml"))}


@pytest.fixture(scope="module")
def synth_plans(tmp_path_factory):
    plans = tmp_path_factory.mktemp("synth") / "plans"
    assert generate(ROOT / "plans", plans, N_PLANS) == N_PLANS
    return plans


@pytest.fixture(scope="module")
def samples(synth_plans):
    archive = load_archive(synth_plans)  # raises on any problem
    return archive, [d for d in archive.plans if d.id.startswith(SYNTHETIC_PREFIX)]


def test_every_level_of_real_units_loads(samples):
    archive, plans = samples
    assert len(plans) == N_PLANS and len(archive.plans) == N_PLANS + 5
    assert set(Counter(d.issuer.level for d in plans)) == LEVELS
    units = dataset()
    for d in plans:
        unit_level = "province" if d.issuer.level == "department" else d.issuer.level
        assert units[d.issuer.unit.key]["level"] == unit_level, d.id
    assert len({d.issuer.unit.key for d in plans if d.issuer.level == "province"}) == 63


def test_each_plan_is_under_its_real_parent_and_never_dated_before_it(samples):
    archive, plans = samples
    units = dataset()
    plan_of = {d.issuer.unit.key: d.id for d in plans if d.issuer.level in ("province", "district")}
    depth = Counter()
    for d in plans:
        unit = units[d.issuer.unit.key]
        expected = {"province": ROOT_ID, "department": plan_of.get(unit["province"]),
                    "district": plan_of.get(unit["province"]), "commune": plan_of.get(unit["district"])}[d.issuer.level]
        assert d.implements.ref == expected, d.id
        parent = archive.documents[expected]
        assert d.date.may_precede(parent.date), f"{d.id} ({d.date.iso}) is dated before {parent.id} ({parent.date.iso})"
        assert (2021, 9) <= d.date.sort_key()[:2] <= (2021, 12) or d.date.iso == "2021", d.date
        depth[_chain_length(archive, d)] += 1
    assert max(depth) == 4, "commune → district → province → QĐ 1497/QĐ-TTg"
    precision = Counter(len(d.date.iso) for d in plans)
    assert precision[10] > N_PLANS * 0.8 and (precision[7] or precision[4]), precision


def _chain_length(archive, doc) -> int:
    """Documents from `doc` up to the root, both counted."""
    n = 1
    while doc.implements:
        doc, n = archive.documents[doc.implements.ref], n + 1
    return n


def test_samples_say_what_they_are_and_add_no_unit(synth_plans, samples):
    _, plans = samples
    for d in plans:
        assert d.number.endswith("/KH-MAU") and d.title.startswith("Văn bản mẫu"), d.id
        assert "không phải văn bản thật" in d.provenance.notes
        assert "không phải văn bản thật" in (synth_plans / d.provenance.source).read_text(encoding="utf-8")
        assert d.signer.name == "Người ký (mẫu)"
    units_yaml = "reference/units.yaml"
    assert (synth_plans / units_yaml).read_bytes() == (ROOT / "plans" / units_yaml).read_bytes()


def test_bodies_vary_in_length(samples):
    _, plans = samples
    sizes = sorted(sum(len(n.text or n.title or "") for n in d.iter_nodes()) for d in plans)
    assert sizes[0] > 2_000 and sizes[-1] > 2.5 * sizes[0], (sizes[0], sizes[-1])


def test_the_same_seed_writes_the_same_archive(synth_plans, tmp_path):
    generate(ROOT / "plans", tmp_path / "again", N_PLANS)
    generate(ROOT / "plans", tmp_path / "other", N_PLANS, seed=7)
    assert plan_files(tmp_path / "again") == plan_files(synth_plans)
    assert plan_files(tmp_path / "other") != plan_files(synth_plans)


@pytest.mark.parametrize("n, levels", [
    (50, {"province": 50}),
    (1000, {"province": 63, "district": 469, "department": 234, "commune": 234}),
    (12000, {"province": 63, "district": 705, "department": 1134, "commune": 10098}),
])
def test_any_size_is_a_national_subset(n, levels):
    chosen = choose(n, random.Random(2021))
    assert Counter(level for level, _, _ in chosen) == levels
    assert len(set(chosen)) == n
    provinces_with_districts = {dataset()[unit]["province"] for level, unit, _ in chosen if level == "district"}
    assert len(provinces_with_districts) == min(63, levels.get("district", 0))


@pytest.mark.parametrize("n", [1, 62, 63, 64, 65, 66, 67, 68, 12_505])
def test_every_size_up_to_one_plan_per_unit_is_made(n):
    assert len(set(choose(n, random.Random(n)))) == n


def test_more_plans_than_units_is_refused(tmp_path):
    with pytest.raises(ValueError, match="12,505"):
        generate(ROOT / "plans", tmp_path / "plans", 13_000)
    assert not (tmp_path / "plans").exists()
