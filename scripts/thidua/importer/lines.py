"""Reading and cleaning a plan's text: NFC, converter markup, page debris, OCR specks, lost diacritics.

Turns a text as it reaches the office (the text layer of a PDF, a Word or Markdown
conversion, an OCR scan) into `Line`s for the layout and the body tree, measures how
many words have lost their diacritics, and restores the diacritics of known phrases
for the metadata (never for the body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from thidua.text import clean, fold, words

# Phrases an OCR scan garbles but the metadata needs, restored by fuzzy match (lowercase
# entries take the capitalisation of the scan; the others keep their own).
OCR_PHRASES = [
    "ủy ban nhân dân", "hội đồng nhân dân", "hội đồng thi đua - khen thưởng", "thành phố", "thị xã", "thị trấn",
    "kế hoạch", "quyết định", "nghị quyết", "nghị định", "chỉ thị", "kết luận", "hướng dẫn", "thực hiện", "căn cứ",
    "ban hành", "xây dựng", "về việc", "phong trào", "thi đua", "khen thưởng", "nơi nhận", "phó chủ tịch",
    "chủ tịch", "giám đốc", "Thủ tướng Chính phủ", "Chính phủ", "Quốc hội", "Bộ Chính trị", "Việt Nam",
]

# Capital letters for regex classes ("À-Ỹ" would take the lower-case letters in between too).
UP = "A-ZĐ" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper())


class TextImportError(ValueError):
    """The text cannot become a draft (empty, binary, no plan structure); the message says why."""


# -- Preparing the text ------------------------------------------------------------


@dataclass
class Line:
    """One non-blank line, markup removed."""

    text: str
    blank_before: bool = False  # blank lines or a page break precede it
    marked: bool = False        # a converter made the whole line a heading or set it in bold/italic
    lead: str | None = None     # a bold run opening the line when more text follows it


_SUB = re.compile(r"<sub>(.*?)</sub>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\s*/?>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_PAGE_DEBRIS = re.compile(r"^(?:-?\s*\d{1,3}\s*-?|trang\s+\d+(?:\s*/\s*\d+)?|\d{1,3}\s*/\s*\d{1,3}|[-_=*.·•]{3,})$", re.I)
_STAR = "\ue000"  # an escaped "\*" (a printed star) while emphasis stars are removed


def normalize(text: str) -> str:
    """NFC with look-alikes mapped (archive.text.clean), keeping printed en and em dashes."""
    kept = text.replace("\u2013", "\ue001").replace("\u2014", "\ue002")
    return clean(kept).replace("\ue001", "\u2013").replace("\ue002", "\u2014")


def prepare(text: str, ocr: bool) -> list[Line]:
    """Lines without converter markup, page numbers or (for OCR) debris; blank lines become flags."""
    out: list[Line] = []
    blank = False
    for raw in _merge_runs(text.replace("\f", "\n\n").splitlines()):
        line = _strip_markup(raw)
        line.text = re.sub(r"\s+", " ", line.text).strip()
        if ocr:
            line.text = _drop_ocr_debris(line.text)
        if not line.text or _PAGE_DEBRIS.match(line.text):
            blank = True
            continue
        line.blank_before = blank
        out.append(line)
        blank = False
    return out


def _merge_runs(raw: list[str]) -> list[str]:
    """Rejoin a heading a converter set in bold or italic and a reflow broke over lines ("*a) … của" + "UBND …:*")."""
    out, i = [], 0
    while i < len(raw):
        line = raw[i]
        s = re.sub(r"^\s*#{1,6}\s+", "", line).replace("\\*", "")
        opener = re.match(r"\*{1,3}(?=[^\s*])", s)
        # Upper-case runs are signature lines or headings that carry on by themselves.
        if opener and opener.group() not in s[opener.end():] and not line.endswith("  ") and not mostly_upper(s):
            closing = next((k for k in range(i + 1, min(i + 4, len(raw)))
                            if not raw[k].strip() or raw[k].rstrip().endswith(opener.group())), None)
            if closing is not None and raw[closing].strip():
                out.append(" ".join(x.strip() for x in raw[i:closing + 1]))
                i = closing + 1
                continue
        out.append(line)
        i += 1
    return out


def _strip_markup(raw: str) -> Line:
    """Remove Markdown-ish markup a converter adds, remembering what it said about headings."""
    s = raw.replace("\\*", _STAR)
    s = re.sub(r"\\([_#\[\]()>.-])", r"\1", s)
    s = _LINK.sub(r"\1", _TAG.sub("", _SUB.sub(r"(\1)", s)))
    marked = False
    heading = re.match(r"\s*#{1,6}\s+", s)
    if heading:
        s, marked = s[heading.end():], True
    lead = None
    bold = re.match(r"\s*(\*\*\*?)(?=\S)(.+?)(?<=\S)\1(.*)$", s)
    if bold and bold.group(3).strip(" *"):
        lead = _unemphasize(bold.group(2)).replace(_STAR, "*").strip()
    elif bold or re.fullmatch(r"\s*\*(?=\S)[^*]+(?<=\S)\*\s*", s):
        marked = True
    return Line(_unemphasize(s).replace(_STAR, "*"), marked=marked, lead=lead)


def _unemphasize(s: str) -> str:
    return re.sub(r"\*{2,}", "", _ITALIC.sub(r"\1", s))


_KEEP_TOKENS = {"-", "+", "*", "–", "—", "./.", "...", "…", ":", ";", ",", "(", ")", '"', "“", "”", "/"}
_NUMBER_TOKEN = re.compile(r"[(\[]?\d+(?:[.,/:-]\d+)*[.,;:)\]]*")


def _drop_ocr_debris(line: str) -> str:
    """OCR leaves specks read as symbols ("}%", "7,.5-'", a lone "W"): drop tokens with no letter or number."""
    tokens = [t for t in line.split(" ") if re.search(r"[^\W\d_]", t) or t in _KEEP_TOKENS or _NUMBER_TOKEN.fullmatch(t)]
    line = " ".join(tokens)
    line = re.sub(r"^(?:[)(\"'”“]+\s+)+(?=[-+*]\s)", "", line)           # specks before a bullet
    return re.sub(r"([.;:!?][)”\"]?)(?:\s+\S){1,3}$", r"\1", line)  # lone letters after the last full stop


def mostly_upper(text: str) -> bool:
    """At least 80% of the letters are capitals (a heading, a kind line, a signature line)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# -- Diacritics ---------------------------------------------------------------------


