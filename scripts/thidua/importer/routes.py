"""Award forms named in running prose, with who proposes them and who decides.

A list names a form and then its authority ("Bằng khen của Chủ tịch UBND tỉnh"): awards.py
reads those. Prose puts the authority first: "UBND huyện đề nghị Chủ tịch UBND tỉnh tặng
Bằng khen", "Giám đốc Sở Y tế tặng Giấy khen", "đề nghị Bộ trưởng Bộ Y tế tặng Bằng khen".
The decider is who "tặng" (gives); the proposer is the body before "(xét,) đề nghị".
Matched on folded text (an OCR text without diacritics maps too), read back from the text
as printed.
"""

from __future__ import annotations

import re

from thidua.text import fold

_DECIDER = (r"(?P<decider>chu tich (?:ubnd|uy ban nhan dan) (?P<unit>tinh|thanh pho|huyen|quan|thi xa|thi tran|xa|phuong)"
            r"|thu tuong chinh phu|thu tuong|chu tich nuoc|giam doc so|giam doc|bo truong|thu truong co quan|thu truong)")
_FORM = r"(?P<form>bang khen|giay khen|huan chuong (?P<medal>lao|bao|chien)\w*|thu khen)"
# Between the decider and "tặng" no second "đề nghị"/"trình": "trình Chủ tịch UBND tỉnh đề nghị Thủ tướng
# Chính phủ tặng Bằng khen" is the Prime Minister's Bằng khen.
_PROSE = re.compile(_DECIDER + r"(?:(?!de nghi|trinh)[^.;:,]){0,40}?\s+(?:xet\s+)?(?:tang|trao|khen thuong bang|tang thuong)\s+"
                    + _FORM)
_MEDALS = {"lao": "huan-chuong-lao-dong", "bao": "huan-chuong-bao-ve-to-quoc", "chien": "huan-chuong-chien-cong"}
_PROPOSE = re.compile(r"(?:\bxet\s*,?\s*)?\bde nghi\s+$")
ORG = re.compile(r"^(?:UBND|Ủy ban|Uỷ ban|Hội đồng|Sở|Ban|Phòng|Bộ|Cục|Công an|Đảng ủy|Trung tâm|Liên đoàn|Chủ tịch|"
                 r"Giám đốc|Thủ trưởng)\b")


def award_key(decider: str, unit: str | None, form: str, medal: str | None) -> str | None:
    """The awards.yaml key of a form given by a decider (folded words)."""
    if medal:
        return _MEDALS[medal]
    if form == "thu khen":
        return "thu-khen"
    if form == "bang khen":
        if decider.startswith("thu tuong chinh phu") or decider == "thu tuong":
            return "bang-khen-thu-tuong"
        if decider.startswith("bo truong"):
            return "bang-khen-cap-bo-tinh"
        if unit in ("tinh", "thanh pho"):
            return "bang-khen-chu-tich-ubnd-tinh"
        return None
    if decider.startswith("giam doc"):
        return "giay-khen-giam-doc-so"
    if decider.startswith("thu truong"):
        return "giay-khen-thu-truong"
    if unit in ("huyen", "quan", "thi xa", "thanh pho"):
        return "giay-khen-chu-tich-ubnd-huyen"
    if unit in ("xa", "phuong", "thi tran"):
        return "giay-khen-chu-tich-ubnd-xa"
    return None


def prose_awards(items: list[tuple[str, str]]) -> list[dict]:
    """Routes named in prose: [{award, for, proposer, decider, section}] from (text, section) items, in order."""
    out: list[dict] = []
    for text, section in items:
        f = fold(text)
        if len(f) != len(text):  # folding changed the length (rare ligatures): positions would not map back
            continue
        last_proposer = None
        sentence_end = 0
        for m in _PROSE.finditer(f):
            key = award_key(m["decider"], m["unit"], " ".join(m["form"].split()[:2]), m["medal"])
            if key is None:
                continue
            if re.search(r"[.!?]\s", text[sentence_end:m.start()]):
                last_proposer, sentence_end = None, m.start()
            before = f[:m.start()]
            proposer = None
            proposes = _PROPOSE.search(before)
            if proposes:
                proposer = _subject(text[:proposes.start()]) or last_proposer
                last_proposer = proposer
            out.append({"award": key, "for": _for(text, m.end()) or text.strip(), "proposer": proposer,
                        "decider": text[m.start("decider"):m.end("decider")], "section": section})
    return out


def _subject(before: str) -> str | None:
    """The body that proposes: the words before "(xét,) đề nghị", after the last comma or "được"."""
    clause = re.split(r"[,;:.()]\s*|\s+được\s+|\s+do\s+", before.strip())[-1].strip()
    if clause.lower() == "xét":
        parts = re.split(r"[,;:.()]\s*", before.strip())
        clause = parts[-2].strip() if len(parts) > 1 else ""
    clause = re.sub(r"\s+xét$", "", clause)
    return clause if clause and ORG.match(clause) and len(clause.split()) <= 10 else None


def _for(text: str, end: int) -> str | None:
    """"… tặng Bằng khen cho các tập thể, cá nhân có thành tích" -> "các tập thể, cá nhân có thành tích"."""
    m = re.match(r"\s*(?:cho|đối với)\s+([^;.]+)", text[end:])
    return m.group(1).strip() if m else None
