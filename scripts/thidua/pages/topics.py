"""Pages across plans: model practices, themes, and the award comparison journalists cite."""

from __future__ import annotations

import html
import re
from functools import partial
from typing import NamedTuple

from thidua import paths
from thidua.cache import Kept
from thidua.graph import topics
from thidua.graph import Graph
from thidua.pages.fragments import case_item, pager, search_within
from thidua.pages.markdown import esc, front_matter, html_esc, html_link, html_table, link, raw_block, table
from thidua.model import LEVELS, Archive
from thidua.text import fold, sort_key

EXPLANATION_STATUS = {"plan": "theo chính các kế hoạch trong kho", "general": "hiểu biết chung, chưa dẫn nguồn"}


# A group page lists at most this many plans, and starts a new page sooner when its list
# reaches this many bytes of HTML: with the theme's frame (~25 KB) the page stays under the
# page budget (publish/budget.py, 200 KB).
GROUP_PLANS = 100
GROUP_HTML = 150_000
SHOWN = 5  # representative passages on a theme or practice page

_HREF = re.compile(r'<a href="(?!#)')


class PlanLines(NamedTuple):
    """A plan's entry on a group page, as HTML: its link, where its first passage is (a link),
    the passage quoted, and a line linking its other passages (or "").

    HTML, not Markdown: a group page is mostly these entries, and an edit renders its pages
    again; Markdown's inline parsing of hundreds of links was most of that time, while an
    entry written once is kept with its plan (`raw_block` passes it through untouched)."""

    head: str
    place: str
    quote: str
    others: str

    def item(self, repeats: str | None = None, up: bool = False) -> str:
        """The entry as a list item. `repeats` names an entry above quoting the same words, which
        are then not quoted again (plans copy each other: on a page of a hundred plans most
        quotes would be the same words). `up`: on a group's later pages ("…/ha-noi/2/"), one
        folder deeper than the first page its links were written for."""
        said = f"cùng đoạn trích như {html.escape(repeats)} ở trên" if repeats else self.quote
        more = f"<li>{self.others}</li>" if self.others else ""
        out = f"<li>{self.head}<ul>\n<li>{self.place}: {said}</li>{more}</ul></li>"
        # Every link leaves the group's folder (to a plan), and text is escaped (no '<' in it).
        return _HREF.sub('<a href="../', out) if up else out


def _plan_list(items: list[str]) -> str:
    return raw_block("<ul>\n" + "\n".join(items) + "\n</ul>")


def _kept_lines(plan: topics.PlanNodes, group: list[topics.Occurrence], here: str, phrases: tuple[str, ...]) -> PlanLines:
    # A plan's lines depend on that plan alone: kept with it while it is unchanged.
    lines = plan.rendered.get((here, phrases))
    if lines is None:
        lines = plan.rendered[(here, phrases)] = _plan_lines(plan.doc, group, here, phrases)
    return lines


def _plan_lines(doc, group: list[topics.Occurrence], here: str, phrases: tuple[str, ...]) -> PlanLines:
    """A plan, its first passage quoted around the phrase found, and a link to each of its other
    passages: a reader sees how this plan words it, and reaches every passage in one click,
    while a group page weighs (and an edit renders again) a line, not a paragraph, per passage."""
    first, *others = group
    plan = paths.href(here, paths.document(doc.id))
    target = lambda where, o: html_link(where, f"{plan}#{o.anchor}")  # noqa: E731
    more = ""
    if others:
        # Passages under one heading (a list's items) are named once: "III. … › 1. …: đoạn 1 · 2 · 3".
        places: dict[str, list] = {}
        for o in others:
            places.setdefault(_where(o), []).append(o)
        more = "Cũng ở: " + "; ".join(
            target(where, found[0]) if len(found) == 1 else
            f"{html.escape(where.rstrip(':'))}: đoạn " + " · ".join(target(str(n), o) for n, o in enumerate(found, 1))
            for where, found in places.items())
    return PlanLines(f"<strong>{html_link(doc.headline, plan)}</strong>", target(_where(first), first),
                     html.escape(_window(first, [fold(p) for p in phrases])), more)


