"""The cascade's timeline: when each level answered QĐ 1497/QĐ-TTg, week by week, and how long after its parent.

`dong-thoi-gian/` counts the whole country per week and level (so it stays small at 12,000 plans)
and gives the median delay per level and per province; `dong-thoi-gian/<tỉnh>/` shows one
province: its chart, its documents above the communes one by one, its communes by district.
A date without its day is counted in its month or year, shown as that span, never as a day.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from thidua import paths
from thidua.cache import Kept
from thidua.graph import Graph
from thidua.graph.cascade import CASCADE_LEVELS, Tally, day, days_vi, delay, level_name, median, span, tally, week_start
from thidua.model import Archive, Document
from thidua.pages.markdown import attr, esc, front_matter, html_esc, html_link, html_table, link, table
from thidua.text import sort_key

LABEL_W, WEEK_W, ROW_H, TOP, SPAN_H = 118, 30, 46, 30, 14
SHORT_LEVELS = {"central": "Trung ương", "province": "Tỉnh, TP", "department": "Sở, ngành", "district": "Huyện, thị xã",
                "commune": "Xã, phường"}

_kept = Kept()


def new_build() -> None:
    _kept.new_build()


def _vi_day(d: datetime.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def _week_label(monday: str) -> str:
    start = datetime.date.fromisoformat(monday)
    end = start + datetime.timedelta(days=6)
    return f"{start.day}/{start.month}–{_vi_day(end)}"


def _month_label(iso: str) -> str:
    year, month = iso.split("-")
    return f"tháng {int(month)}/{year}"


def _parents(archive: Archive, docs: list[Document]) -> dict[str, Document]:
    return {d.id: archive.documents[d.implements.ref] for d in docs if d.implements}


def _weeks(t: Tally, start: datetime.date) -> list[str]:
    """Every week from the root's (or the first dated document's, or a month-only span's start) to the last."""
    last = start
    for w in t.weeks:
        last = max(last, datetime.date.fromisoformat(w))
        start = min(start, datetime.date.fromisoformat(w))
    for m in t.months:
        first, end = span_of_month(m)
        last, start = max(last, end), min(start, first)
    weeks, w = [], week_start(start)
    while w <= last:
        weeks.append(w.isoformat())
        w += datetime.timedelta(days=7)
    return weeks


def span_of_month(iso: str) -> tuple[datetime.date, datetime.date]:
    from thidua.model import DocDate

    year, month = iso.split("-")
    return span(DocDate(int(year), int(month)))


