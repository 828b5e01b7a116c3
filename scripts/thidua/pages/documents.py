"""One page per document: metadata card, chain of directives, body, links both ways.

Plans get their full text with an anchor on every heading and item; directives and
cited documents get their facts, each with its status and sources.
"""

from __future__ import annotations

from thidua import paths
from thidua.cache import Kept
from thidua.pages import reuse
from thidua.pages.cases import cases_section
from thidua.pages.reuse import reuse_values
from thidua.graph import Graph
from thidua.graph.cascade import delay, delay_sentence
from thidua.pages.fragments import card, chain_nav, doc_link, successor
from thidua.pages.markdown import attr, esc, front_matter, link
from thidua.model import LEVELS, STATUS_LABELS, Document, Node

HEADING_DEPTH_MAX = 6


# A page is made from its document and the documents it names (chain, parent, implementers,
# cited and citing): while all of them are the same objects, the page is the same.
_kept = Kept()


def render_document(doc: Document, graph: Graph) -> str:
    # Its shared passages too (pages/reuse.py): the page changes when they or the documents they name do.
    shared, sharing = reuse_values(doc, graph)
    related = (doc, *graph.chain(doc), *graph.implementers.get(doc.id, ()),
               *(graph.archive.documents[c.ref] for c in doc.cites), *graph.cited_by.get(doc.id, ()), *sharing)
    head, tail = _kept.get(related, lambda: _document_parts(doc, graph), values=(shared,))
    return "\n".join(part for part in (head, cases_section(doc, graph, paths.document(doc.id)), tail) if part)


def new_build() -> None:
    """Pages kept from the last build are reused only if asked for again in this one."""
    _kept.new_build()


def _document_parts(doc: Document, graph: Graph) -> tuple[str, str]:
    """The page before and after its cases (cases are read anew each build, so not kept)."""
    here = paths.document(doc.id)
    out = [front_matter(title=doc.label, description=f"{doc.label}: {doc.title}")]
    out.append(_chain(doc, graph, here))
    out.append(f"# {esc(doc.label)}\n")
    out.append(f'<p class="doc-title" markdown>{esc(doc.title)}</p>\n')
    out.append(_card(doc, graph, here))
    if doc.full_text:
        out.append(reuse.summary(doc, graph, here))
        out.append(_body(doc, reuse.marks(doc, graph)))
        out.append(_signature(doc))
    else:
        out.append(_facts(doc))
    out.append(_links(doc, graph, here))
    return "\n".join(part for part in out if part), _provenance(doc) if doc.provenance else ""


# -- Header -----------------------------------------------------------------


def _chain(doc: Document, graph: Graph, here: str) -> str:
    """Breadcrumb from QĐ 1497/QĐ-TTg down to this document."""
    chain = list(reversed(graph.chain(doc)))
    if not chain and doc.id != graph.archive.root_id:
        return ""
    return chain_nav(chain, here, doc.short_label)


def _card(doc: Document, graph: Graph, here: str) -> str:
    rows = [["Loại văn bản", esc(doc.kind)]]
    rows.append(["Số, ký hiệu", esc(doc.number) if doc.number else _blank_number(doc)])
    rows.append(["Ngày ban hành", esc(doc.date.vi) + ("" if doc.date.day else " (văn bản gốc không ghi đủ ngày)")])
    if doc.dateline:
        rows.append(["Dòng địa danh, ngày tháng", f"“{esc(doc.dateline)}”"])
    issuer = esc(doc.issuer.name)
    rows.append(["Cơ quan ban hành", issuer])
    rows.append(["Cấp", link(LEVELS[doc.issuer.level], paths.link(here, paths.level(doc.issuer.level)))])
    unit = doc.issuer.unit
    if unit:
        rows.append(["Tỉnh, thành phố (2021)", link(unit.province, paths.link(here, paths.province(unit.province)))])
        if unit.level != "province":
            rows.append(["Đơn vị hành chính (2021)", esc(unit.name)])
        rows.append(["Đơn vị kế thừa hiện nay", successor(unit)])
    if doc.movement:
        rows.append(["Tên phong trào", f"“{esc(doc.movement)}”"])
    if doc.implements:
        parent = graph.archive.documents[doc.implements.ref]
        note = "" if doc.implements.status == "confirmed" else f" *({STATUS_LABELS[doc.implements.status]}: {esc(doc.implements.note or '')})*"
        rows.append(["Thực hiện văn bản", doc_link(parent, here) + note])
        rows.append(["Thời gian ban hành", esc(delay_sentence(delay(doc, parent)))])
    if doc.signer:
        rows.append(["Người ký", _signer(doc)])
    if not doc.full_text:
        rows.append(["Mức xác nhận", esc(STATUS_LABELS[doc.status])])
        rows.append(["Toàn văn trong kho", "Không — chỉ có thông tin và nguồn"])
    return card(rows)


def _blank_number(doc: Document) -> str:
    if doc.symbol:
        return f"Để trống (“Số: /{esc(doc.symbol)}”)"
    return "Không ghi trong văn bản gốc"


def _signer(doc: Document) -> str:
    s = doc.signer
    parts = [esc(s.capacity)] if s.capacity else []
    if s.title:
        parts.append(esc(s.title))
    name = f"**{esc(s.name)}**" if s.name else "*(không đọc được tên)*"
    text = ", ".join(parts + [name]) if parts else name
    return text + (f" *({esc(s.note)})*" if s.note else "")


