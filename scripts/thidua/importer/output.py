"""The draft and how it is written out: `Draft`, the plans/<id>.yaml text, directive drafts, the JSON record.

`to_plan_yaml` lays the record out as plans/FORMAT.md does, a `# KIỂM TRA` comment
above every field the importer is unsure of; `directive_yaml` writes the draft of a
cited document the archive lacks; `json_record` gives the fields of documents.json.
All of it is pure: files are written by the command (command.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from thidua import paths
from .body import walk

DRAFT_SUMMARY = "Bản nháp tạo tự động từ văn bản nhập; cần kiểm tra."
PLAN_NOTE = "Bản nháp do trình nhập tạo; cần người kiểm tra."
ROOT_ID = "thu-tuong-qd-1497-2021"


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
    parent_up: str | None = None     # where that draft links, when the text says what the parent carries out
    origin: object | None = None     # formats.Read: the file's format, the OCR engine and the lines it was unsure of

    def report(self) -> str:
        """A short account of what was found and what a person must check."""
        r = self.record
        number = r["number"] or "không số"
        where = f"{r['level'] or '?'}, {r['province'] or '?'}"
        lines = [f"Nhập {self.source_name} → plans/{r['id']}.yaml",
                 f"  {r['kind']} {number}, ngày {r['date']}, {r['issuer'] or '?'} ({where})"]
        parent = r["implements"] or (f"bản nháp mới {self.parent_draft}" if self.parent_draft else "chưa xác định")
        lines.append(f"  Thực hiện: {r['implements_number'] or '?'} → {parent}")
        matched = sum(1 for c in r["cites"] if c["ref"])
        drafted = sum(1 for c in r["cites"] if c["draft"])
        lines.append(f"  Dẫn chiếu: {len(r['cites'])} văn bản ({matched} đã có trong kho, {drafted} bản nháp mới)")
        signer = r["signer_detail"]
        lines.append(f"  Khen thưởng: {len(r['awards'])} hình thức; nơi nhận: {len(r['recipients'])}; "
                     f"người ký: {signer['name'] or '?'}")
        heads = sum(1 for n in walk(r["body"]) if isinstance(n, dict) and "title" in n)
        lines.append(f"  Nội dung: {sum(1 for _ in walk(r['body']))} phần, trong đó {heads} đề mục")
        d = self.diacritics
        lines.append(f"  Dấu tiếng Việt: {d['bare_share']:.0%} từ không dấu" + (" — VĂN BẢN MẤT DẤU" if d["lost"] else ""))
        if self.uncertain:
            lines.append(f"Cần kiểm tra ({len(self.uncertain)} chỗ, đánh dấu # KIỂM TRA trong tệp):")
            lines += [f"  - {key}: {why}" for key, why in self.uncertain.items()]
        return "\n".join(lines)


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
    if not re.fullmatch(r"originals/[0-9A-Za-z_.-]+", source):
        source = "originals/" + (re.sub(r"[^0-9A-Za-z_.-]+", "_", Path(source).name) or "van-ban.txt")
        marks["provenance.source"] = f"chép văn bản gốc vào plans/{source}"
    notes = PLAN_NOTE
    if draft.diacritics["lost"]:
        notes += (f" Văn bản mất dấu tiếng Việt ({draft.diacritics['bare_share']:.0%} từ không dấu, có thể là bản"
                  " OCR): cần khôi phục dấu từng chữ theo bản gốc.")
    origin = draft.origin
    scanned = bool(origin is not None and getattr(origin, "engine", None))
    if scanned:
        notes += f" Văn bản nhận dạng từ bản quét ({origin.format}, {origin.pages} trang) bằng {origin.engine}."
        if origin.unsure:
            shown = "; ".join(f"«{line}»" for line in origin.unsure[:12])
            more = f" và {len(origin.unsure) - 12} dòng nữa" if len(origin.unsure) > 12 else ""
            marks["body"] = (marks.get("body", "") + "; " if marks.get("body") else "") + \
                f"OCR không chắc {len(origin.unsure)} dòng, đối chiếu bản gốc: {shown}{more}"
    elif origin is not None and getattr(origin, "format", "text") != "text":
        notes += f" Văn bản lấy từ tệp {origin.format}."
    s = r["signer_detail"]
    plan = {
        "kind": r["kind"], "number": r["number"], "symbol": r["symbol"], "date": r["date"],
        "dateline": r["dateline"], "place": r["place"],
        "issuer": {"name": r["issuer"] or fill, "level": r["level"] or "district", "unit": r["unit"]},
        "title": r["title"] or fill, "movement": r["movement"] or r["title"] or fill,
        "implements": r["implements"] or draft.parent_draft, "cites": cites, "awards": r["award_keys"],
        "signer": {"name": s["name"], "title": s["title"], "capacity": s["capacity"], "block": s["block"]},
        "recipients": r["recipients"],
        "provenance": {"source": source, "ocr": draft.diacritics["lost"] or scanned, "notes": notes},
        "commendation_routes": [{"award": x["award"], "for": x["for"], "proposer": x["proposer"], "section": x["section"]}
                                for x in r.get("routes") or []],
        "body": r["body"],
    }
    if plan["commendation_routes"]:
        marks.setdefault("commendation_routes", "tuyến trình đọc từ câu văn (“… đề nghị … tặng …”): đối chiếu người "
                         "đề nghị, người quyết định và đối tượng")
    else:
        del plan["commendation_routes"]
    return plan, marks


def to_plan_yaml(draft: Draft) -> str:
    """The draft as a plans/<id>.yaml source, every uncertain field marked `# KIỂM TRA`."""
    plan, marks = plan_source(draft)
    head = ["# yaml-language-server: $schema=schema/plan.schema.json",
            f"# Bản nháp do trình nhập tạo từ {draft.source_name}; cần người kiểm tra trước khi đưa vào kho."]
    return "\n".join(head + _emit(plan, marks)) + "\n"


def directive_yaml(cite: dict, level: str | None, unit: str | None, date: str, source_name: str, parent: bool,
                   unit_inferred: bool, up: str | None = None) -> str:
    """A directive draft for a cited document the archive lacks: only what the citing text says."""
    marks = {"title": "tiêu đề chưa biết; ghi theo lời dẫn trong văn bản nhập",
             "date": "" if cite["date"] else "văn bản dẫn không ghi ngày; năm ghi tạm",
             "issuer.name": "" if cite["issuer"] else "văn bản dẫn không ghi cơ quan ban hành",
             "issuer.unit": "văn bản dẫn không ghi tên đơn vị; suy từ văn bản nhập" if unit_inferred else ""}
    about = cite.get("about")
    title = about[0].upper() + about[1:] if about else f"{cite['kind']} số {cite['number']}"
    symbol = cite["number"].rsplit("/", 1)[1] if "/" in cite["number"] and not re.match(r"\d+-", cite["number"]) else None
    implements = None
    if parent and up:  # the citing text says what this document carries out
        implements = {"ref": up, "status": "unconfirmed",
                      "note": f"Theo lời dẫn trong văn bản nhập {source_name}; cần đối chiếu bản gốc."}
        marks["implements"] = "liên kết theo lời dẫn trong văn bản nhập"
    elif parent:  # keeps the chain to QĐ 1497/QĐ-TTg whole until a person finds the real parent
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
