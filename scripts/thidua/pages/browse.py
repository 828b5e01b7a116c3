"""Pages that gather documents: home, list, hierarchy, by province, by level, by award."""

from __future__ import annotations

from thidua import paths
from thidua.pages.diagram import hierarchy_svg
from thidua.graph import Graph
from thidua.pages.markdown import esc, front_matter, link, table
from thidua.model import LEVELS, Archive, Case, Document, Unit
from thidua.pages.fragments import doc_link, successor


def render_home(archive: Archive, graph: Graph) -> str:
    here = paths.HOME
    plans = archive.plans
    directives = [d for d in archive.documents.values() if not d.full_text]
    provinces = sorted({d.issuer.province for d in plans if d.issuer.province})
    root = archive.root
    out = [front_matter(title="Kho kế hoạch thi đua đặc biệt phòng, chống dịch COVID-19 (2021)")]
    out.append("# Kho kế hoạch phong trào thi đua đặc biệt 2021\n")
    out.append(
        "Kho lưu trữ công khai, tra cứu được, các kế hoạch thi đua của phong trào thi đua đặc biệt "
        f"“{esc(root.movement)}”, do {link(root.headline, paths.link(here, paths.document(root.id)))} phát động. "
        "Mỗi kế hoạch được chép lại đầy đủ, trung thành với bản gốc, kèm chuỗi văn bản chỉ đạo, "
        "các văn bản được dẫn chiếu và đơn vị hành chính kế thừa sau sắp xếp năm 2025.\n"
    )
    out.append('<div class="home-counts" markdown>\n')
    out.append(table(["Trong kho", "Số lượng"], [
        [link("Kế hoạch có toàn văn", paths.link(here, paths.DOCUMENTS) + "#ke-hoach"), str(len(plans))],
        [link("Văn bản chỉ đạo và văn bản được dẫn chiếu", paths.link(here, paths.DOCUMENTS) + "#van-ban-chi-dao"), str(len(directives))],
        [link("Tỉnh, thành phố", paths.link(here, paths.PROVINCES)), str(len(provinces))],
        [link("Hình thức khen thưởng", paths.link(here, paths.AWARDS)), str(len({a.key for d in plans for a in d.awards}))],
    ]))
    out.append("\n</div>\n")
    out.append("## Bắt đầu từ đâu\n")
    out.append("- **Tìm kiếm**: gõ vào ô tìm kiếm ở đầu trang, có dấu hoặc không dấu (“phong chong dich”), số hiệu văn bản (“91/2017/NĐ-CP”) hay tên người ký.")
    out.append(f"- **{link('Hệ thống văn bản', paths.link(here, paths.HIERARCHY))}**: từ Quyết định 1497/QĐ-TTg xuống từng kế hoạch địa phương.")
    out.append(f"- **{link('Theo tỉnh, thành phố', paths.link(here, paths.PROVINCES))}**, **{link('theo cấp ban hành', paths.link(here, paths.LEVELS))}**, **{link('theo hình thức khen thưởng', paths.link(here, paths.AWARDS))}**.")
    out.append(f"- **{link('Dữ liệu mở', paths.link(here, paths.DATA_PAGE))}**: toàn bộ danh mục văn bản dạng JSON và CSV.\n")
    out.append("## Các kế hoạch trong kho\n")
    out.append(_plan_table(plans, here))
    return "\n".join(out) + "\n"


def _plan_table(plans: list[Document], here: str) -> str:
    rows = []
    for d in sorted(plans, key=lambda d: (d.issuer.province or "", d.date.sort_key(), d.id)):
        rows.append([
            link(d.label, paths.link(here, paths.document(d.id))),
            esc(d.issuer.name),
            esc(d.issuer.province or "—"),
            esc(d.date.vi),
            esc(LEVELS[d.issuer.level]),
        ])
    return table(["Văn bản", "Cơ quan ban hành", "Tỉnh, thành phố (2021)", "Ngày", "Cấp"], rows) + "\n"


