"""Two-column blocks of an administrative document read as one column each.

Decree 30/2020/NĐ-CP sets the header in two columns (the issuer over its parent body on the
left, the national motto and the place-and-date line on the right) and the end in two
columns (recipients on the left, the signature block on the right). A PDF text layer or a
copy keeps both columns on one line, separated by a run of spaces or by tabs. Before the
whitespace is collapsed, the header (before the kind line) and the end (from "Nơi nhận" or
the first signature line) are rewritten as the left column, then the right one; the body
is left as it is, since justified text also has runs of spaces.
"""

from __future__ import annotations

import re

from thidua.text import fold
from .lines import UP

_GAP = re.compile(r"\t+| {3,}")
_SEGMENT = re.compile(r"[^\t ](?:[^\t ]| {1,2}(?=[^\t ]))*")
_KIND = re.compile(r"^(?:ke hoach|quyet dinh|chi thi|nghi quyet|huong dan|ket luan)\b")
_CAPACITY = re.compile(r"^(?:KT|TM|TL|TUQ|Q)\s*\.\s*\S")
# A line indented this far with nothing on its left belongs to the right column.
RIGHT_FROM = 20


def _segments(line: str) -> list[tuple[int, str, bool]]:
    """(column, text, after a tab) of each run of text separated by a gap.

    Blanks left for a date or a number to be filled in ("ngày      tháng    năm 2021",
    "Số:    /KH-UBND") are no column gap.
    """
    out: list[tuple[int, str, bool]] = []
    for m in _SEGMENT.finditer(line):
        before = line[:m.start()]
        if out and (_BLANK_BEFORE.search(out[-1][1]) or _BLANK_AFTER.match(m.group())
                    and (m.group().startswith("/") or _DATE_PART.search(out[-1][1]))):
            col, seg, tabbed = out[-1]
            out[-1] = (col, f"{seg} {m.group()}", tabbed)
            continue
        out.append((len(before.expandtabs(8)), m.group(), "\t" in before))
    return out


_BLANK_BEFORE = re.compile(r"(?i)(?:\bngày|\btháng|\bnăm|\bSố\s*:?)$")
_BLANK_AFTER = re.compile(r"(?i)(?:tháng\b|năm\b|/)")
# "tháng …"/"năm …" go on a dateline's own blanks, not on the number's line beside it
# ("Số: 266/KH-SLĐTBXH<tab>năm 2021": a scan cut the dateline above before its year).
_DATE_PART = re.compile(r"(?i)\b(?:ngày|tháng)\b")


def split_columns(text: str) -> str:
    """The text with its two-column header and end rewritten one column after the other."""
    lines = text.split("\n")
    kind = next((i for i, ln in enumerate(lines[:80])
                 if _texts(ln) and _KIND.match(fold(re.sub(r"^[*#\s]+", "", _texts(ln)[0])))), None)
    if kind is None:
        return text
    tail = next((i for i in range(kind + 1, len(lines)) if _tail_starts(lines[i])), None)
    out = _unfold([_part_collapsed(ln) for ln in lines[:kind]]) + lines[kind:tail]
    if tail is not None:
        out += _unfold(lines[tail:], joined=True)
    return "\n".join(out)


def _texts(line: str) -> list[str]:
    return [s for _, s, _ in _segments(line)]


def _tail_starts(line: str) -> bool:
    first = _texts(line)
    if not first:
        return False
    if re.match(r"^noi nh[a-z]{1,2}n\b", fold(re.sub(r"^[*#\s]+", "", first[0]))):
        return True
    return any(_CAPACITY.match(s) for s in first[1:]) or (
        bool(_CAPACITY.match(first[0])) and len(line) - len(line.lstrip()) >= RIGHT_FROM)


