"""The metadata of a plan's text, and `import_text`, the whole way from text to `Draft`.

Reads number, dateline, issuer, level, unit and province, the title and movement, the
cited documents (matched against the archive's records; unknown ones become directive
drafts), the awards, the signer and the recipients, noting every field a person must
check (`_Extraction`). `import_text` runs the steps: prepare the lines (lines.py), split
the layout and build the body tree (body.py), read the metadata (here).
"""

from __future__ import annotations

import re

from thidua.sources.checks import number_key
from thidua.text import fold, slugify
from .awards import award_keys, award_texts
from .columns import split_columns
from .header import header_bodies
from .routes import prose_awards
from .body import CAPACITY, KINDS, QUOTES, BodyBuilder, Layout, name_like, parse_tail, split_layout, walk, wrap_width
from .lines import UP, Line, TextImportError, measure_diacritics, normalize, prepare, restore_phrases
from .output import Draft, directive_yaml
from .reference import Reference

KIND_CODES = {"Kế hoạch": "kh", "Quyết định": "qd", "Chỉ thị": "ct", "Nghị quyết": "nq", "Nghị định": "nd",
              "Kết luận": "kl", "Luật": "luat", "Hướng dẫn": "hd", "Công văn": "cv", "Lời kêu gọi": "lkg"}
# Signature and title words: "PHÓ CHỦ TỊCH UBND HUYỆN" -> "Phó Chủ tịch UBND huyện".
TITLE_PHRASES = ["Phó Chủ tịch", "Chủ tịch", "Phó Giám đốc", "Giám đốc", "Ủy ban nhân dân", "Hội đồng nhân dân",
                 "Thủ tướng", "Bộ trưởng", "Trưởng ban", "Phó Trưởng ban", "Chánh Văn phòng", "Hội đồng", "Sở"]

LEVEL_WORDS = {"tinh": "province", "thanh pho": "province", "huyen": "district", "quan": "district",
               "thi xa": "district", "xa": "commune", "phuong": "commune", "thi tran": "commune"}
UNIT_TYPES = r"(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)"
CENTRAL = re.compile(r"^(?:thu tuong|chinh phu|quoc hoi|bo chinh tri|ban bi thu|ban chap hanh trung uong|bo [a-z]"
                     r"|ban thi dua\W+khen thuong trung uong|.*\btrung uong$)")
ORG_HEAD = re.compile(r"(?<![-/])\b(?:Chủ tịch\s+)?(?:UBND|Ủy ban|Uỷ ban|Hội đồng|Sở|Ban|Phòng|Bộ|Cục|Tổng cục|Công an|"
                      r"Đảng ủy|Huyện ủy|Thành ủy|Tỉnh ủy|Thị ủy|Thủ tướng|Chính phủ|Văn phòng|Trung tâm|Liên đoàn|"
                      r"Quốc hội)\b.*$")
ORG_SLUGS = [  # folded issuer prefix -> the abbreviation ids use ("hdtdkt-huyen-thanh-oai")
    (r"chu tich (?:uy ban nhan dan|ubnd)", "chu-tich-ubnd"), (r"uy ban nhan dan|ubnd", "ubnd"),
    (r"hoi dong thi dua\W+khen thuong|hoi dong tdkt|hdtdkt", "hdtdkt"), (r"thu tuong(?: chinh phu)?", "thu-tuong"),
    (r"chinh phu", "chinh-phu"), (r"quoc hoi(?: khoa \w+)?", "quoc-hoi"), (r"bo chinh tri", "bo-chinh-tri"),
    (r"ban thi dua\W+khen thuong trung uong", "btdkt"),
]


# -- Small readers ------------------------------------------------------------------------------

_NUMBER = re.compile(r"\bSố\s*:?\s*(?P<n>\d*)\s*/\s*(?P<sym>[^\s,;]*[^\W\d_][^\s,;]*)", re.I)
_DATELINE = re.compile(r"(?P<place>[^\W\d_][^,;:/\n]{0,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng|/)\s*"
                       r"(?P<m>\d{1,2})?\s*(?:năm|/)\s*(?P<y>(?:19|20)\d{2})\b", re.I)