def render_documents(archive: Archive, graph: Graph) -> str:
    here = paths.DOCUMENTS
    out = [front_matter(title="Danh mục văn bản"), "# Danh mục văn bản\n"]
    out.append("## Kế hoạch có toàn văn { #ke-hoach }\n")
    out.append(_plan_table(archive.plans, here))
    out.append("## Văn bản chỉ đạo và văn bản được dẫn chiếu { #van-ban-chi-dao }\n")
    out.append("Kho chưa có toàn văn các văn bản này; mỗi trang ghi thông tin đã biết, mức xác nhận và nguồn.\n")
    rows = []
    others = [d for d in archive.documents.values() if not d.full_text]
    for d in sorted(others, key=lambda d: (d.date.sort_key(), d.id)):
        rows.append([link(d.label, paths.link(here, paths.document(d.id))), esc(d.issuer.name), esc(d.date.vi),
                     str(len(graph.implementers.get(d.id, []))), str(len(graph.cited_by.get(d.id, [])))])
    out.append(table(["Văn bản", "Cơ quan ban hành", "Ngày", "Được thực hiện bởi", "Được dẫn chiếu bởi"], rows))
    return "\n".join(out) + "\n"


def render_hierarchy(archive: Archive, graph: Graph) -> str:
    here = paths.HIERARCHY
    out = [front_matter(title="Hệ thống văn bản chỉ đạo"), "# Hệ thống văn bản chỉ đạo\n"]
    out.append("Từ Quyết định 1497/QĐ-TTg của Thủ tướng Chính phủ xuống từng kế hoạch. "
               "Đường nét đứt: quan hệ chưa được nguồn công khai xác nhận (văn bản cấp dưới ghi thực hiện văn bản cấp tỉnh, "
               "nhưng chưa rõ văn bản cấp tỉnh có dẫn số Quyết định 1497 hay không).\n")
    out.append('<figure class="hierarchy-diagram" markdown>\n')
    out.append(hierarchy_svg(archive, graph, here))
    out.append("<figcaption>Sơ đồ hệ thống văn bản (bấm vào từng ô để mở văn bản)</figcaption>\n</figure>\n")
    out.append("## Dạng danh sách\n")

    def walk(doc: Document, depth: int) -> None:
        note = "" if not doc.implements or doc.implements.status == "confirmed" else " *(quan hệ chưa xác nhận)*"
        kind = "" if not doc.full_text else " — toàn văn"
        out.append("    " * depth + f"- {doc_link(doc, here)}{kind}{note}")
        for child in graph.implementers.get(doc.id, []):
            walk(child, depth + 1)

    walk(archive.root, 0)
    return "\n".join(out) + "\n"


def render_provinces(archive: Archive, graph: Graph) -> dict[str, str]:
    """The index of provinces and one page per 2021 province or city that has a document or a case."""
    units = {u.province: u for u in archive.units.values() if u.level == "province"}
    pages = {}
    here = paths.PROVINCES
    rows = []
    for name in sorted(set(graph.by_province) | set(graph.cases_by_province)):
        unit, docs, cases = units[name], graph.by_province.get(name, []), graph.cases_by_province.get(name, [])
        rows.append([link(name, paths.link(here, paths.province(name))), esc(unit.successor.text),
                     str(sum(d.full_text for d in docs)), str(len(docs)), str(len(cases))])
        # Every 2021 unit is known; the page lists those that issued a document here.
        issuing = {d.issuer.unit.key for d in docs if d.issuer.unit}
        subunits = [u for u in archive.units.values() if u.key in issuing and u.level != "province"]
        pages[paths.province(name)] = _province_page(name, unit, subunits, docs, cases)
    out = [front_matter(title="Theo tỉnh, thành phố"), "# Theo tỉnh, thành phố\n",
           "Đơn vị hành chính ghi theo năm 2021, khi văn bản được ban hành; cột bên cạnh là đơn vị kế thừa sau sắp xếp "
           "đơn vị hành chính năm 2025 (Nghị quyết 202/2025/QH15).\n",
           table(["Tỉnh, thành phố (2021)", "Đơn vị hiện nay", "Kế hoạch có toàn văn", "Tất cả văn bản", "Gương điển hình"], rows)]
    pages[here] = "\n".join(out) + "\n"
    return pages


