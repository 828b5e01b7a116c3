"""What the browser needs to forgive how people type: variants, question words and the typo index.

- Variants (plans/reference/synonyms.yaml): each spelling as the query keys the browser
  makes of it (text.query_tokens, the twin of vi-text.js's queryTokens), keeping only the
  spellings whose words are all in the index: another spelling then costs no fetch.
- Question words (plans/reference/question-words.yaml): each entry as folded query keys,
  longest first, so the browser marks "như thế nào" before "nào"; a query leaves them out
  unless quoted (search-query.js optionalWords).
- Typos: the index's own vocabulary (folded words of letters only) with its deletion keys
  (SymSpell): every word of 4+ letters under itself and each form with one letter deleted,
  words of 7+ letters also with two deleted. A query word of 5+ letters (9+: two edits) not
  in the index looks up its own deletions; the words found are checked by edit distance in
  the browser. Sharded like the postings, so a correction fetches a file or two.
- Syllable pairs: for each folded syllable of the index, the syllables that follow it and
  those that precede it in the text, most frequent first. A short syllable has too many
  one-edit neighbours to be corrected alone; beside a word it is read by the pairs the
  archive holds ("vùng" + "xnah" -> "xanh", "khai" + "bo" + "y" -> "báo"). Sharded by
  the syllable, so a query fetches the shards of its own words only.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from itertools import combinations

from thidua.publish.search_browser import cut_shards, js_order
from thidua.text import fold, query_tokens

TYPO_DIR = "search/typos"
PAIRS_DIR = "search/pairs"
SHARD_BYTES = 24_000
ONE_EDIT_FROM, TWO_EDITS_FROM = 4, 7  # vocabulary word lengths (a query word is at most 1 / 2 letters longer)
_LETTERS = re.compile(r"^[^\W\d_]+$")
_CLAUSE = re.compile(r"[^\w\s]|_")  # what parts a text into clauses for syllable pairs


def variant_table(groups, vocabulary) -> list[list]:
    """[group: [[tokens, indexed], …]] with tokens [[exact, folded, is_code], …], groups of 2+ spellings.

    Every spelling is matched in a query; only those whose keys are all in `vocabulary`
    (indexed = 1) are searched for, so a spelling no plan uses costs no fetch."""
    out = []
    for group in groups:
        spellings, seen = [], set()
        for spelling in group:
            tokens = [[t["exact"], t["folded"], 1 if t["code"] else 0] for t in query_tokens(spelling)]
            key = tuple(t[1] for t in tokens)
            if not tokens or key in seen:
                continue
            seen.add(key)
            spellings.append([tokens, 1 if all(t[1] in vocabulary for t in tokens) else 0])
        if len(spellings) > 1 and any(indexed for _, indexed in spellings):
            out.append(spellings)
    return out


def optional_table(question_words) -> dict[str, list]:
    """{"words": [[exact key, …], …], "frames": [[[first keys], [last keys]], …]}, longer entries first.

    Exact keys, accents and all: a word typed with accents is a question word only when they
    are its accents ("tham nhũng" is not "tham những"); typed without, it matches folded."""
    def keys(text: str) -> list[str]:
        return [t["exact"] for t in query_tokens(text)]

    entries = sorted((keys(w) for w in question_words.words), key=lambda k: (-len(k), k))
    return {"words": entries, "frames": [[keys(first), keys(last)] for first, last in question_words.frames]}


def typo_vocabulary(terms, table) -> list[str]:
    """Folded words of letters only, 4+ letters: the words a typo can be corrected to."""
    words = {k for k in terms if len(k) >= ONE_EDIT_FROM and _LETTERS.match(k) and fold(k) == k}
    # One-word spellings too, indexed or not: "vaccxin" is one letter from "vacxin", a spelling of "vắc xin".
    words |= {tokens[0][1] for group in table for tokens, _ in group
              if len(tokens) == 1 and len(tokens[0][1]) >= ONE_EDIT_FROM and _LETTERS.match(tokens[0][1])}
    return sorted(words, key=js_order)


def deletions(word: str, edits: int) -> set[str]:
    """The word and every form of it with up to `edits` letters deleted."""
    out = {word}
    for n in range(1, edits + 1):
        for drop in combinations(range(len(word)), n):
            out.add("".join(c for i, c in enumerate(word) if i not in drop))
    return out


def typo_shards(vocabulary: list[str]) -> list[list]:
    """[[deletion key, [word, …]], …] in the browser's key order, cut about SHARD_BYTES apart."""
    index: dict[str, list[str]] = {}
    for word in vocabulary:
        for key in deletions(word, 2 if len(word) >= TWO_EDITS_FROM else 1):
            index.setdefault(key, []).append(word)
    return cut_shards(([key, index[key]] for key in sorted(index, key=js_order)),
                      lambda e: len(e[0]) + sum(len(w) + 3 for w in e[1]) + 6, SHARD_BYTES)


def syllable_pairs(texts) -> dict[str, tuple[Counter, Counter]]:
    """{syllable: (how often each syllable follows it, how often each precedes it)}, folded.

    Pairs are of neighbouring words of letters within a clause: punctuation or a number
    between them parts them ("tổ dân phố, tổ Covid" gives no "phố tổ")."""
    counts: Counter = Counter()
    seen: dict[str, Counter] = {}  # a section repeats its document's issuer; a synthetic archive, whole texts
    for text in texts:
        if text not in seen:
            pairs = seen[text] = Counter()
            for clause in _CLAUSE.split(fold(text)):  # one fold per text: word by word costs seconds at scale
                seq = clause.split()
                pairs.update(zip(seq, seq[1:]))
        counts.update(seen[text])
    out: dict[str, tuple[Counter, Counter]] = {}
    for (a, b), n in counts.items():
        if a.isalpha() and b.isalpha():
            out.setdefault(a, (Counter(), Counter()))[0][b] += n
            out.setdefault(b, (Counter(), Counter()))[1][a] += n
    return out


def pair_shards(pairs: dict[str, tuple[Counter, Counter]]) -> list[list]:
    """[[syllable, [following…], [preceding…]], …], each list most frequent first, in the browser's key order."""
    def ranked(counts: Counter) -> list[str]:
        return [w for w, _ in sorted(counts.items(), key=lambda e: (-e[1], js_order(e[0])))]

    entries = ([w, ranked(pairs[w][0]), ranked(pairs[w][1])] for w in sorted(pairs, key=js_order))
    return cut_shards(entries, lambda e: len(e[0]) + sum(len(w) + 3 for w in e[1] + e[2]) + 8, SHARD_BYTES)


def _gzip_json(value) -> bytes:
    return gzip.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), compresslevel=6, mtime=0)


def forgiving_files(terms, groups, question_words, texts) -> tuple[dict, dict[str, bytes]]:
    """(what the manifest gains, {path: content}) for the variants, question words, the typo index and the syllable pairs of `texts`."""
    table = variant_table(groups, terms)
    files, starts, pair_starts = {}, [], []
    for n, shard in enumerate(typo_shards(typo_vocabulary(terms, table))):
        starts.append(shard[0][0])
        files[f"{TYPO_DIR}/{n}.json.gz"] = _gzip_json(shard)
    for n, shard in enumerate(pair_shards(syllable_pairs(texts))):
        pair_starts.append(shard[0][0])
        files[f"{PAIRS_DIR}/{n}.json.gz"] = _gzip_json(shard)
    return {"variants": table, "optional": optional_table(question_words), "typos": starts, "pairs": pair_starts}, files