def measure_diacritics(text: str) -> dict:
    """Share of Vietnamese-looking words without any diacritic; above 60% the text has lost them."""
    ws = [w for w in words(text) if re.fullmatch(r"[^\W\d_]{2,7}", w) and not w.isupper()]
    bare = sum(1 for w in ws if fold(w) == w.lower())
    share = bare / len(ws) if ws else 0.0
    return {"words": len(ws), "bare": bare, "bare_share": round(share, 3), "lost": len(ws) >= 20 and share > 0.6}


def _lev1(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


_OCR_DIGITS = str.maketrans("604138", "oooaie")


def _close(scanned: str, wanted: str) -> bool:
    """Does a folded OCR token stand for a folded vocabulary word? ("phd" -> "pho", "s6" -> "so")."""
    scanned = re.sub(r"['’]", "", scanned)
    if scanned == wanted or scanned.translate(_OCR_DIGITS) == wanted:
        return True
    return len(wanted) >= 3 and len(scanned) >= 2 and _lev1(scanned, wanted)


def restore_phrases(text: str, extra: tuple[str, ...] = ()) -> str:
    """Put back the diacritics of known phrases in an OCR text ("Uy ban nhén dan" -> "Ủy ban nhân dân").

    Only multi-word phrases and fixed words before numbers are restored, so a word the
    importer does not know is never guessed; used for metadata, never for the body.
    """
    text = re.sub(r"\b[Ss][6o0ôóố]\b(?=\s*:?\s*[\d/])", "số", text)
    text = re.sub(r"\b([Nn])g[aàáả]y\b(?=\s*\d)", r"\1gày", text)
    text = re.sub(rf"\bcua\b(?=\s+[{UP}])", "của", text)
    tokens = list(re.finditer(r"[^\W_]+(?:['’][^\W_]+)*", text))
    phrases = sorted({*OCR_PHRASES, *extra}, key=lambda p: -len(p.split()))
    out, pos, i = [], 0, 0
    while i < len(tokens):
        hit = next((p for p in phrases if _phrase_at(tokens, i, p)), None)
        if hit is None:
            i += 1
            continue
        n = len(hit.split())
        start, end = tokens[i].start(), tokens[i + n - 1].end()
        out += [text[pos:start], _like(text[start:end], hit)]
        pos, i = end, i + n
    return "".join(out) + text[pos:]


def _phrase_at(tokens, i: int, phrase: str) -> bool:
    want = [w for w in re.split(r"\W+", fold(phrase)) if w]
    got = [fold(t.group()) for t in tokens[i:i + len(want)]]
    return len(got) == len(want) and len(want) > 1 and all(_close(g, w) for g, w in zip(got, want))


def _like(scanned: str, phrase: str) -> str:
    """The phrase in the scan's capitalisation."""
    letters = [c for c in scanned if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return phrase.upper()
    if phrase[0].islower() and scanned[:1].isupper():
        return phrase[0].upper() + phrase[1:]
    return phrase