def _where(o: topics.Occurrence) -> str:
    """A passage's place in its plan: its headings, then its own label."""
    own = f"{o.node.label} {o.node.title or ''}".strip() if o.node.label and o.node.label not in "-+*•" else None
    return " › ".join(filter(None, [o.heading, own])) or "Phần mở đầu"


def _window(o: topics.Occurrence, folded_phrases: list[str], width: int = 80) -> str:
    """About `width` characters each side of the first phrase found (folding keeps Vietnamese
    letters one for one, so positions in the folded text hold in the original)."""
    text = o.text
    at = min((i for i in (o.folded.find(p) for p in folded_phrases) if i >= 0), default=0)
    start, end = max(0, at - width), min(len(text), at + width)
    if start:
        start = text.find(" ", start) + 1
    if end < len(text):
        end = text.rfind(" ", at, end) if text.rfind(" ", at, end) > at else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _topic_pages(archive: Archive, name: str, here: str, head: list[str], found, phrases: tuple[str, ...],
                 group_path, none: str) -> dict[str, str]:
    """A theme's or practice's page (`head`, then a summary of `found` that leads on) and its group pages:
    one group per 2021 province (plans of no province form their own), paged when long.

    Each group page is made from its province's plans alone, and the summary holds no list of
    plans: an edit to one plan renders again its province's pages and the summary only. The
    summary is kept while the plans found (and the national decision quoted first) are the same
    objects; the groups are asked for every build, so that a kept summary does not let the
    groups it leads to drop out of their cache (a Kept forgets what a build did not ask for)."""
    groups: dict[str | None, list] = {}
    for plan, occurrences in found:
        groups.setdefault(plan.doc.issuer.province, []).append((plan, occurrences))
    order = sorted(groups, key=lambda p: (p is not None, sort_key(p or "")))
    pages, counts = {}, {}
    for province in order:
        group_pages = _group_pages(name, here, province, groups[province], phrases, group_path)
        pages |= group_pages
        counts[province] = len(group_pages)
    pages[here] = _topics.get((archive.root, *(plan for plan, _ in found)),
                              lambda: _summary(archive, name, here, head, found, groups, order, counts, phrases, group_path, none),
                              (name, here, tuple(head), phrases, none, tuple(counts.items())))
    return pages


_topics = Kept()


def _summary(archive: Archive, name: str, here: str, head: list[str], found, groups: dict, order: list,
             counts: dict, phrases: tuple[str, ...], group_path, none: str) -> str:
    page = list(head)
    if not found:
        page.append(none)
    else:
        docs = [plan.doc for plan, _ in found]
        page.append(f"{len(docs)} kế hoạch của {_units(docs)} đơn vị ban hành, {sum(len(o) for _, o in found)} đoạn; "
                    f"đủ các đoạn ở trang của từng tỉnh, thành phố (bảng dưới).\n")
        page.append(search_within(here, here, f"thuộc {name}"))
        page.append("### Một số đoạn tiêu biểu\n")
        page.append(f"Chọn theo một quy tắc cố định: trước hết lời của chính {esc(archive.root.short_label)} (nếu kho có toàn văn), "
                    "sau đó đoạn đầu tiên của các kế hoạch ban hành sớm nhất (theo ngày ghi trên văn bản, văn bản không ghi "
                    "đủ ngày xếp sau, cùng ngày theo mã văn bản), mỗi kế hoạch một đoạn: đoạn đầu tiên có nội dung (không chỉ là tên mục) "
                    f"và chưa trùng nguyên văn đoạn đã chọn; tối đa {SHOWN} đoạn."
                    + ("" if archive.root.full_text else f" Kho chưa có toàn văn {esc(archive.root.short_label)}.") + "\n")
        page.append(_plan_list([_plan_lines(doc, [o], here, phrases).item() for doc, o in _representative(archive, found)]))
        page.append("\n### Theo tỉnh, thành phố\n")
        levels = [level for level in LEVELS if any(d.issuer.level == level for d in docs)]
        rows = []
        for province in order:
            group_docs = [plan.doc for plan, _ in groups[province]]
            label = html_link(province or "Trung ương (không thuộc tỉnh nào)", paths.href(here, group_path(province)))
            rows.append([label + (f" ({counts[province]} trang)" if counts[province] > 1 else ""), str(len(group_docs)),
                         str(_units(group_docs))]
                        + [str(sum(d.issuer.level == level for d in group_docs) or "") for level in levels]
                        + [str(sum(len(o) for _, o in groups[province]))])
        page.append(html_table(["Tỉnh, thành phố (2021)", "Kế hoạch", "Đơn vị"] + [LEVELS[level] for level in levels] + ["Đoạn"], rows))
    return "\n".join(page) + "\n"


