"""Generated slips for `search-eval`: phrases of the index itself, each typed with one realistic slip.

Hand-picked typos say how the search does on the typos someone thought of; these say how it
does on the slips people make. From the built site's search store (the sections a result
shows), a fixed seed picks phrases of 2-4 syllables of the archive's documents that few
sections hold, and damages one syllable of each with one kind of slip. A query scores when
its first result is a section holding the phrase. Each slip is tried with the phrase's
diacritics and without them (the same slip, folded); a tone slip only with them.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from thidua.text import TONES, fold, normalize_word, words

# One kind of slip per name, in the order the report lists them.
KINDS = ("none", "drop", "double", "swap", "neighbour", "tone-lost", "tone-wrong", "telex")
# Kinds that only exist when diacritics are typed.
ACCENTED_ONLY = ("tone-lost", "tone-wrong")
# A phrase held by more sections than this says too little about where it comes from.
MOST_SECTIONS = 3

# Neighbouring keys on the QWERTY keyboard Vietnamese is typed on.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NEIGHBOURS = {}
for _r, _row in enumerate(_ROWS):
    for _i, _c in enumerate(_row):
        near = [_row[j] for j in (_i - 1, _i + 1) if 0 <= j < len(_row)]
        near += [_ROWS[r][j] for r in (_r - 1, _r + 1) if 0 <= r < len(_ROWS)
                 for j in (_i, _i + (1 if r < _r else -1)) if 0 <= j < len(_ROWS[r])]
        NEIGHBOURS[_c] = "".join(sorted(set(near)))

# Telex keys: the letter marks, then the tones (typed after the syllable).
_TELEX_LETTERS = {"â": "aa", "ê": "ee", "ô": "oo", "ă": "aw", "ơ": "ow", "ư": "uw", "đ": "dd"}
_TELEX_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_SYLLABLE = re.compile(r"^[^\W\d_]+$")


@dataclass(frozen=True)
class Slip:
    q: str          # the query as typed
    kind: str       # one of KINDS
    accents: bool   # typed with diacritics
    phrase: str     # the phrase as the text has it
    refs: frozenset[str]  # the sections holding the phrase (any of them first is right)


def store_sections(site: Path) -> list[dict]:
    """Every section of the built index's store, in ref order."""
    out = []
    for path in (site / "search" / "store").glob("*.json.gz"):
        out += json.loads(gzip.decompress(path.read_bytes()))
    return sorted(out, key=lambda s: int(s["ref"]))


def _section_text(s: dict) -> str:
    # What the browser searches a section's stored text as (search-rank.js sectionWords).
    return " ".join([s["doc"]["label"], s["h"], s.get("m") or ""] + [c[1] for c in s["c"]])


def _runs(text: str) -> list[list[str]]:
    """Runs of words with nothing but spaces between them: a phrase never spans punctuation."""
    return [words(part) for part in re.split(r"[^\w\s]|_|\d", text) if words(part)]


def tone_of(syllable: str) -> str:
    return next((c for c in unicodedata.normalize("NFD", syllable) if c in TONES), "")


