"""Import a plan's plain text as a draft source, so the archive can grow past hand-typed plans.

Owns the way from a text as it reaches the office (the text layer of a PDF, a Word or
Markdown conversion, an OCR scan) to a draft `plans/<id>.yaml` that a person checks:
layout repair (line wraps, page breaks, converter markup, OCR debris), the fields of
plans/FORMAT.md, the body tree, matching every cited document against the archive's
records (unknown ones become directive drafts), and a `# KIỂM TRA` mark on every field
the importer is unsure of.

`import_text` and `to_plan_yaml` are pure. Reading and writing files happens only in
`load_reference` (units and known documents under plans/) and the command-line part
at the end (`run_import`).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import paths
from .graph import number_key
from .reference import province_name
from .text import clean, fold, slugify, words

# -- Vocabulary ---------------------------------------------------------------

KINDS = {  # folded kind line -> the kind as the schema spells it
    "ke hoach": "Kế hoạch", "quyet dinh": "Quyết định", "chi thi": "Chỉ thị", "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định", "ket luan": "Kết luận", "luat": "Luật", "huong dan": "Hướng dẫn",
    "cong van": "Công văn", "loi keu goi": "Lời kêu gọi",
}
KIND_CODES = {"Kế hoạch": "kh", "Quyết định": "qd", "Chỉ thị": "ct", "Nghị quyết": "nq", "Nghị định": "nd",
              "Kết luận": "kl", "Luật": "luat", "Hướng dẫn": "hd", "Công văn": "cv", "Lời kêu gọi": "lkg"}

# Award phrases -> keys of plans/reference/awards.yaml. A list item names a form ("Bằng
# khen", "Giấy khen", "Huân chương") and then one or more authorities; the authority
# decides the key. Matched on folded words, so OCR text without diacritics maps too.
MEDALS = {"lao": "huan-chuong-lao-dong", "bao": "huan-chuong-bao-ve-to-quoc", "chien": "huan-chuong-chien-cong"}
AWARD_AUTHORITIES = {
    "bang": [(r"\bthu t(?!r)\w{1,2}ng\b", "bang-khen-thu-tuong"), (r"\bcap bo\b", "bang-khen-cap-bo-tinh"),
             (r"\b(?:tinh|thanh pho)\b", "bang-khen-chu-tich-ubnd-tinh")],
    "giay": [(r"\bgi\w{2} doc\b", "giay-khen-giam-doc-so"), (r"\b(?:thu truong|tham quyen)\b", "giay-khen-thu-truong"),
             (r"\b(?:huyen|quan|thi xa|thanh pho)\b", "giay-khen-chu-tich-ubnd-huyen"),
             (r"(?<!thi )\b(?:xa|phuong|thi tran)\b", "giay-khen-chu-tich-ubnd-xa")],
    "thu": [(r".", "thu-khen")],
}
AWARD_NAMES = {  # the names of plans/reference/awards.yaml, for records without the reference at hand
    "huan-chuong-lao-dong": "Huân chương Lao động", "huan-chuong-bao-ve-to-quoc": "Huân chương Bảo vệ Tổ quốc",
    "huan-chuong-chien-cong": "Huân chương Chiến công", "bang-khen-thu-tuong": "Bằng khen của Thủ tướng Chính phủ",
    "bang-khen-cap-bo-tinh": "Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể Trung ương",
    "bang-khen-chu-tich-ubnd-tinh": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh, thành phố",
    "giay-khen-chu-tich-ubnd-huyen": "Giấy khen của Chủ tịch Ủy ban nhân dân cấp huyện",
    "giay-khen-giam-doc-so": "Giấy khen của Giám đốc Sở", "giay-khen-thu-truong": "Giấy khen của thủ trưởng cơ quan, đơn vị",
    "giay-khen-chu-tich-ubnd-xa": "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã", "thu-khen": "Thư khen",
}

# Phrases an OCR scan garbles but the metadata needs, restored by fuzzy match (lowercase
# entries take the capitalisation of the scan; the others keep their own).
OCR_PHRASES = [
    "ủy ban nhân dân", "hội đồng nhân dân", "hội đồng thi đua - khen thưởng", "thành phố", "thị xã", "thị trấn",
    "kế hoạch", "quyết định", "nghị quyết", "nghị định", "chỉ thị", "kết luận", "hướng dẫn", "thực hiện", "căn cứ",
    "ban hành", "xây dựng", "về việc", "phong trào", "thi đua", "khen thưởng", "nơi nhận", "phó chủ tịch",
    "chủ tịch", "giám đốc", "Thủ tướng Chính phủ", "Chính phủ", "Quốc hội", "Bộ Chính trị", "Việt Nam",
]
# Signature and title words: "PHÓ CHỦ TỊCH UBND HUYỆN" -> "Phó Chủ tịch UBND huyện".
TITLE_PHRASES = ["Phó Chủ tịch", "Chủ tịch", "Phó Giám đốc", "Giám đốc", "Ủy ban nhân dân", "Hội đồng nhân dân",
                 "Thủ tướng", "Bộ trưởng", "Trưởng ban", "Phó Trưởng ban", "Chánh Văn phòng", "Hội đồng", "Sở"]

LEVEL_WORDS = {"tinh": "province", "thanh pho": "province", "huyen": "district", "quan": "district",
               "thi xa": "district", "xa": "commune", "phuong": "commune", "thi tran": "commune"}
UNIT_TYPES = r"(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)"
CENTRAL = re.compile(r"^(?:thu tuong|chinh phu|quoc hoi|bo chinh tri|ban bi thu|ban chap hanh trung uong|bo [a-z]"
                     r"|ban thi dua\W+khen thuong trung uong|.*\btrung uong$)")
ORG_HEAD = re.compile(r"\b(?:Chủ tịch\s+)?(?:UBND|Ủy ban|Uỷ ban|Hội đồng|Sở|Ban|Phòng|Bộ|Cục|Tổng cục|Công an|"
                      r"Đảng ủy|Huyện ủy|Thành ủy|Tỉnh ủy|Thị ủy|Thủ tướng|Chính phủ|Văn phòng|Trung tâm|Liên đoàn|"
                      r"Quốc hội)\b.*$")
ORG_SLUGS = [  # folded issuer prefix -> the abbreviation ids use ("hdtdkt-huyen-thanh-oai")
    (r"chu tich (?:uy ban nhan dan|ubnd)", "chu-tich-ubnd"), (r"uy ban nhan dan|ubnd", "ubnd"),
    (r"hoi dong thi dua\W+khen thuong|hoi dong tdkt|hdtdkt", "hdtdkt"), (r"thu tuong(?: chinh phu)?", "thu-tuong"),
    (r"chinh phu", "chinh-phu"), (r"quoc hoi(?: khoa \w+)?", "quoc-hoi"), (r"bo chinh tri", "bo-chinh-tri"),
    (r"ban thi dua\W+khen thuong trung uong", "btdkt"),
]
OPENERS = ("can cu", "thuc hien", "thi hanh", "theo ", "nham ", "de ", "huong ung", "tren co so", "xet ")
DRAFT_SUMMARY = "Bản nháp tạo tự động từ văn bản nhập; cần kiểm tra."
PLAN_NOTE = "Bản nháp do trình nhập tạo; cần người kiểm tra."
ROOT_ID = "thu-tuong-qd-1497-2021"


class TextImportError(ValueError):
    """The text cannot become a draft (empty, binary, no plan structure); the message says why."""


# -- What the importer knows of the archive ------------------------------------


@dataclass(frozen=True)
class Known:
    """A document the archive already has, reduced to what matching needs."""

    id: str
    kind: str
    number: str | None
    year: int | None
    issuer: str
    province: str | None
    title: str = ""


@dataclass
class Reference:
    """Units, award names and known documents: the data matching runs against."""

    units: dict[str, dict] = field(default_factory=dict)      # key -> {name, level, province}
    documents: list[Known] = field(default_factory=list)
    awards: dict[str, str] = field(default_factory=lambda: dict(AWARD_NAMES))

    def without(self, doc_id: str) -> Reference:
        """The same reference minus one document (an evaluation must not see its answer)."""
        return Reference(self.units, [d for d in self.documents if d.id != doc_id], self.awards)

    def unit_names(self) -> tuple[str, ...]:
        """Bare unit names as printed ("Hải Phòng", "Tứ Kỳ"), for restoring an OCR text."""
        return tuple(re.sub(r"^(?:Tỉnh|Thành phố|Huyện|Thị xã|Quận|Xã|Phường|Thị trấn)\s+", "", u["name"])
                     for u in self.units.values())

    def province_key(self, name: str | None) -> str | None:
        return self.unit_named(name, "province") if name else None

    def province_of(self, unit_key: str | None) -> str | None:
        unit = self.units.get(unit_key or "")
        if not unit:
            return None
        prov = self.units.get(unit["province"])
        return province_name(prov["name"]) if prov else None

    def unit_named(self, name: str, level: str | None = None) -> str | None:
        """Key of the unit called `name` ("Tứ Kỳ", "Hai Phong"), optionally of one level."""
        want = fold(name)
        for key, unit in self.units.items():
            bare = re.sub(r"^(?:tinh|thanh pho|huyen|thi xa|quan|xa|phuong|thi tran)\s+", "", fold(unit["name"]))
            if bare == want and (level is None or unit["level"] == level):
                return key
        return None


def load_reference(plans_dir: Path) -> Reference:
    """Read units, award names and every known document under `plans_dir` (unreadable files are skipped)."""
    plans_dir = Path(plans_dir)
    ref = Reference()
    raw_units = _read_yaml(plans_dir / "reference" / "units.yaml") or {}
    for key, u in raw_units.items():
        if isinstance(u, dict) and "name" in u and "level" in u:
            ref.units[key] = {"name": u["name"], "level": u["level"],
                              "province": key if u["level"] == "province" else u.get("province")}
    for key, a in (_read_yaml(plans_dir / "reference" / "awards.yaml") or {}).items():
        if isinstance(a, dict) and "name" in a:
            ref.awards[key] = a["name"]
    for path in sorted(plans_dir.glob("*.yaml")) + sorted((plans_dir / "directives").glob("*.yaml")):
        d = _read_yaml(path)
        if isinstance(d, dict) and isinstance(d.get("issuer"), dict):
            year = re.match(r"\d{4}", str(d.get("date") or ""))
            unit = d["issuer"].get("unit")
            ref.documents.append(Known(path.stem, str(d.get("kind") or ""), d.get("number"),
                                       int(year.group()) if year else None, str(d["issuer"].get("name") or ""),
                                       ref.province_of(unit), str(d.get("short_title") or d.get("title") or "")))
    return ref


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


# -- The draft ------------------------------------------------------------------


@dataclass
class Draft:
    """What the importer found: the record, what a person must check, and new directive drafts."""

    record: dict
    uncertain: dict[str, str]
    diacritics: dict
    source_name: str
    directives: dict[str, str] = field(default_factory=dict)  # id -> YAML text of a new directive draft
    parent_draft: str | None = None  # id of the directive draft made for an unknown parent

    def report(self) -> str:
        """A short account of what was found and what a person must check."""
        r = self.record
        number = r["number"] or "không số"
        lines = [f"Nhập {self.source_name} → plans/{r['id']}.yaml",
                 f"  {r['kind']} {number}, ngày {r['date']}, {r['issuer'] or '?'} ({r['level'] or '?'}, {r['province'] or '?'})"]
        parent = r["implements"] or (f"bản nháp mới {self.parent_draft}" if self.parent_draft else "chưa xác định")
        lines.append(f"  Thực hiện: {r['implements_number'] or '?'} → {parent}")
        matched = sum(1 for c in r["cites"] if c["ref"])
        drafted = sum(1 for c in r["cites"] if c["draft"])
        lines.append(f"  Dẫn chiếu: {len(r['cites'])} văn bản ({matched} đã có trong kho, {drafted} bản nháp mới)")
        signer = r["signer_detail"]
        lines.append(f"  Khen thưởng: {len(r['awards'])} hình thức; nơi nhận: {len(r['recipients'])}; "
                     f"người ký: {signer['name'] or '?'}")
        heads = sum(1 for n in _walk(r["body"]) if isinstance(n, dict) and "title" in n)
        lines.append(f"  Nội dung: {heads} đề mục, {sum(1 for _ in _walk(r['body']))} đoạn và mục")
        d = self.diacritics
        lines.append(f"  Dấu tiếng Việt: {d['bare_share']:.0%} từ không dấu" + (" — VĂN BẢN MẤT DẤU" if d["lost"] else ""))
        if self.uncertain:
            lines.append(f"Cần kiểm tra ({len(self.uncertain)} chỗ, đánh dấu # KIỂM TRA trong tệp):")
            lines += [f"  - {key}: {why}" for key, why in self.uncertain.items()]
        return "\n".join(lines)


def _walk(nodes):
    for node in nodes:
        yield node
        if isinstance(node, dict):
            yield from _walk(node.get("children") or [])


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
        if opener and opener.group() not in s[opener.end():] and not line.endswith("  ") and not _mostly_upper(s):
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
    return re.sub(r"([.;:!?][)”\"]?)(?:\s+\S{1,2}){1,3}$", r"\1", line)  # specks after the last full stop


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
    text = re.sub(r"\bcua\b(?=\s+[A-ZĐ])", "của", text)
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


# -- Labels -----------------------------------------------------------------------------

_LABEL = re.compile(
    r"^(?P<label>(?P<roman>[IVXLC]+)\.|(?P<num>\d{1,2}(?:\.\d{1,2})*)\.|(?P<nump>\d{1,2})\)|(?P<letter>[a-zđ])[).,]"
    r"|\((?P<paren>\d{1,2}|[a-zđ])\)|(?P<bullet>[-–—•+*]))\s+(?P<rest>\S.*)$")
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
BULLETS = {"-": "dash", "–": "dash", "—": "dash", "•": "dash", "+": "plus", "*": "star"}
# How deep each kind of label usually sits: I. > 1. > 1.1. > a) > * > (1) > - > +.
RANK = {"roman": 0, "num1": 1, "num2": 2, "num3": 3, "letter": 4, "nump": 4, "star": 5, "paren": 6, "dash": 7, "plus": 8}


@dataclass(frozen=True)
class Label:
    text: str   # as printed ("b,", "(1)", "-")
    type: str   # roman, num, num2…, nump, letter, paren, dash, plus, star
    value: int  # position in its sequence (0 for bullets)
    rest: str   # the text after the label


def parse_label(line: str) -> Label | None:
    m = _LABEL.match(line)
    if not m:
        return None
    g, rest = m.groupdict(), m.group("rest")
    if g["roman"]:
        value = _roman_value(g["roman"])
        return Label(m.group("label"), "roman", value, rest) if value else None
    if g["num"]:
        parts = g["num"].split(".")
        return Label(m.group("label"), f"num{len(parts)}", int(parts[-1]), rest)
    if g["nump"]:
        return Label(m.group("label"), "nump", int(g["nump"]), rest)
    if g["letter"]:
        return Label(m.group("label"), "letter", _LETTERS.index(g["letter"]) + 1, rest)
    if g["paren"]:
        p = g["paren"]
        return Label(m.group("label"), "paren", int(p) if p.isdigit() else _LETTERS.index(p) + 1, rest)
    return Label(m.group("label"), BULLETS[g["bullet"]], 0, rest)


def _roman_value(s: str) -> int:
    values = [_ROMAN[c] for c in s]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if 0 < total < 40 else 0


# -- Body tree ----------------------------------------------------------------------------


@dataclass
class _Node:
    label: Label | None        # None: a plain paragraph
    text: str
    heading: bool = False
    title: str | None = None   # a heading's title when running text follows it
    guessed: bool = False      # a heading only because its line was short
    candidate: bool = False    # a full-width line of a few words: a heading unless the next line continues it
    children: list = field(default_factory=list)
    last: dict = field(default_factory=dict)  # label type -> last value among the children

    def output(self):
        if self.label is None:
            return self.text
        label = "-" if self.label.type == "dash" and self.label.text != "•" else self.label.text
        node: dict = {"label": label}
        if self.heading:
            node["title"] = self.title or self.text
            if self.title:
                node["text"] = self.text
        else:
            node["text"] = self.text
        if self.children:
            node["children"] = [c.output() for c in self.children]
        return node


def _terminal(text: str) -> bool:
    return bool(re.search(r"[.;:!?…][”\"’')\]]*$", text))


def _starts_lower(text: str) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return first.islower() or first.isdigit() or text[:1] in ",.;:)”’"


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _join(a: str, b: str) -> str:
    """Join a wrapped line; "Covid-" + "19" keeps the hyphen tight."""
    if re.search(r"\w-$", a):
        return a + b
    return f"{a} {b}" if a else b


class BodyBuilder:
    """Builds the body tree line by line: labels open nodes, other lines continue or start paragraphs.

    `width` is the wrap width of a PDF text layer (None when every line is a paragraph);
    a line much shorter than it ended its paragraph, which is how headings and paragraph
    ends are told from wrapped lines. A labelled line of a few words without a full stop
    that fills the width is a heading only if what follows does not continue it.
    """

    def __init__(self, width: int | None):
        self.width = width
        self.root = _Node(None, "", heading=True)
        self.stack: list[_Node] = [self.root]
        self.current: _Node | None = None
        self.prev: Line | None = None

    def add(self, line: Line) -> None:
        label = parse_label(line.text)
        if label and self._accepts(label, line):
            self._settle()
            self._open(label, line)
        elif self.current is not None and self._continues(line):
            self._extend(line)
        else:
            self._settle()
            self._paragraph(line.text)
        self.prev = line

    def tree(self) -> list:
        _split_colon_headings(self.root)
        return [c.output() for c in self.root.children]

    # -- deciding --

    def _short(self, line: Line | None) -> bool:
        return line is not None and (self.width is None or len(line.text) < 0.7 * self.width)

    def _natural_break(self, line: Line) -> bool:
        """Could a new item start here? Not in the middle of a wrapped sentence."""
        prev, node = self.prev, self.current
        if prev is None or node is None or node.heading or node.candidate:
            return True
        if _terminal(prev.text):
            return True
        return self._short(prev) if self.width else line.blank_before

    def _accepts(self, label: Label, line: Line) -> bool:
        natural = self._natural_break(line)
        if label.type in ("dash", "plus", "star"):
            return natural
        expected = self._parent_for(label).last.get(label.type, 0) + 1
        # "19." after "Covid -" is a wrapped line; after a full stop a list may restart or skip a number.
        return label.value == expected or (natural and (label.value == 1 or label.value > expected))

    def _continues(self, line: Line) -> bool:
        node, prev = self.current, self.prev
        if node.heading:
            if node.label and node.label.type == "roman" and not node.title and _mostly_upper(line.text) \
                    and _mostly_upper(node.text):
                return True  # "III. TIÊU CHÍ … KHEN" + "THƯỞNG"
            return node.guessed and _starts_lower(line.text)
        if _starts_lower(line.text):
            return True
        if node.candidate and line.blank_before:
            return False
        if _terminal(prev.text):
            return bool(self.width) and not line.blank_before and not self._short(prev)
        return not (line.blank_before and self.width and self._short(prev))

    def _heading_words(self, label: Label) -> bool:
        limit = 18 if label.rest.endswith(":") else 12
        return len(label.rest.split()) <= limit and not re.search(r"[.;,!?…]$", label.rest)

    # -- building --

    def _parent_for(self, label: Label) -> _Node:
        if label.type == "roman":
            return self.root
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].label and self.stack[i].label.type == label.type:
                return self.stack[i - 1]  # a sibling of the open node of its kind
        rank = RANK.get(label.type, 9)
        return next(n for n in reversed(self.stack) if n.label is None or RANK.get(n.label.type, 9) < rank)

    def _open(self, label: Label, line: Line) -> None:
        parent = self._parent_for(label)
        del self.stack[self.stack.index(parent) + 1:]
        node = _Node(label, label.rest)
        ordered = label.type not in ("dash", "plus", "paren", "nump")
        if line.marked or (label.type == "roman" and _mostly_upper(label.rest)):
            node.heading = True
        elif ordered and self._heading_words(label):
            node.heading = node.guessed = self._short(line)
            node.candidate = not node.heading
        lead = parse_label(line.lead) if line.lead else None
        if lead and lead.text == label.text and lead.rest != label.rest and label.rest.startswith(lead.rest):
            node.heading, node.title, node.text = True, lead.rest, label.rest[len(lead.rest):].strip()
        parent.children.append(node)
        parent.last[label.type] = label.value
        self.stack.append(node)
        self.current = node
        if node.heading and label.type == "roman" and not line.marked:
            node.text, rest = _split_upper(label.rest)
            if rest:  # a reflow glued the first paragraph to the heading
                self._paragraph(rest)

    def _settle(self) -> None:
        """The current node is complete: a candidate heading nothing continued is a heading."""
        node = self.current
        if node is not None and node.candidate:
            node.heading, node.candidate = True, False

    def _extend(self, line: Line) -> None:
        node = self.current
        if node.heading and node.guessed and _starts_lower(line.text):
            node.heading = node.guessed = False  # a wrapped item, not a heading after all
        node.candidate = False
        node.text = _join(node.text, line.text)

    def _paragraph(self, text: str) -> None:
        while len(self.stack) > 1 and not self.stack[-1].heading:
            self.stack.pop()
        node = _Node(None, text)
        self.stack[-1].children.append(node)
        self.current = node


def _split_upper(text: str) -> tuple[str, str]:
    """"NỘI DUNG THI ĐUA Nhằm tạo…" -> ("NỘI DUNG THI ĐUA", "Nhằm tạo…") when a reflow glued them."""
    ws = text.split(" ")
    n = 0
    while n < len(ws) and (_mostly_upper(ws[n]) or not re.search(r"[^\W\d_]", ws[n])):
        n += 1
    if 0 < n < len(ws) - 1:
        return " ".join(ws[:n]), " ".join(ws[n:])
    return text, ""


_COLON_HEAD = re.compile(r"^(?P<title>[^:()]{2,60}?)(?P<paren>\s*\([^)]*\))?:\s+(?P<rest>\S.*)$")


def _split_colon_headings(node: _Node) -> None:
    """"1. Chủ đề thi đua: Toàn thể…" among heading siblings is a heading with text (FORMAT.md)."""
    groups: dict[str, list[_Node]] = {}
    for child in node.children:
        if child.label and child.label.type in ("num1", "letter", "roman"):
            groups.setdefault(child.label.type, []).append(child)
    for siblings in groups.values():
        fits = [c for c in siblings if not c.heading and _colon_title(c.text)]
        if fits and len(siblings) > 1 and all(c.heading or c in fits for c in siblings):
            for c in fits:
                title, c.text = _colon_title(c.text)
                c.heading, c.title = True, title
    for child in node.children:
        _split_colon_headings(child)


def _colon_title(text: str) -> tuple[str, str] | None:
    m = _COLON_HEAD.match(text)
    if not m or len(m.group("title").split()) > 7 or "," in m.group("title"):
        return None
    if m.group("paren"):
        return m.group("title").strip(), f"{m.group('paren').strip()}: {m.group('rest')}"
    return m.group("title").strip() + ":", m.group("rest")


def wrap_width(lines: list[Line]) -> int | None:
    """The wrap width of a PDF text layer, or None when each line is a whole paragraph."""
    lengths = sorted(len(ln.text) for ln in lines)
    if len(lengths) < 5:
        return None
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    return p90 if p90 <= 130 else None


# -- Layout: head, kind line, title, body, recipients and signature ---------------------------


@dataclass
class Layout:
    head: list[Line]       # before the kind line: number, dateline, header
    kind: str
    title: list[str]
    body: list[Line]
    tail: list[Line]       # from "Nơi nhận:" on
    signature: list[Line]  # signature lines that close the body when they come before "Nơi nhận"


_CAPACITY = re.compile(r"^(?P<prefix>KT|TM|TL|TUQ|Q)\s*\.\s*(?P<rest>\S.*)$")
_QUOTES = "“”\"«»"


def split_layout(lines: list[Line]) -> Layout:
    found = _kind_line(lines)
    if found is None:
        raise TextImportError("no kind line (KẾ HOẠCH, QUYẾT ĐỊNH …) near the top: not the text of a plan")
    index, kind, inline_title = found
    title, start = _title(lines, index + 1, inline_title)
    end = next((i for i in range(start, len(lines)) if _is_recipients_head(lines[i].text)), len(lines))
    body, signature = _trailing_signature(lines[start:end])
    return Layout(lines[:index], kind, title, body, lines[end:], signature)


def _kind_line(lines: list[Line]) -> tuple[int, str, str | None] | None:
    """The kind line ("KẾ HOẠCH"), possibly glued to the title ("KẾ HOẠCH Tổ chức thực hiện …")."""
    for i, line in enumerate(lines[:40]):
        ws = line.text.split()
        n = 0
        while n < len(ws) and _mostly_upper(ws[n]):
            n += 1
        key = re.sub(r"[^a-z ]", "", fold(" ".join(ws[:n]))).strip()
        if key in KINDS:
            return i, KINDS[key], " ".join(ws[n:]) or None
    return None


def _is_opener(text: str) -> bool:
    return fold(text).startswith(OPENERS)


def _title(lines: list[Line], start: int, inline: str | None) -> tuple[list[str], int]:
    """The title lines under the kind line: until the preamble, a label or a finished title."""
    out = [inline] if inline else []
    i = start
    while i < len(lines) and len(out) < 6:
        line = lines[i]
        if _is_opener(line.text) or parse_label(line.text) or _is_recipients_head(line.text):
            break
        if out and not _title_goes_on(out, line):
            break
        out.append(line.text)
        i += 1
    return out, i


def _title_goes_on(out: list[str], line: Line) -> bool:
    joined = " ".join(out)
    unbalanced = joined.count("“") != joined.count("”") or joined.count('"') % 2
    if unbalanced or line.text[:1] in _QUOTES or _starts_lower(line.text):
        return True
    if _mostly_upper(line.text) != _mostly_upper(joined) or line.blank_before:
        return False  # e.g. "CHỦ TỊCH ỦY BAN NHÂN DÂN …" under a decision's title
    return not _terminal(out[-1])


def _is_recipients_head(text: str) -> bool:
    return bool(re.match(r"^noi nh[a-z]{1,2}n\b", fold(text)))


def _signature_like(text: str) -> bool:
    if parse_label(text) or re.search(r"[;,]$", text):
        return False
    return bool(_CAPACITY.match(text)) or (_mostly_upper(text) and len(text.split()) <= 8) or _name_like(text)


def _name_like(text: str) -> bool:
    """"Nguyễn Khánh Bình": two to six capitalised words, no digits, no office words."""
    ws = text.split()
    if not 2 <= len(ws) <= 6 or re.search(r"[\d.,;:()]", text):
        return False
    office = re.search(r"\b(?:chu tich|giam doc|pho|truong|uy ban|ubnd|kt|tm|tl|hoi dong|so)\b", fold(text))
    return not office and all(w[:1].isupper() for w in ws)


def _trailing_signature(body: list[Line]) -> tuple[list[Line], list[Line]]:
    """Signature lines printed after the last paragraph (when "Nơi nhận" follows or is missing)."""
    i = len(body)
    while i > 1 and _signature_like(body[i - 1].text):
        i -= 1
    sig = body[i:]
    if not any(_CAPACITY.match(s.text) or _mostly_upper(s.text) for s in sig):
        return body, []
    return body[:i], sig


def parse_tail(tail: list[Line], signature: list[Line], ocr: bool) -> tuple[list[str], list[str]]:
    """Split what follows the body into recipients ("- " stripped, wraps joined) and signature lines."""
    recipients: list[str] = []
    sig = [s.text for s in signature]
    rows = [t.text for t in tail]
    if rows:
        rest = re.sub(r"^\S+\s+[^\s:]+\s*:?\s*", "", rows[0], count=1)  # what follows "Nơi nhận:"
        rows = rows[1:]
        if _CAPACITY.match(rest):
            sig.append(rest)
        elif rest.startswith(("-", "+", "•")) or (rest and not ocr):  # OCR specks otherwise
            recipients.append(re.sub(r"^[-+•]\s*", "", rest))
    for row in rows:
        merged = re.match(r"^(?P<rec>.*?[;.,])\s+(?P<sig>(?:KT|TM|TL|TUQ)\s*\..*)$", row)
        if merged:  # two columns read as one line: a recipient, then the signature
            row = merged.group("rec")
            sig.append(merged.group("sig"))
        bullet = re.match(r"^[-–+•]\s*(\S.*)$", row)
        if bullet:
            recipients.append(bullet.group(1))
        elif recipients and not re.search(r"[;.)]$", recipients[-1]) and not _signature_like(row):
            recipients[-1] = _join(recipients[-1], row)
        else:
            sig.append(row)
    return recipients, sig


# -- Small readers ------------------------------------------------------------------------------

_NUMBER = re.compile(r"\bSố\s*:?\s*(?P<n>\d*)\s*/\s*(?P<sym>[^\s,;]*[^\W\d_][^\s,;]*)", re.I)
_DATELINE = re.compile(r"(?P<place>[^\W\d_][^,;:/\n]{0,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng|/)\s*"
                       r"(?P<m>\d{1,2})?\s*(?:năm|/)\s*(?P<y>(?:19|20)\d{2})\b", re.I)
_ORG_STOP = {"về", "phát", "ban", "theo", "đề", "để", "gồm", "trên", "tại", "thì", "nhằm", "với", "đã", "đến", "cho",
             "trong", "đó", "là", "được", "và", "quy", "nay", "năm", "ngày", "số", "thực", "đối"}


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
        if not core or core[0] in _QUOTES or core in _ORG_STOP and not (
                core == "và" and i + 1 < len(ws) and ws[i + 1][:1].isupper() and out):
            break
        out.append(core)
        if core != w:
            break
    return " ".join(out) or None


def _proper_run(text: str) -> str | None:
    """Capitalised words at the start ("Đức Phổ (sau đây…" -> "Đức Phổ")."""
    m = re.match(r"((?:[A-ZĐÀ-Ỹ][^\s,;.:()“”\"]*)(?:\s+[A-ZĐÀ-Ỹ][^\s,;.:()“”\"]*){0,3})", text)
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
                       r"(?P<name>(?:\s+[A-ZĐ][^\s,.;()]*){0,3}?)\s+lần thứ\s+(?P<ord>[IVXLC]+)\b")


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
    m = re.match(r"\s*,?\s*(về\s[^;:]*?)(?=[;:]|\.(?:\s|$)|,\s+[A-ZĐÀ-Ỹ]|$)", rest)
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
        named = len(cite["issuer"].split()) > 3
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
    m = re.search(r"(?i:tỉnh|thành phố)\s+(?P<name>[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*){0,2})", issuer or "")
    key = ref.unit_named(m.group("name"), "province") if m else None
    return ref.province_of(key)


# -- Issuer, level, unit -----------------------------------------------------------------------------

_ISSUE_VERB = re.compile(r"\b(?:ban hành|xây dựng|phát động|triển khai)\s+(?:các\s+)?"
                         r"(?:kế hoạch|quyết định|chỉ thị|hướng dẫn)\b", re.I)
_UNIT_NAME = re.compile(r"(?P<type>(?i:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường))\s+"
                        r"(?P<name>[A-ZĐÀ-Ỹ][^\s,;.:()“”\"]*(?:\s+[A-ZĐÀ-Ỹ][^\s,;.:()“”\"]*){0,3})")


def issuer_from_preamble(preamble: str) -> str | None:
    """"…, UBND huyện Tứ Kỳ xây dựng Kế hoạch" -> "UBND huyện Tứ Kỳ" (the one issuing, not one cited)."""
    for m in _ISSUE_VERB.finditer(preamble):
        clause = re.split(r"[,;.:“”\"()]", preamble[:m.start()])[-1].strip()
        if re.search(r"\bvề\b", clause):
            continue  # "… về việc ban hành Kế hoạch": the subject of a cited document
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


def issuer_unit(issuer: str, ref: Reference) -> tuple[str | None, str | None]:
    """Level and 2021 unit key of an issuer as printed ("UBND huyện Tứ Kỳ" -> district, tu-ky)."""
    f = fold(issuer)
    if CENTRAL.match(f):
        return "central", None
    named = _UNIT_NAME.search(issuer)
    if named:
        key = ref.unit_named(named["name"])
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


# -- Awards ---------------------------------------------------------------------------------------------


def award_keys(texts: list[str]) -> list[str]:
    """Award-form keys named in the items of a "Hình thức khen thưởng" list, in order."""
    keys: list[str] = []
    for text in texts:
        f = re.sub(r"['’]", "", fold(text))
        found = [(m.start(), MEDALS[m.group(1)]) for m in re.finditer(r"\bh\w{2,3}n ch\w{1,4}ng (lao|bao|chien)\b", f)]
        heads = [(m.start(), m.end(), {"b": "bang", "g": "giay", "t": "thu"}.get(m.group(1)[0]))
                 for m in re.finditer(r"\b(\w+) khen\b", f)]
        for i, (start, end, form) in enumerate(heads):
            if form is None:
                continue
            segment = f[end:heads[i + 1][0]] if i + 1 < len(heads) else f[end:]
            found += [(start + pos, key) for pos, key in _authorities(form, segment)]
        for _, key in sorted(found):
            if key not in keys:
                keys.append(key)
    return keys


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
    heads = [n for n in _walk(body) if isinstance(n, dict) and "title" in n and _is_award_heading(n["title"])]
    heads.sort(key=lambda n: "tieu chuan" in fold(n["title"]) or "tieu chi" in fold(n["title"]))
    if not heads:
        return [n if isinstance(n, str) else n.get("text", "") for n in _walk(body)], False
    head = heads[0]
    items = [head.get("text") or ""] + [n if isinstance(n, str) else n.get("text") or n.get("title", "")
                                        for n in _walk(head.get("children") or [])]
    return items, True


def _is_award_heading(title: str) -> bool:
    f = fold(title)
    return "hinh thuc" in f or ("hinh" in f and "khen" in f)


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
    text = normalize(text)
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
    return Draft(record, extraction.uncertain, diacritics, source_name, extraction.directives, extraction.parent_draft)


def _texts(nodes: list) -> list[str]:
    """Titles, texts and paragraphs of a body, in reading order."""
    out = []
    for n in _walk(nodes):
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
        names = ref.unit_names()
        self.restore = (lambda s: restore_phrases(s, names)) if self.ocr else (lambda s: s)

    def mark(self, key: str, why: str) -> None:
        self.uncertain.setdefault(key, why)

    def run(self, layout: Layout, body: list) -> dict:
        title = " ".join(layout.title).strip()
        preamble = [self.restore(n) for n in body[:next((i for i, n in enumerate(body) if isinstance(n, dict)), len(body))]]
        texts = [self.restore(t) for t in _texts(body)]
        record = {"kind": layout.kind, **self._head(layout.head)}
        parent, cites = self._citations(" ".join(preamble), " ".join(texts))
        known_parent = self._known(parent, None)
        header = _header_issuer([Line(self.restore(h.text)) for h in layout.head])
        where = [self.restore(title), *texts, header or ""]
        record.update(self._issuer(layout, preamble, where, parent, known_parent, record["place"]))
        record.update(self._date_fallback(record, parent))
        record.update(self._links(parent, cites, record))
        record.update(title=title or None, movement=movement_of(title) if title else None)
        record.update(self._awards(body))
        record.update(self._signer(layout, record))
        record["body"] = body
        record["id"] = document_id(record["kind"], record["number"], record["date"], record["issuer"] or "",
                                   record["level"], record["province"])
        self._review_marks(record)
        return record

    def _known(self, cite: dict | None, province: str | None) -> Known | None:
        doc_id = match_citation(cite, self.ref, province) if cite else None
        return next((d for d in self.ref.documents if d.id == doc_id), None)

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
        cites: dict[str, dict] = {}
        for c in find_citations(text):
            if parent and _identity(c) == _identity(parent):
                continue
            seen = cites.setdefault(_identity(c), c)
            seen["detail"] = seen["detail"] or c["detail"]
        if parent is None:
            self.mark("implements", "không thấy văn bản được thực hiện (“Căn cứ…”, “Thực hiện…” có số hiệu)")
        return parent, list(cites.values())

    def _issuer(self, layout: Layout, preamble: list[str], texts: list[str], parent, known_parent, place) -> dict:
        issuer = issuer_from_preamble(" ".join(preamble))
        if issuer is None:
            issuer = _header_issuer(layout.head)
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
        level, unit = issuer_unit(issuer, self.ref) if issuer else (None, None)
        return self._place(issuer, level, unit, parent, known_parent, texts)

    def _place(self, issuer, level, unit, parent, known_parent, texts) -> dict:
        province = self.ref.province_of(unit)
        if province is None:
            province = (known_parent.province if known_parent else None) \
                or _printed_province(parent.get("issuer") if parent else None, self.ref) \
                or self.ref.province_of(province_hint(texts, self.ref))
            if province and level != "central":
                self.mark("issuer.unit", f"tỉnh {province} suy từ văn bản được thực hiện hoặc nội dung")
        if level is None:
            self.mark("issuer.level", "không xác định được cấp ban hành")
        if unit is None and level in ("province", "department"):
            unit = self.ref.province_key(province)
        if unit is None and level not in (None, "central"):
            named = _UNIT_NAME.search(issuer or "")
            unit = slugify(named["name"]) if named else None
            self.mark("issuer.unit", "đơn vị chưa có trong plans/reference/units.yaml: thêm vào hoặc sửa")
        return {"issuer": issuer, "level": level, "unit": unit, "province": province if level != "central" else None}

    def _links(self, parent: dict | None, cites: list[dict], record: dict) -> dict:
        province = record["province"]
        entries = []
        for cite in cites:
            entry = self._entry(cite, province, record["date"], is_parent=False)
            entries.append(entry)
        out = {"cites": entries, "implements_number": None, "implements": None}
        if parent:
            entry = self._entry(parent, province, record["date"], is_parent=True)
            out.update(implements_number=parent["number"], implements=entry["ref"])
            self.parent_draft = entry["draft"]
        return out

    def _entry(self, cite: dict, province: str | None, plan_date: str, is_parent: bool) -> dict:
        ref = match_citation(cite, self.ref, province)
        entry = {k: cite.get(k) for k in ("number", "kind", "date", "issuer", "detail")}
        entry.update(ref=ref, draft=None)
        name = f"{cite['kind']} {cite['number'] or cite['issuer']}"
        where = "implements" if is_parent else "cites"
        if ref is None and cite["number"]:
            entry["draft"] = self._draft_directive(cite, province, plan_date, is_parent)
            self.mark(where, f"{name} chưa có trong kho: đã tạo bản nháp plans/directives/{entry['draft']}.yaml")
        elif ref is None:
            self.mark(where, f"{name} chưa có trong kho và không có số hiệu: cần tạo bản ghi bằng tay")
        return entry

    def _draft_directive(self, cite: dict, province: str | None, plan_date: str, is_parent: bool) -> str:
        issuer = cite["issuer"]
        level, unit = issuer_unit(issuer, self.ref) if issuer else ("central", None)
        prov = _printed_province(issuer, self.ref) or province
        if unit is None and level in ("province", "department", None):
            unit = self.ref.province_key(prov)
            level = level or ("province" if unit else "central")
        date = cite["date"] or (str(_year_of(cite)) if _year_of(cite) else plan_date[:4])
        doc_id = document_id(cite["kind"], cite["number"], date, issuer or "", level,
                             self.ref.province_of(unit) if unit else None)
        if doc_id not in self.directives and not any(d.id == doc_id for d in self.ref.documents):
            self.directives[doc_id] = directive_yaml(cite, level, unit, date, self.source_name, is_parent)
        return doc_id

    def _awards(self, body: list) -> dict:
        texts, under_heading = award_texts(body)
        keys = award_keys(texts)
        if not under_heading:
            self.mark("awards", "không thấy mục “Hình thức khen thưởng”; các hình thức lấy từ toàn văn")
        elif not keys:
            self.mark("awards", "mục “Hình thức khen thưởng” không có hình thức nào nhận ra được")
        return {"award_keys": keys, "awards": [self.ref.awards.get(k, k) for k in keys]}

    def _signer(self, layout: Layout, record: dict) -> dict:
        recipients, sig = parse_tail(layout.tail, layout.signature, self.ocr)
        sig = [self.restore(s) for s in sig]
        name = sig[-1] if sig and _name_like(sig[-1]) else None
        block = sig[:-1] if name else sig
        capacities = [b for b in block if _CAPACITY.match(b)]
        cap = _CAPACITY.match(capacities[0]) if capacities else None
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


def _header_issuer(head: list[Line]) -> str | None:
    """The issuing body from the header block ("ỦY BAN NHÂN DÂN / HUYỆN TỨ KỲ"), motto and number left out."""
    parts = [h.text for h in head if _mostly_upper(h.text) and not re.match(r"(?:cong hoa|doc lap|so\b)", fold(h.text))]
    if not parts:
        return None
    name = title_case(" ".join(parts))
    return re.sub(rf"\b(?P<type>{UNIT_TYPES})\s+(?P<name>.+)$", lambda m: f"{m['type']} {m['name'].title()}", name)


# -- Output: the draft plan, directive drafts, JSON ---------------------------------------------------------


def _emit(data: dict, marks: dict[str, str], prefix: str = "", indent: str = "") -> list[str]:
    """YAML lines of a mapping, a `# KIỂM TRA: …` comment above every field a person must check."""
    out = []
    for key, value in data.items():
        path = prefix + key
        if path in marks:
            out.append(f"{indent}# KIỂM TRA: {' '.join(marks[path].split())}")
        if isinstance(value, dict) and value:
            out.append(f"{indent}{key}:")
            out += _emit(value, marks, path + ".", indent + "  ")
            continue
        if key == "date" and isinstance(value, str):
            out.append(f"{indent}date: '{value}'")  # quoted like the hand-written sources: "2021" is no number
            continue
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10 ** 9,
                                default_flow_style=False)
        out += [indent + line for line in dumped.rstrip("\n").split("\n")]
    return out


def plan_source(draft: Draft) -> tuple[dict, dict[str, str]]:
    """The plan as plans/FORMAT.md lays it out, and the KIỂM TRA marks keyed by field path."""
    r, marks = draft.record, dict(draft.uncertain)
    fill = "(cần điền)"
    for key, value in (("issuer.name", r["issuer"]), ("title", r["title"]), ("movement", r["movement"])):
        if not value:
            marks.setdefault(key, "không tìm thấy trong văn bản; cần điền")
    cites = []
    for c in r["cites"]:
        if c["ref"] or c["draft"]:
            cites.append({"ref": c["ref"] or c["draft"], **({"detail": c["detail"]} if c["detail"] else {})})
    source = draft.source_name
    if not re.fullmatch(r"seeds/[0-9A-Za-z_.-]+", source):
        source = "seeds/" + (re.sub(r"[^0-9A-Za-z_.-]+", "_", Path(source).name) or "van-ban.txt")
        marks["provenance.source"] = f"chép văn bản gốc vào ../shared/{source}"
    notes = PLAN_NOTE
    if draft.diacritics["lost"]:
        notes += (f" Văn bản mất dấu tiếng Việt ({draft.diacritics['bare_share']:.0%} từ không dấu, có thể là bản"
                  " OCR): cần khôi phục dấu từng chữ theo bản gốc.")
    s = r["signer_detail"]
    plan = {
        "kind": r["kind"], "number": r["number"], "symbol": r["symbol"], "date": r["date"],
        "dateline": r["dateline"], "place": r["place"],
        "issuer": {"name": r["issuer"] or fill, "level": r["level"] or "district", "unit": r["unit"]},
        "title": r["title"] or fill, "movement": r["movement"] or r["title"] or fill,
        "implements": r["implements"] or draft.parent_draft, "cites": cites, "awards": r["award_keys"],
        "signer": {"name": s["name"], "title": s["title"], "capacity": s["capacity"], "block": s["block"]},
        "recipients": r["recipients"],
        "provenance": {"source": source, "ocr": draft.diacritics["lost"], "notes": notes},
        "body": r["body"],
    }
    return plan, marks


def to_plan_yaml(draft: Draft) -> str:
    """The draft as a plans/<id>.yaml source, every uncertain field marked `# KIỂM TRA`."""
    plan, marks = plan_source(draft)
    head = ["# yaml-language-server: $schema=schema/plan.schema.json",
            f"# Bản nháp do trình nhập tạo từ {draft.source_name}; cần người kiểm tra trước khi đưa vào kho."]
    return "\n".join(head + _emit(plan, marks)) + "\n"


def directive_yaml(cite: dict, level: str | None, unit: str | None, date: str, source_name: str, parent: bool) -> str:
    """A directive draft for a cited document the archive lacks: only what the citing text says."""
    marks = {"": "", "title": "tiêu đề chưa biết; ghi theo lời dẫn trong văn bản nhập",
             "date": "" if cite["date"] else "văn bản dẫn không ghi ngày; năm ghi tạm",
             "issuer.name": "" if cite["issuer"] else "văn bản dẫn không ghi cơ quan ban hành",
             "issuer.unit": "đơn vị suy từ văn bản dẫn" if unit else ""}
    about = cite.get("about")
    title = about[0].upper() + about[1:] if about else f"{cite['kind']} số {cite['number']}"
    symbol = cite["number"].rsplit("/", 1)[1] if "/" in cite["number"] and not re.match(r"\d+-", cite["number"]) else None
    implements = None
    if parent:  # keeps the chain to QĐ 1497/QĐ-TTg whole until a person finds the real parent
        implements = {"ref": ROOT_ID, "status": "unconfirmed",
                      "note": "Bản nháp: chưa biết văn bản này thực hiện văn bản nào; tạm nối về Quyết định 1497/QĐ-TTg."}
        marks["implements"] = "liên kết tạm về Quyết định 1497/QĐ-TTg"
    data = {"kind": cite["kind"], "number": cite["number"], "symbol": symbol, "date": date,
            "issuer": {"name": cite["issuer"] or "(chưa rõ)", "level": level or "central", "unit": unit},
            "title": title, "implements": implements, "status": "unconfirmed", "summary": DRAFT_SUMMARY,
            "sources": [{"publisher": f"Văn bản nhập: {source_name}"}]}
    head = ["# yaml-language-server: $schema=../schema/directive.schema.json",
            f"# Bản nháp do trình nhập tạo từ lời dẫn trong {source_name}; mọi trường cần đối chiếu bản gốc."]
    return "\n".join(head + _emit(data, {k: v for k, v in marks.items() if v})) + "\n"


def json_record(draft: Draft) -> dict:
    """The record with the field names of documents.json, plus implements_number and the body."""
    r = draft.record
    return {"id": r["id"], "url": paths.url(paths.document(r["id"])), "kind": r["kind"], "number": r["number"],
            "date": r["date"], "issuer": r["issuer"], "level": r["level"], "province": r["province"],
            "title": r["title"], "signer": r["signer"], "implements": r["implements"] or draft.parent_draft,
            "cites": [c["ref"] or c["draft"] for c in r["cites"] if c["ref"] or c["draft"]],
            "awards": r["awards"], "full_text": True, "implements_number": r["implements_number"], "body": r["body"]}


# -- Command line: `python -m scripts import FILE` -----------------------------------------------------------


def read_text_file(path: Path) -> str:
    """The file as UTF-8 text; TextImportError when missing, unreadable or not UTF-8."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise TextImportError("no such file") from None
    except IsADirectoryError:
        raise TextImportError("is a directory, not a text file") from None
    except OSError as exc:
        raise TextImportError(f"cannot read it ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TextImportError("not UTF-8 text (binary file, or another encoding: convert it to UTF-8 first)") from None


def source_label(path: Path) -> str:
    """How provenance names the file: relative to the `shared` folder when it lies there."""
    resolved = Path(path).resolve()
    for parent in resolved.parents:
        if parent.name == "shared":
            return resolved.relative_to(parent).as_posix()
    return resolved.name  # outside shared/: the draft asks for a copy in shared/seeds/


def write_draft(draft: Draft, plans_dir: Path, force: bool) -> list[Path]:
    """Write the plan and its directive drafts atomically; never replace a file unless `force`.

    Each file is written to a temporary file in its own folder, then linked into place
    (os.link fails if the name exists) or, with `force`, renamed over it (os.replace).
    """
    plans_dir = Path(plans_dir)
    targets = {plans_dir / f"{draft.record['id']}.yaml": to_plan_yaml(draft)}
    targets |= {plans_dir / "directives" / f"{i}.yaml": text for i, text in draft.directives.items()}
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise FileExistsError(existing[0])
    temps: dict[Path, str] = {}
    try:
        for path, text in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
            temps[path] = tmp
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
        for path, tmp in temps.items():
            os.replace(tmp, path) if force else os.link(tmp, path)
    finally:
        for tmp in temps.values():
            if os.path.exists(tmp):
                os.unlink(tmp)
    return list(targets)


def run_import(file: Path, plans_dir: Path, *, to_stdout: bool = False, fmt: str = "yaml", force: bool = False,
               out=None, err=None) -> int:
    """The `import` command: 0 on success, 1 with a one-line message naming the file otherwise."""
    import sys

    out, err = out or sys.stdout, err or sys.stderr
    try:
        draft = import_text(read_text_file(file), source_label(file), load_reference(plans_dir))
    except TextImportError as exc:
        print(f"import: {file}: {exc}", file=err)
        return 1
    if fmt == "json":
        print(json.dumps(json_record(draft), ensure_ascii=False, indent=1), file=out)
        return 0
    if to_stdout:
        print(to_plan_yaml(draft), end="", file=out)
        return 0
    try:
        written = write_draft(draft, plans_dir, force)
    except FileExistsError as exc:
        print(f"import: {file}: {exc.args[0]} already exists; nothing written (use --force to replace it)", file=err)
        return 1
    except OSError as exc:
        print(f"import: {file}: cannot write the draft ({exc})", file=err)
        return 1
    print(draft.report(), file=out)
    print("Đã ghi: " + ", ".join(str(p) for p in written), file=out)
    return 0
