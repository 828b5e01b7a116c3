"""The index side of the vectors shared with the browser's search core (tests/js/)."""

from __future__ import annotations

import json

from conftest import ROOT
from thidua.publish import search_index

ORDER = json.loads((ROOT / "tests" / "vectors" / "order.json").read_text(encoding="utf-8"))


def test_shards_are_cut_in_the_order_the_browser_compares_keys(monkeypatch):
    """A key outside the Basic Multilingual Plane (a Nôm character) must be found in its shard."""
    monkeypatch.setattr(search_index, "SHARD_BYTES", 1)  # one key per shard: the first keys are the order
    fields = {name: "" for name in search_index.FIELDS if name != "pairs"}
    section = search_index.Section(0, 0, None, "", (), {**fields, "text": ORDER["text"]}, 1, True)
    starts = [shard[0][0] for shard in search_index.Postings([section]).shards()]
    assert starts == ORDER["order"]


VARIANTS = json.loads((ROOT / "tests" / "vectors" / "variants.json").read_text(encoding="utf-8"))


def test_variants_table_is_what_the_browser_expands_queries_with():
    """The build's table for the shared groups; tests/js/ expands queries with the same table."""
    from thidua.publish.search_forgiving import variant_table

    assert variant_table(VARIANTS["groups"], set(VARIANTS["vocabulary"])) == VARIANTS["table"]


def test_typo_keys_are_the_deletions_the_browser_looks_up():
    from thidua.publish.search_forgiving import deletions

    for case in VARIANTS["deletions"]:
        assert sorted(deletions(case["word"], case["edits"])) == case["keys"]


def test_typo_index_is_sharded_in_the_browser_order_and_finds_every_word(monkeypatch):
    from thidua.publish import search_forgiving as sf

    monkeypatch.setattr(sf, "SHARD_BYTES", 200)
    words = ["phong", "chong", "nghiem", "khenthuong", "vacxin"]
    shards = sf.typo_shards(words)
    keys = [k for shard in shards for k, _ in shard]
    assert len(shards) > 2 and keys == sorted(keys, key=lambda k: k.encode("utf-16-be"))
    found = {w for shard in shards for _, ws in shard for w in ws}
    assert found == set(words)
    # "chonng" (one key slipped) reaches "chong" through a deletion key the index holds.
    index = dict(kv for shard in shards for kv in shard)
    assert any("chong" in index.get(k, ()) for k in sf.deletions("chonng", 1))


QUESTIONS = json.loads((ROOT / "tests" / "vectors" / "questions.json").read_text(encoding="utf-8"))


def test_question_words_table_is_what_the_browser_marks_optional_words_with():
    """The build's table of the shared list; tests/js/ marks each query's optional words with it."""
    from thidua.model import QuestionWords
    from thidua.publish.search_forgiving import optional_table

    listed = QuestionWords(tuple(QUESTIONS["list"]["words"]), tuple(tuple(f) for f in QUESTIONS["list"]["frames"]))
    assert optional_table(listed) == QUESTIONS["table"]


CONTEXT = json.loads((ROOT / "tests" / "vectors" / "context.json").read_text(encoding="utf-8"))


def test_syllable_pairs_are_sharded_as_the_browser_reads_them(monkeypatch):
    """The pairs of the shared texts; tests/js/ corrects slipped syllables with these very shards."""
    from thidua.publish import search_forgiving as sf

    monkeypatch.setattr(sf, "SHARD_BYTES", 60)
    assert sf.pair_shards(sf.syllable_pairs(CONTEXT["texts"])) == CONTEXT["shards"]
    keys = [e[0] for shard in CONTEXT["shards"] for e in shard]
    assert keys == sorted(keys, key=lambda k: k.encode("utf-16-be"))
