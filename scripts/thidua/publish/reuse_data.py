"""Open data: the text each plan shares with the documents it repeats most (graph/reuse.py),
as JSON with the passages and as CSV (UTF-8 with BOM) of the pairs; documented on du-lieu.md."""

from __future__ import annotations

import csv
import io
import json

from thidua import paths
from thidua.cache import Kept
from thidua.graph import Graph
from thidua.graph.reuse import GAP, MIN_PASSAGE, SHINGLE, TOP, DocReuse

FIELDS = ["document", "document_url", "partner", "partner_url", "partner_is_ancestor", "shared_words",
          "document_words", "fraction", "passages", "document_shared_fraction"]


def _method() -> dict:
    return {"unit": "word: a run of letters and digits, folded (no diacritics, lowercase, one tone-mark style)",
            "word_order": "the document's parts as its page shows them, each part's heading then its text",
            "shingle_words": SHINGLE, "gap_words": GAP, "min_passage_words": MIN_PASSAGE, "partners_per_document": TOP,
            "passage": "[start, end, partner_start, partner_end, anchor, partner_anchor]: word positions, end excluded; "
                       "anchors name the part of each page where the passage begins"}


def reuse_files(graph: Graph) -> dict[str, str | bytes]:
    _rows.new_build()
    reuse = graph.reuse
    rows = [_row(graph, reuse.of[d.id]) for d in sorted(reuse.docs, key=lambda d: d.id)]
    pairs = [j for j, _ in rows if j]
    as_json = ('{\n "method": ' + json.dumps(_method(), ensure_ascii=False) + ',\n "pairs": [\n'
               + ",\n".join(pairs) + "\n ]\n}\n")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(FIELDS)
    return {paths.REUSE_JSON: as_json,
            paths.REUSE_CSV: b"\xef\xbb\xbf" + (buf.getvalue() + "".join(c for _, c in rows)).encode("utf-8")}


# Each plan's JSON pairs and CSV lines, kept while its passages and the documents named are the same.
_rows = Kept()


def _row(graph: Graph, r: DocReuse) -> tuple[str, str]:
    docs = graph.archive.documents
    named = tuple(docs[p.id] for p in r.partners)
    return _rows.get((docs[r.id], *named), lambda: _make_row(graph, r), values=(r,))


def _make_row(graph: Graph, r: DocReuse) -> tuple[str, str]:
    reuse = graph.reuse
    anchors: dict[str, list[str]] = {}  # the anchor of each word's part, per document

    def anchor(doc_id: str, word: int) -> str:
        if doc_id not in anchors:
            nodes = [n.anchor for n in graph.archive.documents[doc_id].iter_nodes()]
            anchors[doc_id] = [nodes[place[0]] for place in reuse.words_of(doc_id).places]
        return anchors[doc_id][min(word, len(anchors[doc_id]) - 1)]

    out_json, buf = [], io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for p in r.partners:
        record = {"document": r.id, "partner": p.id, "partner_is_ancestor": p.ancestor, "shared_words": p.words,
                  "document_words": r.words, "fraction": round(p.fraction, 4),
                  "document_shared_fraction": round(r.fraction, 4),
                  "passages": [[x.start, x.end, x.partner_start, x.partner_end, anchor(r.id, x.start),
                                anchor(p.id, x.partner_start)] for x in p.passages]}
        out_json.append("  " + json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        writer.writerow([r.id, paths.url(paths.document(r.id)), p.id, paths.url(paths.document(p.id)),
                         "true" if p.ancestor else "false", p.words, r.words, f"{p.fraction:.4f}", len(p.passages),
                         f"{r.fraction:.4f}"])
    return ",\n".join(out_json), buf.getvalue()
