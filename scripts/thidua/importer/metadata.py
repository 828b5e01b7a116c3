"""The metadata of a plan's text, and `import_text`, the whole way from text to `Draft`.

Reads number, dateline, issuer, level, unit and province, the title and movement, the
cited documents (matched against the archive's records; unknown ones become directive
drafts), the awards, the signer and the recipients, noting every field a person must
check (`_Extraction`). `import_text` runs the steps: prepare the lines (lines.py), split
the layout and build the body tree (body.py), read the metadata (here).
"""

from __future__ import annotations

import re

from thidua.text import fold, slugify
from .awards import award_keys, award_texts
from .columns import split_columns
from .dates import DATELINE, NUMBER, iso_date, rejoin_dateline, year_of
from .header import header_bodies
from .issuer import (UNIT_NAME, complete_unit, document_id, issuer_from_preamble, issuer_unit, province_hint,
                     short_issuer)
from .parent import choose_parent, find_citations, identity, match_citation, printed_province, upward_citation
from .routes import prose_awards
from .body import CAPACITY, BodyBuilder, Layout, parse_tail, repair_roman, split_layout, walk, wrap_width
from .lines import Line, TextImportError, measure_diacritics, normalize, prepare, restore_phrases
from .output import Draft, directive_yaml
from .reference import Reference, edits, printed_name
from .signature import split_signature, title_case

# -- The whole import ---------------------------------------------------------------------------------


def import_text(text: str, source_name: str, reference: Reference | None = None) -> Draft:
    """Parse a plan's plain text into a Draft; raises TextImportError when it is not a plan's text.

    `reference` (from load_reference) holds the units and known documents matching runs
    against; without it nothing is matched and the draft says so.
    """
    if not isinstance(text, str):
        raise TextImportError("expected text")
    if "\x00" in text:
        raise TextImportError("binary data (NUL bytes): not a text file")
    text = split_columns(normalize(text))
    if not text.strip():
        raise TextImportError("the text is empty")
    diacritics = measure_diacritics(text)
    lines = prepare(text, diacritics["lost"])
    repair_roman(lines)
    layout = split_layout(lines)
    builder = BodyBuilder(wrap_width(layout.body))
    for line in layout.body:
        builder.add(line)
    body = builder.tree()
    if not body:
        raise TextImportError("nothing after the title: not the text of a plan")
    extraction = _Extraction(reference or Reference(), diacritics, source_name)
    record = extraction.run(layout, body)
    return Draft(record, extraction.uncertain, diacritics, source_name, extraction.directives, extraction.parent_draft,
                 parent_up=extraction.parent_up)


def _texts(nodes: list) -> list[str]:
    """Titles, texts and paragraphs of a body, in reading order."""
    out = []
    for n in walk(nodes):
        out += [n] if isinstance(n, str) else [t for t in (n.get("title"), n.get("text")) if t]
    return out


def movement_of(title: str) -> str | None:
    """The movement's name: the quoted name after "phong trào (thi đua đặc biệt)", else the words after it."""
    f = fold(title)
    at = f.find("phong trao ")
    if at < 0 or len(f) != len(title):
        quoted = re.search(r"[“\"«]([^”\"»]{12,})[”\"»]", title)
        return quoted.group(1).strip() if quoted else None
    rest = title[at + len("phong trao "):]
    special = re.match(r"thi dua dac biet\s*", fold(rest))
    rest = rest[special.end():] if special else rest
    quoted = re.match(r"\s*[“\"«](.+?)[”\"»]", rest)
    return quoted.group(1).strip() if quoted else rest.strip() or None


def sectioned(body: list) -> list[tuple[str, str]]:
    """(text, anchor) of every paragraph and item of a body, with the anchors the build gives them."""
    from thidua.sources.documents import build_body

    out = []

    def pair(raw: list, nodes) -> None:
        for n, node in zip(raw, nodes):
            text = n if isinstance(n, str) else " ".join(t for t in (n.get("title"), n.get("text")) if t)
            out.append((text, node.anchor))
            if isinstance(n, dict):
                pair(n.get("children") or [], node.children)

    pair(body, build_body(body))
    return out