def _province_page(name: str, unit: Unit, subunits: list[Unit], docs: list[Document], cases: list[Case]) -> str:
    here = paths.province(name)
    out = [front_matter(title=f"{name} (2021)"), f"# {esc(unit.name)} (2021)\n"]
    out.append(f"**Đơn vị hiện nay:** {successor(unit)}" +
               (f" — căn cứ {esc(unit.successor.basis)}" if unit.successor.basis else "") + "\n")
    if unit.interim:  # the datasets of 2025 name it otherwise: say what changed after 2021
        out.append(f"**Thay đổi sau năm 2021:** {esc(unit.interim)}\n")
    if subunits:
        out.append("## Đơn vị ban hành văn bản trong kho\n")
        out.append(table(["Đơn vị (2021)", "Đơn vị kế thừa hiện nay", "Mức xác nhận"], [
            [esc(u.name), esc(u.successor.text) + (f" *({esc(u.interim)})*" if u.interim else ""),
             "đã xác nhận" if u.successor.status == "confirmed" else "chưa xác nhận"]
            for u in subunits]))
        out.append("")
    if docs:
        out.append("## Văn bản\n")
        rows = [[link(d.label, paths.link(here, paths.document(d.id))), esc(d.issuer.name), esc(d.date.vi),
                 "có" if d.full_text else "không"] for d in sorted(docs, key=lambda d: (d.date.sort_key(), d.id))]
        out.append(table(["Văn bản", "Cơ quan ban hành", "Ngày", "Toàn văn"], rows))
    if cases:
        out.append("\n## Gương điển hình\n")
        out += [f"- {link(c.title, paths.link(here, paths.case(c.id)))} ({esc(c.date.vi)})"
                for c in sorted(cases, key=lambda c: c.date.sort_key(), reverse=True)]
    return "\n".join(out) + "\n"


def render_levels(archive: Archive, graph: Graph) -> dict[str, str]:
    pages = {}
    rows = []
    for key, name in LEVELS.items():
        docs = graph.by_level.get(key)
        if not docs:
            continue
        here = paths.level(key)
        page = [front_matter(title=f"Cấp ban hành: {name}"), f"# Cấp ban hành: {name}\n"]
        page.append(table(["Văn bản", "Cơ quan ban hành", "Tỉnh, thành phố (2021)", "Ngày"], [
            [link(d.label, paths.link(here, paths.document(d.id))), esc(d.issuer.name), esc(d.issuer.province or "—"), esc(d.date.vi)]
            for d in sorted(docs, key=lambda d: (d.date.sort_key(), d.id))]))
        pages[here] = "\n".join(page) + "\n"
        rows.append([link(name, paths.link(paths.LEVELS, here)), str(len(docs))])
    pages[paths.LEVELS] = "\n".join([front_matter(title="Theo cấp ban hành"), "# Theo cấp ban hành\n",
                                     table(["Cấp", "Số văn bản"], rows)]) + "\n"
    return pages


def render_awards(archive: Archive, graph: Graph) -> dict[str, str]:
    pages = {}
    used = [a for a in sorted(archive.awards.values(), key=lambda a: a.rank)
            if graph.by_award.get(a.key) or graph.cases_by_award.get(a.key)]
    for a in used:
        here = paths.award(a.key)
        docs, cases = graph.by_award.get(a.key, []), graph.cases_by_award.get(a.key, [])
        page = [front_matter(title=a.name), f"# {esc(a.name)}\n", f"**Thẩm quyền quyết định:** {esc(a.decided_by)}\n"]
        if a.note:
            page.append(f"{esc(a.note)}\n")
        if docs:
            page.append("## Kế hoạch nêu hình thức này\n")
            page += [f"- {doc_link(d, here)}" for d in docs]
        if cases:
            page.append("\n## Gương điển hình được trao hình thức này\n")
            page += [f"- {link(c.title, paths.link(here, paths.case(c.id)))} ({esc(c.date.vi)})" for c in cases]
        pages[here] = "\n".join(page) + "\n"
    here = paths.AWARDS
    rows = [[link(a.name, paths.link(here, paths.award(a.key))), esc(a.decided_by),
             str(sum(d.full_text for d in graph.by_award.get(a.key, []))), str(len(graph.cases_by_award.get(a.key, [])))]
            for a in used]
    pages[here] = "\n".join([
        front_matter(title="Theo hình thức khen thưởng"), "# Theo hình thức khen thưởng\n",
        f"Xếp từ cao xuống thấp. Bảng đối chiếu từng kế hoạch và tuyến trình: {link('So sánh khen thưởng', paths.link(here, paths.COMPARISON))}.\n",
        table(["Hình thức", "Thẩm quyền", "Số kế hoạch nêu", "Gương điển hình"], rows)]) + "\n"
    return pages
