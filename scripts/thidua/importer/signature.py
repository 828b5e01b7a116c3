"""The signature block: signer's capacity, title and name, and how titles are written in running case."""

from __future__ import annotations

import re

from thidua.text import fold

TITLE_PHRASES = ["Phó Chủ tịch", "Chủ tịch", "Phó Giám đốc", "Giám đốc", "Ủy ban nhân dân", "Hội đồng nhân dân",
                 "Thủ tướng", "Bộ trưởng", "Trưởng ban", "Phó Trưởng ban", "Chánh Văn phòng", "Hội đồng", "Sở"]



def title_case(text: str) -> str:
    """Signature lines in running case: "PHÓ CHỦ TỊCH UBND HUYỆN" -> "Phó Chủ tịch UBND huyện"."""
    out = text.lower()
    for phrase in sorted(TITLE_PHRASES, key=len, reverse=True):
        out = re.sub(rf"(?<!\w){re.escape(phrase.lower())}(?!\w)", phrase, out)
    ws = [w.upper() if _acronym(w) else w for w in out.split()]
    out = " ".join(ws)
    return out[:1].upper() + out[1:]


def _acronym(word: str) -> bool:
    """"ubnd", "tđkt": no Vietnamese syllable looks like that."""
    core = fold(re.sub(r"\W", "", word))
    syllable = r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
    return bool(core) and core.isalpha() and not re.fullmatch(syllable, core)


def split_signature(lines: list[str]) -> tuple[str | None, list[str]]:
    """(signer's name, the lines above it) of a signature block: the name is the last line that reads as a
    person's name; a title and name a paste joined ("PHÓ CHỦ TỊCH UBND HUYỆN Nguyễn Khánh Bình") are parted,
    and lines after the name (scan specks, a stamp's text) are dropped. When the name was read before the
    block (a scan put it in the recipients' column), the block's lines after it are kept: a stamp has no
    "KT."/"TM." line."""
    from .body import CAPACITY, name_like

    lines = [part for line in lines for part in _title_and_name(line, name_like)]
    at = next((i for i in range(len(lines) - 1, -1, -1) if name_like(lines[i])), None)
    if at is None:
        return None, lines
    after = lines[at + 1:]
    if any(CAPACITY.match(line) for line in after):
        last = max(i for i, line in enumerate(after) if CAPACITY.match(line) or line.isupper())
        return lines[at], lines[:at] + after[:last + 1]
    return lines[at], lines[:at]


def _title_and_name(line: str, name_like) -> list[str]:
    ws = line.split()
    first = next((i for i, w in enumerate(ws) if any(c.islower() for c in w)), None)
    while first and ws[first - 1].endswith("'"):  # "H' Mai Ktul": the apostrophe belongs to the name
        first -= 1
    title, name = " ".join(ws[:first or 0]), " ".join(ws[first or 0:])
    if first and len(title) >= 4 and title.isupper() and name_like(name):
        return [title, name]
    return [line]