def _units(docs) -> int:
    """How many units issued `docs` (a central body has no unit: its name stands for it)."""
    return len({d.issuer.unit.key if d.issuer.unit else d.issuer.name for d in docs})


def _representative(archive: Archive, found) -> list[tuple]:
    """(document, occurrence) by the rule the page states: the root decision's own words, then the
    earliest plans (dated to the day first, then to the month, then by date and id), one passage each:
    its first with text of its own (not a bare heading) and a wording not yet shown."""
    by_date = sorted((plan.doc for plan, _ in found), key=lambda d: (d.id != archive.root_id, not d.date.day, not d.date.month,
                                                                      d.date.sort_key(), d.id))
    occurrences = {plan.doc.id: found_here for plan, found_here in found}
    chosen, seen = [], set()
    for doc in by_date:
        o = next((o for o in occurrences[doc.id] if o.node.text and o.folded not in seen), None)
        if o is not None:
            chosen.append((doc, o))
            seen.add(o.folded)
            if len(chosen) == SHOWN:
                break
    return chosen


def _group_pages(name: str, summary: str, province: str | None, found, phrases: tuple[str, ...], group_path) -> dict[str, str]:
    """One province's plans that touch a theme or practice, with their passages, cut into pages.

    Kept while the province's plans are the same objects (and so unchanged): an edit renders
    again the groups of its own province only."""
    return _groups.get(tuple(plan for plan, _ in found), lambda: _make_group_pages(name, summary, province, found, phrases, group_path),
                       (name, summary, province, phrases, GROUP_PLANS, GROUP_HTML))


_groups = Kept()


def new_build() -> None:
    """Pages kept from the last build are reused only if asked for again in this one."""
    _topics.new_build()
    _groups.new_build()


def _make_group_pages(name: str, summary: str, province: str | None, found, phrases: tuple[str, ...], group_path) -> dict[str, str]:
    first = group_path(province)
    chunks, size = [[]], 0
    for plan, occurrences in found:
        # Written for the first page: every page of the group sits in its folder (paths._group).
        entry = _kept_lines(plan, occurrences, first, phrases)
        weight = len(entry.item().encode())
        if chunks[-1] and (len(chunks[-1]) == GROUP_PLANS or size + weight > GROUP_HTML):
            chunks.append([])
            size = 0
        chunks[-1].append((plan.doc, entry))
        size += weight
    where = province or "Trung ương"
    whose = f"của {province}" if province else "không thuộc tỉnh nào (trung ương)"
    plans, passages = len(found), sum(len(o) for _, o in found)
    pages = {}
    for number, chunk in enumerate(chunks, 1):
        here = group_path(province, number)
        of = f", trang {number}/{len(chunks)}" if len(chunks) > 1 else ""
        nav = pager(here, number, len(chunks), partial(group_path, province), f"{plans} kế hoạch")
        page = [front_matter(title=f"{name}: {where}{of}"), f"# {esc(name)}: {esc(where)}{of}\n",
                f"Các kế hoạch {esc(whose)} có đoạn thuộc {link(name, paths.link(here, summary))}: "
                f"{plans} kế hoạch, {passages} đoạn.\n",
                search_within(here, summary, f"thuộc {name} của {province}", province) if province else "", nav]
        quoted: dict[str, str] = {}  # on this page: words quoted -> the plan that quoted them first
        items = []
        for doc, entry in chunk:
            items.append(entry.item(quoted.get(entry.quote) if entry.quote else None, up=number > 1))
            quoted.setdefault(entry.quote, doc.short_label)
        page.append(_plan_list(items))
        page.append(nav)
        pages[here] = "\n".join(page).rstrip("\n") + "\n"
    return pages


