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
