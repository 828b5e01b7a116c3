"""The documents a plan cites and the one it carries out (its parent).

Citations are read as printed (kind, number, date, issuer, article), matched against the
archive's records, and the parent chosen among those the preamble names.
"""

from __future__ import annotations

import re

from thidua.sources.checks import number_key
from thidua.text import fold
from .body import KINDS
from .dates import iso_date, year_of
from .issuer import UNIT_TYPES, issuer_unit, org_run
from .lines import UP
from .reference import Reference

# -- Cited documents -------------------------------------------------------------------------------

_CITE = re.compile(r"(?P<kind>Kế hoạch|Quyết định|Nghị quyết|Nghị định|Chỉ thị|Kết luận|Hướng dẫn|Công văn|Luật)"
                   r"\s+(?:số\s*:?\s*)?(?P<number>\d{1,5}(?:\s?[/-]\s?[0-9A-Za-zĐđ]+)+)", re.I)
_DATE_AFTER = re.compile(r"\s*,?\s*ngày\s+(?P<d>\d{1,2})\s*(?:/|-|tháng)\s*(?P<m>\d{1,2})\s*(?:/|-|năm)\s*(?P<y>\d{4})",
                         re.I)
_CONGRESS = re.compile(r"Nghị quyết Đại hội (?:đại biểu )?Đảng bộ (?P<type>tỉnh|huyện|thành phố|thị xã|quận)"
                       rf"(?P<name>(?:\s+[{UP}][^\s,.;()]*){{0,3}}?)\s+lần thứ\s+(?P<ord>[IVXLC]+)\b")


def find_citations(text: str) -> list[dict]:
    """Every document the text names, in order: kind, number, date, issuer and article as printed."""
    found = []
    for m in _CITE.finditer(text):
        number = re.sub(r"\s", "", m.group("number"))
        if not re.search(r"[^\W\d_]", number):
            continue  # "Kế hoạch 05 năm": a count, not a number
        pos, date = m.end(), None
        dated = _DATE_AFTER.match(text, pos)
        if dated:
            date, pos = iso_date(dated["d"], dated["m"], dated["y"]), dated.end()
        issuer, about = _cited_issuer(text[pos:pos + 600])
        article = re.search(r"((?:Điều|Khoản|Điểm)\s+\d+[a-zđ]?)\s*,?\s*$", text[max(0, m.start() - 30):m.start()])
        found.append({"kind": KINDS[fold(m.group("kind"))], "number": number, "date": date, "issuer": issuer,
                      "detail": article.group(1) if article else None, "about": about, "at": m.start()})
    for m in _CONGRESS.finditer(text):  # Party congress resolutions carry no number
        found.append({"kind": "Nghị quyết", "number": None, "date": None, "issuer": f"Đảng bộ {m['type']}{m['name']}",
                      "detail": None, "about": None, "congress": m["ord"], "at": m.start()})
    return sorted(found, key=lambda c: c["at"])


def _cited_issuer(rest: str) -> tuple[str | None, str | None]:
    """Issuer and "về …" subject after a citation; "… về việc X “…” của Thủ tướng" puts the issuer last."""
    by = re.match(r"\s*,?\s*(?:của|do)\s+", rest)
    if by:
        issuer = org_run(rest[by.end():])
        after = rest[by.end() + len(issuer or ""):]
        return issuer, _about(after)
    about = _about(rest)
    if not about:
        return None, None
    depth = 0
    for i, ch in enumerate(about):
        depth += (ch in "“«") - (ch in "”»") + (ch == '"' and (1 if depth % 2 == 0 else -1))
        if depth <= 0 and about.startswith(" của ", i):
            return org_run(about[i + 5:]), about[:i].strip()
    return None, about


def _about(rest: str) -> str | None:
    """"về việc …" up to the end of the clause (a new clause after a comma starts with a capital)."""
    m = re.match(rf"\s*,?\s*(về\s[^;:]*?)(?=[;:]|\.(?:\s|$)|,\s+[{UP}]|$)", rest)
    return m.group(1).strip() if m else None



def match_citation(cite: dict, ref: Reference, province: str | None) -> str | None:
    """Id of the archive's record of a cited document: same number (graph.number_key) or same congress."""
    if cite.get("congress"):
        who, ordinal = fold(cite["issuer"]), fold(cite["congress"])
        named = re.search(rf"Đảng bộ {UNIT_TYPES}\s+\S", cite["issuer"])  # else only "Đảng bộ tỉnh": this province
        for d in ref.documents:
            t = fold(d.title)
            if d.number is None and who in t and re.search(rf"\blan thu {ordinal}\b", t) \
                    and (named or d.province == province):
                return d.id
        return None
    year = year_of(cite)

    def key(number: str, doc_year: int | None) -> str:
        k = number_key(number, doc_year or 0)
        return k if year else k.split(":", 1)[1]

    want = key(cite["number"], year)
    cands = [d for d in ref.documents if d.number and key(d.number, d.year) == want]
    printed = printed_province(cite.get("issuer"), ref)
    cands = [d for d in cands if not (printed and d.province and d.province != printed)]
    if len(cands) > 1:
        cands = [d for d in cands if d.kind == cite["kind"] and d.province in (province, None)] or cands
    return cands[0].id if len(cands) == 1 else None


def printed_province(issuer: str | None, ref: Reference) -> str | None:
    m = re.search(rf"(?i:tỉnh|thành phố)\s+(?P<name>[{UP}]\w*(?:\s+[{UP}]\w*){{0,2}})", issuer or "")
    key = ref.unit_named(m.group("name"), "province") if m else None
    return ref.province_of(key)


def upward_citation(preamble: str, parent: dict) -> dict | None:
    """The document the parent itself carries out, when the text says so right after it
    ("Kế hoạch số 215/KH-UBND … của UBND huyện Yên Thành triển khai Kế hoạch số 4127/KH-UBND …")."""
    later = [c for c in find_citations(preamble) if c["at"] > parent["at"] and c["number"]]
    if not later:
        return None
    gap = preamble[parent["at"]:later[0]["at"]]
    if re.search(r"[;.]\s", gap) or not re.search(r"\b(?:triển khai|thực hiện|cụ thể hóa|cụ thể hoá)\s*$", gap.strip()):
        return None
    return later[0]



_DEPTH = {"central": 0, "province": 1, "department": 1, "district": 2, "commune": 3}


def choose_parent(cites: list[dict], preamble: str, ref: Reference | None = None) -> dict | None:
    """The directive a plan carries out: of the numbered documents the preamble cites that are no law or
    decree, the one of the nearest level (a province's plan before QĐ 1497/QĐ-TTg, which every plan
    goes back to); among equals, one cited after "Thực hiện" before one after "Căn cứ", then the first."""
    def clause(c: dict) -> str:
        return re.split(r"[.;]\s", preamble[:c["at"]])[-1].lower()

    def depth(c: dict) -> int:
        level = issuer_unit(c["issuer"], ref)[0] if c.get("issuer") and ref is not None else None
        return _DEPTH.get(level, 0)

    numbered = [c for c in cites if c["number"]]
    done = [c for c in numbered if "thực hiện" in clause(c) or "thuc hien" in fold(clause(c))]
    based = [c for c in numbered if c["kind"] not in ("Luật", "Nghị định")]
    ranked = done + [c for c in based if c not in done]
    return max(ranked, key=depth, default=None)  # max keeps the first of equals


def identity(cite: dict) -> str:
    if cite.get("congress"):
        return f"congress:{fold(cite['issuer'])}:{cite['congress']}"
    return number_key(cite["number"], 0).split(":", 1)[1]