class _Extraction:
    """Reads the metadata of one text, noting what a person must check."""

    def __init__(self, ref: Reference, diacritics: dict, source_name: str):
        self.ref, self.ocr, self.source_name = ref, diacritics["lost"], source_name
        self.share = diacritics["bare_share"]
        self.uncertain: dict[str, str] = {}
        self.directives: dict[str, str] = {}
        self.parent_draft: str | None = None
        self.parent_up: str | None = None   # the parent's own parent, as the text states it
        self.up_cite: dict | None = None
        self.header_parent: str | None = None
        names = ref.unit_names()
        self.restore = (lambda s: restore_phrases(s, names)) if self.ocr else (lambda s: s)

    def mark(self, key: str, why: str) -> None:
        if why not in self.uncertain.get(key, ""):
            self.uncertain[key] = f"{self.uncertain[key]}; {why}" if key in self.uncertain else why

    def run(self, layout: Layout, body: list) -> dict:
        title = " ".join(layout.title).strip()
        preamble = [self.restore(n) for n in body[:next((i for i, n in enumerate(body) if isinstance(n, dict)), len(body))]]
        texts = [self.restore(t) for t in _texts(body)]
        record = {"kind": layout.kind, **self._head(layout.head)}
        parent, cites = self._citations(" ".join(preamble), " ".join(texts))
        bodies = header_bodies([Line(self.restore(h.text)) for h in layout.head])
        header = bodies[-1] if bodies else None
        self.header_parent = bodies[-2] if len(bodies) > 1 else None
        record.update(self._issuer(" ".join(preamble), header, [self.restore(title), *texts, header or ""],
                                   record["place"], parent))
        record.update(self._place(record, parent, texts))
        record.update(self._snap_place(record))
        record.update(self._date_fallback(record, parent))
        record.update(self._links(parent, cites, record))
        movement = movement_of(title) or movement_of(" ".join(preamble))
        record.update(title=title or None, movement=movement)
        record.update(self._awards(body))
        record.update(self._signer(layout, record))
        record["body"] = body
        record["id"] = document_id(record["kind"], record["number"], record["date"], record["issuer"] or "",
                                   record["level"], record["province"])
        self._review_marks(record)
        return record

    def _head(self, head: list[Line]) -> dict:
        out = {"number": None, "symbol": None, "dateline": None, "place": None, "date": None}
        text = "\n".join(rejoin_dateline([self.restore(line.text) for line in head]))
        num = NUMBER.search(text)
        if num:
            out["symbol"] = num["sym"]
            out["number"] = f"{num['n']}/{num['sym']}" if num["n"] else None
            if not num["n"]:
                self.mark("number", f"bản gốc để trống số (“{num.group().strip()}”): xem bản đã ban hành có số chưa")
            text = text[:num.start()] + "\n" + text[num.end():]
        else:
            self.mark("number", "không thấy dòng “Số: …” (bản sao không có phần đầu?)")
        line = DATELINE.search(text)
        if line:
            out.update(dateline=re.sub(r"\s+", " ", line.group()).strip(), place=line["place"].strip(),
                       date=iso_date(line["d"], line["m"], line["y"]))
            if out["date"] is None:
                self.mark("date", f"ngày không có thật trong dòng “{out['dateline']}”")
            elif len(out["date"]) < 10:
                self.mark("date", "ngày hoặc tháng để trống trong bản gốc")
        else:
            self.mark("dateline", "không thấy dòng địa danh, ngày tháng")
        return out

    def _date_fallback(self, record: dict, parent: dict | None) -> dict:
        if record["date"]:
            return {}
        year = year_of(parent) if parent else None
        self.mark("date", f"không có ngày ban hành; ghi năm {'của văn bản được thực hiện' if year else '2021'}")
        return {"date": str(year or 2021)}

    def _citations(self, preamble: str, text: str) -> tuple[dict | None, list[dict]]:
        parent = choose_parent(find_citations(preamble), preamble, self.ref)
        self.up_cite = upward_citation(preamble, parent) if parent else None
        cites: dict[str, dict] = {}
        for c in find_citations(text):
            if parent and identity(c) == identity(parent):
                continue
            seen = cites.setdefault(identity(c), c)
            seen["detail"] = seen["detail"] or c["detail"]
        if parent is None:
            self.mark("implements", "không thấy văn bản được thực hiện (“Căn cứ…”, “Thực hiện…” có số hiệu)")
        return parent, list(cites.values())

    def _contexts(self, parent: dict | None, texts: list[str], place: str | None) -> list[str]:
        """Units the issuer lies in, most telling first: the header's parent body, the parent's issuer,
        the dateline's place, the province the text names most."""
        out = []
        for org in (self.header_parent, parent.get("issuer") if parent else None):
            if org:
                out.append(issuer_unit(org, self.ref)[1])
        out += [self.ref.unit_named(place) if place else None, province_hint(texts, self.ref)]
        return [k for k in dict.fromkeys(out) if k]

    def _issuer(self, preamble: str, header: str | None, texts: list[str], place: str | None,
                parent: dict | None = None) -> dict:
        """Issuer as printed: the body that "ban hành/xây dựng Kế hoạch", completed with its unit's name."""
        issuer = issuer_from_preamble(preamble)
        if issuer is None:
            issuer = header
            self.mark("issuer.name", "không thấy câu “… ban hành/xây dựng Kế hoạch”; " +
                      ("lấy theo phần đầu văn bản" if issuer else "cần điền"))
        elif issuer.startswith("Chủ tịch "):
            issuer = issuer[len("Chủ tịch "):]
            self.mark("issuer.name", "văn bản ghi “Chủ tịch … ban hành”; cơ quan ghi là Ủy ban")
        if issuer:
            full = complete_unit(issuer, texts, self.ref, place)
            if full != issuer:
                self.mark("issuer.name", f"tên đơn vị “{full[len(issuer):].strip()}” lấy từ chỗ khác trong văn bản")
            issuer = full
        if issuer and self.ocr:
            self.mark("issuer.name", "khôi phục dấu theo từ điển cụm từ (văn bản mất dấu)")
        level, unit = (None, None)
        contexts = self._contexts(parent, texts, place) if issuer else []
        for within in [*contexts, None] if issuer else []:
            level, unit = issuer_unit(issuer, self.ref, within)
            if unit or level == "central":
                break
        if issuer and unit is None and contexts:
            issuer, level, unit = self._near(issuer, contexts[0], level)
        if issuer and unit:
            issuer = self._snap(issuer, unit)
        if unit is None and level == "department" and contexts:
            unit = self.ref.province_key(self.ref.province_of(contexts[0]))  # "Sở Y tế" under "UBND tỉnh Nghệ An"
        if level is None:
            self.mark("issuer.level", "không xác định được cấp ban hành")
        return {"issuer": issuer, "level": level, "unit": unit}

    def _near(self, issuer: str, within: str, level: str | None) -> tuple[str, str | None, str | None]:
        """An issuer whose unit's name is a letter or two from a unit of the province (an OCR misreading)."""
        named = UNIT_NAME.search(issuer)
        key = self.ref.near_unit(named["name"], within, named["type"]) if named else None
        if key is None:
            return issuer, level, None
        return issuer, self.ref.units[key]["level"], key

    def _snap(self, issuer: str, unit: str) -> str:
        """The unit's name as the 2021 gazetteer spells it ("huyện Cân Giuộc" -> "huyện Cần Giuộc"), marked."""
        named = UNIT_NAME.search(issuer)
        if not named or self.ref.units[unit]["level"] == "province" and named["type"].lower() not in ("tỉnh", "thành phố"):
            return issuer
        printed, known = named["name"], printed_name(self.ref.units[unit])
        if printed == known or _same_letters(printed, known) or len(printed.split()) != len(known.split()):
            return issuer
        self.mark("issuer.name", f"tên “{printed}” sửa theo danh mục đơn vị hành chính 2021 thành “{known}”")
        return issuer[:named.start("name")] + known + issuer[named.end("name"):]

    def _snap_place(self, record: dict) -> dict:
        """The dateline's place, when it names the issuing unit misspelt, as the gazetteer spells it."""
        place, unit = record["place"], self.ref.units.get(record["unit"] or "")
        if not place or not unit:
            return {}
        known = printed_name(unit)
        if place == known or _same_letters(place, known) or len(place.split()) != len(known.split()) \
                or edits(fold(place), fold(known)) > 2:
            return {}
        self.mark("place", f"địa danh “{place}” sửa theo danh mục đơn vị hành chính 2021 thành “{known}”")
        return {"place": known, "dateline": (record["dateline"] or "").replace(place, known, 1) or None}

    def _place(self, record: dict, parent: dict | None, texts: list[str]) -> dict:
        """Province of the issuer; when its name does not say, that of the parent or the text's province."""
        level, unit = record["level"], record["unit"]
        province = self.ref.province_of(unit)
        if province is None and level != "central":
            known = match_citation(parent, self.ref, None) if parent else None
            province = next((d.province for d in self.ref.documents if d.id == known), None) \
                or printed_province(parent.get("issuer") if parent else None, self.ref) \
                or self.ref.province_of(province_hint(texts, self.ref))
            if province:
                self.mark("issuer.unit", f"tỉnh {province} suy từ văn bản được thực hiện hoặc nội dung")
        if unit is None and level in ("province", "department"):
            unit = self.ref.province_key(province)
        if unit is None and level not in (None, "central"):
            named = UNIT_NAME.search(record["issuer"] or "")
            unit = slugify(named["name"]) if named else None
            self.mark("issuer.unit", "đơn vị chưa có trong plans/reference/units.yaml: thêm vào hoặc sửa")
        return {"unit": unit, "province": province if level != "central" else None}

    def _links(self, parent: dict | None, cites: list[dict], record: dict) -> dict:
        province = record["province"]
        out = {"cites": [], "implements_number": None, "implements": None}
        if parent:
            if self.up_cite:  # "Kế hoạch số X của … triển khai Kế hoạch số Y của …": the parent's own parent
                up = self._entry(self.up_cite, province, record["date"], is_parent=True)
                self.parent_up = up["ref"] or up["draft"]
            entry = self._entry(parent, province, record["date"], is_parent=True, up=self.parent_up)
            out.update(implements_number=parent["number"], implements=entry["ref"])
            self.parent_draft = entry["draft"]
        out["cites"] = [self._entry(cite, province, record["date"], is_parent=False) for cite in cites]
        return out

    def _entry(self, cite: dict, province: str | None, plan_date: str, is_parent: bool, up: str | None = None) -> dict:
        ref = match_citation(cite, self.ref, province)
        entry = {k: cite.get(k) for k in ("number", "kind", "date", "issuer", "detail")}
        entry.update(ref=ref, draft=None)
        name = f"{cite['kind']} {cite['number'] or cite['issuer']}"
        where = "implements" if is_parent else "cites"
        if ref is None and cite["number"]:
            entry["draft"] = self._draft_directive(cite, province, plan_date, is_parent, up)
            self.mark(where, f"{name} chưa có trong kho: đã tạo bản nháp plans/directives/{entry['draft']}.yaml")
        elif ref is None:
            self.mark(where, f"{name} chưa có trong kho và không có số hiệu: cần tạo bản ghi bằng tay")
        return entry

    def _draft_directive(self, cite: dict, province: str | None, plan_date: str, is_parent: bool,
                         up: str | None = None) -> str:
        issuer = cite["issuer"]
        level, unit = issuer_unit(issuer, self.ref) if issuer else ("central", None)
        inferred = unit is None and level != "central"
        if inferred and level in ("province", "department", None):
            unit = self.ref.province_key(province)  # "UBND tỉnh": the citing plan's province
            level = level or ("province" if unit else "central")
        if unit is None and level != "central":
            named = UNIT_NAME.search(issuer or "")
            unit = slugify(named["name"]) if named else None
        date = cite["date"] or (str(year_of(cite)) if year_of(cite) else plan_date[:4])
        doc_id = document_id(cite["kind"], cite["number"], date, issuer or "", level,
                             self.ref.province_of(unit) if unit else None)
        if doc_id not in self.directives and not any(d.id == doc_id for d in self.ref.documents):
            self.directives[doc_id] = directive_yaml(cite, level, unit, date, self.source_name, is_parent, inferred, up)
        return doc_id

    def _awards(self, body: list) -> dict:
        texts, under_heading = award_texts(body)
        keys = award_keys(texts)
        routes = [r for r in prose_awards(sectioned(body)) if not self.ref.awards or r["award"] in self.ref.awards]
        keys += [k for k in dict.fromkeys(r["award"] for r in routes) if k not in keys]
        if not under_heading:
            self.mark("awards", "không thấy mục “Hình thức khen thưởng”; các hình thức lấy từ toàn văn")
        elif not keys:
            self.mark("awards", "mục “Hình thức khen thưởng” không có hình thức nào nhận ra được")
        # Without a reference (a bare call) the key stands in for the name.
        return {"award_keys": keys, "awards": [self.ref.awards.get(k, k) for k in keys], "routes": routes}

    def _signer(self, layout: Layout, record: dict) -> dict:
        recipients, sig = parse_tail(layout.tail, layout.signature, self.ocr)
        name, block = split_signature([self.restore(s) for s in sig])
        capacities = [b for b in block if CAPACITY.match(b)]
        cap = CAPACITY.match(capacities[0]) if capacities else None
        if len(capacities) > 1:
            self.mark("signer.capacity", f"nhiều dòng tư cách ký ({', '.join(capacities)}); ghi dòng đầu")
        own = [b for b in block if b not in capacities]
        title = title_case(own[-1]) if own else None
        if title and record["issuer"] and not re.search(r"\b(?:ubnd|uy ban|so|hoi dong|ban|bo)\b", fold(title)):
            title = f"{title} {short_issuer(record['issuer'])}"
            self.mark("signer.title", "chức danh suy từ khối chữ ký và cơ quan ban hành")
        if name is None:
            self.mark("signer.name", "không thấy tên người ký")
        if not recipients:
            self.mark("recipients", "không thấy phần “Nơi nhận”")
        detail = {"name": name, "title": title, "block": block,
                  "capacity": f"{cap['prefix']}. {title_case(cap['rest'])}" if cap else None}
        return {"signer": name, "signer_detail": detail, "recipients": recipients}

    def _review_marks(self, record: dict) -> None:
        if self.ocr:
            why = f"văn bản mất dấu tiếng Việt ({self.share:.0%} từ không dấu): khôi phục dấu"
            for key in ("title", "movement", "recipients", "body"):
                self.mark(key, why)
        if not record["title"]:
            self.mark("title", "không thấy trích yếu dưới dòng tên loại văn bản")
        if not record["movement"]:
            self.mark("movement", "không thấy tên phong trào trong trích yếu")


def _same_letters(a: str, b: str) -> bool:
    """"Hoà" and "Hòa": the same letters and marks, the tone set on another vowel (both spellings are in use)."""
    import unicodedata

    return sorted(unicodedata.normalize("NFD", a.lower())) == sorted(unicodedata.normalize("NFD", b.lower()))
