"""The search index, prebuilt in Python with lunr.js 2.3.9's weights, scored in the browser with its formula.

Each plan is cut into sections at its headings, so a result links to the part of
the plan where the words are. Keys come from `text.search_keys` (exact and folded
form of each word and document number); the browser makes query keys with the same
rules (vi-text.js). lunr's own pipeline (English stemmer, stop words, trimmer) is
left out entirely: it damages Vietnamese words.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass

from thidua import paths
from thidua.graph.reuse import own_words_by_node
from thidua.graph.topics import NodeIndex
from thidua.model import LEVELS, Archive, Case, Document, Node, Practice
from thidua.publish.search_browser import cut_shards, js_order, labels
from thidua.publish.search_forgiving import forgiving_files
from thidua.text import pair_keys, search_keys, sort_key

SEARCH_DIR = "search"
MANIFEST_PATH = "search/manifest.json"
FACETS_PATH = "search/facets.json.gz"
# The facts of a document that search results can be filtered by (url: to tell documents apart).
# What the filters compare, per document: fetched with every query (a document's address comes
# with its sections, in the store files), so at 12,000 plans it stays a fifth of its size with it.
FACETS = ("type", "level", "province")
# About 24 KB of postings per term shard: a query fetches the shards of its keys and
# little else, at any archive size.
SHARD_BYTES = 24_000
# About 16 KB of sections' JSON per store file (some 4 KB gzipped): a query fetches the
# file of each of its best 40 results, which seldom share one, so bytes fetched grow with
# this size and the file count shrinks with it. At 1,000 plans: 1,181 files and 162 kB of
# them per cold query (median), against 10,914 files and 51 kB with one file per section;
# 8 KB would give 2,168 files and 108 kB, 32 KB 617 files and 243 kB.
STORE_BYTES = 16_000

# Field boosts: a document number or title match outranks the same words in running text.
FIELDS = {"number": 20, "title": 8, "who": 5, "meta": 1, "text": 1, "today": 0.3, "pairs": 6}
PAIRED = ("title", "who", "meta")
LENGTH_NORMALISATION = 0.4
# Records without full text (summaries in the archive's words) weigh less than plan text.
RECORD_BOOST = 0.7


def iter_sections(doc: Document):
    """(anchor, heading path, [(anchor, text), ...]) for each part of a document.

    The first part is the document itself (title, preamble, metadata); then one part
    per heading, holding its items down to the next heading.
    """
    head = [(None, doc.title)]
    head += [(n.anchor, n.text) for n in doc.body if not n.is_heading and n.label is None]
    if doc.summary:
        head.append((None, doc.summary))
    head += [(None, f.text) for f in doc.facts]
    if doc.recipients:
        head.append(("nguon-van-ban" if not doc.full_text else None, "Nơi nhận: " + " ".join(doc.recipients)))
    yield None, "", head

    def chunks(node: Node) -> list[tuple[str, str]]:
        out = []
        for child in node.children:
            if child.is_heading:
                continue
            out.append((child.anchor, _node_text(child)))
            out += [c for c in chunks(child)]
        return out

    def walk(nodes, trail):
        for node in nodes:
            if node.is_heading:
                title = f"{node.label} {node.title}"
                own = [(node.anchor, node.text)] if node.text else []
                yield node.anchor, " › ".join(trail + [title]), own + chunks(node)
                yield from walk(node.children, trail + [title])
            elif node.children:
                yield from walk(node.children, trail)

    yield from walk(doc.body, [])


def _node_text(node: Node) -> str:
    label = f"{node.label} " if node.label and node.label not in "-+*•" else ""
    return label + (node.text or "")


@dataclass(frozen=True)
class Section:
    """One searchable part of a page: the fields lunr indexes and what a result shows.

    `ref` is the section's position in the index; `doc` the position of its page's
    facts (documents, then cases, then practices); `chunks` the (anchor, text) of each
    paragraph, for the snippet and the deep link; `first` marks the page's own part.
    """

    ref: int
    doc: int
    anchor: str | None
    heading: str
    chunks: tuple[tuple[str | None, str], ...]
    fields: dict[str, str]
    boost: float
    first: bool

    def store(self, meta: dict) -> dict:
        """What the browser gets of the section, in its store file (short keys: the archive has one per section)."""
        out = {"ref": str(self.ref), "doc": meta, "d": self.doc, "a": self.anchor, "h": self.heading,
               "c": [[a, t] for a, t in self.chunks]}
        if self.first:
            out["m"] = f"{self.fields['who']} {self.fields['meta']}"  # shown under the headline
        return out


def search_sections(archive: Archive) -> tuple[list[dict], list[Section]]:
    """(facts of each document, case and practice; the sections lunr indexes, in ref order)."""
    pages = [(_doc_meta(d), _document_parts(d)) for d in sorted(archive.documents.values(), key=lambda d: (not d.full_text, d.id))]
    pages += [(_case_meta(c), _case_parts(c)) for c in sorted(archive.cases.values(), key=lambda c: c.id)]
    pages += [(_practice_meta(p), _practice_parts(p)) for p in sorted(archive.practices.values(), key=lambda p: p.key)]
    docs_meta, sections = [], []
    for i, (meta, parts) in enumerate(pages):
        docs_meta.append(meta)
        for n, (anchor, heading, chunks, fields, boost) in enumerate(parts):
            fields = {name: fields.get(name, "") for name in FIELDS if name != "pairs"}
            sections.append(Section(len(sections), i, anchor, heading, tuple((a, t) for a, t in chunks if t),
                                    fields, boost, n == 0))
    return docs_meta, sections


def build_search_files(archive: Archive, reuse=None) -> dict[str, bytes]:
    """{path under site/: content}: a small eager manifest, term shards and store files.

    The browser fetches the manifest, then only the term shards holding the query's
    keys and the store files of the results it ranks, so what a query costs grows with
    the words it uses, not with the size of the archive. Shards and store files are
    gzipped here and inflated in the browser (DecompressionStream), as Pagefind does: a
    static host need not be set up to compress them.
    """
    docs_meta, sections = search_sections(archive)
    postings = Postings(sections)
    files, starts = {}, []
    for n, shard in enumerate(postings.shards()):
        starts.append(shard[0][0])
        files[f"{SEARCH_DIR}/terms/{n}.json.gz"] = _gzip(shard)
    # Sections of neighbouring refs share a store file; the browser finds a ref's file by the
    # first ref of each (manifest "store"), as it finds a key's term shard.
    stored = ((s.ref, _json(s.store(docs_meta[s.doc])).encode("utf-8")) for s in sections)
    firsts = []
    for n, group in enumerate(cut_shards(stored, lambda e: len(e[1]), STORE_BYTES)):
        firsts.append(group[0][0])
        files[f"{SEARCH_DIR}/store/{n}.json.gz"] = _gzip_bytes(b"[" + b",".join(data for _, data in group) + b"]")
    # What the result filters need of every section, so they apply before the best are picked:
    # the first section of each document (sections of a document are numbered in a row) and its facts.
    files[FACETS_PATH] = _gzip({"first": [s.ref for s in sections if s.first],
                                "docs": [{k: m[k] for k in FACETS} for m in docs_meta]})
    topics, topic_files = topic_sections(archive, docs_meta, sections)
    files.update(topic_files)
    if reuse is not None:  # graph.reuse: which text of each plan no other document holds
        files[OWN_PATH] = own_sections(archive, reuse, docs_meta, sections)
    forgiving, forgiving_shards = forgiving_files(postings.terms, archive.synonyms, archive.question_words,
                                                  (text for s in sections for text in s.fields.values()))
    files.update(forgiving_shards)
    files[MANIFEST_PATH] = _json({"terms": starts, "store": firsts, "sections": len(sections), "labels": labels(),
                                  "topics": topics, "own": reuse is not None, **forgiving}).encode("utf-8")
    return files


def topic_sections(archive: Archive, docs_meta: list[dict], sections: list[Section]) -> tuple[dict, dict[str, bytes]]:
    """The sections holding each theme's and practice's passages, so a search can be limited to one.

    Returns the manifest's menu ({"chu-de": [[key, name], ...], "thuc-tien": [...]}, by name)
    and one file per theme or practice, `search/<chu-de|thuc-tien>/<key>.json.gz`: its sections'
    refs in order, each but the first as the gap from the one before (small numbers, which gzip
    well), fetched only when a reader picks it. A passage is the plan node the topic pages link
    (graph/topics.py), so the filter and the pages agree on what belongs to a theme.
    """
    section_of = _section_of(docs_meta, sections)
    nodes = NodeIndex(archive)
    menu, files = {}, {}
    for folder, topics in (("chu-de", [(t.key, t.name, t.keywords) for t in archive.themes.values()]),
                           ("thuc-tien", [(p.key, p.name, p.patterns) for p in archive.practices.values()])):
        menu[folder] = []
        for key, name, phrases in sorted(topics, key=lambda t: sort_key(t[1])):
            refs = sorted({section_of[(paths.url(paths.document(plan.doc.id)), o.anchor)]
                           for plan, found in nodes.by_plan(phrases) for o in found})
            if not refs:
                continue
            menu[folder].append([key, name])
            files[f"{SEARCH_DIR}/{folder}/{key}.json.gz"] = _gzip(_gaps(refs))
    return menu, files


OWN_PATH = "search/rieng.json.gz"
OWN_SHARE = 0.5  # a section is a plan's own part when at least half its words are in no other document


def own_sections(archive: Archive, reuse, docs_meta: list[dict], sections: list[Section]) -> bytes:
    """The sections of plans that are mostly their own text (graph/reuse.py: held by no other document),
    as gaps between their numbers: "chỉ phần riêng của kế hoạch" keeps only these."""
    section_of = _section_of(docs_meta, sections)
    words: dict[int, list[int]] = {}
    for doc in archive.plans:
        of = reuse.of.get(doc.id)
        if of is None:
            continue
        url = paths.url(paths.document(doc.id))
        for node, (own, n) in zip(doc.iter_nodes(), own_words_by_node(doc, of)):
            ref = section_of.get((url, node.anchor))
            if ref is not None:
                count = words.setdefault(ref, [0, 0])
                count[0] += own
                count[1] += n
    return _gzip(_gaps(sorted(ref for ref, (own, n) in words.items() if n and own >= OWN_SHARE * n)))


def _section_of(docs_meta: list[dict], sections: list[Section]) -> dict[tuple[str, str | None], int]:
    """(document URL, anchor of a heading or paragraph) -> the section holding it."""
    out: dict[tuple[str, str | None], int] = {}
    for s in sections:
        url = docs_meta[s.doc]["url"]
        for anchor in (s.anchor, *(a for a, _ in s.chunks)):
            out.setdefault((url, anchor), s.ref)
    return out


def _gaps(refs: list[int]) -> list[int]:
    """Sorted numbers as the first, then the gap from each to the next (small numbers gzip well)."""
    return [b - a for a, b in zip([0] + refs, refs)]


class Postings:
    """Every key's posting with lunr's BM25 weight of each section, as lunr.js 2.3.9 computes it.

    Written here rather than with Python lunr's Builder, which spends most of its time
    wrapping and deep-copying each of millions of keys; the numbers are the same
    (tests/test_search_index.py holds them to lunr.py's Builder).
    """

    K1 = 1.2

    def __init__(self, sections: list[Section]):
        self.terms: dict[str, int] = {}  # key -> lunr term index, in order of first appearance
        self.tf: list[dict[int, dict[int, int]]] = [{} for _ in FIELDS]  # field -> term -> {ref: count}
        self.lengths: list[list[int]] = [[] for _ in FIELDS]
        self.boosts = [s.boost for s in sections]
        terms = self.terms
        for ref, section in enumerate(sections):
            for f, keys in enumerate(_field_keys(section.fields)):  # lowercase already, as lunr's tokenizer makes them
                self.lengths[f].append(len(keys))
                counts = self.tf[f]
                for key, n in Counter(keys).items():
                    t = terms.get(key)
                    if t is None:
                        t = terms[key] = len(terms)
                        counts[t] = {ref: n}
                    elif t in counts:
                        counts[t][ref] = n
                    else:
                        counts[t] = {ref: n}
        self.average = [sum(ls) / len(ls) if ls else 0 for ls in self.lengths]
        self.count = len(sections)
        # BM25's length part of each section's field, worked out once (same operations as lunr).
        k1, b = self.K1, LENGTH_NORMALISATION
        self.norms = [[k1 * (1 - b + b * (n / average)) if average else 0 for n in ls]
                      for ls, average in zip(self.lengths, self.average)]

    def weights(self, t: int) -> list[dict[int, float]]:
        """{ref: weight} per field of one key: the entries of lunr's field vectors."""
        # lunr counts a section once per field holding the key.
        with_term = sum(len(counts.get(t, ())) for counts in self.tf)
        x = (self.count - with_term + 0.5) / (with_term + 0.5)
        idf, k1, boosts = math.log(1 + abs(x)), self.K1, self.boosts
        out = []
        for f, boost in enumerate(FIELDS.values()):
            norms = self.norms[f]
            out.append({ref: round(idf * ((k1 + 1) * tf) / (norms[ref] + tf) * boost * boosts[ref], 3)
                        for ref, tf in self.tf[f].get(t, {}).items()})
        return out

    def impacts(self, t: int) -> list[int]:
        """[ref gap, impact, ref gap, impact, …] of one key, refs ascending.

        A section's impact is the sum of its field weights in thousandths (lunr rounds
        them to 3 decimals, so the integers are exact). Every query word searches every
        field with one boost, so lunr's score of a section is the sum over the query's
        keys of boost × impact / |query vector|: one posting per key, not one per field,
        scores the same.
        """
        merged: dict[int, int] = {}
        for field in self.weights(t):
            for ref, w in field.items():
                merged[ref] = merged.get(ref, 0) + round(w * 1000)
        flat, last = [], 0
        for ref in sorted(merged):
            flat += [ref - last, merged[ref]]
            last = ref
        return flat

    def shards(self) -> list[list]:
        """The postings as shards of neighbouring keys, about SHARD_BYTES each: [[key, term index, impacts], …]."""
        # In the order the browser compares keys, so it finds each key's shard.
        entries = ([key, self.terms[key], self.impacts(self.terms[key])] for key in sorted(self.terms, key=js_order))
        return cut_shards(entries, lambda e: len(e[0]) + 4 * len(e[2]), SHARD_BYTES)


def _field_keys(fields: dict[str, str]) -> list[list[str]]:
    """The keys of each field of a section, in FIELDS order."""
    out = []
    for name in FIELDS:
        if name == "pairs":
            keys = [k for f in PAIRED for k in pair_keys(fields[f])]
        else:
            keys = search_keys(fields[name])
        out.append(keys)
    return out


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _gzip(value) -> bytes:
    return _gzip_bytes(_json(value).encode("utf-8"))


def _gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)  # mtime 0: same input, same bytes


