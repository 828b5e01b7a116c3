"""The editorial desk at quan-tri/: Decap CMS, configured from the JSON Schemas and the loaded archive.

One source of truth: every form field is generated from plans/schema/*.json (required,
enums, patterns, list minimums), and every picker offers only the keys the archive has
just loaded (units, award forms, themes, documents). Only the Vietnamese labels and
hints are written here. tests/test_desk.py holds the configuration to the schemas.

The desk's files ride along with the pages (virtual files): its page, config.yml, the
Decap CMS bundle installed from the npm registry (desk/package-lock.json) and desk.js,
the archive's own additions (preview in the site's styles, null for empty pickers,
the duplicate-id check). Images uploaded beside the cases (plans/cases/anh/<name>.jpg,
written in the case as anh/<name>.jpg) are published under assets/cases/, where case pages look.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Any

from thidua import paths
from thidua.errors import ArchiveError, Problem
from thidua.model import Archive
from thidua.sources.schema import SCHEMA_DIR

DESK = paths.DESK.rstrip("/")  # files under site/quan-tri/
ROOT = Path(__file__).resolve().parents[3]
DESK_SRC = ROOT / "desk"
BUNDLE = DESK_SRC / "node_modules" / "decap-cms" / "dist"
YAML_LIB = DESK_SRC / "node_modules" / "yaml" / "browser" / "dist"  # ES modules, imported by desk.js
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp")
MAX_IMAGE_BYTES = 1_000_000  # uploads above this are refused by the form and by the build
CASE_IMAGES = "assets/cases"
CASE_MEDIA = "anh"  # uploads go to plans/cases/anh/
# A published desk's inbox of plans' files (commands/inbox.py imports them in CI): beside the
# sources, never among them, so nothing uploaded is read by the build before it is imported.
INBOX = "inbox"
INBOX_MEDIA = "tep"  # the files themselves: inbox/tep/<name>
MAX_PLAN_FILE_BYTES = 50 * 1024 * 1024  # a scanned PDF of a long plan stays well under this

# Fields of a plan that the "corrections" collection leaves out of the form: the text
# itself and the cross-references, which the importer and reviewers handle in YAML.
# Decap keeps keys it has no field for, so they are saved back unchanged.
PLAN_KEPT_AS_IS = ("implements", "cites", "recipients", "commendation_routes", "body")

# Vietnamese labels and hints, by collection and dotted field path ("*" stands for a list item).
LABELS: dict[str, tuple[str, str | None]] = {
    # exemplary cases
    "case.title": ("Tiêu đề bài", "Một câu: ai, được ghi nhận vì việc gì. Mã bài (đường dẫn) được tạo từ tiêu đề."),
    "case.date": ("Thời điểm", "Ngày sự kiện hoặc ngày được khen, như nguồn ghi: 2021-09-05, hoặc 2021-09, hoặc 2021."),
    "case.published": ("Ngày đăng lên kho", "Để trống: kho ghi ngày hôm nay khi lưu."),
    "case.who": ("Người, tập thể", "Ít nhất một người hoặc tập thể."),
    "case.who.*.name": ("Tên", None),
    "case.who.*.kind": ("Cá nhân hay tập thể", None),
    "case.who.*.role": ("Chức vụ, đơn vị", "Như nguồn ghi; có thể để trống."),
    "case.where": ("Ở đâu", None),
    "case.where.printed": ("Nơi chốn như nguồn ghi", "Tên đơn vị hành chính năm 2021, ví dụ: Huyện Củ Chi, TP. Hồ Chí Minh."),
    "case.where.unit": ("Tỉnh, thành phố (2021)", "Chọn trong danh sách; để trống nếu trường hợp không gắn với một tỉnh (toàn quốc)."),
    "case.themes": ("Chủ đề", "Chọn ít nhất một chủ đề."),
    "case.recognition": ("Hình thức khen thưởng", "Mỗi hình thức nguồn nêu; chưa tìm thấy khen thưởng chính thức thì để trống và ghi ở ô dưới."),
    "case.recognition.*.award": ("Hình thức", None),
    "case.recognition.*.class": ("Hạng", "Chỉ với huân chương có hạng."),
    "case.recognition.*.by": ("Ai trao", "Như nguồn ghi, ví dụ: Chủ tịch nước."),
    "case.recognition.*.decision": ("Số quyết định", "Nếu biết, dạng 1234/QĐ-CTN."),
    "case.recognition.*.date": ("Ngày quyết định", "2021-09-05, 2021-09 hoặc 2021."),
    "case.recognition.*.posthumous": ("Truy tặng", None),
    "case.recognition_note": ("Ghi chú về khen thưởng", "Bắt buộc khi không có hình thức khen thưởng nào: nguồn nói gì."),
    "case.under": ("Khen thưởng theo văn bản", "Kế hoạch hoặc văn bản chỉ đạo trong kho; không rõ thì chọn Quyết định 1497/QĐ-TTg và giải thích ở ô dưới."),
    "case.under_note": ("Vì sao xếp theo văn bản này", "Mức chắc chắn và lý do; bắt buộc khi để trống ô trên."),
    "case.sources": ("Nguồn", "Ít nhất một nguồn công khai: báo, cổng thông tin, quyết định."),
    "case.sources.*.url": ("Đường dẫn", "Bắt đầu bằng https:// hoặc http://"),
    "case.sources.*.publisher": ("Cơ quan đăng", "Tên báo, cổng thông tin."),
    "case.sources.*.date": ("Ngày đăng", "2021-09-05, 2021-09 hoặc 2021."),
    "case.sources.*.title": ("Tên bài", None),
    "case.image": ("Ảnh", f"Không bắt buộc. Ảnh JPG, PNG hoặc WebP dưới {MAX_IMAGE_BYTES // 1000} kB, lưu cạnh bài (plans/cases/anh/)."),
    "case.image.src": ("Tệp ảnh", None),
    "case.image.alt": ("Mô tả ảnh", "Bắt buộc khi có ảnh: ảnh cho thấy gì, cho người không xem được ảnh."),
    "case.body": ("Nội dung", "Bằng lời của mình, ngắn gọn: họ là ai, đã làm gì, được ghi nhận thế nào. Liên kết phải là https://"),
    # plan metadata corrections
    "plan.kind": ("Loại văn bản", None),
    "plan.number": ("Số, ký hiệu", "Như bản gốc, ví dụ 61/KH-HĐTĐKT; để trống nếu bản gốc bỏ trống."),
    "plan.symbol": ("Ký hiệu", "Phần sau dấu gạch chéo, ví dụ KH-UBND."),
    "plan.date": ("Ngày ban hành", "2021-10-26, hoặc 2021-10, hoặc 2021."),
    "plan.dateline": ("Dòng địa danh, ngày tháng", "Như bản gốc."),
    "plan.place": ("Nơi ban hành", None),
    "plan.issuer": ("Cơ quan ban hành", None),
    "plan.issuer.name": ("Tên cơ quan", "Như bản gốc."),
    "plan.issuer.level": ("Cấp", None),
    "plan.issuer.unit": ("Đơn vị hành chính (2021)", "Để trống với cơ quan Trung ương."),
    "plan.title": ("Trích yếu", "Như bản gốc."),
    "plan.movement": ("Tên phong trào", "Như kế hoạch ghi."),
    "plan.awards": ("Hình thức khen thưởng nêu trong kế hoạch", None),
    "plan.signer": ("Người ký", None),
    "plan.signer.name": ("Họ tên", "Để trống nếu không đọc được."),
    "plan.signer.title": ("Chức vụ", None),
    "plan.signer.capacity": ("Thẩm quyền ký", "KT. … hoặc TM. … như bản gốc; để trống nếu ký trực tiếp."),
    "plan.signer.block": ("Các dòng khối chữ ký", "Như bản gốc, không gồm họ tên."),
    "plan.signer.block.*": ("Dòng", None),
    "plan.signer.note": ("Ghi chú", None),
    "plan.provenance": ("Nguồn gốc bản số hóa", None),
    "plan.provenance.source": ("Tệp gốc", "Trong plans/originals/; không sửa ở đây."),
    "plan.provenance.ocr": ("Bản quét (OCR)", None),
    "plan.provenance.notes": ("Ghi chú", None),
    "plan.provenance.corrections": ("Các chỗ đã hiệu đính", "Mỗi lần sửa, thêm một dòng: sửa gì, theo nguồn nào."),
    "plan.provenance.corrections.*": ("Hiệu đính", None),
    # reference lists
    "practice.name": ("Tên gọi", None),
    "practice.explanation": ("Giải thích", "1 - 3 câu, bằng lời của kho."),
    "practice.explanation_status": ("Căn cứ giải thích", None),
    "practice.patterns": ("Các cách viết trong kế hoạch", "Mỗi cách viết phải có trong ít nhất một kế hoạch."),
    "practice.patterns.*": ("Cách viết", None),
    "theme.name": ("Tên chủ đề", None),
    "theme.keywords": ("Từ khóa", "Cụm từ đưa một mục kế hoạch vào chủ đề."),
    "theme.keywords.*": ("Từ khóa", None),
    "synonym.words": ("Các cách viết", "Hai cách viết trở lên, như người ta viết (có dấu, gạch nối); mỗi cách viết chỉ thuộc một nhóm."),
    "synonym.words.*": ("Cách viết", None),
    "synonym.note": ("Ghi chú", "Vì sao các cách viết này là một, cho người biên tập sau."),
    "award.name": ("Tên hình thức", "Như luật và các kế hoạch viết."),
    "award.decided_by": ("Thẩm quyền quyết định", None),
    "award.rank": ("Thứ hạng", "1 là cao nhất; danh sách xếp theo thứ hạng."),
    "award.note": ("Ghi chú", "Hình thức này dành cho gì, kèm nguồn."),
    "unit.name": ("Tên đơn vị (2021)", "Như văn bản năm 2021 ghi, ví dụ: Tỉnh Hải Dương."),
    "unit.level": ("Cấp", None),
    "unit.province": ("Tỉnh, thành phố", "Mã tỉnh trong danh sách này (với huyện, xã)."),
    "unit.code_2021": ("Mã đơn vị năm 2021", None),
    "unit.note": ("Ghi chú", None),
    "unit.successor": ("Sau sắp xếp năm 2025", None),
    "unit.successor.text": ("Đơn vị kế tục", None),
    "unit.successor.status": ("Mức chắc chắn", None),
    "unit.successor.basis": ("Căn cứ", "Nghị quyết, quyết định."),
    "unit.successor.sources": ("Nguồn", None),
    "unit.successor.sources.*": ("Đường dẫn", None),
}

# The reference lists of plans/reference/, each a map of key -> entry: (file, form label, one entry, field prefix).
REFERENCE_LISTS = (
    ("practices", "Cách làm, mô hình", "cách làm, mô hình", "practice"),
    ("themes", "Chủ đề", "chủ đề", "theme"),
    ("synonyms", "Từ đồng nghĩa (tìm kiếm)", "nhóm từ", "synonym"),
    ("awards", "Hình thức khen thưởng", "hình thức", "award"),
    ("units", "Đơn vị hành chính (bổ sung)", "đơn vị", "unit"),
)
KEY_HINT = "Chữ thường không dấu, số và gạch ngang, ví dụ: tiem-chung. Không đổi mã đã có: trang và văn bản khác dẫn tới nó."

OPTION_LABELS = {
    "person": "Cá nhân", "collective": "Tập thể",
    "central": "Trung ương", "province": "Tỉnh, thành phố", "department": "Sở, ngành",
    "district": "Huyện, quận, thị xã", "commune": "Xã, phường, thị trấn",
    "plan": "Kế hoạch tự giải thích", "general": "Hiểu biết chung",
    "confirmed": "Đã có nguồn công khai xác nhận", "seed": "Chỉ văn bản gốc của kho ghi", "unconfirmed": "Chưa xác nhận",
}

# What a pattern means, said to the office when the form refuses a value.
PATTERN_MESSAGES = {
    "date": "Ghi ngày dạng 2021-09-05, hoặc tháng 2021-09, hoặc năm 2021",
    "url": "Đường dẫn phải bắt đầu bằng https:// hoặc http:// và không có dấu cách",
    "id": "Mã chỉ gồm chữ thường không dấu và số, nối bằng dấu gạch ngang",
    "number": "Ghi số như bản gốc, ví dụ 61/KH-HĐTĐKT",
    "symbol": "Ký hiệu không có dấu cách hay dấu gạch chéo, ví dụ KH-UBND",
    "image": "Tên tệp ảnh chỉ gồm chữ thường không dấu, số và dấu gạch ngang, đuôi .jpg, .png hoặc .webp",
    "source": "Tệp gốc nằm trong plans/originals/",
}

# Links in the case text: only http(s) and mailto (the build's rule, sources/cases.py).
BODY_PATTERN = r"^(?![\s\S]*(?:\]\(\s*<?|<)(?!https?:|mailto:)[a-zA-Z][a-zA-Z0-9+.-]*:)[\s\S]*\S[\s\S]*$"
BODY_MESSAGE = "Trong nội dung chỉ được dùng liên kết https:// hoặc http:// (không dùng javascript:, data:, file:…)."


class Schemas:
    """The JSON Schemas of plans/schema/, with $ref resolved across files."""

    def __init__(self, folder: Path = SCHEMA_DIR):
        self.docs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.schema.json"))}

    def resolve(self, node: dict, base: str) -> tuple[dict, str]:
        """Follow $ref until a schema without one; keeps the outer description."""
        description = node.get("description")
        while "$ref" in node:
            file, _, pointer = node["$ref"].partition("#")
            base = file or base
            target: Any = self.docs[base]
            for part in filter(None, pointer.split("/")):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        if description and "description" not in node:
            node = {**node, "description": description}
        return node, base

    def nullable(self, node: dict, base: str) -> tuple[dict, str, bool]:
        """(the non-null schema, its file, whether null is allowed)."""
        node, base = self.resolve(node, base)
        if "oneOf" in node:
            options = [self.resolve(o, base) for o in node["oneOf"]]
            non_null = [(o, b) for o, b in options if o.get("type") != "null"]
            if len(non_null) == 1 and len(options) == 2:
                return non_null[0][0], non_null[0][1], True
        kinds = node.get("type")
        if isinstance(kinds, list) and "null" in kinds:
            rest = [k for k in kinds if k != "null"]
            return {**node, "type": rest[0] if len(rest) == 1 else rest}, base, True
        return node, base, False


def _pattern_message(pattern: str) -> str:
    # (what it means, a value it takes, a value it refuses): an id takes "2021-09" too, a date never "ha-noi".
    for key, probe, refused in (("date", "2021-09", "ha-noi"), ("url", "https://x.vn", ""), ("id", "ha-noi", ""),
                                ("image", "a.jpg", ""), ("number", "61/KH-UBND", ""), ("source", "originals/a.txt", ""),
                                ("symbol", "KH-UBND", "")):
        if re.search(pattern, probe) and not (refused and re.search(pattern, refused)):
            return PATTERN_MESSAGES[key]
    return "giá trị chưa đúng dạng"


class DeskConfig:
    """Builds the Decap CMS configuration from the schemas and the loaded archive."""

    def __init__(self, archive: Archive, plans_rel: str, schemas: Schemas | None = None):
        self.archive = archive
        self.plans = plans_rel.rstrip("/") or "."
        self.schemas = schemas or Schemas()
        self.nullable_paths: dict[str, list[str]] = {}
        self.required_if_present: dict[str, dict[str, list[str]]] = {}
        self.minimums: dict[str, dict[str, list]] = {}

    # -- pickers: only real values of the loaded archive --------------------

    def picker(self, collection: str, path: str) -> list[dict] | None:
        a = self.archive
        if path in ("case.where.unit",):
            units = sorted((u for u in a.units.values() if u.level == "province"), key=lambda u: u.name)
            return [{"value": u.key, "label": u.name} for u in units]
        if path == "plan.issuer.unit":
            return [{"value": u.key, "label": f"{u.name} ({u.province})" if u.level != "province" else u.name}
                    for u in sorted(a.units.values(), key=lambda u: (u.province, u.level != "province", u.name))]
        if path in ("case.recognition.*.award", "plan.awards"):
            return [{"value": f.key, "label": f.name} for f in sorted(a.awards.values(), key=lambda f: f.rank)]
        if path == "case.themes":
            return [{"value": t.key, "label": t.name} for t in sorted(a.themes.values(), key=lambda t: t.name)]
        if path == "case.under":
            docs = sorted(a.documents.values(), key=lambda d: (d.id != a.root_id, d.date.sort_key(), d.id))
            return [{"value": d.id, "label": d.headline} for d in docs]
        return None

    # -- schema -> fields ----------------------------------------------------

    def fields(self, collection: str, schema: dict, base: str, prefix: str = "", skip: tuple = ()) -> list[dict]:
        required = set(schema.get("required", ()))
        out = []
        for name, sub in schema.get("properties", {}).items():
            if name in skip:
                continue
            out.append(self.field(collection, name, sub, base, f"{prefix}{name}", name in required))
        return out

    def field(self, collection: str, name: str, node: dict, base: str, path: str, required: bool) -> dict:
        node, base, nullable = self.schemas.nullable(node, base)
        key = f"{collection}.{path}"
        label, hint = LABELS.get(key, (name, None))
        f: dict[str, Any] = {"name": name, "label": label}
        if hint:
            f["hint"] = hint
        # A null-able field may be left empty in the form; desk.js writes null for it.
        f["required"] = required and not nullable
        if nullable and required:
            self.nullable_paths.setdefault(collection, []).append(path)
        options = self.picker(collection, key)
        kind = node.get("type")
        if key == "case.image.src":
            f.update(widget="image", choose_url=False, pattern=[node["pattern"], _pattern_message(node["pattern"])],
                     media_library={"config": {"max_file_size": MAX_IMAGE_BYTES}})
        elif options is not None and kind == "array":
            f.update(widget="select", multiple=True, options=options)
            if node.get("minItems"):
                f["min"] = node["minItems"]
                self.minimums.setdefault(collection, {})[path] = [node["minItems"], label]
        elif options is not None:
            f.update(widget="select", options=options)
        elif "enum" in node:
            f.update(widget="select", options=[{"value": v, "label": OPTION_LABELS.get(v, v)} for v in node["enum"]])
        elif kind == "boolean":
            f.update(widget="boolean", default=False)
        elif kind in ("integer", "number"):
            f.update(widget="number", value_type="int" if kind == "integer" else "float")
        elif kind == "object":
            children = self.fields(collection, node, base, f"{path}.")
            if not required:
                # Decap would demand the children even when the whole group is left empty:
                # desk.js demands them only when the group is filled in.
                must = [c["name"] for c in children if c["required"]]
                if must:
                    self.required_if_present.setdefault(collection, {})[path] = must
                    children = [{**c, "required": False} for c in children]
            f.update(widget="object", fields=children)
        elif kind == "array":
            items, ibase = self.schemas.resolve(node["items"], base)
            if items.get("type") == "object":
                f.update(widget="list", fields=self.fields(collection, items, ibase, f"{path}.*."))
                f["summary"] = "{{fields.name}}{{fields.award}}{{fields.publisher}}"
            else:
                inner = self.field(collection, "item", node["items"], base, f"{path}.*", True)
                f.update(widget="list", field=inner, label_singular=inner["label"].lower())
            if node.get("minItems"):
                f["min"] = node["minItems"]
                f["default"] = []  # so Decap checks the minimum even when no item was ever added
                self.minimums.setdefault(collection, {})[path] = [node["minItems"], label]
            elif required:
                f["default"] = []  # required but may be empty: written as []
        else:
            long = node.get("maxLength", 0) > 1000 and (key.endswith(("_note", ".notes", ".explanation", ".note"))
                                                        or path.endswith(".*"))
            f["widget"] = "text" if long else "string"
            if "pattern" in node:
                f["pattern"] = [node["pattern"], _pattern_message(node["pattern"])]
        return f

    # -- collections -----------------------------------------------------------

    def cases(self) -> dict:
        schema = self.schemas.docs["case.schema.json"]
        fields = self.fields("case", schema, "case.schema.json")
        label, hint = LABELS["case.body"]
        fields.append({"name": "body", "label": label, "hint": hint, "widget": "markdown", "required": True,
                       "buttons": ["bold", "italic", "link", "heading-three", "bulleted-list", "numbered-list", "quote"],
                       "editor_components": [], "pattern": [BODY_PATTERN, BODY_MESSAGE]})
        return {
            "name": "cases", "label": "Gương điển hình", "label_singular": "gương điển hình",
            "description": "Mỗi bài một tập thể, cá nhân tiêu biểu, viết bằng lời của mình, có nguồn công khai.",
            "folder": f"{self.plans}/cases", "extension": "md", "format": "frontmatter-kept",
            "create": True, "delete": False,
            "identifier_field": "title", "slug": "{{slug}}", "summary": "{{title}} ({{date}})",
            # Images beside the cases, in their own folder (so the picker lists only images):
            # plans/cases/anh/<name>, written in the case as src: anh/<name>.
            "media_folder": CASE_MEDIA, "public_folder": CASE_MEDIA,
            "sortable_fields": ["title", "date", "published"],
            "fields": [self._case_widgets(f) for f in fields],
        }

    @staticmethod
    def _case_widgets(f: dict) -> dict:
        # The title is checked by desk.js against the ids already in the archive.
        if f["name"] == "title":
            return {**f, "widget": "archive-title"}
        return f

    def plans_metadata(self) -> dict:
        schema = self.schemas.docs["plan.schema.json"]
        return {
            "name": "plans", "label": "Hiệu đính kế hoạch", "label_singular": "kế hoạch",
            "description": "Sửa thông tin của một kế hoạch đã có trong kho theo bản gốc; nội dung văn bản giữ nguyên. "
                           "Kế hoạch mới vào kho từ tệp của nó (Word, PDF, ảnh quét):",
            "folder": self.plans, "extension": "yaml", "format": "yaml-kept",
            "create": False, "delete": False, "identifier_field": "title", "summary": "{{number | default('Không số')}}: {{title}}",
            "fields": self.fields("plan", schema, "plan.schema.json", skip=PLAN_KEPT_AS_IS),
        }

    def inbox(self) -> dict:
        """The published desk's "Hộp thư tệp": an entry per plan's file, emptied by the CI step (commands/inbox.py)."""
        return {
            "name": "inbox", "label": "Hộp thư tệp", "label_singular": "tệp kế hoạch",
            "description": "Kế hoạch mới vào kho từ tệp của nó: tải tệp lên như cơ quan nhận được (Word, PDF, bản quét…) "
                           "rồi công bố mục này. Máy nhập tệp và tạo bản nháp kế hoạch trong “Quy trình” sau vài phút; "
                           "tệp không nhập được ở lại đây, ghi lý do.",
            "folder": INBOX, "extension": "yaml", "format": "yaml", "create": True, "delete": True,
            "identifier_field": "title", "slug": "{{year}}{{month}}{{day}}-{{hour}}{{minute}}-{{slug}}", "summary": "{{title}}",
            "media_folder": INBOX_MEDIA, "public_folder": INBOX_MEDIA, "editor": {"preview": False},
            "fields": [
                {"name": "title", "label": "Tên tệp hoặc ghi chú", "widget": "string", "required": True,
                 "hint": "Ví dụ: Kế hoạch thi đua của UBND huyện Cần Giuộc, nhận ngày 20/10."},
                {"name": "file", "label": "Tệp kế hoạch", "widget": "file", "required": True, "choose_url": False,
                 "media_library": {"config": {"max_file_size": MAX_PLAN_FILE_BYTES}},
                 "hint": f"Word (.docx, .doc), .odt, .rtf, PDF (có chữ hoặc bản quét), ảnh quét hoặc văn bản; dưới "
                         f"{MAX_PLAN_FILE_BYTES // (1024 * 1024)} MB."},
                {"name": "refused", "label": "Lý do chưa nhập được", "widget": "string", "required": False,
                 "hint": "Máy ghi vào đây khi không nhập được tệp. Để trống khi gửi; sửa tệp rồi gửi lại bằng một mục mới."},
            ],
        }

    def reference(self, name: str, label: str, singular: str, collection: str) -> dict:
        """A reference list as a list of entries, each with its key: existing ones edited, new ones added."""
        entry = self.schemas.docs[f"{name}.schema.json"]
        entry = entry.get("additionalProperties") or next(iter(entry["patternProperties"].values()))
        entry, base = self.schemas.resolve(entry, f"{name}.schema.json")
        key = {"name": "key", "label": "Mã", "hint": KEY_HINT, "widget": "string", "required": True,
               "pattern": ["^[a-z0-9]+(-[a-z0-9]+)*$", PATTERN_MESSAGES["id"]]}
        # No preview: a list of entries has no page of its own.
        return {"name": name, "label": label, "format": "yaml-keyed", "delete": False, "editor": {"preview": False},
                "files": [{
            "name": name, "label": label, "file": f"{self.plans}/reference/{name}.yaml",
            "fields": [{"name": "entries", "label": label, "label_singular": singular, "widget": "list",
                        "collapsed": True, "summary": "{{fields.key}}: {{fields.name}}{{fields.words}}",
                        "fields": [key, *self.fields(collection, entry, base)]}]}]}

    def config(self, backend: dict, local_port: int | None = None) -> dict:
        config = {
            "locale": "vi",
            "backend": backend,
            # Draft -> in review -> ready, each a branch and a pull/merge request; Decap's Gitea
            # backend has no workflow (it refuses to start with one), so there a save is a commit.
            "publish_mode": "simple" if backend.get("name") == "gitea" else "editorial_workflow",
            # The media library ("Tập tin") shows and deletes only this folder: uploads, never the sources.
            "media_folder": f"{self.plans}/cases/{CASE_MEDIA}",
            "public_folder": CASE_MEDIA,
            "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
            "collections": [
                self.cases(),
                *(self.reference(*ref) for ref in REFERENCE_LISTS),
                self.plans_metadata(),
                # `make desk` imports a file at once (commands/desk_intake.py); a git host has the inbox.
                *(() if local_port else (self.inbox(),)),
            ],
        }
        if local_port:
            # `make desk` only: decap-server on loopback writes straight into the working copy.
            # The published site never looks for it.
            config["local_backend"] = {"url": f"http://127.0.0.1:{local_port}/api/v1"}
        return config


def backend_from_env() -> dict:
    """The git host the office logs in to (README: "Bàn biên tập"); DESK_* variables at build time."""
    backend = {"name": os.environ.get("DESK_BACKEND", "github"),
               "repo": os.environ.get("DESK_REPO", "ten-to-chuc/kho-ke-hoach"),
               "branch": os.environ.get("DESK_BRANCH", "main")}
    for key in ("base_url", "api_root", "auth_endpoint", "app_id", "auth_type"):
        value = os.environ.get(f"DESK_{key.upper()}")
        if value:
            backend[key] = value
    return backend


def _yaml(config: dict) -> str:
    """The configuration as YAML, written in JSON's syntax (YAML 1.2 reads JSON as it is).

    It lists every document as a choice, so at national size PyYAML's representer would take
    a second of each rebuild that adds or removes a plan; JSON is written in milliseconds (by
    the C encoder, which Python uses only without indentation)."""
    return json.dumps(config, ensure_ascii=False) + "\n"


def desk_files(archive: Archive, plans: Path, root: Path) -> dict[str, str | bytes]:
    """{path under docs/: content} of the desk and of the images stored beside the cases."""
    if not (BUNDLE / "decap-cms.js").is_file():
        raise ArchiveError([Problem(str(BUNDLE.relative_to(ROOT)), None, "", "Decap CMS is not installed: run `make install` "
                                    "(npm ci in desk/) before building")])
    try:
        plans_rel = plans.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        plans_rel = "plans"
    desk = DeskConfig(archive, plans_rel)
    port = os.environ.get("DESK_LOCAL_PORT")
    config = desk.config(backend_from_env(), int(port) if port else None)
    out: dict[str, str | bytes] = {
        f"{DESK}/config.yml": "# Generated at build time by thidua.publish.cms from plans/schema/ and the archive.\n"
                              + _yaml(config),
        f"{DESK}/desk.json": json.dumps({
            "nullable": desk.nullable_paths, "requiredIfPresent": desk.required_if_present,
            "minimums": desk.minimums,
            "collections": {"cases": "case", "plans": "plan"}, "ids": sorted(archive.cases), "maxImageBytes": MAX_IMAGE_BYTES,
            "labels": {"units": {u.key: u.name for u in archive.units.values()},
                       "themes": {t.key: t.name for t in archive.themes.values()},
                       "awards": {f.key: f.name for f in archive.awards.values()},
                       "documents": {d.id: d.headline for d in archive.documents.values()}},
            "idPattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
            # `make desk` imports a plan's file into a draft (commands/desk_intake.py); elsewhere there is none.
            "intake": os.environ.get("DESK_INTAKE_URL") or None, "inbox": not port}, ensure_ascii=False),
        f"{DESK}/index.html": (DESK_SRC / "index.html").read_text(encoding="utf-8"),
        f"{DESK}/nhap-tep.html": (DESK_SRC / "nhap-tep.html").read_text(encoding="utf-8"),
        f"{DESK}/intake.js": (DESK_SRC / "intake.js").read_text(encoding="utf-8"),
        f"{DESK}/desk.js": (DESK_SRC / "desk.js").read_text(encoding="utf-8"),
        f"{DESK}/keep.js": (DESK_SRC / "keep.js").read_text(encoding="utf-8"),
        f"{DESK}/desk.css": (DESK_SRC / "desk.css").read_text(encoding="utf-8"),
    }
    for path in sorted(BUNDLE.iterdir()):
        if path.name.endswith("decap-cms.js") or path.suffix == ".wasm":
            out[f"{DESK}/{path.name}"] = path.read_bytes()
    for path in sorted(YAML_LIB.rglob("*.js")):
        out[f"{DESK}/yaml/{path.relative_to(YAML_LIB).as_posix()}"] = path.read_bytes()
    out |= case_images(plans / "cases", root)
    return out


def case_images(folder: Path, root: Path) -> dict[str, bytes]:
    """Images uploaded beside the cases, published where the case pages link them; too large ones stop the build."""
    out, problems = {}, []
    if not folder.is_dir():
        return out
    for path in sorted([*folder.iterdir(), *(folder / CASE_MEDIA).glob("*")]):
        if path.suffix.lower() not in IMAGE_TYPES or not path.is_file():
            continue
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = path.as_posix()
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            problems.append(Problem(shown, None, "", f"image is {math.ceil(size / 1000)} kB; at most {MAX_IMAGE_BYTES // 1000} kB "
                                    "(save it smaller, e.g. 1600 px wide, JPEG quality 80)"))
            continue
        out[f"{CASE_IMAGES}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    if problems:
        raise ArchiveError(problems)
    return out
