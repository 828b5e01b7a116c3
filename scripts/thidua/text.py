"""Vietnamese text keys: one normalizer for slugs, identity and search.

The JavaScript twin is overrides/assets/javascripts/vi-text.js; both are held to
tests/vectors/text.json so the index (built here) and the queries (typed in the
browser) can never drift apart.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

# Tone marks as combining characters (NFD): grave, acute, tilde, hook above, dot below.
TONES = "\u0300\u0301\u0303\u0309\u0323"
VOWELS = "aăâeêioôơuưy"

# OCR and old fonts give Icelandic eth (ð) or African D (ɖ) for đ; dash look-alikes
# turn up inside document numbers; invisible characters come from Word and PDFs.
_CHAR_MAP = {
    "\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ", "\u0256": "đ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}
_TRANS = str.maketrans(_CHAR_MAP)
_INVISIBLE = str.maketrans({c: "" for c, v in _CHAR_MAP.items() if v == ""})
_LOOKALIKE = re.compile("[" + "".join(_CHAR_MAP) + "]")
_WORD = re.compile(r"[^\W_]+")


def strip_invisible(text: str) -> str:
    """Without the invisible characters a copy from Word or a PDF brings along (soft hyphen, zero-width …)."""
    return text.translate(_INVISIBLE)


def clean(text: str) -> str:
    """NFC with look-alike characters mapped; keeps case and accents."""
    text = unicodedata.normalize("NFC", text)
    if _LOOKALIKE.search(text):  # rare: translating every text would cost more than the search
        text = unicodedata.normalize("NFC", text.translate(_TRANS))
    return text


def canonical_tone(word: str) -> str:
    """Put the tone mark of one lowercase syllable where the old style puts it.

    "hoà" -> "hòa", "thuỷ" -> "thủy", "lựơng" -> "lượng": whichever way it was typed,
    one syllable has one key.
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONES]
    if not tones:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    start = 0
    if base.startswith("qu"):
        start = 2
    elif base.startswith("gi") and len(base) > 2 and base[2] in VOWELS:
        start = 2
    positions = [i for i in range(start, len(base)) if base[i] in VOWELS]
    if not positions:
        # "gì": the i of gi is the only vowel.
        positions = [i for i, c in enumerate(base) if c in VOWELS]
    if not positions or positions != list(range(positions[0], positions[-1] + 1)):
        return word  # not a Vietnamese syllable: leave it as it was
    if len(positions) == 1:
        at = positions[0]
    else:
        special = [i for i in positions if base[i] in "êơ"]
        if special:
            at = special[-1]
        elif len(positions) == 2:
            at = positions[0] if positions[-1] == len(base) - 1 else positions[1]
        else:
            at = positions[1]
    return base[:at] + unicodedata.normalize("NFC", base[at] + tones[-1]) + base[at + 1 :]


def normalize_word(word: str) -> str:
    """Exact search key of one word: lowercase, canonical tone placement."""
    return canonical_tone(word.lower())


