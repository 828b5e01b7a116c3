"""A synthetic national archive for benchmarks: N plans over provinces, departments,
districts and communes, chained to QĐ 1497/QĐ-TTg, bodies recombined from the real
plans' sections. Generated corpora are test data: never committed, never published
(units are named "Tỉnh Mẫu 01", "Huyện Mẫu 01-02" so nobody mistakes them for real).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

ROOT_ID = "thu-tuong-qd-1497-2021"
# Every synthetic plan id starts so (units "Tỉnh Mẫu 01"…): the search evaluation leaves them out.
SYNTHETIC_PREFIX = "mau-"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def generate(source: Path, out: Path, n_plans: int, seed: int = 2021) -> int:
    """Write a plans directory with the real sources plus `n_plans` synthetic plans."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out, ignore=shutil.ignore_patterns("schema"))
    real = [_load(p) for p in sorted(source.glob("*.yaml"))]
    sections = [node for plan in real for node in plan["body"] if isinstance(node, dict) and node.get("title")]
    preambles = [plan["body"][0] for plan in real if isinstance(plan["body"][0], str)]
    recipients = [plan["recipients"] for plan in real]
    units = _load(out / "reference" / "units.yaml")
    awards = [k for k in _load(out / "reference" / "awards.yaml") if k != "thu-khen"]

    def plan(doc_id, issuer, level, unit, parent, parent_number, day, number):
        body = [rng.choice(preambles).replace("Kế hoạch", f"Kế hoạch số {parent_number}", 1)]
        picked = rng.sample(sections, k=rng.randint(3, 5))
        for i, sec in enumerate(picked):
            body.append({**sec, "label": f"{ROMAN[i]}."})
        _dump(out / f"{doc_id}.yaml", {
            "kind": "Kế hoạch", "number": number, "symbol": number.split("/", 1)[1], "date": f"2021-{day}",
            "place": issuer.split(" ", 2)[-1], "issuer": {"name": issuer, "level": level, "unit": unit},
            "title": f"Triển khai phong trào thi đua đặc biệt phòng, chống dịch Covid-19 của {issuer}",
            "movement": "Cả nước đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19",
            "implements": parent, "awards": rng.sample(awards, k=3),
            "signer": {"name": f"Người ký {doc_id[-8:]}", "title": "Chủ tịch", "capacity": None, "block": ["CHỦ TỊCH"]},
            "recipients": rng.choice(recipients),
            "provenance": {"source": "originals/synthetic.txt", "ocr": False, "notes": "Văn bản tổng hợp để đo hiệu năng."},
            "body": body,
        })

    made = 0
    provinces = max(1, min(63, n_plans // 12))
    levels = []  # (province, kind, k): province plan first, then the rest round-robin
    for p in range(1, provinces + 1):
        key = f"{SYNTHETIC_PREFIX}{p:02d}"
        units[key] = {"name": f"Tỉnh Mẫu {p:02d}", "level": "province",
                      "successor": {"text": "Đơn vị tổng hợp", "status": "unconfirmed"}}
        levels.append((p, "province", 0))
    k = 0
    while len(levels) < n_plans:
        k += 1
        for p in range(1, provinces + 1):
            levels += [(p, "department", k), (p, "district", k), (p, "commune", k)]
    for p, kind, k in levels[:n_plans]:
        key = f"{SYNTHETIC_PREFIX}{p:02d}"
        prov_id = f"{key}-ubnd-tinh-kh-{100 + p}-2021"
        if kind == "province":
            plan(prov_id, f"UBND tỉnh Mẫu {p:02d}", "province", key, ROOT_ID, "1497/QĐ-TTg", f"09-{rng.randint(15, 28)}", f"{100 + p}/KH-UBND")
        elif kind == "department":
            plan(f"{key}-so-{k}-kh-{k}-2021", f"Sở Ngành {k} tỉnh Mẫu {p:02d}", "department", key, prov_id, f"{100 + p}/KH-UBND",
                 f"10-{rng.randint(1, 28):02d}", f"{k}/KH-S{k}")
        else:
            district = f"{key}-h{k:02d}"
            units.setdefault(district, {"name": f"Huyện Mẫu {p:02d}-{k:02d}", "level": "district", "province": key,
                                        "successor": {"text": "Đơn vị tổng hợp", "status": "unconfirmed"}})
            district_id = f"{district}-ubnd-huyen-kh-{k}-2021"
            if kind == "district":
                plan(district_id, f"UBND huyện Mẫu {p:02d}-{k:02d}", "district", district, prov_id, f"{100 + p}/KH-UBND",
                     f"10-{rng.randint(1, 28):02d}", f"{k}/KH-UBND")
            else:
                plan(f"{district}-ubnd-xa-kh-{k}-2021", f"UBND xã Mẫu {p:02d}-{k:02d}", "commune", district, district_id,
                     f"{k}/KH-UBND", f"11-{rng.randint(1, 28):02d}", f"{k}/KH-UBNDX")
        made += 1
    _dump(out / "reference" / "units.yaml", units)
    return made
