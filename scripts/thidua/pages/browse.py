"""Pages that gather documents: home, list, hierarchy, by province, by level, by award.

A national archive holds about 12,000 plans, so no listing runs them all in one page: a list
longer than PAGE_SIZE is cut by province (a province's own by issuing unit), and each part
into numbered pages. Every document stays a few clicks from every listing that holds it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import partial
from typing import Callable

from thidua import paths
from thidua.cache import Kept
from thidua.text import sort_key
from thidua.pages.diagram import hierarchy_svg
from thidua.graph import Graph
from thidua.pages.markdown import attr, count, esc, front_matter, html_esc, html_link, html_table, link, table
from thidua.model import LEVELS, Archive, Case, Document, Unit
from thidua.pages.fragments import pager, successor, successor_html

# Rows per listing page: 100 rows are about 20 KB of HTML beside the theme's 21 KB, so a page
# stays far under the 200 KB budget whatever the archive's size.
PAGE_SIZE = 100
LATEST = 10  # plans on the home page


def _by_date(docs: list[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: (d.date.sort_key(), d.id))


def _doc_table(docs: list[Document], here: str, province: bool = True, level: bool = True) -> str:
    """Documents in rows; the province and level columns are left out where the page already says them.

    HTML (cells escaped HTML, links relative to the built page), as are the other tables here
    that grow with the archive: an edit renders its listings again, and Markdown's parsing of
    a hundred rows of links was much of that."""
    header = ["Văn bản", "Cơ quan ban hành", *(["Tỉnh, thành phố (2021)"] if province else []), "Ngày", *(["Cấp"] if level else [])]
    rows = [[html_link(d.label, paths.href(here, paths.document(d.id))), html_esc(d.issuer.name),
             *([html_esc(d.issuer.province or "—")] if province else []), html_esc(d.date.vi),
             *([html_esc(LEVELS[d.issuer.level])] if level else [])]
            for d in docs]
    return html_table(header, rows) + "\n"


def new_build() -> None:
    """Listings kept from the last build are reused only if asked for again in this one."""
    _listings.new_build()


_listings = Kept()


def _paged(src: str, title: str, intro: Callable[[str], str], docs: list[Document], level: bool = True,
           intro_inputs: tuple = ()) -> dict[str, str]:
    """`docs` by date, PAGE_SIZE to a page: src, then src/trang-2 …, each page linking to all the others.
    `intro(page)` is the text above the list, its links relative to that page (src/trang-2 is a folder deeper),
    made from `title` and `intro_inputs` alone: the pages are kept while `docs` are the same objects and
    those are equal, so an edit renders again only the listings that hold the edited document."""
    return _listings.get(tuple(docs), lambda: _make_paged(src, title, intro, docs, level), (src, title, level, intro_inputs, PAGE_SIZE))


def _make_paged(src: str, title: str, intro: Callable[[str], str], docs: list[Document], level: bool) -> dict[str, str]:
    docs = _by_date(docs)
    chunks = [docs[i:i + PAGE_SIZE] for i in range(0, len(docs), PAGE_SIZE)] or [[]]
    pages = {}
    for n, chunk in enumerate(chunks, 1):
        here = paths.numbered(src, n)
        out = [front_matter(title=title if n == 1 else f"{title} (trang {n})"), f"# {esc(title)}\n", intro(here)]
        nav = pager(here, n, len(chunks), partial(paths.numbered, src), f"{len(docs)} văn bản")
        out += [nav, _doc_table(chunk, here, province=False, level=level), nav]
        pages[here] = "\n".join(out) + "\n"
    return pages


def _by_province(here: str, title: str, docs: list[Document], part: Callable[[str], str],
                 level: bool = True) -> tuple[str, dict[str, str]]:
    """`docs` listed on page `here`: whole when they fit one page; else a count per province, each
    province's documents on their own pages (`part(province)`). Gives the Markdown and those pages."""
    if len(docs) <= PAGE_SIZE:
        return _doc_table(sorted(docs, key=lambda d: (sort_key(d.issuer.province or ""), d.date.sort_key(), d.id)), here, level=level), {}
    groups: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        groups[d.issuer.province or paths.CENTRAL].append(d)
    pages, rows = {}, []
    for name in sorted(groups, key=lambda g: (g != paths.CENTRAL, sort_key(g))):
        src = part(name)
        pages |= _paged(src, f"{title}: {name}", lambda page: f"Thuộc danh sách {link(title, paths.link(page, here))}.\n",
                        groups[name], level, intro_inputs=(here,))
        rows.append([html_link(name, paths.href(here, src)), str(len(groups[name]))])
    listing = f"{len(docs)} văn bản, theo tỉnh, thành phố:\n\n" + html_table(["Tỉnh, thành phố (2021)", "Số văn bản"], rows) + "\n"
    return listing, pages


