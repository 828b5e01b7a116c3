"""A synthetic national archive for benchmarks and tests: N sample plans issued by real 2021
units of the pinned datasets (sources/units.py), each under its real parent, chained to
QĐ 1497/QĐ-TTg: a plan of each province (UBND tỉnh), of its districts, of a share of its
departments (sở, ban, ngành) and of communes, bodies recombined from the real plans' sections.

The units are real, the plans are not: generated corpora are test data, never committed,
never published. Every plan's id starts with SYNTHETIC_PREFIX, its number is "…/KH-MAU",
its title begins "Văn bản mẫu" and its provenance note says it is not a real document.
"""

from __future__ import annotations

import datetime
import itertools
import random
import shutil
from pathlib import Path

import yaml

from thidua.sources.units import dataset, short_name
from thidua.text import fold, slugify

ROOT_ID = "thu-tuong-qd-1497-2021"
ROOT_DATE = datetime.date(2021, 9, 10)
LAST_DATE = datetime.date(2021, 12, 31)
# Every synthetic plan id starts so: the search evaluation leaves them out.
SYNTHETIC_PREFIX = "mau-"
SYMBOL = "KH-MAU"
NOTE = ("Văn bản tổng hợp để đo hiệu năng, không phải văn bản thật: đơn vị ban hành có thật, "
        "nội dung ghép từ các mục của những kế hoạch thật trong kho.")
ORIGINAL = "originals/van-ban-mau.txt"
MOVEMENT = "Cả nước đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]

