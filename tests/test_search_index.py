"""The prebuilt search index: the weights the browser scores with are lunr's own.

search.Postings computes lunr's BM25 field weights itself (lunr.py's Builder is too
slow for thousands of plans); Python lunr's Builder stays here as the oracle.
"""

from __future__ import annotations

import gzip
import json

import pytest
from lunr.builder import Builder

from thidua.publish import search_index as search
from thidua.text import pair_keys, search_keys


def lunr_weights(sections: list[search.Section]) -> dict[str, list[dict[int, float]]]:
    """{key: [{ref: weight} per field]} from lunr.py's Builder, configured as the archive's index is."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("ref")
    for name, boost in search.FIELDS.items():
        if name == "pairs":
            builder.field(name, boost=boost, extractor=lambda e: [k for f in search.PAIRED for k in pair_keys(e["fields"][f])])
        else:
            builder.field(name, boost=boost, extractor=lambda e, name=name: search_keys(e["fields"][name]))
    builder.b(search.LENGTH_NORMALISATION)
    for s in sections:
        builder.add({"ref": str(s.ref), "fields": s.fields}, attributes={"boost": s.boost})
    index = builder.build().serialize()
    fields = index["fields"]
    vectors = {}
    for field_ref, vector in index["fieldVectors"]:
        field, ref = field_ref.split("/", 1)
        vectors[(fields.index(field), int(ref))] = dict(zip(vector[::2], vector[1::2]))
    out = {}
    for term, posting in index["invertedIndex"]:
        t = posting["_index"]
        out[term] = [{int(ref): vectors[(f, int(ref))][t] for ref in posting[field]} for f, field in enumerate(fields)]
    return out


def own_weights(postings: search.Postings) -> dict[str, list[dict[int, float]]]:
    return {key: postings.weights(t) for key, t in postings.terms.items()}


def decode(flat: list[int]) -> dict[int, int]:
    """[ref gap, impact, …] -> {ref: impact}."""
    out, ref = {}, 0
    for gap, impact in zip(flat[::2], flat[1::2]):
        ref += gap
        out[ref] = impact
    return out


@pytest.fixture(scope="module")
def real(archive):
    """The real archive's sections and lunr.py's weights for them, built once (the oracle is slow)."""
    _, sections = search.search_sections(archive)
    return sections, lunr_weights(sections)


def test_weights_equal_lunr_builder_on_the_real_archive(real):
    sections, expected = real
    got = own_weights(search.Postings(sections))
    assert got.keys() == expected.keys()
    differing = [k for k in expected if got[k] != expected[k]]
    assert not differing, f"{len(differing)} keys weigh differently from lunr, e.g. {differing[:5]}"


@pytest.mark.parametrize("texts", [
    ["", "a", "a a a b"],  # empty sections, repeated keys
    ["Quyết định 1497/QĐ-TTg ngày 10/9/2021", "Hòa Bình hoà bình HOÀ BÌNH", "phòng, chống dịch COVID-19"],
])
def test_weights_equal_lunr_builder_on_small_corpora(texts):
    sections = [search.Section(i, i, None, "", (), {name: (t if name in ("text", "title") else "")
                                                  for name in search.FIELDS if name != "pairs"}, 1 if i % 2 else 0.7, True)
                for i, t in enumerate(texts)]
    assert own_weights(search.Postings(sections)) == lunr_weights(sections)


def test_impacts_are_the_sum_of_lunr_field_weights(real):
    """One posting per key scores as lunr's field vectors do (weights summed, in thousandths)."""
    sections, expected = real
    postings = search.Postings(sections)
    for key in ("phong", "phòng", "1497/qđ_ttg", "hai+phong", "covid"):
        sums: dict[int, float] = {}
        for field in expected[key]:
            for ref, w in field.items():
                sums[ref] = sums.get(ref, 0) + w
        got = decode(postings.impacts(postings.terms[key]))
        assert got.keys() == sums.keys()
        assert all(abs(got[ref] - sums[ref] * 1000) < 1e-6 for ref in sums), key


def test_term_shards_cover_every_key_once_in_order(archive):
    files = search.build_search_files(archive)
    manifest = json.loads(files[search.MANIFEST_PATH])
    keys = []
    for n, start in enumerate(manifest["terms"]):
        shard = json.loads(gzip.decompress(files[f"{search.SEARCH_DIR}/terms/{n}.json.gz"]))
        assert shard[0][0] == start
        keys += [entry[0] for entry in shard]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    assert "1497/qđ_ttg" in keys and "phong" in keys and "phòng" in keys


def stored_sections(files: dict[str, bytes]) -> list[dict]:
    """Every section of the store files, in file order; each file starts at its manifest ref."""
    manifest = json.loads(files[search.MANIFEST_PATH])
    out = []
    for n, first in enumerate(manifest["store"]):
        group = json.loads(gzip.decompress(files[f"{search.SEARCH_DIR}/store/{n}.json.gz"]))
        assert group[0]["ref"] == str(first)
        out += group
    assert f"{search.SEARCH_DIR}/store/{len(manifest['store'])}.json.gz" not in files
    return out


def test_store_files_hold_every_section_once_in_ref_order(archive):
    files = search.build_search_files(archive)
    manifest = json.loads(files[search.MANIFEST_PATH])
    sections = stored_sections(files)
    assert [s["ref"] for s in sections] == [str(ref) for ref in range(manifest["sections"])]
    assert all(s["doc"]["url"] for s in sections)
    # Grouped, not one file per section: each file but the last holds at least STORE_BYTES
    # of sections' JSON, and no more once that is reached.
    assert len(manifest["store"]) < len(sections) / 4
    for n in range(len(manifest["store"])):
        group = json.loads(gzip.decompress(files[f"{search.SEARCH_DIR}/store/{n}.json.gz"]))
        sizes = [len(json.dumps(s, ensure_ascii=False, separators=(",", ":")).encode()) for s in group]
        assert sum(sizes[:-1]) < search.STORE_BYTES
        assert sum(sizes) >= search.STORE_BYTES or n == len(manifest["store"]) - 1


def test_facets_give_each_section_its_document(archive):
    files = search.build_search_files(archive)
    facets = json.loads(gzip.decompress(files[search.FACETS_PATH]))
    assert facets["first"] == sorted(facets["first"]) and facets["first"][0] == 0
    sections = stored_sections(files)
    assert len(facets["docs"]) == len(facets["first"]) == len({s["d"] for s in sections})
    for ref, section in enumerate(sections):
        d = max(i for i, first in enumerate(facets["first"]) if first <= ref)
        assert d == section["d"]
        assert {k: section["doc"][k] for k in ("type", "level", "province")} == facets["docs"][d]
