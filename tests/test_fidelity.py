"""Each plan source against its seed text: no word of the original may go missing."""

from __future__ import annotations

import difflib
import re
from collections import Counter

import pytest

from thidua.text import fold, words
from conftest import PLANS_DIR, ROOT

PLANS = sorted(p.stem for p in (ROOT / "plans").glob("*.yaml"))


def seed_text(plan) -> str:
    path = PLANS_DIR / plan.provenance.source
    assert path.exists(), f"original {path} not found"
    text = path.read_text(encoding="utf-8")
    # Converter markup is not part of the document: links keep their text, tags go.
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"</?sub>", " ", text)
    # Field labels become fields: "Số:" (number) and "Nơi nhận:" (recipients).
    text = re.sub(r"^\W*Số:", " ", text, flags=re.M)
    text = re.sub(r"N[oơ]i nh[aậ]n:", " ", text)
    return text


def source_text(plan) -> str:
    parts = [plan.kind, plan.number, plan.symbol, plan.dateline, plan.title]
    parts += [x for n in plan.iter_nodes() for x in (n.label, n.title, n.text)]
    parts += list(plan.recipients)
    if plan.signer:
        parts += [*plan.signer.block, plan.signer.name]
    return "\n".join(p for p in parts if p)


def missing_words(seed: list[str], ours: list[str]) -> list[str]:
    """Words the seed has more often than the source (order-free: the signature and
    recipients move to their own fields)."""
    return sorted((Counter(seed) - Counter(ours)).elements())


@pytest.mark.parametrize("plan_id", PLANS)
def test_every_seed_word_is_in_the_source(archive, plan_id):
    plan = archive.documents[plan_id]
    if plan.provenance.ocr:
        return check_ocr_restoration(plan)
    seed = [w.lower() for w in words(seed_text(plan))]
    ours = [w.lower() for w in words(source_text(plan))]
    gone = missing_words(seed, ours)
    assert not gone, f"{len(gone)} words of the seed are missing from plans/{plan_id}.yaml: {gone[:40]}"


def check_ocr_restoration(plan):
    """The OCR seed lost its diacritics: compare the folded words the scan got right, in order."""
    ours = [fold(w) for w in words(source_text(plan))]
    vocabulary = set(ours)
    seed = [fold(w) for w in words(seed_text(plan))]
    readable = [w for w in seed if w in vocabulary and len(w) > 1]
    matcher = difflib.SequenceMatcher(None, readable, ours, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    assert matched / len(readable) >= 0.97, f"only {matched}/{len(readable)} readable seed words found in order"
    assert len(readable) > 0.7 * len(seed), "most of the seed's words should be readable after folding"


def test_ocr_source_has_full_diacritics(archive):
    plan = next(p for p in archive.plans if p.provenance.ocr)
    ws = words(source_text(plan))
    accented = [w for w in ws if fold(w) != w.lower()]
    assert len(accented) / len(ws) > 0.5, "restored Vietnamese has diacritics on most words"
    debris = {"thwe", "cheng", "ctia", "qubc", "nlrerc"}
    assert not debris & {w.lower() for w in ws}, "OCR garbage left in the restored text"


def test_removing_a_paragraph_is_caught(archive):
    """The fidelity check itself fails when a paragraph is dropped."""
    plan = archive.documents[PLANS[0]]
    seed = [w.lower() for w in words(seed_text(plan))]
    ours = [w.lower() for w in words(source_text(plan))]
    cut = ours[:200] + ours[260:]
    assert len(missing_words(seed, cut)) >= 50