@lru_cache(maxsize=1)
def _drop_marks() -> dict[int, None]:
    """str.translate table deleting every nonspacing mark (Unicode Mn), as vi-text.js's /\\p{Mn}/u."""
    return dict.fromkeys(c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Mn")


def fold(text: str) -> str:
    """Accent-free, lowercase form: "Đường" -> "duong"."""
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    return unicodedata.normalize("NFC", decomposed.translate(_drop_marks())).replace("đ", "d")


def words(text: str) -> list[str]:
    """The words of a text, as written (letters and digits)."""
    return _WORD.findall(clean(text))


def slugify(text: str) -> str:
    """ASCII slug for URLs: "Hải Dương" -> "hai-duong"."""
    return "-".join(w for w in _WORD.findall(fold(text)))


# Vietnamese dictionary order: letters first (ă after a, â after ă, đ after d …), tones only
# to break ties (none, huyền, hỏi, ngã, sắc, nặng). Code-point order would put "Bạc Liêu"
# after "Bình Định" and "Hoà Bình" before "Hà Giang".
_ALPHABET = {c: i for i, c in enumerate(" aăâbcdđeêghiklmnoôơpqrstuưvxy", start=1)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=50_000)
def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A key that sorts names as a Vietnamese reader expects ("Bắc Giang" < "Bình Dương" < "Bình Định")."""
    letters: list[int] = []
    tones: list[int] = []
    last = ""
    for ch in unicodedata.normalize("NFD", clean(text).lower()):
        if ch in _TONE_RANK:
            tones[-1:] = [_TONE_RANK[ch]]
        elif unicodedata.category(ch) == "Mn" and letters:  # breve, circumflex, horn: part of the letter
            last = unicodedata.normalize("NFC", last + ch)
            letters[-1] = _ALPHABET.get(last, letters[-1])
        else:
            last = ch
            letters.append(_ALPHABET.get(ch, 100 + ord(ch)))
            tones.append(0)
    return tuple(letters), tuple(tones)


# -- Search keys ------------------------------------------------------------
# A "code" is a run of letters/digits joined by "/" or "-": document numbers
# ("91/2017/NĐ-CP", "07-KL/TW"), symbols ("KH-UBND"), dates ("15/9/2021").
_CODE = re.compile(r"[^\W_]+(?:[/-][^\W_]+)+")


@lru_cache(maxsize=200_000)
def _word_keys(word: str) -> tuple[str, ...]:
    # Cached: a plan's vocabulary is small and repeats across thousands of plans.
    exact = normalize_word(word)
    folded = fold(exact)
    return (exact,) if folded == exact else (exact, folded)


def _code_keys(code: str) -> list[str]:
    """Whole code, its "/" prefixes and suffixes, then each part as a word.

    "91/2017/NĐ-CP" -> 91/2017/nđ_cp, 91/2017/nd_cp, 91/2017, 2017/nđ_cp, 2017/nd_cp,
    nđ_cp, nd_cp, 91, 2017, nđ, nd, cp. Hyphens become "_" because lunr splits on "-".
    """
    lowered = "/".join(normalize_word(p) for p in code.lower().split("/")).replace("-", "_")
    segments = lowered.split("/")
    forms = [lowered]
    forms += ["/".join(segments[:i]) for i in range(len(segments) - 1, 1, -1)]
    forms += ["/".join(segments[i:]) for i in range(1, len(segments))]
    out: list[str] = []
    for form in forms:
        for key in (form, fold(form)):
            if key not in out and ("/" in key or "_" in key):
                out.append(key)
    for part in re.split(r"[/-]", code):
        for key in _word_keys(part):
            if key not in out:
                out.append(key)
    return out


def search_keys(text: str) -> list[str]:
    """Every index key of a text, in order: exact and folded form of each word and code."""
    text = clean(text)
    out: list[str] = []
    pos = 0
    for match in _CODE.finditer(text):
        out += [k for w in _WORD.findall(text[pos:match.start()]) for k in _word_keys(w)]
        out += _code_keys(match.group())
        pos = match.end()
    out += [k for w in _WORD.findall(text[pos:]) for k in _word_keys(w)]
    return out


def query_tokens(text: str) -> list[dict]:
    """What a typed query means: one entry per word or code, with its exact and folded key."""
    text = clean(text)
    out: list[dict] = []
    pos = 0

    def add_words(chunk: str) -> None:
        for w in _WORD.findall(chunk):
            exact = normalize_word(w)
            out.append({"exact": exact, "folded": fold(exact), "code": False})

    for match in _CODE.finditer(text):
        add_words(text[pos:match.start()])
        exact = "/".join(normalize_word(p) for p in match.group().lower().split("/")).replace("-", "_")
        out.append({"exact": exact, "folded": fold(exact), "code": True})
        pos = match.end()
    add_words(text[pos:])
    return out


def pair_keys(text: str) -> list[str]:
    """Folded pairs of neighbouring words ("Hải Phòng" -> "hai+phong"), for short fields.

    They let a name or a heading whose words stand together outrank one where the
    same words are scattered; too costly for running text, where the browser checks
    word order on the stored text instead.
    """
    ws = [fold(w) for w in words(text)]
    return [f"{a}+{b}" for a, b in zip(ws, ws[1:])]