def render_practices(archive: Archive, graph: Graph, nodes: topics.NodeIndex) -> dict[str, str]:
    pages, rows = {}, []
    for p in sorted(archive.practices.values(), key=lambda p: p.name):
        here = paths.practice(p.key)
        found = nodes.by_plan(p.patterns)
        head = [front_matter(title=p.name, description=f"“{p.name}”: {p.explanation}"), f"# “{esc(p.name)}”\n",
                f"{esc(p.explanation)} *({EXPLANATION_STATUS[p.explanation_status]})*\n",
                "## Kế hoạch nêu cách làm này\n"]
        pages |= _topic_pages(archive, f"“{p.name}”", here, head, found, p.patterns,
                              partial(paths.practice_group, p.key),
                              "Chưa kế hoạch nào trong kho nêu cách làm này.")
        rows.append([link(p.name, paths.link(paths.PRACTICES, here)), str(len(found)), str(sum(len(g) for _, g in found))])
    pages[paths.PRACTICES] = "\n".join([
        front_matter(title="Mô hình, cách làm"), "# Mô hình, cách làm và khẩu hiệu\n",
        "Những cách làm, phương châm, khẩu hiệu mà các kế hoạch nêu; mỗi trang dẫn tới đúng mục của từng kế hoạch.\n",
        table(["Cách làm", "Số kế hoạch", "Số đoạn"], rows),
        f"\nNhững đoạn lặp lại ở nhiều kế hoạch mà không từ văn bản cấp trên, chờ văn phòng xem có phải một cách làm: "
        f"{link('Đề xuất cách làm chờ xác nhận', paths.link(paths.PRACTICES, paths.PRACTICE_CANDIDATES))}."]) + "\n"
    return pages


def render_themes(archive: Archive, graph: Graph, nodes: topics.NodeIndex) -> dict[str, str]:
    pages, rows = {}, []
    for t in sorted(archive.themes.values(), key=lambda t: t.name):
        here = paths.theme(t.key)
        found = nodes.by_plan(t.keywords)
        cases = [c for c in archive.cases.values() if t in c.themes]
        if not found and not cases:
            continue
        head = [front_matter(title=t.name), f"# Chủ đề: {esc(t.name)}\n",
                f"Các đoạn kế hoạch có từ khóa: {esc(', '.join(t.keywords))}.\n"]
        if cases:
            # Cases are few: they stay on the theme's own page.
            head.append("## Gương điển hình\n")
            head += [case_item(c, here) for c in cases]
            head.append("")
        head.append("## Các kế hoạch nói gì\n")
        pages |= _topic_pages(archive, t.name, here, head, found, t.keywords,
                              partial(paths.theme_group, t.key),
                              "Chưa kế hoạch nào trong kho có đoạn thuộc chủ đề này.")
        rows.append([link(t.name, paths.link(paths.THEMES, here)), str(len(found)), str(sum(len(g) for _, g in found)), str(len(cases))])
    pages[paths.THEMES] = "\n".join([
        front_matter(title="Chủ đề"), "# Chủ đề\n",
        "Mỗi chủ đề gom những gì các kế hoạch nói về nó (theo từ khóa) và các gương điển hình cùng chủ đề.\n",
        table(["Chủ đề", "Số kế hoạch", "Số đoạn", "Gương điển hình"], rows)]) + "\n"
    return pages


COMPARISON_PLANS = 50  # plans on one page of a province's award comparison


