"""Property-based tests: arbitrary Unicode and YAML never crash the loader or the normalizer."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.errors import ArchiveError
from thidua.sources.reader import parse_source
from thidua.text import canonical_tone, clean, fold, normalize_word, search_keys, words

VIETNAMESE = st.text(alphabet=st.sampled_from(list("aăâeêioôơuưyđbcdghklmnpqrstvx AĂÂĐÔƠƯ,.-/:;“”0123456789"
                                                    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                                                    "\u0300\u0301\u0303\u0309\u0323\u00d0\u00f0\u00a0\u200b")), max_size=60)
ANY_TEXT = st.one_of(st.text(max_size=80), VIETNAMESE)


@given(ANY_TEXT)
def test_fold_is_idempotent_and_ascii_for_vietnamese(text):
    once = fold(text)
    assert fold(once) == once
    assert "đ" not in once and "Đ" not in once


@given(ANY_TEXT)
def test_normalization_is_idempotent(text):
    for w in words(text):
        key = normalize_word(w)
        assert normalize_word(key) == key
        assert unicodedata.is_normalized("NFC", key)
    assert clean(clean(text)) == clean(text)


@given(VIETNAMESE)
def test_nfc_and_nfd_input_give_the_same_keys(text):
    assert search_keys(unicodedata.normalize("NFD", text)) == search_keys(unicodedata.normalize("NFC", text))


@given(st.text(alphabet=st.sampled_from(list("hoauyeêơ") + ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]), max_size=6))
def test_tone_placement_never_changes_the_folded_word(word):
    assert fold(canonical_tone(word)) == fold(word)


@given(ANY_TEXT)
def test_search_keys_never_hold_separators_lunr_would_split(text):
    for key in search_keys(text):
        assert key and not any(c.isspace() for c in key) and "-" not in key


YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), ANY_TEXT)
YAML_VALUES = st.recursive(YAML_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=12), inner, max_size=4)), max_leaves=12)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ANY_TEXT, st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace"))))
def test_parser_never_crashes_on_arbitrary_text(text):
    src = parse_source(text, "plans/x.yaml")
    assert src.data is None or isinstance(src.data, dict)
    assert all(p.path == "plans/x.yaml" for p in src.problems)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["kind", "number", "date", "issuer", "title", "body", "implements", "extra", "awards"]),
                       YAML_VALUES, max_size=9))
def test_loader_turns_any_yaml_into_problems_not_crashes(tmp_path_factory, data):
    import shutil

    import yaml

    from thidua.sources import load_archive
    from conftest import FIXTURES

    tree = tmp_path_factory.mktemp("prop") / "plans"
    shutil.copytree(FIXTURES / "minimal", tree)
    (tree / "thanh-oai-kh-61-2021.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_archive(tree)
    except ArchiveError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
