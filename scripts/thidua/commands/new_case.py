"""`python -m scripts new-case`: a new case file with every field to fill, never over an old one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from thidua.sources.schema import ID_RE

TEMPLATE = """\
---
# Điền các trường dưới đây; xem trang "Hướng dẫn viết bài gương điển hình" trên trang web.
# yaml-language-server: $schema=../schema/case.schema.json
title: {title}
date: "{date}"           # ngày sự kiện hoặc ngày được khen: "2021-09-05", "2021-09" hoặc "2021"
published: "{today}"
who:
  - name: Họ tên hoặc tên tập thể
    kind: person          # person (cá nhân) hoặc collective (tập thể)
    role: Chức vụ, đơn vị
where:
  printed: Nơi chốn như nguồn ghi
  unit: {unit}            # mã tỉnh, thành phố trong plans/reference/units.yaml
themes: [y-te-tuyen-dau]  # mã trong plans/reference/themes.yaml
recognition:
  - award: bang-khen-thu-tuong   # mã trong plans/reference/awards.yaml
    by: Ai trao tặng
    date: "{date}"
under: thu-tuong-qd-1497-2021
under_note: Căn cứ khen thưởng theo nguồn (hoặc lý do xếp vào văn bản này).
sources:
  - url: https://
    publisher: Tên báo, cổng thông tin
    date: "{date}"
---

Viết bằng lời của mình: họ là ai, đã làm gì, được ghi nhận thế nào. Chỉ điều nguồn nêu.
"""


def new_case(cases_dir: Path, case_id: str, title: str, date: str, unit: str, today: str) -> Path:
    """Write plans/cases/<id>.md from the template, atomically; refuse to overwrite."""
    if not ID_RE.match(case_id):
        raise ValueError(f"'{case_id}' is not a valid id: use lowercase ASCII words joined by '-', e.g. tphcm-atm-gao-2020")
    target = cases_dir / f"{case_id}.md"
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose another --id (nothing was written)")
    cases_dir.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(title=title.replace("\n", " "), date=date, unit=unit, today=today)
    fd, tmp = tempfile.mkstemp(dir=cases_dir, prefix=f".{case_id}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    try:
        os.link(tmp, target)  # fails if the target appeared meanwhile: never overwrite
    finally:
        os.unlink(tmp)
    return target