_ORG_STOP = {"về", "phát", "ban", "theo", "đề", "để", "gồm", "trên", "tại", "thì", "nhằm", "với", "đã", "đến", "cho",
             "trong", "đó", "là", "được", "và", "quy", "nay", "năm", "ngày", "số", "thực", "đối", "triển", "xây",
             "tổ", "hướng", "cụ", "nhằm", "phối"}


def iso_date(day: str | None, month: str | None, year: str) -> str | None:
    """"26", "10", "2021" -> "2021-10-26"; blanks give the real precision; None if it cannot exist."""
    import calendar

    y = int(year)
    if not month:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if not day:
        return f"{y:04d}-{m:02d}"
    d = int(day)
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= d <= calendar.monthrange(y, m)[1] else None


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


def _proper_run(text: str) -> str | None:
    """Capitalised words at the start ("Đức Phổ (sau đây…" -> "Đức Phổ")."""
    m = re.match(rf"((?:[{UP}][^\s,;.:()“”\"]*)(?:\s+[{UP}][^\s,;.:()“”\"]*){{0,3}})", text)
    return m.group(1) if m else None


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


def _year_of(cite: dict) -> int | None:
    if cite.get("date"):
        return int(cite["date"][:4])
    year = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", cite.get("number") or "")
    return int(year.group()) if year else None


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
    year = _year_of(cite)

    def key(number: str, doc_year: int | None) -> str:
        k = number_key(number, doc_year or 0)
        return k if year else k.split(":", 1)[1]

    want = key(cite["number"], year)
    cands = [d for d in ref.documents if d.number and key(d.number, d.year) == want]
    printed = _printed_province(cite.get("issuer"), ref)
    cands = [d for d in cands if not (printed and d.province and d.province != printed)]
    if len(cands) > 1:
        cands = [d for d in cands if d.kind == cite["kind"] and d.province in (province, None)] or cands
    return cands[0].id if len(cands) == 1 else None


def _printed_province(issuer: str | None, ref: Reference) -> str | None:
    m = re.search(rf"(?i:tỉnh|thành phố)\s+(?P<name>[{UP}]\w*(?:\s+[{UP}]\w*){{0,2}})", issuer or "")
    key = ref.unit_named(m.group("name"), "province") if m else None
    return ref.province_of(key)


# -- Issuer, level, unit -----------------------------------------------------------------------------

_ISSUE_VERB = re.compile(r"\b(?:ban hành|xây dựng|phát động|triển khai)\s+(?:các\s+)?"
                         r"(?:kế hoạch|quyết định|chỉ thị|hướng dẫn)\b", re.I)
