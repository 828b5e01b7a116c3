"""The bodies a header names: the issuer and, above it, the body it belongs to.

Decree 30/2020/NĐ-CP prints the parent body on the first line and the issuer under it
("UBND TỈNH NGHỆ AN / SỞ Y TẾ", "UBND HUYỆN YÊN THÀNH / UBND XÃ HOA THÀNH"); a name too long
for one line goes on over the next ("ỦY BAN NHÂN DÂN / HUYỆN TỨ KỲ"). A line that starts
with an organisation word starts a body, unless the body above still lacks its place.
"""

from __future__ import annotations

import re

from thidua.text import fold
from .lines import Line, mostly_upper

_ORG_START = re.compile(r"^(?:ubnd|uy ban|hoi dong|so|bo|ban|phong|cuc|tong cuc|cong an|dang uy|huyen uy|thanh uy|"
                        r"tinh uy|thi uy|quan uy|van phong|trung tam|truong|chinh phu|thu tuong|quoc hoi|mat tran|"
                        r"lien doan|doan|hoi)\b")
_NEEDS_PLACE = re.compile(r"^(?:ubnd|uy ban nhan dan|hoi dong nhan dan|hoi dong thi dua\W+khen thuong|hoi dong tdkt"
                          r"|dang uy|ban chi dao|ban thi dua\W+khen thuong)$")
_UNIT_TYPES = r"(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)"


def header_bodies(head: list[Line]) -> list[str]:
    """The bodies the header names, outermost first, in running case: ["UBND tỉnh Nghệ An", "Sở Y tế"]."""
    parts = [h.text for h in head if mostly_upper(h.text) and not _not_a_body(h.text)]
    bodies: list[str] = []
    for part in parts:
        f = fold(part)
        if bodies and (not _ORG_START.match(f) or _NEEDS_PLACE.match(fold(bodies[-1]))):
            bodies[-1] += " " + part
        else:
            bodies.append(part)
    return [name_case(b) for b in bodies]


_MOTTO_WORDS = "cong hoa xa hoi chu nghia viet nam doc lap tu do hanh phuc"


def _not_a_body(text: str) -> bool:
    f = fold(text)
    words = " ".join(re.findall(r"[a-z]+", f))
    if words and f" {words} " in f" {_MOTTO_WORDS} ":
        return True  # "NGHĨA VIỆT NAM": the motto wrapped in a narrow column
    return bool(re.match(r"(?:cong hoa|doc lap|s[o0]\s*:|s[o0]\s+\d|-+$)", f)) or "ngay" in f.split() or "/" in text


def name_case(text: str) -> str:
    """"SỞ GIÁO DỤC VÀ ĐÀO TẠO" -> "Sở Giáo dục và Đào tạo", "UBND TỈNH NGHỆ AN" -> "UBND tỉnh Nghệ An"."""
    from .signature import title_case

    name = title_case(text)
    name = re.sub(r"(?i)\bthi đua\s*-\s*khen thưởng", "Thi đua - Khen thưởng", name)
    name = re.sub(r"^(Sở|Bộ|Ban|Cục|Phòng)\s+(\w)", lambda m: f"{m[1]} {m[2].upper()}", name)
    name = re.sub(r"^((?:Sở|Bộ|Ban|Cục|Phòng)\s.*?(?:\svà|\s-))\s+(\w)", lambda m: f"{m[1]} {m[2].upper()}", name)
    return re.sub(rf"\b(?P<type>{_UNIT_TYPES})\s+(?P<name>.+)$", lambda m: f"{m['type']} {m['name'].title()}", name)