def render_home(archive: Archive, graph: Graph) -> str:
    here = paths.HOME
    plans = archive.plans
    directives = [d for d in archive.documents.values() if not d.full_text]
    provinces = sorted({d.issuer.province for d in plans if d.issuer.province}, key=sort_key)
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
        [link("Kế hoạch có toàn văn", paths.link(here, paths.DOCUMENTS) + "#ke-hoach"), count(len(plans))],
        [link("Văn bản chỉ đạo và văn bản được dẫn chiếu", paths.link(here, paths.DOCUMENTS) + "#van-ban-chi-dao"), count(len(directives))],
        [link("Tỉnh, thành phố", paths.link(here, paths.PROVINCES)), str(len(provinces))],
        [link("Hình thức khen thưởng", paths.link(here, paths.AWARDS)), str(len({a.key for d in plans for a in d.awards}))],
    ]))
    out.append("\n</div>\n")
    out.append("## Bắt đầu từ đâu\n")
    out.append("- **Tìm kiếm**: gõ vào ô tìm kiếm ở đầu trang, có dấu hoặc không dấu (“phong chong dich”), số hiệu văn bản (“91/2017/NĐ-CP”) hay tên người ký.")
    out.append(f"- **{link('Hệ thống văn bản', paths.link(here, paths.HIERARCHY))}**: từ Quyết định 1497/QĐ-TTg xuống từng kế hoạch địa phương.")
    out.append(f"- **{link('Bản đồ', paths.link(here, paths.MAP))}** và **{link('dòng thời gian', paths.link(here, paths.TIMELINE))}**: "
               "tỉnh, thành phố nào đã có văn bản thực hiện phong trào, ban hành khi nào, sau văn bản cấp trên bao nhiêu ngày.")
    out.append(f"- **{link('Theo tỉnh, thành phố', paths.link(here, paths.PROVINCES))}**, **{link('theo cấp ban hành', paths.link(here, paths.LEVELS))}**, **{link('theo hình thức khen thưởng', paths.link(here, paths.AWARDS))}**.")
    out.append(f"- **{link('Dữ liệu mở', paths.link(here, paths.DATA_PAGE))}**: toàn bộ danh mục văn bản dạng JSON và CSV.\n")
    latest = sorted(plans, key=lambda d: (d.date.sort_key(), d.id), reverse=True)[:LATEST]
    out.append("## Kế hoạch mới nhất trong kho\n")
    out.append(f"{len(latest)} kế hoạch ban hành gần đây nhất; tất cả {count(len(plans))} kế hoạch ở "
               f"{link('Danh mục văn bản', paths.link(here, paths.DOCUMENTS))}, theo tỉnh, thành phố.\n")
    out.append(_doc_table(latest, here))
    return "\n".join(out) + "\n"