def _with_tone(syllable: str, tone: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", syllable) if c not in TONES)
    return normalize_word(unicodedata.normalize("NFC", base + tone))


def to_telex(syllable: str) -> str:
    """"đường" -> "dduwowngf": the keys typed for it with Telex, left unconverted."""
    tone = tone_of(syllable)
    base = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", syllable.lower()) if c not in TONES))
    return "".join(_TELEX_LETTERS.get(c, c) for c in base) + _TELEX_TONES.get(tone, "")


def damage(syllable: str, kind: str, rng: random.Random) -> str | None:
    """The syllable with one slip of the kind, or None when the kind cannot apply to it."""
    cs = list(syllable)
    if kind == "none":
        return syllable
    if kind == "drop":
        if len(cs) < 2:
            return None
        i = rng.randrange(len(cs))
        return "".join(cs[:i] + cs[i + 1:])
    if kind == "double":
        i = rng.randrange(len(cs))
        return "".join(cs[:i + 1] + cs[i:])
    if kind == "swap":
        at = [i for i in range(len(cs) - 1) if fold(cs[i]) != fold(cs[i + 1])]
        if not at:
            return None
        i = rng.choice(at)
        return "".join(cs[:i] + [cs[i + 1], cs[i]] + cs[i + 2:])
    if kind == "neighbour":
        at = [i for i, c in enumerate(cs) if fold(c).lower() in NEIGHBOURS]
        if not at:
            return None
        i = rng.choice(at)
        return "".join(cs[:i] + [rng.choice(NEIGHBOURS[fold(cs[i]).lower()])] + cs[i + 1:])
    if kind == "tone-lost":
        tone = tone_of(syllable)
        return _with_tone(syllable.lower(), "") if tone else None
    if kind == "tone-wrong":
        tone = tone_of(syllable)
        if not tone:
            return None
        return _with_tone(syllable.lower(), rng.choice([t for t in TONES if t != tone]))
    if kind == "telex":
        typed = to_telex(syllable)
        return typed if typed != syllable.lower() else None
    raise ValueError(kind)


def phrases(sections: list[dict], rng: random.Random, count: int, document_folder: str, skip_prefix: str) -> list[tuple[list[str], frozenset[str]]]:
    """`count` distinct phrases of 2-4 syllables from the documents' sections, each with the sections holding it."""
    docs = [s for s in sections if s["doc"]["url"].startswith(document_folder)
            and not s["doc"]["url"].startswith(skip_prefix) and s["c"]]
    folded = {s["ref"]: " " + " ".join(fold(w) for w in words(_section_text(s))) + " " for s in sections}
    out, seen = [], set()
    for _ in range(count * 200):
        if len(out) == count:
            break
        s = rng.choice(docs)
        runs = [r for r in _runs(" ".join(c[1] for c in s["c"])) if len(r) >= 2]
        if not runs:
            continue
        run = rng.choice(runs)
        n = rng.randint(2, min(4, len(run)))
        start = rng.randrange(len(run) - n + 1)
        phrase = run[start:start + n]
        key = " ".join(fold(w) for w in phrase)
        if key in seen or not all(_SYLLABLE.match(w) for w in phrase):
            continue
        holding = frozenset(ref for ref, text in folded.items() if f" {key} " in text)
        if not holding or len(holding) > MOST_SECTIONS:
            continue
        seen.add(key)
        out.append((phrase, holding))
    return out


def generated_slips(site: Path, per_kind: int = 40, seed: int = 2021, document_folder: str = "van-ban/",
                    skip_prefix: str = "van-ban/mau-") -> list[Slip]:
    """For each kind, `per_kind` phrases with one slip each, typed with and without diacritics."""
    rng = random.Random(seed)
    sections = store_sections(site)
    pool = phrases(sections, rng, per_kind * 6, document_folder, skip_prefix)
    out = []
    for kind in KINDS:
        made = 0
        for phrase, refs in rng.sample(pool, len(pool)):
            if made == per_kind:
                break
            at = [i for i, w in enumerate(phrase) if damage(w, kind, random.Random(0)) not in (None, w)]
            if kind == "none":
                at = [0]
            if not at:
                continue
            i = rng.choice(at)
            slipped = damage(phrase[i], kind, rng)
            typed = phrase[:i] + [slipped] + phrase[i + 1:]
            text = " ".join(phrase)
            out.append(Slip(" ".join(typed), kind, True, text, refs))
            if kind not in ACCENTED_ONLY:
                plain = [fold(w) for w in phrase[:i]] + [slipped if kind == "telex" else fold(slipped)] + [fold(w) for w in phrase[i + 1:]]
                out.append(Slip(" ".join(plain), kind, False, text, refs))
            made += 1
    return out
