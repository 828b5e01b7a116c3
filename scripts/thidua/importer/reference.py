"""What the importer knows of the archive: units, award names and known documents (`Reference`).

`load_reference` reads them from a plans directory (plans/reference/units.yaml,
plans/reference/awards.yaml, plans/*.yaml and plans/directives/*.yaml); matching
cited documents and naming units runs against the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from thidua.sources import units
from thidua.sources.reference import province_name
from thidua.text import fold

# -- What the importer knows of the archive ------------------------------------


@dataclass(frozen=True)
class Known:
    """A document the archive already has, reduced to what matching needs."""

    id: str
    kind: str
    number: str | None
    year: int | None
    province: str | None
    title: str = ""


@dataclass
class Reference:
    """Units, award names and known documents: the data matching runs against."""

    units: dict[str, dict] = field(default_factory=dict)      # key -> {name, level, province}
    documents: list[Known] = field(default_factory=list)
    awards: dict[str, str] = field(default_factory=dict)  # key -> name, from plans/reference/awards.yaml

    def without(self, doc_id: str) -> Reference:
        """The same reference minus one document (an evaluation must not see its answer)."""
        return Reference(self.units, [d for d in self.documents if d.id != doc_id], self.awards)

    def add(self, path: Path) -> None:
        """Know the plan or directive in `path` (one just written by a batch import: later files match it)."""
        d = _read_yaml(path)
        if isinstance(d, dict) and isinstance(d.get("issuer"), dict):
            year = re.match(r"\d{4}", str(d.get("date") or ""))
            unit = d["issuer"].get("unit")
            self.documents.append(Known(path.stem, str(d.get("kind") or ""), d.get("number"),
                                        int(year.group()) if year else None, self.province_of(unit),
                                        str(d.get("short_title") or d.get("title") or "")))

    def near_unit(self, name: str, within: str, kind: str | None = None) -> str | None:
        """The one unit of `within`'s province (of the printed type `kind`) whose name is one or two letters
        from `name` ("Cân Giuột" -> Cần Giuộc, an OCR misreading); None when none or several are."""
        province = (self.units.get(within) or {}).get("province")
        want = _bare(name)
        if not province or len(want.replace(" ", "")) < 5:
            return None
        near = [k for k, u in self.units.items() if u["province"] == province and u["level"] != "province"
                and (not kind or fold(u["name"]).startswith(fold(kind) + " ")) and edits(_bare(u["name"]), want) <= 2]
        return near[0] if len(near) == 1 else None

    def __post_init__(self):
        self._index()

    def _index(self) -> None:
        """Folded bare name ("tu ky") -> unit keys, so a lookup does not scan 11,000 units."""
        self._by_name: dict[str, list[str]] = {}
        for key, unit in self.units.items():
            self._by_name.setdefault(_bare(unit["name"]), []).append(key)

    def unit_names(self) -> tuple[str, ...]:
        """Bare province names as printed ("Hải Phòng"), for restoring an OCR text."""
        return tuple(re.sub(r"^(?:Tỉnh|Thành phố)\s+", "", u["name"]) for u in self.units.values()
                     if u["level"] == "province")

    def province_key(self, name: str | None) -> str | None:
        return self.unit_named(name, "province") if name else None

    def province_of(self, unit_key: str | None) -> str | None:
        unit = self.units.get(unit_key or "")
        if not unit:
            return None
        prov = self.units.get(unit["province"])
        return province_name(prov["name"]) if prov else None

    def unit_named(self, name: str, level: str | None = None, within: str | None = None,
                   kind: str | None = None) -> str | None:
        """Key of the unit called `name` ("Tứ Kỳ", "Hai Phong"), optionally of one level, inside the
        unit `within` (a province or district key) and of one printed type ("huyện", "thị xã").

        Many communes share a name: without `within` a name that fits several units gives None.
        """
        cands = [k for k in self._by_name.get(_bare(name), []) if level is None or self.units[k]["level"] == level]
        if kind:
            typed = [k for k in cands if fold(self.units[k]["name"]).startswith(fold(kind) + " ")]
            cands = typed or cands
        if within and within in self.units:
            # A unit lies within itself: "huyện Gò Dầu" within the district Gò Dầu is the district, not its township.
            inside = [k for k in cands if within in (k, self.units[k]["province"], self.units[k].get("district"))]
            cands = inside or ([] if self.units[within]["level"] != "province" or level == "province" else cands)
        if len(cands) > 1:  # a city and its province share a name ("Hải Dương"): the larger unit first
            order = {"province": 0, "district": 1, "commune": 2}
            best = min(order[self.units[k]["level"]] for k in cands)
            cands = [k for k in cands if order[self.units[k]["level"]] == best]
        return cands[0] if len(cands) == 1 else None


def edits(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def printed_name(unit: dict) -> str:
    """"Huyện Cần Giuộc" -> "Cần Giuộc": a unit's name as a text prints it after its type."""
    return re.sub(r"^(?:Tỉnh|Thành phố|Huyện|Thị xã|Quận|Xã|Phường|Thị trấn)\s+", "", unit["name"])


def _bare(name: str) -> str:
    return re.sub(r"^(?:tinh|thanh pho|huyen|thi xa|quan|xa|phuong|thi tran)\s+", "", fold(name).strip())


def load_reference(plans_dir: Path) -> Reference:
    """Read units, award names and every known document under `plans_dir` (unreadable files are skipped)."""
    plans_dir = Path(plans_dir)
    ref = Reference()
    raw_units = _read_yaml(plans_dir / "reference" / "units.yaml") or {}
    try:  # every 2021 unit of the pinned datasets, units.yaml applied
        merged, _ = units.merge({k: u for k, u in raw_units.items() if isinstance(u, dict)})
    except units.DatasetMissing:
        merged = {k: u for k, u in raw_units.items() if isinstance(u, dict) and "name" in u and "level" in u}
    for key, u in merged.items():
        ref.units[key] = {"name": u["name"], "level": u["level"], "district": u.get("district"),
                          "province": key if u["level"] == "province" else u.get("province")}
    ref._index()
    for key, a in (_read_yaml(plans_dir / "reference" / "awards.yaml") or {}).items():
        if isinstance(a, dict) and "name" in a:
            ref.awards[key] = a["name"]
    for path in sorted(plans_dir.glob("*.yaml")) + sorted((plans_dir / "directives").glob("*.yaml")):
        ref.add(path)
    return ref


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
