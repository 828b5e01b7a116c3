"""Text reuse: the passages each document shares with others, and what is its own.

Measured on every document whose text the archive holds. Each text becomes a stream of
words, folded (text.fold: diacritics and tone-mark style do not matter), and each run of
SHINGLE words a number. A word is shared when a run holding it appears in another document.

Which other document? Plans under one movement copy their parent, which copies the national
decision; in a national archive a paragraph may be held by thousands of plans. So no pair of
documents is ever compared blindly (12,000 plans are 72 million pairs): every run is looked up
once in a table of all runs, sorted (numpy), that says how many documents hold it and which two
come first by date. A shared run is credited to the nearest document up the document's own
chain (parent first) that holds it, else to the earliest other document that holds it (the
likeliest source). A run shared by thousands costs no more than one shared by two.

Then, for each document, its partners (the documents credited with its words, up its chain
first, then by words credited, at most TOP) are aligned with it: the runs both hold, chained
where they follow each other in both texts (across a few words changed, added or dropped: an
edit, an OCR slip), give the passages and the fraction of the document the partner covers.

Why not MinHash/LSH (datasketch)? It estimates how alike two whole documents are and finds
near-duplicates; a district plan repeating a third of its province's plan is far from one, and
LSH tuned that low yields many false candidates and misses others, after which every candidate
pair would still need this exact alignment. The exact table costs one sort of all runs (0.1 s at
1,000 plans, 3 s at 5,000) and misses nothing; numpy is already pinned.

Per-document work (words, runs) is kept while the document is the same object (cache.Kept):
under `mkdocs serve` an edit reads and cuts one text again; the table of all runs is sorted
again, each document's credits are made again only when what they are made from changed, and
only the pages whose passages changed render again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from thidua.cache import Kept
from thidua.model import Archive, Document
from thidua.text import fold

SHINGLE = 8  # words in a run: shorter runs match set phrases ("Ủy ban nhân dân tỉnh …") by chance
GAP = 4  # words: two shared runs this close are one passage (a word changed, an OCR slip)
TOP = 3  # partners shown per document: its page lists them, an edit re-renders at most theirs
MIN_PASSAGE = 12  # words: shorter shared runs are stock phrases of the movement ("phòng, chống dịch Covid-19")
MIN_PARTNER_WORDS = MIN_PASSAGE  # a partner credited with fewer words is not listed

_WORD = re.compile(r"[^\W_]+")
# Fixed odd multipliers: a run's number is its word ids weighted and summed modulo 2**64.
_WEIGHTS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                    dtype=np.uint64)[:SHINGLE]


_vocabulary: dict[str, int] = {}  # folded word -> id, for this process (ids never leave it)
_stable: dict[str, int] = {}  # document id -> a number, for this process


@lru_cache(maxsize=500_000)
def _word_id(word: str) -> int:
    return _vocabulary.setdefault(fold(word), len(_vocabulary) + 1)


class Words:
    """One document's words, folded, and the numbers of its runs; where each word stands is
    worked out only for a page that marks them (`places`)."""

    def __init__(self, doc: Document):
        self.doc = doc
        ids: list[int] = []
        for node in doc.iter_nodes():
            for text in (node.title, node.text):
                if text:
                    ids.extend(map(_word_id, _WORD.findall(text)))
        self.count = len(ids)
        a = np.array(ids, dtype=np.uint64)
        if len(a) < SHINGLE:
            self.runs = np.zeros(0, dtype=np.uint64)
        else:
            with np.errstate(over="ignore"):
                self.runs = sum(a[j:len(a) - SHINGLE + 1 + j] * _WEIGHTS[j] for j in range(SHINGLE))
        # Each distinct run once, and for each run of the text which distinct one it is.
        self.distinct, self.local = np.unique(self.runs, return_inverse=True)
        order = np.argsort(self.runs, kind="stable")
        firsts = np.r_[0, np.flatnonzero(np.diff(self.runs[order])) + 1] if len(order) else np.zeros(0, dtype=np.int64)
        self.first_at = order[firsts]  # where each distinct run first stands in the text

    @property
    def places(self) -> list[tuple[int, str, int, int]]:
        """(node in `Document.iter_nodes()` order, "title" or "text", first and past-last character) of each word.

        Worked out when asked, never kept: at 12,000 plans they would hold gigabytes."""
        return list(self.iter_places())

    def iter_places(self):
        """`places`, one by one: a caller wanting the first words stops early."""
        for n, node in enumerate(self.doc.iter_nodes()):
            for field in ("title", "text"):
                for m in _WORD.finditer(getattr(node, field) or ""):
                    yield n, field, m.start(), m.end()


@dataclass(frozen=True)
class Passage:
    """Words [start, end) of a document that its partner holds at [partner_start, partner_end)."""

    start: int
    end: int
    partner_start: int
    partner_end: int


@dataclass(frozen=True)
class Partner:
    """A document sharing text with another: how much of the other it covers, and where."""

    id: str
    ancestor: bool  # up the document's own chain (its parent, the parent's parent …)
    words: int  # words of the document it covers
    fraction: float
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Segment:
    """Words [start, end) of a document: its own (source None) or shared, credited to `source`."""

    start: int
    end: int
    source: str | None
    elsewhere: bool = False  # also held by documents besides `source`


@dataclass(frozen=True, eq=False)
class DocReuse:
    """What one document shares and what is its own.

    Compared by identity: a build hands back the same object while what it is made from is
    the same (Reuse._docs), so pages keyed on it are kept without hashing every passage."""

    id: str
    words: int
    shared: int  # words in shared segments
    segments: tuple[Segment, ...]
    partners: tuple[Partner, ...]

    @property
    def fraction(self) -> float:
        return self.shared / self.words if self.words else 0.0


def _table(words: list[Words]) -> tuple[np.ndarray, ...]:
    """For each distinct run: how many documents hold it, and the first two by date; for each
    document, where each of its distinct runs stands in the table (`at`, from `offsets`).
    Returns (offsets, keys, holders, first, second, at)."""
    sizes = [len(w.distinct) for w in words]
    offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    runs = np.concatenate([w.distinct for w in words]) if words else np.zeros(0, dtype=np.uint64)
    ranks = np.repeat(np.arange(len(words), dtype=np.int64), sizes)
    order = np.lexsort((ranks, runs))
    runs, ranks = runs[order], ranks[order]
    is_start = np.r_[True, runs[1:] != runs[:-1]] if len(runs) else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(is_start)
    holders = np.diff(np.r_[starts, len(runs)])
    second = np.where(holders > 1, ranks[np.minimum(starts + 1, max(len(runs) - 1, 0))], -1)
    at = np.empty(len(runs), dtype=np.int64)
    at[order] = np.cumsum(is_start) - 1
    return offsets, runs[starts], holders, ranks[starts], second, at


class Reuse:
    """Shared passages of every document with text in one archive, worked out once per build."""

    _kept = Kept()  # each document's Words, while it is the same object
    _credits = Kept()  # each document's segments and partners, while what they are made from is the same
    _pairs = Kept()  # each pair's passages, while both documents are the same objects
    _docs = Kept()  # each DocReuse, while its credits and pairs are the same objects
    _tables = Kept()  # the table of all runs, while every document's Words are the same objects

    def __init__(self, archive: Archive, chain):
        """`chain(doc)`: the document's ancestors, nearest first (Graph.chain)."""
        for kept in (Reuse._kept, Reuse._credits, Reuse._pairs, Reuse._docs, Reuse._tables):
            kept.new_build()
        docs = sorted(archive.plans, key=lambda d: (d.date.sort_key(), d.id))
        self.docs = docs
        self.rank = {d.id: i for i, d in enumerate(docs)}
        self.words = [Reuse._kept.get((d,), lambda d=d: Words(d)) for d in docs]
        (self.offsets, self.keys, self.holders, self.first, self.second, self.at) = Reuse._tables.get(
            tuple(self.words), lambda: _table(self.words))
        # Numbers that name a document from one build to the next (ranks shift when one is added).
        stable = np.array([_stable.setdefault(d.id, len(_stable)) for d in docs] + [-1], dtype=np.int64)
        self.of: dict[str, DocReuse] = {}
        for i, d in enumerate(docs):
            ancestors = [a for a in chain(d) if a.id in self.rank]
            at = self.at[self.offsets[i]:self.offsets[i + 1]]
            # What this document's credits are made from: for each of its runs, how many hold it
            # (1, 2, more) and the first two holders. Unchanged, with the same texts, they are the same.
            made_from = hashlib.blake2b(b"".join((
                np.minimum(self.holders[at], 3).astype(np.uint8).tobytes(),
                stable[self.first[at]].tobytes(), stable[self.second[at]].tobytes()))).digest()
            credit = Reuse._credits.get((d, *ancestors), lambda i=i, a=ancestors: self._credit(i, a), values=(made_from,))
            shared, segments, partners = credit
            aligned = tuple(Reuse._pairs.get((d, self.docs[self.rank[p]]),
                                             lambda i=i, p=p: self._align(i, self.rank[p], False)) for p in partners)
            ancestor_ids = {a.id for a in ancestors}
            up = tuple(p.id in ancestor_ids for p in aligned)
            self.of[d.id] = Reuse._docs.get((credit, *aligned), lambda d=d, i=i, c=credit, al=aligned, up=up: DocReuse(
                d.id, self.words[i].count, c[0], c[1], tuple(dataclasses.replace(p, ancestor=u) for p, u in zip(al, up))),
                values=(d.id, self.words[i].count, up))

    def words_of(self, doc_id: str) -> Words:
        return self.words[self.rank[doc_id]]

    def pairs(self) -> list[tuple[str, Partner]]:
        """(document, partner) for every document's listed partners, in archive order."""
        return [(d.id, p) for d in self.docs for p in self.of[d.id].partners]

    # -- The table of all runs ---------------------------------------------------

    # -- One document --------------------------------------------------------------

    def _credit(self, me: int, ancestors: list[Document]):
        """(words shared, segments, ids of the partners to list): each shared run credited to the
        nearest ancestor holding it, else to the earliest other holder."""
        w = self.words[me]
        if not len(w.runs):
            return 0, ((Segment(0, w.count, None),) if w.count else ()), ()
        mine = self.at[self.offsets[me]:self.offsets[me + 1]]
        at = mine[w.local]
        holders = self.holders[at]
        credit = np.full(len(w.runs), -1, dtype=np.int64)
        up = [self.rank[a.id] for a in ancestors]
        for a in up:  # nearest first: the parent is credited before the national decision
            theirs = self.at[self.offsets[a]:self.offsets[a + 1]]
            held = (credit < 0) & (holders > 1) & np.isin(mine, theirs, assume_unique=True)[w.local]
            credit[held] = a
        first, second = self.first[at], self.second[at]
        rest = (credit < 0) & (holders > 1)
        credit[rest] = np.where(first[rest] == me, second[rest], first[rest])
        # Which words are shared at all (whoever holds them), then who each is credited to.
        shared_word = _short_dropped(_bridge(_spread(np.where(holders > 1, 1, -1), w.count))) >= 0
        by_word = _filled(_spread(credit, w.count), shared_word)
        elsewhere_word = _spread(np.where(holders > 2, 1, -1), w.count) > 0
        segments = []
        for start, end, source in _runs(by_word):
            name = self.docs[source].id if source >= 0 else None
            segments.append(Segment(int(start), int(end), name, bool(name and elsewhere_word[start:end].any())))
        shared = int(shared_word.sum())
        counts = np.bincount(by_word[by_word >= 0], minlength=len(self.docs)) if shared else np.zeros(0, dtype=np.int64)
        credited = [int(r) for r in np.flatnonzero(counts >= MIN_PARTNER_WORDS)]
        ordered = ([a for a in up if a in credited]
                   + sorted((r for r in credited if r not in up), key=lambda r: (-counts[r], self.docs[r].id)))
        return shared, tuple(segments), tuple(self.docs[r].id for r in ordered[:TOP])

    def _align(self, me: int, other: int, ancestor: bool) -> Partner:
        """The passages `me` shares with `other`, each with where `other` holds it.

        The runs both hold are chained where they follow each other in both texts (a few words
        dropped, added or changed on either side keep the chain: GAP); each chain of at least
        MIN_PASSAGE words is a passage. A run `other` holds twice is placed where it first stands."""
        w, o = self.words[me], self.words[other]
        mine = self.at[self.offsets[me]:self.offsets[me + 1]]
        theirs = self.at[self.offsets[other]:self.offsets[other + 1]]
        if not len(w.runs) or not len(o.runs):
            return Partner(self.docs[other].id, ancestor, 0, 0.0, ())
        common = np.isin(mine, theirs, assume_unique=True)[w.local]
        idx = np.flatnonzero(common)
        q = o.first_at[np.searchsorted(theirs, mine[w.local[idx]])]
        di, dq = np.diff(idx), np.diff(q)
        linked = (di > 0) & (dq > 0) & (di <= GAP + SHINGLE) & (dq <= GAP + SHINGLE) & (np.abs(di - dq) <= GAP)
        starts = np.r_[0, np.flatnonzero(~linked) + 1] if len(idx) else np.zeros(0, dtype=np.int64)
        ends = np.r_[starts[1:] - 1, len(idx) - 1] if len(idx) else starts
        passages, done = [], 0
        for s, e in zip(starts.tolist(), ends.tolist()):
            start, end = max(int(idx[s]), done), int(idx[e]) + SHINGLE
            if end - start < MIN_PASSAGE:
                continue
            p_start = int(q[s]) + (start - int(idx[s]))
            passages.append(Passage(start, end, p_start, min(o.count, int(q[e]) + SHINGLE)))
            done = end
        covered = sum(p.end - p.start for p in passages)
        return Partner(self.docs[other].id, ancestor, covered, covered / w.count if w.count else 0.0, tuple(passages))


