"""The generated slips of `search-eval`: phrases of the built index, one realistic slip each."""

from __future__ import annotations

import random
from collections import Counter

from thidua.commands.search_slips import ACCENTED_ONLY, KINDS, NEIGHBOURS, damage, generated_slips, store_sections, to_telex
from thidua.text import fold, words


def test_same_seed_same_slips_and_so_many_of_each_kind(site_dir):
    slips = generated_slips(site_dir)
    assert slips == generated_slips(site_dir)
    counts = Counter((s.kind, s.accents) for s in slips)
    for kind in KINDS:
        assert counts[(kind, True)] == 40, kind
        assert counts[(kind, False)] == (0 if kind in ACCENTED_ONLY else 40), kind
    assert generated_slips(site_dir, seed=7) != slips


def test_each_slip_damages_one_syllable_of_a_phrase_its_sections_hold(site_dir):
    texts = {s["ref"]: " ".join(fold(w) for w in words(" ".join([s["doc"]["label"], s["h"], s.get("m") or ""] + [c[1] for c in s["c"]])))
             for s in store_sections(site_dir)}
    for s in generated_slips(site_dir):
        phrase, typed = words(s.phrase), s.q.split(" ")
        assert 2 <= len(phrase) <= 4 and len(typed) == len(phrase), s
        assert all(f" {' '.join(fold(w) for w in phrase)} " in f" {texts[ref]} " for ref in s.refs), s
        changed = [i for i, (a, b) in enumerate(zip(phrase, typed)) if (a if s.accents else fold(a)) != b]
        assert len(changed) == (0 if s.kind == "none" else 1), s
        if not s.accents and s.kind != "telex":
            assert s.q == fold(s.q), "typed without diacritics"


def test_slips_are_the_ones_people_make():
    rng = random.Random(1)
    assert to_telex("đường") == "dduwowngf" and to_telex("chống") == "choongs" and to_telex("mềm") == "meemf"
    assert NEIGHBOURS["a"] == "qswz" and "b" in NEIGHBOURS["n"]
    assert damage("xanh", "swap", rng) in {"axnh", "xnah", "xahn"}
    assert damage("hòa", "tone-lost", rng) == "hoa"
    assert damage("hòa", "tone-wrong", rng) in {"hóa", "hỏa", "hõa", "họa"}
    assert damage("xanh", "tone-lost", rng) is None


def test_search_eval_takes_the_seed_of_its_slips_and_says_which(capsys):
    from thidua.commands import main
    from thidua.commands.search_eval import _report_slips

    assert main(["search-eval", "--site", "/nonexistent", "--slips-seed", "7"]) == 1  # parsed; no index there
    _report_slips([{"kind": "drop", "accents": True, "q": "chọ tổ", "phrase": "chọn tổ", "hit1": True, "zero": False}], 7)
    assert "(seed 7)" in capsys.readouterr().out
