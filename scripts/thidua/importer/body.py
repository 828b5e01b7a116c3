"""Labels, the body tree and the layout of a plan: where head, kind line, title, body, recipients and signature lie.

`split_layout` cuts the prepared lines into those parts (`parse_tail` reads the part
after the body), `parse_label` reads a list label ("II.", "1.2.", "b)", "(3)", "-"),
and `BodyBuilder` turns the body lines into the nested list of plans/FORMAT.md,
telling headings and paragraph ends from wrapped lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from thidua.text import fold
from .lines import Line, TextImportError, mostly_upper
from .columns import split_joined

KINDS = {  # folded kind line -> the kind as the schema spells it
    "ke hoach": "Kế hoạch", "quyet dinh": "Quyết định", "chi thi": "Chỉ thị", "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định", "ket luan": "Kết luận", "luat": "Luật", "huong dan": "Hướng dẫn",
    "cong van": "Công văn", "loi keu goi": "Lời kêu gọi",
}
OPENERS = ("can cu", "thuc hien", "thi hanh", "theo ", "nham ", "de ", "huong ung", "tren co so", "xet ")


# -- Labels -----------------------------------------------------------------------------

_LABEL = re.compile(
    r"^(?P<label>(?P<roman>[IVXLC]+)\.|(?P<num>\d{1,2}(?:\.\d{1,2})*)\.|(?P<nump>\d{1,2})\)|(?P<letter>[a-zđ])[).,]"
    r"|\((?P<paren>\d{1,2}|[a-z])\)|(?P<bullet>[-–—•+*]))\s+(?P<rest>\S.*)$")
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


def roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


_ROMAN_LIKE = re.compile(r"^(?P<token>[IVXlHUYv1|!íì]{1,5})\s*[.,:]\s*(?P<rest>\S.*)$")
# What OCR makes of the strokes of a Roman numeral: "II." -> "H.", "IV." -> "1V.", "III." -> "Ill.".
_STROKES = str.maketrans({"l": "I", "1": "I", "|": "I", "!": "I", "í": "I", "ì": "I", "v": "V", "Y": "V"})


def repair_roman(lines: list) -> None:
    """Section labels OCR misread, put right from their sequence: a heading in capitals whose label reads
    like the next Roman numeral, or repeats one already used with a stroke lost ("II." after "II."), gets
    the next numeral. Lines are changed in place."""
    expected = 1
    for line in lines:
        m = _ROMAN_LIKE.match(line.text)
        if not m or not mostly_upper(m["rest"]):
            continue
        token, want = m["token"].translate(_STROKES).replace("H", "II").replace("U", "II"), roman(expected)
        value = _roman_value(token) if set(token) <= set("IVX") else 0
        if token == want and m["token"] == want:
            expected += 1
        elif token == want or (value and value < expected and len(token) + 1 == len(want)):
            line.text = f"{want}. {m['rest']}"
            expected += 1
        elif value:
            expected = value + 1


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
            if node.label and node.label.type == "roman" and not node.title and mostly_upper(line.text) \
                    and mostly_upper(node.text):
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
        if line.marked or (label.type == "roman" and mostly_upper(label.rest)):
            node.heading = True
        elif ordered and self._heading_words(label):
            node.heading = node.guessed = self._short(line)
            node.candidate = not node.heading
        lead = parse_label(line.lead) if line.lead else None
        after = label.rest[len(lead.rest):].strip() if lead and lead.text == label.text else ""
        if after and label.rest.startswith(lead.rest):  # "**2. Khen thưởng cấp Nhà nước** (Huân chương…): …"
            node.heading, node.title, node.text = True, lead.rest, after
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
    while n < len(ws) and (mostly_upper(ws[n]) or not re.search(r"[^\W\d_]", ws[n])):
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


def walk(nodes):
    """Every node of a body tree (the output of BodyBuilder.tree), depth first."""
    for node in nodes:
        yield node
        if isinstance(node, dict):
            yield from walk(node.get("children") or [])


# -- Layout: head, kind line, title, body, recipients and signature ---------------------------


@dataclass
class Layout:
    head: list[Line]       # before the kind line: number, dateline, header
    kind: str
    title: list[str]
    body: list[Line]
    tail: list[Line]       # from "Nơi nhận:" on
    signature: list[Line]  # signature lines that close the body when they come before "Nơi nhận"


CAPACITY = re.compile(r"^(?P<prefix>KT|TM|TL|TUQ|Q)\s*\.\s*(?P<rest>\S.*)$")
QUOTES = "“”\"«»"


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
        while n < len(ws) and mostly_upper(ws[n]):
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
        # A title may itself open with "Thực hiện …" when a blank line parts it from the preamble.
        own_line = not out and i == start and not _terminal(line.text) and i + 1 < len(lines) and (
            lines[i + 1].blank_before or _titled_opener(lines, i))
        if (_is_opener(line.text) and not own_line) or parse_label(line.text) or _is_recipients_head(line.text):
            break
        if out and _cites_first(line.text):
            break  # "Triển khai Kế hoạch số 4127/KH-UBND …" under a title with no blank line: the preamble
        if out and not _title_goes_on(out, line):
            break
        out.append(line.text)
        i += 1
    return out, i


_CITED = re.compile(r"\b(?:ke hoach|quyet dinh|chi thi|nghi quyet|nghi dinh|huong dan|cong van|luat)\s+(?:so\s*:?\s*)?\d")


def _cites_first(text: str) -> bool:
    """"Triển khai Kế hoạch số …", "Thực hiện Quyết định số …": a sentence that opens by naming a document."""
    return bool(re.match(r"^(?:trien khai|thuc hien|can cu|thi hanh|theo)\s", fold(text))) and \
        bool(_CITED.search(fold(text)[:60]))


def _titled_opener(lines: list[Line], i: int) -> bool:
    """A title that opens like a preamble ("Thực hiện Phong trào thi đua …") with the preamble right under it
    (no blank line, as Word paragraphs, PDFs and scans give it): its lines cite no numbered document and do
    not end with a colon, a semicolon or "Căn cứ", as a preamble does."""
    run, j = [lines[i].text], i + 1
    while j < len(lines) and len(run) < 4 and not lines[j].blank_before and not _is_opener(lines[j].text) \
            and not _cites_first(lines[j].text) and not parse_label(lines[j].text):
        run.append(lines[j].text)
        j += 1
    text = fold(" ".join(run))
    return j < len(lines) and not text.startswith("can cu") and not _CITED.search(text) \
        and not re.search(r"\d+\s*/\s*[a-z]", text) and not text.rstrip().endswith((":", ";"))


def _title_goes_on(out: list[str], line: Line) -> bool:
    joined = " ".join(out)
    unbalanced = joined.count("“") != joined.count("”") or joined.count('"') % 2
    if unbalanced or line.text[:1] in QUOTES or _starts_lower(line.text):
        return True
    if mostly_upper(line.text) != mostly_upper(joined) or line.blank_before:
        return False  # e.g. "CHỦ TỊCH ỦY BAN NHÂN DÂN …" under a decision's title
    return not _terminal(out[-1])


def _is_recipients_head(text: str) -> bool:
    return bool(re.match(r"^noi nh[a-z]{1,2}n\b", fold(text)))


def _signature_like(text: str) -> bool:
    if parse_label(text) or re.search(r"[;,]$", text):
        return False
    return bool(CAPACITY.match(text)) or (mostly_upper(text) and len(text.split()) <= 8) or name_like(text)


def name_like(text: str) -> bool:
    """"Nguyễn Khánh Bình": two to six capitalised words, no digits, no office words."""
    ws = text.split()
    if not 2 <= len(ws) <= 6 or re.search(r"[\d.,;:()]", text):
        return False
    office = re.search(r"\b(?:chu tich|giam doc|pho|uy ban|ubnd|kt|tm|tl|hoi dong|so)\b", fold(text))
    # "Trưởng" (head of) is an office; "Trương", "Trường" are names: told apart before folding.
    office = office or re.search(r"(?i)\btrưởng\b", text)
    return not office and all(w[:1].isupper() for w in ws)


def _trailing_signature(body: list[Line]) -> tuple[list[Line], list[Line]]:
    """Signature lines printed after the last paragraph (when "Nơi nhận" follows or is missing)."""
    i = len(body)
    while i > 1 and _signature_like(body[i - 1].text):
        i -= 1
    sig = body[i:]
    if not any(CAPACITY.match(s.text) or mostly_upper(s.text) for s in sig):
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
        if CAPACITY.match(rest) or (rest and mostly_upper(rest) and not rest.startswith(("-", "+", "•"))):
            sig.append(rest)  # "Nơi nhận: GIÁM ĐỐC": the signature column read onto the same line
        elif rest.startswith(("-", "+", "•")) or (rest and not ocr):  # OCR specks otherwise
            recipients.append(re.sub(r"^[-+•]\s*", "", rest))
    for row in rows:
        row, joined = split_joined(row)
        sig += joined  # two columns read as one line: a recipient, then a signature line
        bullet = re.match(r"^[-–+•]\s*(\S.*)$", row)
        if bullet:
            recipients.append(bullet.group(1))
        elif recipients and not re.search(r"[;.)]$", recipients[-1]) and not _signature_like(row):
            recipients[-1] = _join(recipients[-1], row)
        else:
            sig.append(row)
    return recipients, sig