def _chart(t: Tally, root_day: datetime.date, title: str, id_prefix: str) -> str:
    """Weeks across, levels down; a bar per week and level, its height the count, each a link to the week's row.
    Documents dated only to a month are a band across that month; to a year, a box at the end of the row."""
    weeks = _weeks(t, root_day)
    levels = [lv for lv in CASCADE_LEVELS if t.by_level[lv]]
    biggest = max([c[lv] for c in t.weeks.values() for lv in c] or [1])
    years = sorted(t.years)
    year_w = 110 if years else 0
    width = LABEL_W + WEEK_W * len(weeks) + year_w + 10
    height = TOP + ROW_H * len(levels) + 24
    x_of = {w: LABEL_W + i * WEEK_W for i, w in enumerate(weeks)}
    out = [f'<svg class="timeline__svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" '
           f'aria-labelledby="{id_prefix}-ten" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{id_prefix}-ten">{attr(title)}</title>']
    # Month ticks along the top.
    seen_months = set()
    for w in weeks:
        d = datetime.date.fromisoformat(w)
        for k in range(7):
            day_ = d + datetime.timedelta(days=k)
            if day_.day == 1:
                key = (day_.year, day_.month)
                if key not in seen_months:
                    seen_months.add(key)
                    x = x_of[w] + k * WEEK_W / 7
                    out.append(f'<line class="timeline__tick" x1="{x:.0f}" y1="{TOP - 14}" x2="{x:.0f}" y2="{height - 20}"/>')
                    out.append(f'<text class="timeline__month" x="{x + 3:.0f}" y="{TOP - 18}">T{day_.month}/{day_.year}</text>')
    rx = x_of[week_start(root_day).isoformat()] + root_day.weekday() * WEEK_W / 7
    out.append(f'<line class="timeline__root" x1="{rx:.0f}" y1="{TOP - 6}" x2="{rx:.0f}" y2="{height - 20}"/>')
    out.append(f'<text class="timeline__root-label" x="{rx + 3:.0f}" y="{height - 6}">QĐ 1497/QĐ-TTg ({_vi_day(root_day)})</text>')
    for row, lv in enumerate(levels):
        y0 = TOP + row * ROW_H
        base = y0 + ROW_H - SPAN_H - 6
        out.append(f'<text class="timeline__level" x="4" y="{base - 6}">{attr(SHORT_LEVELS[lv])}</text>')
        out.append(f'<line class="timeline__base" x1="{LABEL_W}" y1="{base}" x2="{width - year_w - 10}" y2="{base}"/>')
        for w in weeks:
            n = t.weeks.get(w, Counter())[lv]
            if not n:
                continue
            h = max(4.0, (ROW_H - SPAN_H - 12) * (n / biggest) ** 0.5)
            name = f"Tuần {_week_label(w)}, {level_name(lv)}: {n} văn bản"
            out.append(f'<a href="#{paths.week_anchor(w)}" aria-label="{attr(name)}"><title>{attr(name)}</title>'
                       f'<rect class="timeline__bar l-{lv}" x="{x_of[w] + 3}" y="{base - h:.1f}" width="{WEEK_W - 6}" '
                       f'height="{h:.1f}"/></a>')
        for m, c in sorted(t.months.items()):
            if not c[lv]:
                continue
            first, last = span_of_month(m)
            x1 = x_of[week_start(first).isoformat()] + first.weekday() * WEEK_W / 7
            x2 = x_of[week_start(last).isoformat()] + (last.weekday() + 1) * WEEK_W / 7
            name = f"{level_name(lv)}: {c[lv]} văn bản chỉ ghi {_month_label(m)}, không rõ ngày"
            out.append(f'<a href="#thang-{m}" aria-label="{attr(name)}"><title>{attr(name)}</title>'
                       f'<rect class="timeline__span l-{lv}" x="{x1:.0f}" y="{base + 3}" width="{x2 - x1:.0f}" height="{SPAN_H - 4}"/>'
                       f'<text class="timeline__span-n" x="{(x1 + x2) / 2:.0f}" y="{base + SPAN_H - 3}" text-anchor="middle">'
                       f'{c[lv]}</text></a>')
        for i, yr in enumerate(years):
            n = t.years[yr][lv]
            if not n:
                continue
            x = width - year_w - 4
            name = f"{level_name(lv)}: {n} văn bản chỉ ghi năm {yr}, không rõ ngày, tháng"
            out.append(f'<a href="#nam-{yr}" aria-label="{attr(name)}"><title>{attr(name)}</title>'
                       f'<rect class="timeline__span l-{lv}" x="{x}" y="{base - 20}" width="{year_w - 8}" height="22"/>'
                       f'<text class="timeline__span-n" x="{x + (year_w - 8) / 2:.0f}" y="{base - 5}" text-anchor="middle">'
                       f'{n} · năm {yr}</text></a>')
    out.append("</svg>")
    return "\n".join(out)


def _chart_block(t: Tally, root_day: datetime.date, title: str, id_prefix: str) -> str:
    return ('<figure class="timeline">\n<div class="timeline__scroll">\n' + _chart(t, root_day, title, id_prefix) +
            "\n</div>\n<figcaption>Mỗi cột là số văn bản của một cấp ban hành trong một tuần (bấm để xem dòng của tuần "
            "trong bảng). Dải ngang: văn bản chỉ ghi tháng, trải trên cả tháng đó; ô cuối hàng: văn bản chỉ ghi năm. "
            "Không có ngày nào được đoán.</figcaption>\n</figure>\n")