# -- Body -------------------------------------------------------------------


def _body(doc: Document, marks: dict) -> str:
    """The text, its shared passages marked (`marks`: pages/reuse.marks, by node in walk order)."""
    out = ['<div class="doc-body" markdown>\n']
    count = iter(range(1 << 30))
    for node in doc.body:
        out.append(_node(node, depth=2, marks=marks, count=count))
    out.append("</div>\n")
    return "\n".join(out)


def _node(node: Node, depth: int, marks: dict, count) -> str:
    parts = []
    n = next(count)
    spans = marks.get((n, "text"))
    text = reuse.marked_text(node.text, spans) if spans else esc(node.text)
    if node.label is None:
        parts.append(f"{text}\n{{: #{node.anchor} }}\n")
    elif node.is_heading:
        level = "#" * min(depth, HEADING_DEPTH_MAX)
        parts.append(f"{level} {esc(node.label)} {esc(node.title)} {{ #{node.anchor} }}\n")
        if node.text:
            parts.append(f"{text}\n")
    else:
        parts.append(f'<span class="doc-label">{esc(node.label)}</span> {text}\n{{: #{node.anchor} .doc-item }}\n')
    child_depth = depth + 1 if node.is_heading else depth
    for child in node.children:
        parts.append(_node(child, child_depth, marks, count))
    return "\n".join(parts)


def _signature(doc: Document) -> str:
    out = ['<div class="doc-end" markdown>\n']
    if doc.recipients:
        out.append('<div class="doc-recipients" markdown>\n\n**Nơi nhận:**\n')
        out += [f"- {esc(r)}" for r in doc.recipients]
        out.append("\n</div>\n")
    if doc.signer:
        s = doc.signer
        lines = [f"**{esc(line)}**" for line in s.block]
        lines.append(f"**{esc(s.name)}**" if s.name else "*(tên người ký không đọc được trong bản quét)*")
        out.append('<div class="doc-signature" markdown>\n\n' + "<br>\n".join(lines) + "\n\n</div>\n")
    out.append("</div>\n")
    return "\n".join(out)


# -- Directives -------------------------------------------------------------


def _facts(doc: Document) -> str:
    out = ["## Nội dung chính\n", f"{esc(doc.summary)}\n"]
    if doc.facts:
        out.append("## Thông tin đã biết\n")
        for f in doc.facts:
            src = ", ".join(f"[{i}]({attr(u)})" for i, u in enumerate(f.sources, 1))
            out.append(f"- {esc(f.text)} — *{STATUS_LABELS[f.status]}*" + (f" (nguồn: {src})" if src else ""))
        out.append("")
    out.append("## Nguồn\n")
    for s in doc.sources:
        name = f"[{esc(s.publisher)}]({attr(s.url)})" if s.url else esc(s.publisher)
        out.append(f"- {name}" + (f": {esc(s.note)}" if s.note else ""))
    return "\n".join(out) + "\n"


# -- Links both ways ----------------------------------------------------------


def _links(doc: Document, graph: Graph, here: str) -> str:
    out = []

    def doc_list(title: str, docs: list[Document], anchor: str) -> None:
        if docs:
            out.append(f"## {title} {{ #{anchor} }}\n")
            out.extend(f"- {doc_link(d, here)}" for d in docs)
            out.append("")

    doc_list("Văn bản thực hiện văn bản này", graph.implementers.get(doc.id, []), "van-ban-thuc-hien")
    if doc.cites:
        out.append("## Văn bản được dẫn chiếu { #van-ban-dan-chieu }\n")
        for c in doc.cites:
            d = graph.archive.documents[c.ref]
            detail = f" ({esc(c.detail)})" if c.detail else ""
            out.append(f"- {doc_link(d, here)}{detail}")
        out.append("")
    doc_list("Văn bản dẫn chiếu văn bản này", graph.cited_by.get(doc.id, []), "duoc-dan-chieu")
    if doc.awards:
        out.append("## Hình thức khen thưởng { #hinh-thuc-khen-thuong }\n")
        out.extend(f"- {link(a.name, paths.link(here, paths.award(a.key)))}" for a in doc.awards)
        out.append("")
    return "\n".join(out)


def _provenance(doc: Document) -> str:
    p = doc.provenance
    kind = "bản quét, chữ nhận dạng bằng OCR" if p.ocr else "chữ lấy từ bản điện tử"
    # The original in plans/originals/ is published beside the page (thidua.publish.originals);
    # a raw link, as a test archive may lack the file (the real site's links are all tested).
    if p.source.startswith("originals/"):
        href = paths.href(paths.document(doc.id), paths.original(doc.id))
        original = f'<a href="{href}" type="text/plain">tải về văn bản gốc</a> (văn bản thuần UTF-8, {kind})'
    else:
        original = f"không lưu trong kho ({kind})"
    out = ["## Nguồn văn bản và hiệu đính { #nguon-van-ban }\n",
           f"- Bản gốc: {original}",
           f"- Ghi chú: {esc(p.notes)}"]
    if p.corrections:
        out.append("\n??? note \"Các chỉnh sửa so với bản gốc\"\n")
        out += [f"    - {esc(c)}" for c in p.corrections]
    return "\n".join(out) + "\n"