def pieces(places, start: int, end: int):
    """Words [start, end) cut where they change node or field: ((node, field), first, past-last character)."""
    piece = None
    for node, field, a, b in places[start:end]:
        if piece and piece[0] == (node, field):
            piece[2] = b
        else:
            if piece:
                yield tuple(piece)
            piece = [(node, field), a, b]
    if piece:
        yield tuple(piece)


def _spread(per_run: np.ndarray, n_words: int) -> np.ndarray:
    """A value per word from a value per run (-1: none): each word takes the value of the last
    run with a value that covers it."""
    out = np.full(n_words, -1, dtype=np.int64)
    if not len(per_run):
        return out
    idx = np.arange(len(per_run))
    last = np.maximum.accumulate(np.where(per_run >= 0, idx, -1))
    # Word j is covered by runs starting at j-SHINGLE+1 … j.
    last_for_word = np.full(n_words, -1, dtype=np.int64)
    last_for_word[: len(last)] = last
    if n_words > len(last):
        last_for_word[len(last):] = last[-1]
    j = np.arange(n_words)
    covered = (last_for_word >= 0) & (j - last_for_word < SHINGLE)
    out[covered] = per_run[last_for_word[covered]]
    return out


def _bridge(values: np.ndarray) -> np.ndarray:
    """Gaps of at most GAP unvalued words between two words of the same value take that value."""
    out = values.copy()
    for start, end, value in _runs(values):
        if value < 0 and 0 < start and end < len(values) and end - start <= GAP and values[start - 1] == values[end]:
            out[start:end] = values[end]
    return out