def render_documents(archive: Archive, graph: Graph) -> str:
    """The list of documents: plans by province (each province's page lists them, by issuing unit), then the directives."""
    here = paths.DOCUMENTS
    out = [front_matter(title="Danh mục văn bản"), "# Danh mục văn bản\n"]
    out.append("## Kế hoạch có toàn văn { #ke-hoach }\n")
    plans = archive.plans
    counts: dict[str, int] = defaultdict(int)
    for d in plans:
        if d.issuer.province:
            counts[d.issuer.province] += 1
    rows = [[link(p, paths.link(here, paths.province(p))), str(n)] for p, n in sorted(counts.items(), key=lambda item: sort_key(item[0]))]
    central = sum(not d.issuer.province for d in plans)
    if central:  # the central level's page lists them
        rows.insert(0, [link("Cơ quan trung ương", paths.link(here, paths.level("central"))), str(central)])
    out.append(f"{len(plans)} kế hoạch. Kế hoạch của mỗi tỉnh, thành phố ở trang của tỉnh, xếp theo cơ quan ban hành.\n")
    out.append(table(["Tỉnh, thành phố (2021)", "Kế hoạch có toàn văn"], rows) + "\n")
    out.append("## Văn bản chỉ đạo và văn bản được dẫn chiếu { #van-ban-chi-dao }\n")
    out.append("Kho chưa có toàn văn các văn bản này; mỗi trang ghi thông tin đã biết, mức xác nhận và nguồn.\n")
    rows = []
    others = [d for d in archive.documents.values() if not d.full_text]
    for d in _by_date(others):
        rows.append([link(d.label, paths.link(here, paths.document(d.id))), esc(d.issuer.name), esc(d.date.vi),
                     str(len(graph.implementers.get(d.id, []))), str(len(graph.cited_by.get(d.id, [])))])
    out.append(table(["Văn bản", "Cơ quan ban hành", "Ngày", "Được thực hiện bởi", "Được dẫn chiếu bởi"], rows))
    return "\n".join(out) + "\n"


def _tree_groups(archive: Archive, graph: Graph) -> dict[str, list[Document]]:
    """The documents below QĐ 1497/QĐ-TTg by province (CENTRAL: those of no province), in tree order."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for d in graph.descendants(archive.root):
        groups[d.issuer.province or paths.CENTRAL].append(d)
    return groups


def _group_page(name: str) -> str:
    """Where a hierarchy group's documents are listed: the province's page, or the central level."""
    return paths.level("central") if name == paths.CENTRAL else paths.province(name)


def render_hierarchy(archive: Archive, graph: Graph) -> dict[str, str]:
    """The hierarchy page, a tree folded by province, and its data: each province's branch and the names index."""
    here = paths.HIERARCHY
    root = archive.root
    groups = _tree_groups(archive, graph)
    out = [front_matter(title="Hệ thống văn bản chỉ đạo"), "# Hệ thống văn bản chỉ đạo\n"]
    out.append("Từ Quyết định 1497/QĐ-TTg của Thủ tướng Chính phủ xuống từng kế hoạch. "
               "Quan hệ chưa xác nhận: văn bản cấp dưới ghi thực hiện văn bản cấp tỉnh, "
               "nhưng chưa rõ văn bản cấp tỉnh có dẫn số Quyết định 1497 hay không.\n")
    svg = hierarchy_svg(graph, here)
    if svg:
        out.append('<figure class="hierarchy-diagram" markdown>\n')
        out.append(svg)
        out.append("<figcaption>Sơ đồ hệ thống văn bản (bấm vào từng ô để mở văn bản; đường nét đứt: quan hệ chưa xác nhận)</figcaption>\n</figure>\n")
    out.append("## Theo tỉnh, thành phố { #theo-tinh }\n")
    out.append(f"{sum(map(len, groups.values()))} văn bản thực hiện Quyết định 1497/QĐ-TTg, ở {len(groups)} tỉnh, thành phố "
               "và cơ quan trung ương. Bấm vào tên tỉnh để mở trang của tỉnh; mở nhánh để xem từng văn bản.\n")
    # Raw HTML: the script (overrides/assets/javascripts/unit-tree.js) finds the data by these attributes.
    items = []
    for name in sorted(groups, key=lambda g: (g != paths.CENTRAL, sort_key(g))):
        items.append(f'<li id="{paths.tree_anchor(name)}" data-tree="{attr(paths.href(here, paths.tree_data(name)))}">'
                     f'<a href="{attr(paths.href(here, _group_page(name)))}">{attr(name)}</a> '
                     f'<span class="unit-tree__count">({len(groups[name])} văn bản)</span></li>')
    out.append(f'<ul class="unit-tree" data-unit-tree data-names="{attr(paths.href(here, paths.TREE_NAMES))}">\n'
               f'<li><a href="{attr(paths.href(here, paths.document(root.id)))}">{attr(root.headline)}</a>\n<ul>\n'
               + "\n".join(items) + "\n</ul>\n</li>\n</ul>\n")
    files = {here: "\n".join(out) + "\n"}
    for name, docs in groups.items():
        # A branch is made from its own documents alone: kept while they are the same objects.
        files[paths.tree_data(name)] = _listings.get(tuple(docs), lambda docs=docs: _tree_json(graph, docs, here), ("tree", here))
    files[paths.TREE_NAMES] = _names_json(archive, graph, here)
    return files