_MOTTO = re.compile(r"(?<=\S) +(?=(?:CỘNG HÒA|CỘNG HOÀ) XÃ HỘI|Độc lập\s*-)")
_PLACE_DATE = re.compile(rf"(?<=[^\s,]) +(?=(?:[{UP}][^\s,]*\s+){{0,4}}[{UP}][^\s,]*,\s*ngày\b)")


def _part_collapsed(line: str) -> str:
    """A header line whose columns a PDF reader put one space apart ("SỞ Y TẾ Độc lập - Tự do - Hạnh phúc",
    "Số: 88/KH-SYT Nghệ An, ngày 30 …") with a tab between them: the motto, or the place before ", ngày",
    after upper-case words or the number, starts the right column."""
    if "\t" in line or re.search(r"\S {3,}\S", line):
        return line
    line = _MOTTO.sub("\t", line, count=1)
    m = re.search(r",\s*ngày\b", line)
    if m and "\t" not in line:
        for cut in _PLACE_DATE.finditer(line[:m.end()]):
            left, place = line[:cut.start()], line[cut.end():m.start()].split()
            titled = all(len(w) == 1 or not any(c.isupper() for c in w[1:]) for w in place)
            if titled and (left.isupper() or re.search(r"\bSố\s*:?\s*\d*\s*/\s*\S+$", left)):
                return f"{left}\t{line[cut.end():]}"
    return line


def _unfold(block: list[str], joined: bool = False) -> list[str]:
    """Left column lines, then right column lines; a block with no second column is returned as it is.

    `joined` (the end): a signature line a scan or a copy joined to a recipient ("- Thủ tướng …; KT. CHỦ
    TỊCH") goes to the right column in its row's place, so the block keeps its order (TM. above KT.)."""
    rows = [_segments(ln) for ln in block]
    two = [r for r in rows if len(r) >= 2]
    indented = [r for r in rows if len(r) == 1 and (r[0][0] >= RIGHT_FROM or r[0][2])]
    if not two and not indented:
        return block
    split = min((r[1][0] for r in two if not r[1][2]), default=RIGHT_FROM)
    split = min(split, RIGHT_FROM) if not two else split
    left: list[str] = []
    right: list[str] = []
    for row in rows:
        if not row:
            left.append("")
            continue
        if len(row) == 1:
            col, seg, tabbed = row[0]
            if tabbed or col >= max(RIGHT_FROM, split - 8):
                right.append(seg)
                continue
            rec, sig = split_joined(seg) if joined else (seg, [])
            left.append(rec)
            right.extend(sig)
            continue
        rec, sig = split_joined(row[0][1]) if joined else (row[0][1], [])
        left.append(rec)
        right.append("   ".join([*sig, *(s for _, s, _ in row[1:])]))
    return left + [""] + right


def split_joined(row: str) -> tuple[str, list[str]]:
    """A recipient line that a copy joined to the signature column, split back.

    "- Ban TĐKT tỉnh; KT. CHỦ TỊCH" -> ("- Ban TĐKT tỉnh;", ["KT. CHỦ TỊCH"]); also a title in
    capitals ("…; PHÓ CHỦ TỊCH") or the signer's name ("- Lưu: VT. Giàng Thị Mẫu") after the
    recipient's final punctuation. A recipient that goes on in lower case is left alone.
    """
    from .body import name_like
    from .lines import mostly_upper

    m = re.match(r"^(?P<rec>.*?[;.,])\s*(?P<sig>(?:KT|TM|TL|TUQ|Q)\s*\.\s*[A-ZĐ].*)$", row)
    if m:
        return m.group("rec"), [m.group("sig")]
    m = re.match(r"^(?P<rec>[-–+•]\s*.*[;.])\s+(?P<sig>[^;.,]+)$", row)
    if m and not re.search(r"[;.,:]$", m.group("sig")):
        tail = m.group("sig").strip()
        if (mostly_upper(tail) and len(tail.split()) >= 2) or name_like(tail):
            return m.group("rec"), [tail]
    return row, []