# Departments (sở, ban, ngành) every province had in 2021: (name, title of its head, signature line).
DEPARTMENTS = [(name, f"Giám đốc {name}", "GIÁM ĐỐC") for name in (
    "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Sở Lao động - Thương binh và Xã hội",
    "Sở Thông tin và Truyền thông", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải", "Sở Xây dựng", "Sở Tài nguyên và Môi trường",
    "Sở Tư pháp", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Công an")] + [
    ("Thanh tra", "Chánh Thanh tra", "CHÁNH THANH TRA"),
    ("Văn phòng Ủy ban nhân dân", "Chánh Văn phòng Ủy ban nhân dân", "CHÁNH VĂN PHÒNG")]

# The parts of a plan in their usual order: (part, how its heading begins, always present).
PARTS = [("purpose", ("muc dich",), True), ("subject", ("chu de",), False), ("content", ("noi dung",), True),
         ("solutions", ("giai phap",), False), ("awards", ("tieu chi", "khen thuong"), True),
         ("procedure", ("thu tuc",), False), ("organisation", ("to chuc thuc hien",), True)]

# The award forms a plan of each level names: those above it, and its own (last).
AWARDS = {
    "province": ["huan-chuong-lao-dong", "bang-khen-thu-tuong", "bang-khen-chu-tich-ubnd-tinh"],
    "department": ["bang-khen-thu-tuong", "bang-khen-chu-tich-ubnd-tinh", "giay-khen-giam-doc-so"],
    "district": ["bang-khen-thu-tuong", "bang-khen-chu-tich-ubnd-tinh", "giay-khen-chu-tich-ubnd-huyen"],
    "commune": ["bang-khen-chu-tich-ubnd-tinh", "giay-khen-chu-tich-ubnd-huyen", "giay-khen-chu-tich-ubnd-xa"],
}

# libyaml's emitter when PyYAML has it: writing 12,000 plans takes seconds, not minutes.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data) -> None:
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def _lower_first(name: str) -> str:
    """"Tỉnh Hải Dương" -> "tỉnh Hải Dương", as it reads inside a sentence."""
    return name[0].lower() + name[1:]


def _unit_type(name: str) -> str:
    """"Thị xã Đức Phổ" -> "thị xã"."""
    return name[: len(name) - len(short_name(name))].strip().lower()


def _spread(groups: list[list]) -> list:
    """One of each group in turn, then the next of each: any prefix is spread over every group."""
    return [x for row in itertools.zip_longest(*groups) for x in row if x is not None]


def choose(n_plans: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(level, unit key, department or "") of each plan, parents before their children.

    Provinces first (all 63 from N = 63); of the rest, half go to districts spread over the
    provinces, a quarter to departments, the others to communes of the chosen districts, so
    that a few hundred plans already hold every level; each level is capped by its units.
    """
    units = dataset()
    provinces = [k for k, u in units.items() if u["level"] == "province"]
    districts = {p: [] for p in provinces}
    communes: dict[str, list[str]] = {}
    for k, u in units.items():
        if u["level"] == "district":
            districts[u["province"]].append(k)
        elif u["level"] == "commune":
            communes.setdefault(u["district"], []).append(k)
    n_districts, n_departments = sum(map(len, districts.values())), len(provinces) * len(DEPARTMENTS)
    capacity = len(provinces) + n_districts + n_departments + sum(map(len, communes.values()))
    if not 0 < n_plans <= capacity:
        raise ValueError(f"a synthetic archive holds 1 to {capacity:,} plans (one per unit and department), not {n_plans:,}")

    if n_plans < len(provinces):
        picked = set(rng.sample(provinces, n_plans))
        return [("province", p, "") for p in provinces if p in picked]
    rest = n_plans - len(provinces)
    # Rounded up, so there are never more communes than chosen districts to hold them.
    n_districts = min(n_districts, (rest + 1) // 2)
    n_departments = min(n_departments, (rest - n_districts + 1) // 2)
    n_communes = rest - n_districts - n_departments

    def shuffled(items: list) -> list:
        items = list(items)
        rng.shuffle(items)
        return items

    chosen_districts = _spread([shuffled(districts[p]) for p in provinces])[:n_districts]
    departments = _spread([[(p, d) for d in shuffled(DEPARTMENTS)] for p in provinces])[:n_departments]
    chosen_communes = _spread([shuffled(communes.get(d, [])) for d in chosen_districts])
    return ([("province", p, "") for p in provinces] + [("department", p, d[0]) for p, d in departments]
            + [("district", d, "") for d in chosen_districts]
            + [("commune", c, "") for c in chosen_communes[:n_communes]])


def generate(source: Path, out: Path, n_plans: int, seed: int = 2021) -> int:
    """Write a plans directory with the real sources plus `n_plans` synthetic plans.

    Raises ValueError when `n_plans` is more than there are units (about 12,500).
    """
    rng = random.Random(seed)
    chosen = choose(n_plans, rng)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns("schema"))
    # What "tải về văn bản gốc" gives on a sample's page: there is no original.
    (out / ORIGINAL).write_text(f"{NOTE}\nKhông có bản gốc.\n", encoding="utf-8")
    real = [_load(p) for p in sorted(source.glob("*.yaml"))]
    parts: dict[str, list[dict]] = {}
    for plan in real:
        for node in plan["body"]:
            if isinstance(node, dict) and node.get("title"):
                heading = fold(node["title"])
                part = next((p for p, starts, _ in PARTS if heading.startswith(starts)), None)
                if part:
                    parts.setdefault(part, []).append(node)
    units = dataset()
    heads = {name: (head, line) for name, head, line in DEPARTMENTS}
    written: dict[tuple[str, str], dict] = {}  # (unit, department) -> what a child needs of its parent plan

    for number, (level, key, department) in enumerate(chosen, start=1):
        unit = units[key]
        province = units[unit["province"]]
        if level == "province":
            parent, doc_id = None, f"{SYNTHETIC_PREFIX}{key}-ubnd-tinh-kh-2021"
        elif level in ("department", "district"):
            parent = written[(unit["province"], "")]
            doc_id = (f"{SYNTHETIC_PREFIX}{key}-{slugify(department)}-kh-2021" if department
                      else f"{SYNTHETIC_PREFIX}{key}-ubnd-huyen-kh-2021")
        else:
            parent, doc_id = written[(unit["district"], "")], f"{SYNTHETIC_PREFIX}{key}-ubnd-xa-kh-2021"
        if department:
            issuer = f"{department} {_lower_first(province['name'])}"
            place = short_name(province["name"])
            head, line = heads[department]
            signer = {"name": "Người ký (mẫu)", "title": f"{head} {_lower_first(province['name'])}", "capacity": None,
                      "block": [line]}
        else:
            issuer = f"Ủy ban nhân dân {_lower_first(unit['name'])}"
            place = short_name(unit["name"])
            if place.isdigit():  # "Phường 1, ngày …", not "1, ngày …"
                place = unit["name"]
            signer = _signer(rng, _unit_type(unit["name"]))
        date = min(LAST_DATE, (parent["date"] if parent else ROOT_DATE) + datetime.timedelta(days=rng.randint(2, 30)))
        shown_date, dateline, when = _date(rng, date, place)
        parent_words = ("Quyết định số 1497/QĐ-TTg ngày 10/9/2021 của Thủ tướng Chính phủ" if parent is None else
                        f"Kế hoạch số {parent['number']} {parent['when']} của {parent['issuer']}")
        where = _lower_first(province["name"]) if department else _lower_first(unit["name"])
        body = [f"Thực hiện {parent_words} về triển khai Phong trào thi đua đặc biệt “{MOVEMENT}”, {issuer} ban hành "
                f"Kế hoạch thực hiện Phong trào trên địa bàn {where} như sau:"]
        body += _sections(rng, parts)
        body.append(f"Trên đây là Kế hoạch triển khai Phong trào thi đua đặc biệt của {issuer}; đề nghị các cơ quan, "
                    "đơn vị, cá nhân nghiêm túc triển khai thực hiện./.")
        doc_number = f"{number}/{SYMBOL}"
        _dump(out / f"{doc_id}.yaml", {
            "kind": "Kế hoạch", "number": doc_number, "symbol": SYMBOL, "date": shown_date, "dateline": dateline,
            "place": place, "issuer": {"name": issuer, "level": level, "unit": key},
            "title": f"Văn bản mẫu (tổng hợp, không phải văn bản thật): Triển khai Phong trào thi đua đặc biệt "
                     f"“{MOVEMENT}” trên địa bàn {where}",
            "movement": MOVEMENT, "implements": parent["id"] if parent else ROOT_ID,
            "awards": [a for a in AWARDS[level][:-1] if rng.random() < 0.7] + AWARDS[level][-1:],
            "signer": signer,
            "recipients": [f"{parent['issuer'] if parent else 'Thủ tướng Chính phủ'} (để báo cáo);",
                           "Các cơ quan, đơn vị liên quan;", "Lưu: VT."],
            "provenance": {"source": ORIGINAL, "ocr": False, "notes": NOTE},
            "body": body,
        })
        written[(key, department)] = {"id": doc_id, "date": date, "number": doc_number, "issuer": issuer, "when": when}
    return len(chosen)


def _date(rng: random.Random, date: datetime.date, place: str) -> tuple[str, str, str]:
    """The date as the source gives it, the dateline and how a child plan cites it; a few plans
    leave the day, or day and month, blank as printed (their children still date from the real day)."""
    roll = rng.random()
    if roll < 0.04:
        return "2021", f"{place}, ngày tháng năm 2021", "năm 2021"
    if roll < 0.12:
        return date.strftime("%Y-%m"), f"{place}, ngày tháng {date.month} năm 2021", f"tháng {date.month}/2021"
    return date.isoformat(), f"{place}, ngày {date.day} tháng {date.month} năm 2021", f"ngày {date.day}/{date.month}/2021"


def _signer(rng: random.Random, unit_type: str) -> dict:
    """The chair signs, or a vice-chair on the chair's behalf."""
    if rng.random() < 0.5:
        return {"name": "Người ký (mẫu)", "title": f"Chủ tịch UBND {unit_type}", "capacity": None, "block": ["CHỦ TỊCH"]}
    return {"name": "Người ký (mẫu)", "title": f"Phó Chủ tịch UBND {unit_type}", "capacity": "KT. Chủ tịch",
            "block": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]}


def _sections(rng: random.Random, parts: dict[str, list[dict]]) -> list[dict]:
    """A plan's parts in their usual order, each from a real plan, some optional ones left out;
    how much of each part is kept varies from plan to plan, so bodies vary in length."""
    keep = rng.uniform(0.5, 1.0)
    out = []
    seen = set()
    for part, _, always in PARTS:
        if part in seen or part not in parts or not (always or rng.random() < 0.5):
            continue
        seen.add(part)
        section = dict(rng.choice(parts[part]), label=f"{ROMAN[len(out)]}.")
        children = section.get("children") or []
        if len(children) > 1:
            section["children"] = children[: max(1, round(len(children) * keep))]
        out.append(section)
    return out
