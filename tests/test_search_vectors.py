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