def _tree_json(graph: Graph, docs: list[Document], here: str) -> str:
    """One branch of the hierarchy: its top documents, each {t: headline, u: link, c: [implementers], x: 1 if unconfirmed}."""
    ids = {d.id for d in docs}

    def node(d: Document) -> dict:
        out: dict = {"t": d.headline, "u": paths.href(here, paths.document(d.id))}
        if d.implements and d.implements.status != "confirmed":
            out["x"] = 1
        children = [node(c) for c in graph.implementers.get(d.id, []) if c.id in ids]
        if children:
            out["c"] = children
        return out

    tops = [d for d in docs if d.implements.ref not in ids]
    return json.dumps([node(d) for d in tops], ensure_ascii=False, separators=(",", ":"))


def _names_json(archive: Archive, graph: Graph, here: str) -> str:
    """The names the hierarchy's search box finds: each province, district, commune and issuer once, under
    its province ("" for none) and the link to the listing that holds its documents:
    {province: {link: [name, …]}}. Grouped so, a national index is a third of a flat list."""
    index: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    seen: set[tuple[str, str]] = set()

    def add(name: str, province: str, target: str) -> None:
        if (name, province) not in seen:
            seen.add((name, province))
            index[province][target].append(name)

    provinces = {u.province: u for u in archive.units.values() if u.level == "province"}
    for name in graph.by_province:
        add(provinces[name].name, name, paths.href(here, paths.province(name)))
    for d in _by_date(list(archive.documents.values())):
        page, anchor = _listed_at(graph, d)
        target = paths.href(here, page) + (f"#{anchor}" if anchor else "")
        district = graph.district(d)
        for name in (d.issuer.name, d.issuer.unit.name if d.issuer.unit else None, district.name if district else None):
            if name:
                add(name, d.issuer.province or "", target)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


# -- Provinces ---------------------------------------------------------------------------

OWN = "cap-tinh"  # the anchor of a province's own documents, always on its page

def _province_parts(graph: Graph, docs: list[Document]) -> list[tuple[str, str, Unit | None, list[Document]]]:
    """A province's documents by issuing unit: (slug, heading, district unit, documents): the province's
    own first, then its departments, then each district with its communes. The slug is the part's anchor
    on the province page, or its page's name (a district's is its unit key)."""
    own, departments, districts, other = [], [], defaultdict(list), []
    units: dict[str, Unit] = {}
    for d in docs:
        district = graph.district(d)
        if district:
            districts[district.key].append(d)
            units[district.key] = district
        elif d.issuer.level == "department":
            departments.append(d)
        elif d.issuer.level in ("province", "central"):
            own.append(d)
        else:
            other.append(d)
    parts = [(OWN, "Cấp tỉnh", None, own), (paths.DEPARTMENTS, "Sở, ngành", None, departments)]
    parts += [(key, units[key].name, units[key], districts[key]) for key in sorted(districts, key=lambda k: sort_key(units[k].name))]
    parts.append((paths.OTHER_UNITS, "Cấp huyện, cấp xã chưa rõ đơn vị", None, other))
    return [p for p in parts if p[3]]


def _now(unit: Unit) -> str:
    return f"**Đơn vị hiện nay:** {successor(unit)}" + (f" *({esc(unit.interim)})*" if unit.interim else "") + "\n"