# The tables whose rows grow with the archive (weeks, provinces, documents, districts) are HTML,
# cells escaped HTML and links relative to the built page: an edit renders these pages again,
# and Markdown's parsing of long tables was much of that. The table of levels stays Markdown.
def _week_table(t: Tally, root_day: datetime.date) -> str:
    levels = [lv for lv in CASCADE_LEVELS if t.by_level[lv]]
    rows = []
    for w in sorted(t.weeks):
        c = t.weeks[w]
        rows.append([f'<span id="{paths.week_anchor(w)}"></span>{_week_label(w)}', *(str(c[lv]) for lv in levels),
                     str(sum(c.values()))])
    for m in sorted(t.months):
        c = t.months[m]
        rows.append([f'<span id="thang-{m}"></span>Cả {_month_label(m)} (không rõ ngày)', *(str(c[lv]) for lv in levels),
                     str(sum(c.values()))])
    for yr in sorted(t.years):
        c = t.years[yr]
        rows.append([f'<span id="nam-{yr}"></span>Cả năm {yr} (không rõ ngày, tháng)', *(str(c[lv]) for lv in levels),
                     str(sum(c.values()))])
    return html_table(["Tuần (thứ Hai – Chủ nhật)", *(level_name(lv) for lv in levels), "Tổng"], rows) + "\n"


def _median_table(t: Tally) -> str:
    rows = []
    for lv in CASCADE_LEVELS:
        if not t.by_level[lv] or lv == "central":
            continue
        known = t.delays.get(lv, [])
        rows.append([esc(level_name(lv)), str(t.by_level[lv]), str(len(known)), days_vi(median(known)),
                     days_vi(min(known)) if known else "—", days_vi(max(known)) if known else "—"])
    return table(["Cấp ban hành", "Văn bản", "Tính được số ngày", "Trung vị số ngày sau văn bản cấp trên", "Sớm nhất",
                  "Muộn nhất"], rows) + "\n"


NOTE = ("Số ngày sau văn bản cấp trên chỉ được tính khi cả hai văn bản ghi đủ ngày, tháng, năm; văn bản chỉ ghi tháng "
        "hoặc năm được đếm trong tháng, năm đó và không đưa vào trung vị.\n")


def render_timeline(archive: Archive, graph: Graph) -> dict[str, str]:
    """The national timeline and one page per province that has a document of the movement."""
    here = paths.TIMELINE
    root = archive.root
    root_day = day(root.date)
    docs = graph.descendants(root)
    everything = [root, *docs]
    t = tally(everything, _parents(archive, docs))
    by_province: dict[str, list[Document]] = defaultdict(list)
    for d in docs:
        if d.issuer.province:
            by_province[d.issuer.province].append(d)
    pages = {}
    out = [front_matter(title="Dòng thời gian của phong trào", description="Các cấp ban hành văn bản thực hiện "
                        "Quyết định 1497/QĐ-TTg theo từng tuần, và sau văn bản cấp trên bao nhiêu ngày"),
           "# Dòng thời gian của phong trào\n",
           f"{link(root.headline, paths.link(here, paths.document(root.id)))} phát động phong trào. Dưới đây là "
           f"{len(docs)} văn bản thực hiện quyết định này mà kho đang lưu, theo cấp ban hành (trung ương → tỉnh → huyện → xã; "
           "sở, ngành bên cạnh tỉnh của mình) và theo tuần ban hành. Nơi ban hành: "
           f"{link('Bản đồ', paths.link(here, paths.MAP))}.\n"]
    out.append(_chart_block(t, root_day, "Số văn bản ban hành theo tuần và theo cấp, cả nước", "dtg"))
    out.append("## Sau văn bản cấp trên bao nhiêu ngày { #do-tre }\n")
    out.append(NOTE)
    out.append(_median_table(t))
    out.append("## Theo tỉnh, thành phố { #theo-tinh }\n")
    rows = []
    for name in sorted(by_province, key=sort_key):
        pt = tally(by_province[name], _parents(archive, by_province[name]))
        rows.append([html_link(name, paths.href(here, paths.province_timeline(name))), str(pt.total),
                     _vi_day(pt.first) if pt.first else "—", days_vi(pt.median("province") if pt.by_level["province"] else None),
                     days_vi(pt.median())])
        pages |= _province_page(archive, graph, name, by_province[name], root_day)
    out.append(html_table(["Tỉnh, thành phố (2021)", "Văn bản", "Văn bản sớm nhất ghi đủ ngày",
                      "Văn bản cấp tỉnh: số ngày sau văn bản cấp trên (trung vị)", "Mọi cấp: trung vị"], rows) + "\n")
    out.append("## Theo tuần { #theo-tuan }\n")
    out.append(_week_table(t, root_day))
    out.append(f"Số liệu của trang này: {link('Dữ liệu mở', paths.link(here, paths.DATA_PAGE))}.\n")
    pages[here] = "\n".join(out) + "\n"
    return pages


