"""Pages across plans: model practices, themes, and the award comparison journalists cite."""

from __future__ import annotations

from thidua import paths
from thidua.graph import topics
from thidua.graph import Graph
from thidua.pages.fragments import case_item, doc_link
from thidua.pages.markdown import esc, front_matter, link, table
from thidua.model import Archive
from thidua.text import fold

EXPLANATION_STATUS = {"plan": "theo chính các kế hoạch trong kho", "general": "hiểu biết chung, chưa dẫn nguồn"}


def _occurrence_list(found: list[tuple[topics.PlanNodes, list[topics.Occurrence]]], here: str, phrases: tuple[str, ...]) -> list[str]:
    out = []
    for plan, group in found:
        # A plan's lines depend on that plan alone: kept with it while it is unchanged.
        lines = plan.rendered.get((here, phrases))
        if lines is None:
            lines = plan.rendered[(here, phrases)] = _plan_lines(plan.doc, group, here, phrases)
        out += lines
    return out


def _plan_lines(doc, group: list[topics.Occurrence], here: str, phrases: tuple[str, ...]) -> list[str]:
    folded_phrases = [fold(p) for p in phrases]
    out = [f"- **{doc_link(doc, here)}**"]
    for o in group:
        own = f"{o.node.label} {o.node.title or ''}".strip() if o.node.label and o.node.label not in "-+*•" else None
        where = " › ".join(filter(None, [o.heading, own])) or "Phần mở đầu"
        out.append(f"    - {link(where, paths.link(here, paths.document(doc.id), o.anchor))}: {esc(_window(o, folded_phrases))}")
    return out


def _window(o: topics.Occurrence, folded_phrases: list[str], width: int = 110) -> str:
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


def render_practices(archive: Archive, graph: Graph, nodes: topics.NodeIndex) -> dict[str, str]:
    pages, rows = {}, []
    for p in sorted(archive.practices.values(), key=lambda p: p.name):
        here = paths.practice(p.key)
        found = nodes.by_plan(p.patterns)
        page = [front_matter(title=p.name, description=f"“{p.name}”: {p.explanation}"), f"# “{esc(p.name)}”\n",
                f"{esc(p.explanation)} *({EXPLANATION_STATUS[p.explanation_status]})*\n",
                "## Kế hoạch nêu cách làm này\n"]
        page += _occurrence_list(found, here, p.patterns) or ["Chưa kế hoạch nào trong kho nêu cách làm này."]
        pages[here] = "\n".join(page) + "\n"
        rows.append([link(p.name, paths.link(paths.PRACTICES, here)), str(len(found)), str(sum(len(g) for _, g in found))])
    pages[paths.PRACTICES] = "\n".join([
        front_matter(title="Mô hình, cách làm"), "# Mô hình, cách làm và khẩu hiệu\n",
        "Những cách làm, phương châm, khẩu hiệu mà các kế hoạch nêu; mỗi trang dẫn tới đúng mục của từng kế hoạch.\n",
        table(["Cách làm", "Số kế hoạch", "Số đoạn"], rows)]) + "\n"
    return pages


def render_themes(archive: Archive, graph: Graph, nodes: topics.NodeIndex) -> dict[str, str]:
    pages, rows = {}, []
    for t in sorted(archive.themes.values(), key=lambda t: t.name):
        here = paths.theme(t.key)
        found = nodes.by_plan(t.keywords)
        cases = [c for c in archive.cases.values() if t in c.themes]
        if not found and not cases:
            continue
        page = [front_matter(title=t.name), f"# Chủ đề: {esc(t.name)}\n",
                f"Các đoạn kế hoạch có từ khóa: {esc(', '.join(t.keywords))}.\n"]
        if cases:
            page.append("## Gương điển hình\n")
            page += [case_item(c, here) for c in cases]
            page.append("")
        if found:
            page.append("## Các kế hoạch nói gì\n")
            page += _occurrence_list(found, here, t.keywords)
        pages[here] = "\n".join(page) + "\n"
        rows.append([link(t.name, paths.link(paths.THEMES, here)), str(len(found)), str(sum(len(g) for _, g in found)), str(len(cases))])
    pages[paths.THEMES] = "\n".join([
        front_matter(title="Chủ đề"), "# Chủ đề\n",
        "Mỗi chủ đề gom những gì các kế hoạch nói về nó (theo từ khóa) và các gương điển hình cùng chủ đề.\n",
        table(["Chủ đề", "Số kế hoạch", "Số đoạn", "Gương điển hình"], rows)]) + "\n"
    return pages


def render_comparison(archive: Archive, graph: Graph) -> str:
    here = paths.COMPARISON
    plans = sorted(archive.plans, key=lambda d: (d.issuer.province or "", d.id))
    awards = sorted({a for d in plans for a in d.awards} | {r.award for d in plans for r in d.routes}, key=lambda a: a.rank)
    out = [front_matter(title="So sánh khen thưởng giữa các kế hoạch"), "# So sánh khen thưởng giữa các kế hoạch\n",
           "## Hình thức khen thưởng × kế hoạch { #hinh-thuc }\n"]
    header = ["Hình thức"] + [link(_column(d), paths.link(here, paths.document(d.id))) for d in plans]
    out.append(table(header, [[link(a.name, paths.link(here, paths.award(a.key)))] + ["✓" if a in d.awards else "" for d in plans]
                              for a in awards]) + "\n")
    out.append("## Tuyến trình: ai đề nghị ai, hình thức nào { #tuyen-trinh }\n")
    out.append("Theo đúng lời từng kế hoạch; bấm vào “mục” để đọc nguyên văn.\n")
    for a in awards:
        routes = [(d, r) for d in plans for r in d.routes if r.award == a]
        if not routes:
            continue
        out.append(f"### {esc(a.name)}\n")
        out.append(table(["Kế hoạch", "Khen cho", "Ai đề nghị, quyết định", "Mục"], [
            [link(_column(d), paths.link(here, paths.document(d.id))), esc(r.for_whom), esc(r.proposer or "không nêu"),
             link("mục", paths.link(here, paths.document(d.id), r.section))] for d, r in routes]) + "\n")
    return "\n".join(out) + "\n"


def _column(doc) -> str:
    unit = doc.issuer.unit
    return unit.name if unit and unit.level != "province" else doc.issuer.name
