"""Exemplary cases: one page each and the listing with its filters (the feed is in publish/feed.py)."""

from __future__ import annotations

import re

from thidua import paths
from thidua.graph import Graph
from thidua.pages.fragments import card, case_item, chain_nav, doc_link, successor
from thidua.pages.markdown import attr, esc, front_matter, link, table
from thidua.model import Archive, Case

def safe_markdown(body: str) -> str:
    """The office's Markdown with raw HTML shown as text (autolinks keep working) and
    attribute lists ("{: onclick=…}") neutralised, so nothing in it can run."""
    body = re.sub(r"<(?!https?://)", "&lt;", body)
    return body.replace("{", "\\{").replace("}", "\\}")


def render_case(case: Case, graph: Graph) -> str:
    here = paths.case(case.id)
    archive = graph.archive
    under = archive.documents[case.under] if case.under else None
    out = [front_matter(title=case.title, description=f"Gương điển hình: {case.title}")]
    if under:
        out.append(chain_nav(list(reversed([under] + graph.chain(under))), here))
    out.append(f"# {esc(case.title)}\n")
    if case.image:
        out.append(f"![{esc(case.image[1])}]({attr(paths.link(here, paths.case_image(case.image[0])))})\n")
    rows = [["Ai", "; ".join(esc(p.name) + (f" ({esc(p.role)})" if p.role else "") + (" — tập thể" if p.kind == "collective" else "")
                             for p in case.who)],
            ["Ở đâu (như nguồn ghi)", esc(case.where)],
            ["Tỉnh, thành phố (2021)", link(case.unit.province, paths.link(here, paths.province(case.unit.province)))
             if case.unit else "Toàn quốc"],
            ["Đơn vị hiện nay", successor(case.unit) if case.unit else "—"],
            ["Thời điểm", esc(case.date.vi)],
            ["Chủ đề", ", ".join(link(t.name, paths.link(here, paths.theme(t.key))) for t in case.themes)],
            ["Khen thưởng theo", (doc_link(under, here) if under else "Không gắn với văn bản nào trong kho")
             + (f" *({esc(case.under_note)})*" if case.under_note else "")]]
    out.append(card(rows))
    out.append(safe_markdown(case.body))
    out.append("## Hình thức ghi nhận { #ghi-nhan }\n")
    if case.recognition:
        out.append(table(["Hình thức", "Hạng", "Người quyết định, trao tặng", "Số quyết định", "Ngày"], [
            [link(r.award.name, paths.link(here, paths.award(r.award.key))) + (" (truy tặng)" if r.posthumous else ""),
             esc(r.grade or "—"), esc(r.by), esc(r.decision or "chưa rõ"), esc(r.date.vi if r.date else "—")]
            for r in case.recognition]) + "\n")
    if case.recognition_note:
        out.append(f"{esc(case.recognition_note)}\n")
    out.append("## Nguồn { #nguon }\n")
    for s in case.sources:
        meta = ", ".join(filter(None, [esc(s.title) if s.title else None, esc(s.date.vi) if s.date else None]))
        out.append(f"- [{esc(s.publisher)}]({attr(s.url)})" + (f": {meta}" if meta else ""))
    out.append("")
    related = [c for c in archive.cases.values() if c.id != case.id and
               (c.province == case.province or set(c.themes) & set(case.themes))]
    if related:
        out.append("## Gương điển hình cùng địa phương hoặc chủ đề { #lien-quan }\n")
        out += [case_item(c, here) for c in sorted(related, key=lambda c: c.date.sort_key(), reverse=True)]
        out.append("")
    return "\n".join(out) + "\n"


def render_cases_index(archive: Archive, graph: Graph) -> str:
    here = paths.CASES
    cases = sorted(archive.cases.values(), key=lambda c: (c.date.sort_key(), c.id), reverse=True)
    out = [front_matter(title="Gương điển hình"), "# Gương điển hình, mô hình hay\n"]
    out.append("Các tập thể, cá nhân tiêu biểu trong phòng, chống dịch COVID-19 đã được khen thưởng hoặc biểu dương, "
               "mỗi trường hợp viết lại ngắn gọn kèm nguồn. Mới nhất ở trên. "
               f"[Theo dõi bằng Atom]({paths.link(here, paths.FEED)}) · [Hướng dẫn viết bài]({paths.link(here, paths.AUTHORING_GUIDE)})\n")

    def options(pairs):
        return "".join(f'<option value="{attr(v)}">{esc(n)}</option>' for v, n in pairs)

    provinces = sorted({(c.province, c.province) for c in cases})
    themes = sorted({(t.key, t.name) for c in cases for t in c.themes}, key=lambda p: p[1])
    awards = sorted({(r.award.key, r.award.name, r.award.rank) for c in cases for r in c.recognition}, key=lambda p: p[2])
    out.append('<div class="search-filters" data-case-filters>\n'
               f'<label>Tỉnh, thành phố <select data-filter="province"><option value="">Tất cả</option>{options(provinces)}</select></label>\n'
               f'<label>Chủ đề <select data-filter="themes"><option value="">Tất cả</option>{options(themes)}</select></label>\n'
               f'<label>Hình thức <select data-filter="awards"><option value="">Tất cả</option>{options((k, n) for k, n, _ in awards)}</select></label>\n'
               '</div>\n<p class="search-summary" data-case-count aria-live="polite"></p>\n')
    for c in cases:
        data = {"province": c.province, "themes": " ".join(t.key for t in c.themes),
                "awards": " ".join(r.award.key for r in c.recognition)}
        attrs = " ".join(f'data-{k}="{attr(v)}"' for k, v in data.items())
        awards_text = "; ".join(r.award.name + (f" hạng {r.grade}" if r.grade else "") for r in c.recognition) or "biểu dương, chưa rõ khen thưởng chính thức"
        out.append(f'<article class="case-item" {attrs} markdown>\n\n'
                   f"### {link(c.title, paths.link(here, paths.case(c.id)))}\n\n"
                   f"{esc(c.date.vi)} · {esc(c.province)} · {esc(awards_text)}\n\n</article>\n")
    return "\n".join(out) + "\n"


def cases_section(doc, graph: Graph, here: str) -> str:
    """The list of cases recognised under a plan or directive, for its page."""
    cases = graph.cases_under.get(doc.id, [])
    if not cases:
        return ""
    out = ["## Gương điển hình được khen theo văn bản này { #guong-dien-hinh }\n"]
    out += [case_item(c, here) for c in cases]
    return "\n".join(out) + "\n"