_UNIT_NAME = re.compile(r"(?P<type>(?i:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường))\s+"
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
    names = [m["name"] for t in texts for m in _UNIT_NAME.finditer(t) if fold(m["type"]) == fold(bare.group())]
    names += [place] if place else []
    known = [n for n in names if ref.unit_named(_proper_run(n) or n)]
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
    named = _UNIT_NAME.search(issuer)
    if named:
        name = _proper_run(named["name"]) or named["name"]
        key = ref.unit_named(name, within=within, kind=named["type"]) or ref.unit_named(named["name"], within=within)
        level = ref.units[key]["level"] if key else LEVEL_WORDS.get(fold(named["type"]).lower())
        if f.startswith("so ") and key and level == "province":
            return "department", key
        return level, key
    if f.startswith(("so ", "ban ")):
        return "department", None
    typed = re.search(r"\b(thanh pho|thi xa|thi tran|tinh|huyen|quan|xa|phuong)$", f)
    return (LEVEL_WORDS[typed.group(1)] if typed else None), None


def province_hint(texts: list[str], ref: Reference) -> str | None:
    """The province most named in the text ("tỉnh Trà Vinh"), for issuers that do not name one."""
    counts: dict[str, int] = {}
    for t in texts:
        for m in _UNIT_NAME.finditer(t):
            key = ref.unit_named(_proper_run(m["name"]) or m["name"], "province")
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


# -- The whole import ---------------------------------------------------------------------------------


def import_text(text: str, source_name: str, reference: Reference | None = None) -> Draft:
    """Parse a plan's plain text into a Draft; raises TextImportError when it is not a plan's text.

    `reference` (from load_reference) holds the units and known documents matching runs
    against; without it nothing is matched and the draft says so.
    """
    if not isinstance(text, str):
        raise TextImportError("expected text")
    if "\x00" in text:
        raise TextImportError("binary data (NUL bytes): not a text file")
    text = split_columns(normalize(text))
    if not text.strip():
        raise TextImportError("the text is empty")
    diacritics = measure_diacritics(text)
    layout = split_layout(prepare(text, diacritics["lost"]))
    builder = BodyBuilder(wrap_width(layout.body))
    for line in layout.body:
        builder.add(line)
    body = builder.tree()
    if not body:
        raise TextImportError("nothing after the title: not the text of a plan")
    extraction = _Extraction(reference or Reference(), diacritics, source_name)
    record = extraction.run(layout, body)
    return Draft(record, extraction.uncertain, diacritics, source_name, extraction.directives, extraction.parent_draft,
                 parent_up=extraction.parent_up)


def _texts(nodes: list) -> list[str]:
    """Titles, texts and paragraphs of a body, in reading order."""
    out = []
    for n in walk(nodes):
        out += [n] if isinstance(n, str) else [t for t in (n.get("title"), n.get("text")) if t]
    return out


def movement_of(title: str) -> str | None:
    """The movement's name: the quoted name after "phong trào (thi đua đặc biệt)", else the words after it."""
    f = fold(title)
    at = f.find("phong trao ")
    if at < 0 or len(f) != len(title):
        quoted = re.search(r"[“\"«]([^”\"»]{12,})[”\"»]", title)
        return quoted.group(1).strip() if quoted else None
    rest = title[at + len("phong trao "):]
    special = re.match(r"thi dua dac biet\s*", fold(rest))
    rest = rest[special.end():] if special else rest
    quoted = re.match(r"\s*[“\"«](.+?)[”\"»]", rest)
    return quoted.group(1).strip() if quoted else rest.strip() or None


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


def sectioned(body: list) -> list[tuple[str, str]]:
    """(text, anchor) of every paragraph and item of a body, with the anchors the build gives them."""
    from thidua.sources.documents import build_body

    out = []

    def pair(raw: list, nodes) -> None:
        for n, node in zip(raw, nodes):
            text = n if isinstance(n, str) else " ".join(t for t in (n.get("title"), n.get("text")) if t)
            out.append((text, node.anchor))
            if isinstance(n, dict):
                pair(n.get("children") or [], node.children)

    pair(body, build_body(body))
    return out


def choose_parent(cites: list[dict], preamble: str) -> dict | None:
    """The directive a plan carries out: cited after "Thực hiện", else the first "Căn cứ" that is no law."""
    def clause(c: dict) -> str:
        return re.split(r"[.;]\s", preamble[:c["at"]])[-1].lower()

    numbered = [c for c in cites if c["number"]]
    done = [c for c in numbered if "thực hiện" in clause(c) or "thuc hien" in fold(clause(c))]
    based = [c for c in numbered if c["kind"] not in ("Luật", "Nghị định")]
    return (done or based or [None])[0]


def _identity(cite: dict) -> str:
    if cite.get("congress"):
        return f"congress:{fold(cite['issuer'])}:{cite['congress']}"
    return number_key(cite["number"], 0).split(":", 1)[1]


class _Extraction:
    """Reads the metadata of one text, noting what a person must check."""

    def __init__(self, ref: Reference, diacritics: dict, source_name: str):
        self.ref, self.ocr, self.source_name = ref, diacritics["lost"], source_name
        self.share = diacritics["bare_share"]
        self.uncertain: dict[str, str] = {}
        self.directives: dict[str, str] = {}
        self.parent_draft: str | None = None
        self.parent_up: str | None = None   # the parent's own parent, as the text states it
        self.up_cite: dict | None = None
        self.header_parent: str | None = None
        names = ref.unit_names()
        self.restore = (lambda s: restore_phrases(s, names)) if self.ocr else (lambda s: s)

    def mark(self, key: str, why: str) -> None:
        if why not in self.uncertain.get(key, ""):
            self.uncertain[key] = f"{self.uncertain[key]}; {why}" if key in self.uncertain else why

    def run(self, layout: Layout, body: list) -> dict:
        title = " ".join(layout.title).strip()
        preamble = [self.restore(n) for n in body[:next((i for i, n in enumerate(body) if isinstance(n, dict)), len(body))]]
        texts = [self.restore(t) for t in _texts(body)]
        record = {"kind": layout.kind, **self._head(layout.head)}
        parent, cites = self._citations(" ".join(preamble), " ".join(texts))
        bodies = header_bodies([Line(self.restore(h.text)) for h in layout.head])
        header = bodies[-1] if bodies else None
        self.header_parent = bodies[-2] if len(bodies) > 1 else None
        record.update(self._issuer(" ".join(preamble), header, [self.restore(title), *texts, header or ""],
                                   record["place"], parent))
        record.update(self._place(record, parent, texts))
        record.update(self._date_fallback(record, parent))
        record.update(self._links(parent, cites, record))
        movement = movement_of(title) or movement_of(" ".join(preamble))
        record.update(title=title or None, movement=movement)
        record.update(self._awards(body))
        record.update(self._signer(layout, record))
        record["body"] = body
        record["id"] = document_id(record["kind"], record["number"], record["date"], record["issuer"] or "",
                                   record["level"], record["province"])
        self._review_marks(record)
        return record

    def _head(self, head: list[Line]) -> dict:
        out = {"number": None, "symbol": None, "dateline": None, "place": None, "date": None}
        text = "\n".join(self.restore(line.text) for line in head)
        num = _NUMBER.search(text)
        if num:
            out["symbol"] = num["sym"]
            out["number"] = f"{num['n']}/{num['sym']}" if num["n"] else None
            if not num["n"]:
                self.mark("number", f"bản gốc để trống số (“{num.group().strip()}”): xem bản đã ban hành có số chưa")
            text = text[:num.start()] + "\n" + text[num.end():]
        else:
            self.mark("number", "không thấy dòng “Số: …” (bản sao không có phần đầu?)")
        line = _DATELINE.search(text)
        if line:
            out.update(dateline=re.sub(r"\s+", " ", line.group()).strip(), place=line["place"].strip(),
                       date=iso_date(line["d"], line["m"], line["y"]))
            if out["date"] is None:
                self.mark("date", f"ngày không có thật trong dòng “{out['dateline']}”")
            elif len(out["date"]) < 10:
                self.mark("date", "ngày hoặc tháng để trống trong bản gốc")
        else:
            self.mark("dateline", "không thấy dòng địa danh, ngày tháng")
        return out

    def _date_fallback(self, record: dict, parent: dict | None) -> dict:
        if record["date"]:
            return {}
        year = _year_of(parent) if parent else None
        self.mark("date", f"không có ngày ban hành; ghi năm {'của văn bản được thực hiện' if year else '2021'}")
        return {"date": str(year or 2021)}

    def _citations(self, preamble: str, text: str) -> tuple[dict | None, list[dict]]:
        parent = choose_parent(find_citations(preamble), preamble)
        self.up_cite = upward_citation(preamble, parent) if parent else None
        cites: dict[str, dict] = {}
        for c in find_citations(text):
            if parent and _identity(c) == _identity(parent):
                continue
            seen = cites.setdefault(_identity(c), c)
            seen["detail"] = seen["detail"] or c["detail"]
        if parent is None:
            self.mark("implements", "không thấy văn bản được thực hiện (“Căn cứ…”, “Thực hiện…” có số hiệu)")
        return parent, list(cites.values())

    def _contexts(self, parent: dict | None, texts: list[str], place: str | None) -> list[str]:
        """Units the issuer lies in, most telling first: the header's parent body, the parent's issuer,
        the dateline's place, the province the text names most."""
        out = []
        for org in (self.header_parent, parent.get("issuer") if parent else None):
            if org:
                out.append(issuer_unit(org, self.ref)[1])
        out += [self.ref.unit_named(place) if place else None, province_hint(texts, self.ref)]
        return [k for k in dict.fromkeys(out) if k]

    def _issuer(self, preamble: str, header: str | None, texts: list[str], place: str | None,
                parent: dict | None = None) -> dict:
        """Issuer as printed: the body that "ban hành/xây dựng Kế hoạch", completed with its unit's name."""
        issuer = issuer_from_preamble(preamble)
        if issuer is None:
            issuer = header
            self.mark("issuer.name", "không thấy câu “… ban hành/xây dựng Kế hoạch”; " +
                      ("lấy theo phần đầu văn bản" if issuer else "cần điền"))
        elif issuer.startswith("Chủ tịch "):
            issuer = issuer[len("Chủ tịch "):]
            self.mark("issuer.name", "văn bản ghi “Chủ tịch … ban hành”; cơ quan ghi là Ủy ban")
        if issuer:
            full = complete_unit(issuer, texts, self.ref, place)
            if full != issuer:
                self.mark("issuer.name", f"tên đơn vị “{full[len(issuer):].strip()}” lấy từ chỗ khác trong văn bản")
            issuer = full
        if issuer and self.ocr:
            self.mark("issuer.name", "khôi phục dấu theo từ điển cụm từ (văn bản mất dấu)")
        level, unit = (None, None)
        contexts = self._contexts(parent, texts, place) if issuer else []
        for within in [*contexts, None] if issuer else []:
            level, unit = issuer_unit(issuer, self.ref, within)
            if unit or level == "central":
                break
        if unit is None and level == "department" and contexts:
            unit = self.ref.province_key(self.ref.province_of(contexts[0]))  # "Sở Y tế" under "UBND tỉnh Nghệ An"
        if level is None:
            self.mark("issuer.level", "không xác định được cấp ban hành")
        return {"issuer": issuer, "level": level, "unit": unit}

    def _place(self, record: dict, parent: dict | None, texts: list[str]) -> dict:
        """Province of the issuer; when its name does not say, that of the parent or the text's province."""
        level, unit = record["level"], record["unit"]
        province = self.ref.province_of(unit)
        if province is None and level != "central":
            known = match_citation(parent, self.ref, None) if parent else None
            province = next((d.province for d in self.ref.documents if d.id == known), None) \
                or _printed_province(parent.get("issuer") if parent else None, self.ref) \
                or self.ref.province_of(province_hint(texts, self.ref))
            if province:
                self.mark("issuer.unit", f"tỉnh {province} suy từ văn bản được thực hiện hoặc nội dung")
        if unit is None and level in ("province", "department"):
            unit = self.ref.province_key(province)
        if unit is None and level not in (None, "central"):
            named = _UNIT_NAME.search(record["issuer"] or "")
            unit = slugify(named["name"]) if named else None
            self.mark("issuer.unit", "đơn vị chưa có trong plans/reference/units.yaml: thêm vào hoặc sửa")
        return {"unit": unit, "province": province if level != "central" else None}

    def _links(self, parent: dict | None, cites: list[dict], record: dict) -> dict:
        province = record["province"]
        out = {"cites": [], "implements_number": None, "implements": None}
        if parent:
            if self.up_cite:  # "Kế hoạch số X của … triển khai Kế hoạch số Y của …": the parent's own parent
                up = self._entry(self.up_cite, province, record["date"], is_parent=True)
                self.parent_up = up["ref"] or up["draft"]
            entry = self._entry(parent, province, record["date"], is_parent=True, up=self.parent_up)
            out.update(implements_number=parent["number"], implements=entry["ref"])
            self.parent_draft = entry["draft"]
        out["cites"] = [self._entry(cite, province, record["date"], is_parent=False) for cite in cites]
        return out

    def _entry(self, cite: dict, province: str | None, plan_date: str, is_parent: bool, up: str | None = None) -> dict:
        ref = match_citation(cite, self.ref, province)
        entry = {k: cite.get(k) for k in ("number", "kind", "date", "issuer", "detail")}
        entry.update(ref=ref, draft=None)
        name = f"{cite['kind']} {cite['number'] or cite['issuer']}"
        where = "implements" if is_parent else "cites"
        if ref is None and cite["number"]:
            entry["draft"] = self._draft_directive(cite, province, plan_date, is_parent, up)
            self.mark(where, f"{name} chưa có trong kho: đã tạo bản nháp plans/directives/{entry['draft']}.yaml")
        elif ref is None:
            self.mark(where, f"{name} chưa có trong kho và không có số hiệu: cần tạo bản ghi bằng tay")
        return entry

    def _draft_directive(self, cite: dict, province: str | None, plan_date: str, is_parent: bool,
                         up: str | None = None) -> str:
        issuer = cite["issuer"]
        level, unit = issuer_unit(issuer, self.ref) if issuer else ("central", None)
        inferred = unit is None and level != "central"
        if inferred and level in ("province", "department", None):
            unit = self.ref.province_key(province)  # "UBND tỉnh": the citing plan's province
            level = level or ("province" if unit else "central")
        if unit is None and level != "central":
            named = _UNIT_NAME.search(issuer or "")
            unit = slugify(named["name"]) if named else None
        date = cite["date"] or (str(_year_of(cite)) if _year_of(cite) else plan_date[:4])
        doc_id = document_id(cite["kind"], cite["number"], date, issuer or "", level,
                             self.ref.province_of(unit) if unit else None)
        if doc_id not in self.directives and not any(d.id == doc_id for d in self.ref.documents):
            self.directives[doc_id] = directive_yaml(cite, level, unit, date, self.source_name, is_parent, inferred, up)
        return doc_id

    def _awards(self, body: list) -> dict:
        texts, under_heading = award_texts(body)
        keys = award_keys(texts)
        routes = [r for r in prose_awards(sectioned(body)) if not self.ref.awards or r["award"] in self.ref.awards]
        keys += [k for k in dict.fromkeys(r["award"] for r in routes) if k not in keys]
        if not under_heading:
            self.mark("awards", "không thấy mục “Hình thức khen thưởng”; các hình thức lấy từ toàn văn")
        elif not keys:
            self.mark("awards", "mục “Hình thức khen thưởng” không có hình thức nào nhận ra được")
        # Without a reference (a bare call) the key stands in for the name.
        return {"award_keys": keys, "awards": [self.ref.awards.get(k, k) for k in keys], "routes": routes}

    def _signer(self, layout: Layout, record: dict) -> dict:
        recipients, sig = parse_tail(layout.tail, layout.signature, self.ocr)
        sig = [self.restore(s) for s in sig]
        name = sig[-1] if sig and name_like(sig[-1]) else None
        block = sig[:-1] if name else sig
        capacities = [b for b in block if CAPACITY.match(b)]
        cap = CAPACITY.match(capacities[0]) if capacities else None
        if len(capacities) > 1:
            self.mark("signer.capacity", f"nhiều dòng tư cách ký ({', '.join(capacities)}); ghi dòng đầu")
        own = [b for b in block if b not in capacities]
        title = title_case(own[-1]) if own else None
        if title and record["issuer"] and not re.search(r"\b(?:ubnd|uy ban|so|hoi dong|ban|bo)\b", fold(title)):
            title = f"{title} {short_issuer(record['issuer'])}"
            self.mark("signer.title", "chức danh suy từ khối chữ ký và cơ quan ban hành")
        if name is None:
            self.mark("signer.name", "không thấy tên người ký")
        if not recipients:
            self.mark("recipients", "không thấy phần “Nơi nhận”")
        detail = {"name": name, "title": title, "block": block,
                  "capacity": f"{cap['prefix']}. {title_case(cap['rest'])}" if cap else None}
        return {"signer": name, "signer_detail": detail, "recipients": recipients}

    def _review_marks(self, record: dict) -> None:
        if self.ocr:
            why = f"văn bản mất dấu tiếng Việt ({self.share:.0%} từ không dấu): khôi phục dấu"
            for key in ("title", "movement", "recipients", "body"):
                self.mark(key, why)
        if not record["title"]:
            self.mark("title", "không thấy trích yếu dưới dòng tên loại văn bản")
        if not record["movement"]:
            self.mark("movement", "không thấy tên phong trào trong trích yếu")


def short_issuer(issuer: str) -> str:
    """"UBND huyện Tứ Kỳ" -> "UBND huyện": how a signer's title names the body."""
    s = re.sub(r"^(?:Ủy|Uỷ) ban nhân dân", "UBND", issuer)
    m = _UNIT_NAME.search(s)
    return s[:m.start("name")].strip() if m else s