def _document_parts(doc: Document):
    """(anchor, heading, chunks, fields, boost) for the document and each of its sections."""
    unit = doc.issuer.unit
    who = " ".join(filter(None, [doc.issuer.name, doc.issuer.province, unit.name if unit else None,
                                 doc.signer.name if doc.signer else None]))
    boost = 1 if doc.full_text else RECORD_BOOST
    for n, (anchor, heading, parts) in enumerate(iter_sections(doc)):
        text = " ".join(t for _, t in parts if t)
        if n == 0:
            fields = {"number": doc.number or "", "title": f"{doc.label} {doc.title} {doc.short_title or ''}", "who": who,
                      "today": unit.successor.text if unit else "",
                      "meta": " ".join(filter(None, [
                          doc.kind, LEVELS[doc.issuer.level], doc.signer.title if doc.signer else None,
                          doc.place, doc.movement, doc.dateline, doc.date.vi])),
                      "text": text}
        else:
            fields = {"title": heading, "meta": who, "text": text}
        yield anchor, heading, parts, fields, boost


def _case_parts(case: Case):
    who = " ".join([p.name + (f" {p.role}" if p.role else "") for p in case.who] + [case.where, case.province])
    meta = " ".join([t.name for t in case.themes] + [f"{r.award.name} {r.grade or ''} {r.by}" for r in case.recognition]
                    + ["gương điển hình", case.date.vi])
    yield None, "", [(None, case.body)], {"title": case.title, "who": who, "meta": meta,
                                          "today": case.unit.successor.text if case.unit else "", "text": case.body}, 1


def _practice_parts(practice: Practice):
    yield None, "", [(None, practice.explanation)], {
        "title": f"{practice.name} {' '.join(practice.patterns)}", "meta": "mô hình cách làm khẩu hiệu",
        "text": practice.explanation}, 1


def _case_meta(case: Case) -> dict:
    return {"url": paths.url(paths.case(case.id)), "label": case.title, "headline": f"Gương điển hình: {case.title}",
            "title": case.title, "type": "case", "level": None, "province": case.province,
            "issuer": None, "date": case.date.vi, "number": None}


def _practice_meta(practice: Practice) -> dict:
    return {"url": paths.url(paths.practice(practice.key)), "label": practice.name,
            "headline": f"Cách làm: “{practice.name}”", "title": practice.name, "type": "practice",
            "level": None, "province": None, "issuer": None, "date": None, "number": None}


def _doc_meta(doc: Document) -> dict:
    return {
        "url": paths.url(paths.document(doc.id)),
        "label": doc.label,
        "headline": doc.headline,
        "title": doc.title,
        "type": "plan" if doc.full_text else "directive",
        "level": doc.issuer.level,
        "province": doc.issuer.province,
        "issuer": doc.issuer.name,
        "date": doc.date.vi,
        "number": doc.number,
    }
