"""The Python normalizer against the vectors it shares with vi-text.js (tests/vectors/text.json)."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from thidua.text import fold, search_keys

VECTORS = json.loads((ROOT / "tests" / "vectors" / "text.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", VECTORS, ids=[c["input"] or "(empty)" for c in VECTORS])
def test_python_keys_match_the_shared_vectors(case):
    assert search_keys(case["input"]) == case["keys"]
    assert fold(case["input"]) == case["fold"]
