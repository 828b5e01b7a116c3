"""The search index, prebuilt with Python lunr for lunr.js 2.3.9 in the browser.

Each plan is cut into sections at its headings, so a result links to the part of
the plan where the words are. Keys come from `text.search_keys` (exact and folded
form of each word and document number); the browser makes query keys with the same
rules (vi-text.js). lunr's own pipeline (English stemmer, stop words, trimmer) is
left out entirely: it damages Vietnamese words.
"""

from __future__ import annotations

import json

from lunr.builder import Builder

from . import paths
from .graph import Graph
from .model import LEVELS, Archive, Document, Node
from .text import pair_keys, search_keys

INDEX_PATH = "search/index.json"
STORE_PATH = "search/store.json"

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
    head += [(n.anchor if n.label else None, n.text) for n in doc.body if not n.is_heading and n.label is None]
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


def build_search_files(archive: Archive, graph: Graph) -> dict[str, str]:
    """{path under site/: content} for the index and the store the results page reads."""
    docs_meta = []
    entries = []
    for i, doc in enumerate(sorted(archive.documents.values(), key=lambda d: (not d.full_text, d.id))):
        docs_meta.append(_doc_meta(doc))
        unit = doc.issuer.unit
        who = " ".join(filter(None, [doc.issuer.name, doc.issuer.province, unit.name if unit else None,
                                     doc.signer.name if doc.signer else None]))
        for n, (anchor, heading, parts) in enumerate(iter_sections(doc)):
            text = " ".join(t for _, t in parts if t)
            if n == 0:
                fields = {"number": doc.number or "", "title": f"{doc.label} {doc.title} {doc.short_title or ''}", "who": who,
                          "today": unit.successor.text if unit else "",
                          "meta": " ".join(filter(None, [
                              doc.kind, LEVELS[doc.issuer.level],
                              doc.signer.title if doc.signer else None, doc.place, doc.movement, doc.dateline, doc.date.vi]))}
            else:
                fields = {"number": "", "title": heading, "who": "", "meta": who, "today": ""}
            fields["text"] = text
            ref = str(len(entries))
            entries.append({
                "ref": ref, "boost": 1 if doc.full_text else RECORD_BOOST,
                "fields": fields,
                "store": {"d": i, "a": anchor, "h": heading, "c": [[a, t] for a, t in parts if t],
                          **({"m": f"{fields['who']} {fields['meta']}"} if n == 0 else {})},
            })
    return {INDEX_PATH: json.dumps(_lunr_index(entries), ensure_ascii=False, separators=(",", ":")),
            STORE_PATH: json.dumps({"docs": docs_meta, "sections": [e["store"] for e in entries]},
                                   ensure_ascii=False, separators=(",", ":"))}


def _lunr_index(entries: list[dict]) -> dict:
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("ref")
    for name, boost in FIELDS.items():
        if name == "pairs":
            builder.field(name, boost=boost, extractor=lambda e: " ".join(k for f in PAIRED for k in pair_keys(e["fields"][f])))
        else:
            builder.field(name, boost=boost, extractor=lambda e, name=name: " ".join(search_keys(e["fields"][name])))
    # Less length normalisation than lunr's 0.75: short records would otherwise
    # outrank the plans' own sections for words the records merely mention.
    builder.b(LENGTH_NORMALISATION)
    for e in entries:
        builder.add(e, attributes={"boost": e["boost"]})
    return builder.build().serialize()


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