def _province_page(archive: Archive, graph: Graph, name: str, docs: list[Document], root_day: datetime.date) -> dict[str, str]:
    # Made from the province's documents and their parents alone: kept while they are the same objects.
    parents = _parents(archive, docs)
    related = (*docs, *parents.values())
    return _kept.get(related, lambda: _make_province_page(graph, name, docs, parents, root_day), (name, root_day))


def _make_province_page(graph: Graph, name: str, docs: list[Document], parents: dict[str, Document],
                        root_day: datetime.date) -> dict[str, str]:
    here = paths.province_timeline(name)
    t = tally(docs, parents)
    title = f"Dòng thời gian: {name} (2021)"
    out = [front_matter(title=title), f"# {esc(title)}\n",
           f"{t.total} văn bản của {link(name, paths.link(here, paths.province(name)))} thực hiện Quyết định 1497/QĐ-TTg. "
           f"Cả nước: {link('Dòng thời gian của phong trào', paths.link(here, paths.TIMELINE))}.\n"]
    out.append(_chart_block(t, root_day, f"Số văn bản của {name} ban hành theo tuần và theo cấp", "dtg"))
    out.append("## Sau văn bản cấp trên bao nhiêu ngày { #do-tre }\n")
    out.append(NOTE)
    out.append(_median_table(t))
    upper = sorted((d for d in docs if d.issuer.level != "commune"), key=lambda d: (d.date.sort_key(), d.id))
    if upper:
        out.append("## Văn bản cấp tỉnh, sở, ngành, cấp huyện { #van-ban }\n")
        rows = []
        for d in upper:
            gap = delay(d, parents.get(d.id))
            parent = parents.get(d.id)
            rows.append([html_link(d.label, paths.href(here, paths.document(d.id))), html_esc(d.issuer.name), html_esc(d.date.vi),
                         html_link(parent.short_label, paths.href(here, paths.document(parent.id))) if parent else "—",
                         (days_vi(gap.days) if gap.days is not None else f"— ({html_esc(gap.why)})") if gap else "—"])
        out.append(html_table(["Văn bản", "Cơ quan ban hành", "Ngày", "Văn bản cấp trên", "Số ngày sau văn bản cấp trên"], rows) + "\n")
    communes = [d for d in docs if d.issuer.level == "commune"]
    if communes:
        out.append("## Cấp xã, theo huyện { #cap-xa }\n")
        groups: dict[str, list[Document]] = defaultdict(list)
        names = {}
        for d in communes:
            district = graph.district(d)
            key = district.key if district else ""
            names[key] = district.name if district else "Chưa rõ huyện"
            groups[key].append(d)
        rows = []
        for key in sorted(groups, key=lambda k: sort_key(names[k])):
            g = groups[key]
            dated = [day(d.date) for d in g if d.date.day]
            known = [x.days for x in (delay(d, parents.get(d.id)) for d in g) if x and x.days is not None]
            rows.append([html_esc(names[key]), str(len(g)), str(len(dated)), _vi_day(min(dated)) if dated else "—",
                         _vi_day(max(dated)) if dated else "—", days_vi(median(known))])
        out.append(html_table(["Huyện, thị xã (2021)", "Văn bản cấp xã", "Ghi đủ ngày", "Sớm nhất", "Muộn nhất",
                          "Trung vị số ngày sau văn bản cấp trên"], rows) + "\n")
        out.append(f"Từng văn bản cấp xã: {link(f'trang của {name}', paths.link(here, paths.province(name)))}.\n")
    out.append("## Theo tuần { #theo-tuan }\n")
    out.append(_week_table(t, root_day))
    return {here: "\n".join(out) + "\n"}