def _communes_now(part: list[Document]) -> str:
    """The communes that issued a part's documents, each with what it became (most merged in 2025)."""
    communes = {d.issuer.unit.key: d.issuer.unit for d in part if d.issuer.unit and d.issuer.unit.level == "commune"}
    if not communes:
        return ""
    lines = [f"- {esc(u.name)}: {successor(u)}" + (f" *({esc(u.interim)})*" if u.interim else "")
             for u in sorted(communes.values(), key=lambda u: sort_key(u.name))]
    return "**Đơn vị cấp xã (2021) và đơn vị hiện nay:**\n\n" + "\n".join(lines) + "\n"


def _paged_out(docs: list[Document]) -> bool:
    """Whether a province's parts (all but its own documents) get their own pages."""
    return len(docs) > PAGE_SIZE


def _listed_at(graph: Graph, doc: Document) -> tuple[str, str | None]:
    """(page, anchor) of the listing that holds `doc` with the other documents of its issuing unit."""
    name = doc.issuer.province
    if not name:
        return paths.level(doc.issuer.level), None
    slug = _province_parts(graph, [doc])[0][0]
    if slug == OWN or not _paged_out(graph.by_province[name]):
        return paths.province(name), slug
    return paths.province_part(name, slug), None


def render_provinces(archive: Archive, graph: Graph) -> dict[str, str]:
    """The index of provinces and one page per 2021 province or city that has a document or a case."""
    units = {u.province: u for u in archive.units.values() if u.level == "province"}
    tree = {name: {d.id for d in docs} for name, docs in _tree_groups(archive, graph).items()}
    pages = {}
    here = paths.PROVINCES
    rows = []
    for name in sorted(set(graph.by_province) | set(graph.cases_by_province), key=sort_key):
        unit, docs, cases = units[name], graph.by_province.get(name, []), graph.cases_by_province.get(name, [])
        rows.append([html_link(name, paths.href(here, paths.province(name))), html_esc(unit.successor.text),
                     str(sum(d.full_text for d in docs)), str(len(docs)), str(len(cases))])
        pages |= _province_pages(graph, name, unit, docs, cases, tree.get(name, set()))
    out = [front_matter(title="Theo tỉnh, thành phố"), "# Theo tỉnh, thành phố\n",
           "Đơn vị hành chính ghi theo năm 2021, khi văn bản được ban hành; cột bên cạnh là đơn vị kế thừa sau sắp xếp "
           "đơn vị hành chính năm 2025 (Nghị quyết 202/2025/QH15). Trên bản đồ: "
           f"{link('Bản đồ phong trào thi đua', paths.link(here, paths.MAP))}.\n",
           html_table(["Tỉnh, thành phố (2021)", "Đơn vị hiện nay", "Kế hoạch có toàn văn", "Tất cả văn bản", "Gương điển hình"], rows)]
    pages[here] = "\n".join(out) + "\n"
    return pages


