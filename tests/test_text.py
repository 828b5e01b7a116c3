"""The Python normalizer against the vectors it shares with vi-text.js (tests/vectors/text.json)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from thidua.text import fold, search_keys

VECTORS = json.loads((ROOT / "tests" / "vectors" / "text.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", VECTORS, ids=[c["input"] or "(empty)" for c in VECTORS])
def test_python_keys_match_the_shared_vectors(case):
    assert search_keys(case["input"]) == case["keys"]
    assert fold(case["input"]) == case["fold"]


def test_names_sort_as_a_vietnamese_reader_expects():
    """Letters in the Vietnamese alphabet's order (a ă â … d đ … o ô ơ … u ư), tones only to break ties."""
    from thidua.text import sort_key

    expected = ["An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bến Tre", "Bình Dương",
                "Bình Định", "Bình Phước", "Cà Mau", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Hà Giang", "Hà Nam", "Hà Nội",
                "Hải Dương", "Hậu Giang", "Hòa Bình", "Quảng Nam", "Quảng Ngãi", "Tây Ninh", "Thái Bình", "Thừa Thiên Huế"]
    assert sorted(reversed(expected), key=sort_key) == expected
    assert sorted(["ma", "mà", "mả", "mã", "má", "mạ"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(expected) != expected  # code-point order would not do


def test_provinces_are_listed_in_vietnamese_order(archive, graph):
    from thidua.pages import browse
    from thidua.text import sort_key

    index = browse.render_provinces(archive, graph)["tinh/index.md"]
    names = re.findall(r'<tr>\n<td><a href="[^"]*">([^<]*)</a></td>', index)
    assert len(names) >= 5 and names == sorted(names, key=sort_key)
