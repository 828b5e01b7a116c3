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
first, then by words credited, at most TOP) are aligned with it word by word: the runs both
hold, joined across gaps of at most GAP words (a word changed, an OCR slip), give the passages
and the fraction of the document the partner covers.

Per-document work (words, runs) is kept while the document is the same object (cache.Kept):
under `mkdocs serve` an edit reads and cuts one text again; the table of all runs is rebuilt
(a sort, seconds at 12,000 plans) and only the pages whose passages changed render again.
"""

from __future__ import annotations

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


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold(word)


_vocabulary: dict[str, int] = {}  # folded word -> id, for this process (ids never leave it)


@dataclass(frozen=True)
class Place:
    """Where a word stands: its node (in `Document.iter_nodes()` order), field and characters."""

    node: int
    field: str  # "title" or "text"
    start: int
    end: int


class Words:
    """One document's words, folded, where each stands, and the numbers of its runs."""

    def __init__(self, doc: Document):
        self.places: list[Place] = []
        ids: list[int] = []
        for n, node in enumerate(doc.iter_nodes()):
            for field in ("title", "text"):
                text = getattr(node, field)
                for m in _WORD.finditer(text or ""):
                    self.places.append(Place(n, field, m.start(), m.end()))
                    ids.append(_vocabulary.setdefault(_fold_word(m.group()), len(_vocabulary) + 1))
        self.count = len(ids)
        a = np.array(ids, dtype=np.uint64)
        if len(a) < SHINGLE:
            self.runs = np.zeros(0, dtype=np.uint64)
        else:
            with np.errstate(over="ignore"):
                self.runs = sum(a[j:len(a) - SHINGLE + 1 + j] * _WEIGHTS[j] for j in range(SHINGLE))
        self.distinct = np.unique(self.runs)
        order = np.argsort(self.runs, kind="stable")
        self.sorted_runs, self.sorted_at = self.runs[order], order  # where each run first stands


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


@dataclass(frozen=True)
class DocReuse:
    """What one document shares and what is its own; equal values render equal pages."""

    id: str
    words: int
    shared: int  # words in shared segments
    segments: tuple[Segment, ...]
    partners: tuple[Partner, ...]

    @property
    def fraction(self) -> float:
        return self.shared / self.words if self.words else 0.0