def _province_pages(graph: Graph, name: str, unit: Unit, docs: list[Document], cases: list[Case],
                    in_tree: set[str]) -> dict[str, str]:
    here = paths.province(name)
    out = [front_matter(title=f"{name} (2021)"), f"# {esc(unit.name)} (2021)\n"]
    out.append(f"**Đơn vị hiện nay:** {successor(unit)}" +
               (f" — căn cứ {esc(unit.successor.basis)}" if unit.successor.basis else "") + "\n")
    if unit.interim:  # the datasets of 2025 name it otherwise: say what changed after 2021
        out.append(f"**Thay đổi sau năm 2021:** {esc(unit.interim)}\n")
    if in_tree:
        out.append("## Chuỗi văn bản chỉ đạo { #chuoi-van-ban }\n")
        svg = hierarchy_svg(graph, here, in_tree)
        tree_link = link("Hệ thống văn bản", paths.link(here, paths.HIERARCHY, paths.tree_anchor(name)))
        if svg:
            out.append('<figure class="hierarchy-diagram" markdown>\n' + svg +
                       f"<figcaption>Từ Quyết định 1497/QĐ-TTg xuống các văn bản của {esc(name)} "
                       "(bấm vào từng ô để mở văn bản)</figcaption>\n</figure>\n")
        else:
            out.append(f"{len(in_tree)} văn bản của {esc(name)} thực hiện Quyết định 1497/QĐ-TTg: "
                       f"xem nhánh của tỉnh, mở từng cấp, ở trang {tree_link}.\n")
        out.append(f"Ban hành khi nào, sau văn bản cấp trên bao nhiêu ngày: "
                   f"{link(f'Dòng thời gian của {name}', paths.link(here, paths.province_timeline(name)))}.\n")
    pages = {}
    if docs:
        out.append("## Văn bản theo cơ quan ban hành { #theo-co-quan }\n")
        paged_out = _paged_out(docs)
        rows = []
        for slug, heading, district, part in _province_parts(graph, docs):
            if paged_out and slug != OWN:
                src = paths.province_part(name, slug)
                now = (f"\n{_now(district)}\n{_communes_now(part)}") if district else ""
                pages |= _paged(src, f"{heading} ({name})",
                                lambda page: f"Thuộc {link(f'{name} (2021)', paths.link(page, here))}.\n" + now, part, level=False,
                                intro_inputs=(here, now))
                rows.append([html_link(heading, paths.href(here, src)), successor_html(district) if district else "—", str(len(part))])
                continue
            out.append(f"### {esc(heading)} {{ #{slug} }}\n")
            if district:
                out.append(_now(district))
                out.append(_communes_now(part))
            out.append(_doc_table(_by_date(part), here, province=False, level=False))
        if rows:
            out.append("### Sở, ngành và cấp huyện, cấp xã { #cac-don-vi }\n")
            out.append(html_table(["Cơ quan, đơn vị (2021)", "Đơn vị kế thừa hiện nay", "Số văn bản"], rows) + "\n")
    if cases:
        out.append("\n## Gương điển hình\n")
        out += [f"- {link(c.title, paths.link(here, paths.case(c.id)))} ({esc(c.date.vi)})"
                for c in sorted(cases, key=lambda c: c.date.sort_key(), reverse=True)]
    pages[here] = "\n".join(out) + "\n"
    return pages


# -- Levels and awards -------------------------------------------------------------------

def render_levels(archive: Archive, graph: Graph) -> dict[str, str]:
    pages = {}
    rows = []
    for key, name in LEVELS.items():
        docs = graph.by_level.get(key)
        if not docs:
            continue
        here = paths.level(key)
        title = f"Cấp ban hành: {name}"
        listing, parts = _by_province(here, title, docs, lambda g, key=key: paths.level_part(key, g), level=False)
        pages[here] = "\n".join([front_matter(title=title), f"# {esc(title)}\n", listing]) + "\n"
        pages |= parts
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
            listing, parts = _by_province(here, a.name, docs, lambda g, key=a.key: paths.award_part(key, g))
            page.append(listing)
            pages |= parts
        if cases:
            page.append("\n## Gương điển hình được trao hình thức này\n")
            page += [f"- {link(c.title, paths.link(here, paths.case(c.id)))} ({esc(c.date.vi)})" for c in cases]
        pages[here] = "\n".join(page) + "\n"
    here = paths.AWARDS
    rows = [[html_link(a.name, paths.href(here, paths.award(a.key))), html_esc(a.decided_by),
             str(sum(d.full_text for d in graph.by_award.get(a.key, []))), str(len(graph.cases_by_award.get(a.key, [])))]
            for a in used]
    pages[here] = "\n".join([
        front_matter(title="Theo hình thức khen thưởng"), "# Theo hình thức khen thưởng\n",
        f"Xếp từ cao xuống thấp. Bảng đối chiếu từng kế hoạch và tuyến trình: {link('So sánh khen thưởng', paths.link(here, paths.COMPARISON))}.\n",
        html_table(["Hình thức", "Thẩm quyền", "Số kế hoạch nêu", "Gương điển hình"], rows)]) + "\n"
    return pages
