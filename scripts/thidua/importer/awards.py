"""Award forms: the keys of plans/reference/awards.yaml a plan's "Hình thức khen thưởng" names.

Matched on folded words, so an OCR text without diacritics maps too.
"""

from __future__ import annotations

import re

from thidua.text import fold
from .body import walk

# Award phrases -> keys of plans/reference/awards.yaml. A list item names a form ("Bằng
# khen", "Giấy khen", "Huân chương") and then one or more authorities; the authority
# decides the key. Matched on folded words, so OCR text without diacritics maps too.
MEDALS = {"lao": "huan-chuong-lao-dong", "bao": "huan-chuong-bao-ve-to-quoc", "chien": "huan-chuong-chien-cong"}
AWARD_AUTHORITIES = {
    "bang": [(r"\bthu t(?!r)\w{1,2}ng\b", "bang-khen-thu-tuong"), (r"\bcap bo\b|\bbo truong\b|\bbo [a-z]|\btong lien doan\b|\btrung uong\b|\bmat tran to quoc viet nam\b"
                                     r"|\bhoi lien hiep phu nu viet nam\b|\bhoi nong dan viet nam\b|\bhoi cuu chien binh viet nam\b",
                                     "bang-khen-cap-bo-tinh"),
             (r"\b(?:tinh|thanh pho)\b", "bang-khen-chu-tich-ubnd-tinh")],
    "giay": [(r"\bgi\w{2} doc\b", "giay-khen-giam-doc-so"), (r"\b(?:thu truong|tham quyen)\b", "giay-khen-thu-truong"),
             (r"\b(?:huyen|quan|thi xa|thanh pho)\b", "giay-khen-chu-tich-ubnd-huyen"),
             (r"(?<!thi )\b(?:xa|phuong|thi tran)\b", "giay-khen-chu-tich-ubnd-xa")],
    "thu": [(r".", "thu-khen")],
}


# -- Awards ---------------------------------------------------------------------------------------------


def award_keys(texts: list[str]) -> list[str]:
    """Award-form keys named in the items of a "Hình thức khen thưởng" list, in order."""
    keys: list[str] = []
    for text in texts:
        f = re.sub(r"['’]", "", fold(text))
        found = [(m.start(), MEDALS[m.group(1)]) for m in re.finditer(r"\bh\w{2,3}n ch\w{1,4}ng (lao|bao|chien)\b", f)]
        heads = [(m.start(), m.end(), _form(m.group(1))) for m in re.finditer(r"\b(\w+) khen\b", f)]
        for i, (_, end, form) in enumerate(heads):
            if form is None:
                continue
            segment = f[end:heads[i + 1][0]] if i + 1 < len(heads) else f[end:]
            found += [(end + pos, key) for pos, key in _authorities(form, segment)]
        for _, key in sorted(found):
            if key not in keys:
                keys.append(key)
    return keys


def _form(word: str) -> str | None:
    """"bang", "giay", "thu", or an OCR reading of one ("being", "gidy": same first and last letter) -> the form;
    else None ("kịp thời khen thưởng" names no form)."""
    return next((form for form in ("bang", "giay", "thu")
                 if word == form or (len(word) <= 6 and word[0] == form[0] and word[-1] == form[-1])), None)


def _authorities(form: str, segment: str) -> list[tuple[int, str]]:
    hits = []
    for pattern, key in AWARD_AUTHORITIES[form]:
        m = re.search(pattern, segment)
        if m:
            hits.append((m.start(), key))
            if form == "bang":
                break  # one authority per Bằng khen: the most specific pattern comes first
    return hits


def award_texts(body: list) -> tuple[list[str], bool]:
    """The items under the "Hình thức khen thưởng" heading (False when there is none: whole body)."""
    heads = [n for n in walk(body) if isinstance(n, dict) and "title" in n and _is_award_heading(n["title"])]
    heads.sort(key=lambda n: "tieu chuan" in fold(n["title"]) or "tieu chi" in fold(n["title"]))
    if not heads:
        return [n if isinstance(n, str) else n.get("text", "") for n in walk(body)], False
    head = heads[0]
    items = [head.get("text") or ""] + [n if isinstance(n, str) else n.get("text") or n.get("title", "")
                                        for n in walk(head.get("children") or [])]
    return items, True


def _is_award_heading(title: str) -> bool:
    f = fold(title)
    return "hinh thuc" in f or ("hinh" in f and "khen" in f)