class Reuse:
    """Shared passages of every document with text in one archive, worked out once per build."""

    _kept = Kept()  # each document's Words, while it is the same object

    def __init__(self, archive: Archive, chain):
        """`chain(doc)`: the document's ancestors, nearest first (Graph.chain)."""
        Reuse._kept.new_build()
        docs = sorted(archive.plans, key=lambda d: (d.date.sort_key(), d.id))
        self.docs = docs
        self.rank = {d.id: i for i, d in enumerate(docs)}
        self.words = [Reuse._kept.get((d,), lambda d=d: Words(d)) for d in docs]
        self._table()
        self.of: dict[str, DocReuse] = {}
        for i, d in enumerate(docs):
            ancestors = [self.rank[a.id] for a in chain(d) if a.id in self.rank]
            self.of[d.id] = self._document(i, ancestors)

    def words_of(self, doc_id: str) -> Words:
        return self.words[self.rank[doc_id]]

    def pairs(self) -> list[tuple[str, Partner]]:
        """(document, partner) for every document's listed partners, in archive order."""
        return [(d.id, p) for d in self.docs for p in self.of[d.id].partners]

    # -- The table of all runs ---------------------------------------------------

    def _table(self) -> None:
        """For each distinct run: how many documents hold it, and the first two by date."""
        if not self.words:
            self.keys = np.zeros(0, dtype=np.uint64)
            self.holders = self.first = self.second = np.zeros(0, dtype=np.int64)
            return
        runs = np.concatenate([w.distinct for w in self.words])
        ranks = np.repeat(np.arange(len(self.words), dtype=np.int64), [len(w.distinct) for w in self.words])
        order = np.lexsort((ranks, runs))
        runs, ranks = runs[order], ranks[order]
        starts = np.flatnonzero(np.r_[True, runs[1:] != runs[:-1]]) if len(runs) else np.zeros(0, dtype=np.int64)
        self.keys = runs[starts]
        self.holders = np.diff(np.r_[starts, len(runs)])
        self.first = ranks[starts]
        self.second = np.where(self.holders > 1, ranks[np.minimum(starts + 1, len(runs) - 1)], -1)

    # -- One document --------------------------------------------------------------

    def _document(self, me: int, ancestors: list[int]) -> DocReuse:
        w = self.words[me]
        doc_id = self.docs[me].id
        if not len(w.runs):
            return DocReuse(doc_id, w.count, 0, (Segment(0, w.count, None),) if w.count else (), ())
        at = np.searchsorted(self.keys, w.runs)
        holders = self.holders[at]
        credit = np.full(len(w.runs), -1, dtype=np.int64)
        for a in ancestors:  # nearest first: the parent is credited before the national decision
            held = (credit < 0) & (holders > 1) & np.isin(w.runs, self.words[a].distinct)
            credit[held] = a
        first, second = self.first[at], self.second[at]
        rest = (credit < 0) & (holders > 1)
        credit[rest] = np.where(first[rest] == me, second[rest], first[rest])
        # Which words are shared at all (whoever holds them), then who each is credited to.
        shared_word = _short_dropped(_bridge(_spread(np.where(holders > 1, 1, -1), w.count))) >= 0
        by_word = _filled(_spread(credit, w.count), shared_word)
        elsewhere_word = _spread(np.where(holders > 2, 1, -1), w.count) > 0
        segments, shared = [], int(shared_word.sum())
        for start, end, source in _runs(by_word):
            name = self.docs[source].id if source >= 0 else None
            segments.append(Segment(int(start), int(end), name, bool(name and elsewhere_word[start:end].any())))
        counts = np.bincount(by_word[by_word >= 0], minlength=len(self.docs)) if shared else np.zeros(0, dtype=np.int64)
        credited = [int(r) for r in np.flatnonzero(counts >= MIN_PARTNER_WORDS)]
        ordered = ([a for a in ancestors if a in credited]
                   + sorted((r for r in credited if r not in ancestors), key=lambda r: (-counts[r], r)))
        partners = tuple(self._align(me, p, p in ancestors) for p in ordered[:TOP])
        return DocReuse(doc_id, w.count, int(shared), tuple(segments), partners)

    def _align(self, me: int, other: int, ancestor: bool) -> Partner:
        """The passages `me` shares with `other`, each with where `other` holds it."""
        w, o = self.words[me], self.words[other]
        common = np.isin(w.runs, o.distinct)
        mask = _spread(np.where(common, 1, -1), w.count)
        mask = _short_dropped(_bridge(mask))
        # Where `other` first holds each run of `me` they share.
        pos = np.searchsorted(o.sorted_runs, w.runs)
        pos = np.minimum(pos, max(len(o.sorted_runs) - 1, 0))
        passages = []
        for start, end, value in _runs(mask):
            if value < 0:
                continue
            inside = np.flatnonzero(common[start:max(start + 1, end - SHINGLE + 1)]) + start
            first_run, last_run = int(inside[0]), int(inside[-1])
            p_start = int(o.sorted_at[pos[first_run]]) - (first_run - start)
            p_end = int(o.sorted_at[pos[last_run]]) + SHINGLE + (end - last_run - SHINGLE)
            p_start, p_end = max(0, p_start), min(o.count, max(p_end, p_start + 1))
            passages.append(Passage(int(start), int(end), p_start, p_end))
        covered = sum(p.end - p.start for p in passages)
        return Partner(self.docs[other].id, ancestor, covered, covered / w.count if w.count else 0.0, tuple(passages))


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
