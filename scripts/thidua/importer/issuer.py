"""Who issued a plan: the issuer as printed, its level, its 2021 unit and province, and the ids made of them."""

from __future__ import annotations

import re

from thidua.text import fold, slugify
from .body import QUOTES
from .lines import UP
from .reference import Reference

KIND_CODES = {"Kế hoạch": "kh", "Quyết định": "qd", "Chỉ thị": "ct", "Nghị quyết": "nq", "Nghị định": "nd",
              "Kết luận": "kl", "Luật": "luat", "Hướng dẫn": "hd", "Công văn": "cv", "Lời kêu gọi": "lkg"}
# Signature and title words: "PHÓ CHỦ TỊCH UBND HUYỆN" -> "Phó Chủ tịch UBND huyện".
LEVEL_WORDS = {"tinh": "province", "thanh pho": "province", "huyen": "district", "quan": "district",
               "thi xa": "district", "xa": "commune", "phuong": "commune", "thi tran": "commune"}
UNIT_TYPES = r"(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)"
CENTRAL = re.compile(r"^(?:thu tuong|chinh phu|quoc hoi|bo chinh tri|ban bi thu|ban chap hanh trung uong|bo [a-z]"
                     r"|ban thi dua\W+khen thuong trung uong|.*\btrung uong$)")
ORG_HEAD = re.compile(r"(?<![-/])\b(?:Chủ tịch\s+)?(?:UBND|Ủy ban|Uỷ ban|Hội đồng|Sở|Ban|Phòng|Bộ|Cục|Tổng cục|Công an|"
                      r"Đảng ủy|Huyện ủy|Thành ủy|Tỉnh ủy|Thị ủy|Thủ tướng|Chính phủ|Văn phòng|Trung tâm|Liên đoàn|"
                      r"Quốc hội)\b.*$")
MASS_ORGS = ("lien doan lao dong", "uy ban mat tran", "hoi lien hiep phu nu", "hoi nong dan", "hoi cuu chien binh",
             "doan thanh nien")
ORG_SLUGS = [  # folded issuer prefix -> the abbreviation ids use ("hdtdkt-huyen-thanh-oai")
    (r"chu tich (?:uy ban nhan dan|ubnd)", "chu-tich-ubnd"), (r"uy ban nhan dan|ubnd", "ubnd"),
    (r"hoi dong thi dua\W+khen thuong|hoi dong tdkt|hdtdkt", "hdtdkt"), (r"thu tuong(?: chinh phu)?", "thu-tuong"),
    (r"chinh phu", "chinh-phu"), (r"quoc hoi(?: khoa \w+)?", "quoc-hoi"), (r"bo chinh tri", "bo-chinh-tri"),
    (r"ban thi dua\W+khen thuong trung uong", "btdkt"), (r"lien doan lao dong", "ldld"),
    (r"uy ban mat tran to quoc(?: viet nam)?", "mttq"), (r"hoi lien hiep phu nu", "hlhpn"), (r"hoi nong dan", "hnd"),
    (r"hoi cuu chien binh", "hccb"), (r"doan thanh nien(?: cong san)?(?: ho chi minh)?", "dtn"),
]


_ORG_STOP = {"về", "phát", "ban", "theo", "đề", "để", "gồm", "trên", "tại", "thì", "nhằm", "với", "đã", "đến", "cho",
             "trong", "đó", "là", "được", "và", "quy", "nay", "năm", "ngày", "số", "thực", "đối", "triển", "xây",
             "tổ", "hướng", "cụ", "nhằm", "phối"}




def org_run(text: str) -> str | None:
    """The organisation named at the start of `text` ("UBND tỉnh Hải Dương. Với…" -> "UBND tỉnh Hải Dương")."""
    ws = re.findall(r"\S+", text[:240])
    out: list[str] = []
    for i, w in enumerate(ws[:14]):
        core = w.rstrip(",.;:)”\"’")
        if not core or core[0] in QUOTES or core in _ORG_STOP and not (
                core == "và" and i + 1 < len(ws) and ws[i + 1][:1].isupper() and out):
            break
        out.append(core)
        if core != w:
            break
    return " ".join(out) or None


def proper_run(text: str) -> str | None:
    """Capitalised words at the start ("Đức Phổ (sau đây…" -> "Đức Phổ")."""
    m = re.match(rf"((?:[{UP}][^\s,;.:()“”\"]*)(?:\s+[{UP}][^\s,;.:()“”\"]*){{0,3}})", text)
    return m.group(1) if m else None




# -- Issuer, level, unit -----------------------------------------------------------------------------

_ISSUE_VERB = re.compile(r"\b(?:ban hành|xây dựng|phát động|triển khai)\s+(?:các\s+)?"
                         r"(?:kế hoạch|quyết định|chỉ thị|hướng dẫn)\b", re.I)