def _filled(credit: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Every shared word credited (a bridged gap to the word before it, else after), others -1."""
    idx = np.arange(len(credit))
    has = credit >= 0
    before = np.maximum.accumulate(np.where(has, idx, -1))
    after = np.minimum.accumulate(np.where(has, idx, len(credit))[::-1])[::-1]
    pick = np.where(before >= 0, before, np.minimum(after, len(credit) - 1))
    out = np.where(shared & (has | (before >= 0) | (after < len(credit))), credit[pick], -1)
    return out


def _short_dropped(values: np.ndarray) -> np.ndarray:
    """Shared runs shorter than MIN_PASSAGE words count as the document's own."""
    out = values.copy()
    for start, end, value in _runs(values):
        if value >= 0 and end - start < MIN_PASSAGE:
            out[start:end] = -1
    return out


def _runs(values: np.ndarray):
    """(start, end, value) of each run of equal values."""
    if not len(values):
        return
    cuts = np.flatnonzero(values[1:] != values[:-1]) + 1
    bounds = np.r_[0, cuts, len(values)]
    for s, e in zip(bounds[:-1], bounds[1:]):
        yield int(s), int(e), int(values[s])


def own_words_by_node(doc: Document, of: DocReuse) -> list[tuple[int, int]]:
    """(own words, words) of each node of `doc`, in `Document.iter_nodes()` order: how much of
    each passage no other document holds (for a search limited to a plan's own parts)."""
    own = np.ones(of.words, dtype=bool)
    for s in of.segments:
        if s.source is not None:
            own[s.start:s.end] = False
    out, at = [], 0
    for node in doc.iter_nodes():
        n = sum(len(_WORD.findall(text)) for text in (node.title, node.text) if text)
        out.append((int(own[at:at + n].sum()), n))
        at += n
    return out