def render_comparison(archive: Archive, graph: Graph) -> dict[str, str]:
    """The award comparison: counts per award and per province, then each province's plans on their
    own pages (a table of awards × plans, then the routes in each plan's words).

    The tables are HTML (cells escaped HTML, links relative to the built page), like a theme's table
    by province: an edit renders these pages again, and Markdown's parsing of them was most of that."""
    here = paths.COMPARISON
    groups: dict[str | None, list] = {}
    for d in sorted(archive.plans, key=lambda d: (d.date.sort_key(), d.id)):
        if d.awards or d.routes:
            groups.setdefault(d.issuer.province, []).append(d)
    order = sorted(groups, key=lambda p: (p is not None, sort_key(p or "")))
    pages = {}
    for province in order:
        pages |= _groups.get(tuple(groups[province]), lambda province=province: _comparison_pages(province, groups[province]),
                             ("comparison", province, COMPARISON_PLANS))
    plans = [d for province in order for d in groups[province]]
    awards = sorted({a for d in plans for a in d.awards} | {r.award for d in plans for r in d.routes}, key=lambda a: a.rank)
    out = [front_matter(title="So sánh khen thưởng giữa các kế hoạch"), "# So sánh khen thưởng giữa các kế hoạch\n",
           "Hình thức khen thưởng mỗi kế hoạch nêu, và tuyến trình (ai đề nghị ai, hình thức nào) theo đúng lời kế hoạch. "
           "Bảng đối chiếu từng kế hoạch ở trang của từng tỉnh, thành phố (bảng thứ hai).\n",
           "## Theo hình thức khen thưởng { #hinh-thuc }\n",
           html_table(["Hình thức", "Kế hoạch nêu", "Tỉnh, thành phố", "Kế hoạch nêu tuyến trình"], [
               [html_link(a.name, paths.href(here, paths.award(a.key))), str(sum(a in d.awards for d in plans)),
                str(len({d.issuer.province for d in plans if a in d.awards or any(r.award == a for r in d.routes)})),
                str(sum(any(r.award == a for r in d.routes) for d in plans))] for a in awards]) + "\n",
           "## Theo tỉnh, thành phố { #theo-tinh }\n",
           html_table(["Tỉnh, thành phố (2021)", "Kế hoạch nêu khen thưởng", "Tuyến trình"], [
               [html_link(province or "Trung ương (không thuộc tỉnh nào)", paths.href(here, paths.comparison_group(province))),
                str(len(groups[province])), str(sum(len(d.routes) for d in groups[province]))] for province in order]) + "\n"]
    pages[here] = "\n".join(out) + "\n"
    return pages


def _comparison_pages(province: str | None, plans: list) -> dict[str, str]:
    """One province's plans (by date), COMPARISON_PLANS to a page: awards × plans, then the routes."""
    chunks = [plans[i:i + COMPARISON_PLANS] for i in range(0, len(plans), COMPARISON_PLANS)]
    where = province or "Trung ương"
    pages = {}
    for number, chunk in enumerate(chunks, 1):
        here = paths.comparison_group(province, number)
        of = f", trang {number}/{len(chunks)}" if len(chunks) > 1 else ""
        nav = pager(here, number, len(chunks), partial(paths.comparison_group, province), f"{len(plans)} kế hoạch")
        awards = sorted({a for d in chunk for a in d.awards} | {r.award for d in chunk for r in d.routes}, key=lambda a: a.rank)
        out = [front_matter(title=f"So sánh khen thưởng: {where}{of}"), f"# So sánh khen thưởng: {esc(where)}{of}\n",
               f"Thuộc {link('So sánh khen thưởng giữa các kế hoạch', paths.link(here, paths.COMPARISON))}: "
               f"{len(plans)} kế hoạch {esc('của ' + province if province else 'không thuộc tỉnh nào')} nêu hình thức khen thưởng "
               "hoặc tuyến trình, xếp theo ngày ban hành.\n", nav,
               "## Hình thức khen thưởng × kế hoạch { #hinh-thuc }\n",
               html_table(["Kế hoạch"] + [html_link(a.name, paths.href(here, paths.award(a.key))) for a in awards],
                          [[html_link(_column(d), paths.href(here, paths.document(d.id)))] + ["✓" if a in d.awards else "" for a in awards]
                           for d in chunk]) + "\n",
               "## Tuyến trình: ai đề nghị ai, hình thức nào { #tuyen-trinh }\n",
               "Theo đúng lời từng kế hoạch; bấm vào “mục” để đọc nguyên văn.\n"]
        for a in awards:
            routes = [(d, r) for d in chunk for r in d.routes if r.award == a]
            if routes:
                out.append(f"### {esc(a.name)}\n")
                out.append(html_table(["Kế hoạch", "Khen cho", "Ai đề nghị, quyết định", "Mục"], [
                    [html_esc(_column(d)), html_esc(r.for_whom), html_esc(r.proposer or "không nêu"),
                     html_link("mục", f"{paths.href(here, paths.document(d.id))}#{r.section}")] for d, r in routes]) + "\n")
        out.append(nav)
        pages[here] = "\n".join(out) + "\n"
    return pages


def _column(doc) -> str:
    unit = doc.issuer.unit
    return unit.name if unit and unit.level != "province" else doc.issuer.name