UNIT_NAME = re.compile(r"(?P<type>(?i:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường))\s+"
                        rf"(?P<name>[{UP}][^\s,;.:()“”\"]*(?:\s+[{UP}][^\s,;.:()“”\"]*){{0,3}})")


def issuer_from_preamble(preamble: str) -> str | None:
    """"…, UBND huyện Tứ Kỳ xây dựng Kế hoạch" -> "UBND huyện Tứ Kỳ" (the one issuing, not one cited)."""
    for m in _ISSUE_VERB.finditer(preamble):
        clause = re.split(r"[,;.:“”\"()]", preamble[:m.start()])[-1].strip()
        if re.search(r"\bvề\b", clause) or re.search(r"\bsố\s*:?\s*\d", clause):
            continue  # "… về việc ban hành Kế hoạch", "Kế hoạch số 215/… của UBND huyện … triển khai": cited
        org = ORG_HEAD.search(clause)
        if org:
            return org.group().strip()
    return None


def complete_unit(org: str, texts: list[str], ref: Reference, place: str | None = None) -> str:
    """"UBND thị xã" + "trên địa bàn thị xã Đức Phổ" elsewhere -> "UBND thị xã Đức Phổ".

    The place of the dateline is the last resort: it usually names the issuing unit.
    """
    bare = re.search(rf"(?i:{UNIT_TYPES})$", org)
    if not bare:
        return org
    names = [m["name"] for t in texts for m in UNIT_NAME.finditer(t) if fold(m["type"]) == fold(bare.group())]
    names += [place] if place else []
    known = [n for n in names if ref.unit_named(proper_run(n) or n)]
    name = (known or names or [None])[0]
    return f"{org} {name}" if name else org


def issuer_unit(issuer: str, ref: Reference, within: str | None = None) -> tuple[str | None, str | None]:
    """Level and 2021 unit key of an issuer as printed ("UBND huyện Tứ Kỳ" -> district, tu-ky).

    `within` (a province or district key from the header or the parent) tells apart units
    that share a name ("xã Tân Thành").
    """
    f = fold(issuer)
    if CENTRAL.match(f):
        return "central", None
    named = UNIT_NAME.search(issuer)
    if named:
        name = proper_run(named["name"]) or named["name"]
        key = ref.unit_named(name, within=within, kind=named["type"]) or ref.unit_named(named["name"], within=within)
        level = ref.units[key]["level"] if key else LEVEL_WORDS.get(fold(named["type"]).lower())
        if f.startswith(("so ",) + MASS_ORGS) and key and level == "province":
            return "department", key  # a province's department or mass organisation is filed with its departments
        return level, key
    if f.startswith(("so ", "ban ")):
        return "department", None
    typed = re.search(r"\b(thanh pho|thi xa|thi tran|tinh|huyen|quan|xa|phuong)$", f)
    return (LEVEL_WORDS[typed.group(1)] if typed else None), None


def province_hint(texts: list[str], ref: Reference) -> str | None:
    """The province most named in the text ("tỉnh Trà Vinh"), for issuers that do not name one."""
    counts: dict[str, int] = {}
    for t in texts:
        for m in UNIT_NAME.finditer(t):
            key = ref.unit_named(proper_run(m["name"]) or m["name"], "province")
            if key:
                counts[key] = counts.get(key, 0) + 1
    return max(counts, key=counts.get) if counts else None


def issuer_slug(issuer: str, province: str | None) -> str:
    """"Hội đồng Thi đua - Khen thưởng huyện Thanh Oai" -> "hdtdkt-huyen-thanh-oai" (as ids abbreviate)."""
    f = fold(issuer)
    rest = ""
    for pattern, slug in ORG_SLUGS:
        m = re.match(pattern, f)
        if m:
            org, rest = slug, f[m.end():]
            break
    else:
        if f.startswith("so "):
            org = "so-" + "".join(w[0] for w in re.findall(r"[a-z0-9]+", f[3:]) if w != "va")
        else:
            org = "-".join(slugify(issuer).split("-")[:6])
    if province:
        rest = re.sub(rf"\b{re.escape(fold(province))}\b", " ", rest)
    return "-".join(p for p in (org, slugify(rest)) if p)


def document_id(kind: str, number: str | None, date: str, issuer: str, level: str | None, province: str | None) -> str:
    """Ids as the archive spells them: province, issuer, kind, number and year (or the date)."""
    parts = [slugify(province)] if province and level != "central" else []
    parts += [issuer_slug(issuer, province), KIND_CODES.get(kind, slugify(kind))]
    head = re.match(r"\d+", number or "")
    parts += [head.group(), date[:4]] if head else [date]
    return "-".join(p for p in parts if p)


def short_issuer(issuer: str) -> str:
    """"UBND huyện Tứ Kỳ" -> "UBND huyện": how a signer's title names the body."""
    s = re.sub(r"^(?:Ủy|Uỷ) ban nhân dân", "UBND", issuer)
    m = UNIT_NAME.search(s)
    return s[:m.start("name")].strip() if m else s
