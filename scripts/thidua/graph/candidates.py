"""Practice candidates: passages that recur across several plans without coming down their chains.

Each shared passage of a plan is credited to the nearest document up its own chain that holds
it (graph/reuse.py); one credited to a document outside the chain did not come from above.
When several plans hold the same such passage, it may be a way of working spreading from unit
to unit: the office is shown it, to confirm and name it in plans/reference/practices.yaml.
Nothing here is ever published as a practice.

"The same passage": its boundaries differ from plan to plan (each plan shares a little more or
less around it), so a passage is named by the smallest number among its runs, a MinHash of one
permutation: two passages sharing most of their runs very likely share that one.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from thidua.cache import Kept
from thidua.graph.reuse import MIN_PASSAGE, SHINGLE, pieces
from thidua.model import Document
from thidua.text import fold

MIN_PLANS = 3  # plans holding the passage: two may simply have copied each other


@dataclass(frozen=True)
class Candidate:
    plans: tuple[Document, ...]  # every plan holding the passage outside its own chain, earliest first
    start: int  # words [start, end) of the earliest plan (plans[0]) that make the passage
    end: int


class Found(NamedTuple):
    shown: list[Candidate]  # at most `limit`, most plans first
    recurring: int  # passages recurring so, in all (those naming a listed practice too)
    named: int  # passages left out, before the last shown, for naming a listed practice
    complete: bool  # every recurring passage was looked at (none left beyond `limit`)


def practice_candidates(graph, practice_patterns: list[str], limit: int) -> Found:
    """The `limit` candidates held by most plans; a passage naming a practice already listed is
    left out (telling costs its text: only as many as needed are looked at)."""
    reuse = graph.reuse
    _sideways.new_build()
    _texts.new_build()
    groups: dict[int, dict[int, tuple[int, int]]] = {}
    for i, doc in enumerate(reuse.docs):
        r = reuse.of[doc.id]  # the same object while the plan's passages and chain are the same
        for key, start, end in _sideways.get((doc, r), lambda i=i, doc=doc, r=r: _sideways_passages(graph, i, doc, r)):
            groups.setdefault(key, {}).setdefault(i, (start, end))  # a plan holding it twice: its first place
    recurring = [g for g in groups.values() if len(g) >= MIN_PLANS]
    # Documents are in date order (Reuse.docs): the smallest index is the earliest plan.
    recurring.sort(key=lambda g: (-len(g), min(g), g[min(g)]))
    known = [fold(p) for p in practice_patterns]
    out, named, looked = [], 0, 0
    for g in recurring:
        if len(out) == limit:
            break
        looked += 1
        first = min(g)
        start, end = g[first]
        text = fold(passage_text(reuse, first, start, end))
        if any(p in text for p in known):
            named += 1
        else:
            out.append(Candidate(tuple(reuse.docs[i] for i in sorted(g)), start, end))
    return Found(out, len(recurring), named, looked == len(recurring))


# Each plan's passages taken sideways, kept while its reuse (graph/reuse.DocReuse) is the same object.
_sideways = Kept()


def _sideways_passages(graph, i: int, doc: Document, r) -> list[tuple[int, int, int]]:
    """(name, start, end) of each passage of a plan credited outside its own chain and held by
    others besides the document credited; its name is the smallest of its run numbers."""
    chain = {a.id for a in graph.chain(doc)}
    runs = graph.reuse.words[i].runs
    return [(int(runs[s.start:max(s.start + 1, s.end - SHINGLE + 1)].min()), s.start, s.end) for s in r.segments
            if s.source is not None and s.source not in chain and s.elsewhere and s.end - s.start >= MIN_PASSAGE]


def passage_text(reuse, doc_index: int, start: int, end: int) -> str:
    """The words [start, end) of a document as written, a space between its parts."""
    doc = reuse.docs[doc_index]

    def make() -> str:
        nodes = list(doc.iter_nodes())
        places = list(islice(reuse.words[doc_index].iter_places(), end))
        return " ".join(getattr(nodes[n], f)[a:b] for (n, f), a, b in pieces(places, start, end))
    return _texts.get((doc,), make, values=("text", start, end))


def passage_anchor(reuse, doc_index: int, start: int) -> str:
    """The anchor of the part of the document's page where word `start` stands."""
    doc = reuse.docs[doc_index]

    def make() -> str:
        node = next(islice(reuse.words[doc_index].iter_places(), start, None))[0]
        return list(doc.iter_nodes())[node].anchor
    return _texts.get((doc,), make, values=("anchor", start))


# The words and anchors of the passages looked at, kept while their documents are the same objects.
_texts = Kept()
