"""What a plan shares with other documents, on its page and beside its main partner.

From graph/reuse.py: a short line on the plan's page (how much repeats which documents, its
parent first), quiet marks on its shared passages (each saying where else it appears), and the
side-by-side page of the plan and the document it shares most with. The wording says what the
measure is (the same words, in runs of at least MIN_PASSAGE), never who copied whom.
"""

from __future__ import annotations

import html

from thidua import paths
from thidua.cache import Kept
from thidua.graph import Graph
from thidua.graph.reuse import MIN_PASSAGE, DocReuse, Words, pieces
from thidua.model import Document
from thidua.pages.fragments import doc_link
from thidua.pages.markdown import attr, esc, front_matter, link

METHOD = paths.DATA_PAGE  # the open-data page says how it is measured (#trung-lap)
METHOD_ANCHOR = "trung-lap"


def percent(fraction: float) -> str:
    """"48%", "dưới 1%": whole percents, so a page does not change for a word edited elsewhere."""
    p = round(fraction * 100)
    return "dưới 1%" if p == 0 and fraction > 0 else f"{p}%"


def summary(doc: Document, graph: Graph, here: str) -> str:
    """The line under a plan's card: how much of it repeats which documents, with links."""
    r = graph.reuse.of.get(doc.id)
    if r is None or not r.words:
        return ""
    method = link("cách đo", paths.link(here, METHOD, METHOD_ANCHOR))
    if not r.shared:
        return (f'<div class="reuse-summary" markdown>\n\n**Lời văn riêng:** không đoạn nào từ {MIN_PASSAGE} chữ '
                f"trở lên của kế hoạch này trùng với văn bản khác trong kho ({method}).\n\n</div>\n")
    parts = []
    for p in r.partners:
        other = graph.archive.documents[p.id]
        role = " (văn bản cấp trên)" if p.ancestor else ""
        parts.append(f"{percent(p.fraction)} có trong {doc_link(other, here)}{role}")
    side = paths.link(here, paths.side_by_side(doc.id)) if has_side_by_side(doc, r) else None
    lines = [
        f"**Lời văn trùng với văn bản khác:** khoảng {percent(r.fraction)} lời văn của kế hoạch này cũng có, "
        f"từng chữ, trong văn bản khác của kho; phần riêng khoảng {percent(1 - r.fraction)}.",
    ]
    if parts:
        lines.append("Trùng nhiều nhất: " + "; ".join(parts) + "." + (" " + link("Đặt cạnh nhau để đối chiếu", side) + "." if side else ""))
    lines.append(f"Đoạn trùng được tô nhạt trong văn bản dưới đây; đoạn không tô là phần riêng. Trùng lời văn cho thấy "
                 f"các văn bản chép từ một nguồn chung hoặc chép của nhau, không phải một đánh giá ({method}).")
    toggle = '<p class="reuse-toggle" hidden><button type="button" class="md-button reuse-switch" aria-pressed="true">Bỏ tô đoạn trùng</button></p>'
    return '<div class="reuse-summary" markdown>\n\n' + "\n\n".join(lines) + "\n\n" + toggle + "\n\n</div>\n"


def marks(doc: Document, graph: Graph) -> dict[tuple[int, str], list[tuple[int, int, str]]]:
    """{(node, field): [(first, past-last character, what the mark says)]} of the shared passages."""
    reuse = graph.reuse
    r = reuse.of.get(doc.id)
    if r is None or not r.shared:
        return {}
    places = reuse.words_of(doc.id).places
    out: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    ancestors = {a.id for a in graph.chain(doc)}
    # Neighbouring shared segments credited to different documents are one passage to a reader:
    # one mark naming each (up to three).
    groups: list[tuple[int, int, list[str], bool]] = []
    for seg in r.segments:
        if not seg.source:
            continue
        if groups and groups[-1][1] == seg.start:
            start, _, names, elsewhere = groups[-1]
            groups[-1] = (start, seg.end, names + [seg.source] * (seg.source not in names), elsewhere or seg.elsewhere)
        else:
            groups.append((seg.start, seg.end, [seg.source], seg.elsewhere))
    for start, end, names, elsewhere in groups:
        said = [graph.archive.documents[i].short_label + (" (văn bản cấp trên)" if i in ancestors else "") for i in names[:3]]
        where = "Cũng có trong " + ", ".join(said) + (" và văn bản khác" if elsewhere or len(names) > 3 else "")
        for (node, field), first, last in pieces(places, start, end):
            out.setdefault((node, field), []).append((first, last, where))
    return out


def marked_text(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The node's text as Markdown, with its shared passages in <mark>."""
    out, at = [], 0
    for first, last, where in sorted(spans):
        out.append(esc(text[at:first]))
        out.append(f'<mark class="reuse-mark" title="{attr(where)}">{esc(text[first:last])}</mark>')
        at = last
    out.append(esc(text[at:]))
    return "".join(out)


# -- Side by side --------------------------------------------------------------


def render_side_by_side(doc: Document, graph: Graph) -> str | None:
    """The plan beside the document it shares most with: passage by passage, its own text between."""
    r = graph.reuse.of.get(doc.id)
    if r is None or not r.partners:
        return None
    p = r.partners[0]
    other = graph.archive.documents[p.id]
    here = paths.side_by_side(doc.id)
    mine, theirs = graph.reuse.words_of(doc.id), graph.reuse.words_of(other.id)
    doc_href, other_href = paths.href(here, paths.document(doc.id)), paths.href(here, paths.document(other.id))
    title = f"Đối chiếu {doc.short_label} với {other.short_label}"
    out = [front_matter(title=title, description=f"{doc.label} đặt cạnh {other.label}: các đoạn lời văn trùng nhau"),
           f"# {esc(title)}\n",
           f"Bên trái: {doc_link(doc, here)}. Bên phải: {doc_link(other, here)}"
           + (" (văn bản cấp trên)" if p.ancestor else "") + ".\n",
           f"{percent(p.fraction)} lời văn của kế hoạch bên trái có, từng chữ, trong văn bản bên phải "
           f"({len(p.passages)} đoạn, mỗi đoạn từ {MIN_PASSAGE} chữ trở lên; khác dấu, kiểu bỏ dấu thanh hay vài chữ lẻ "
           f"vẫn tính là trùng). Trùng lời văn cho thấy hai văn bản chép từ một nguồn chung hoặc chép của nhau, "
           f"không phải một đánh giá ({link('cách đo', paths.link(here, METHOD, METHOD_ANCHOR))}).\n"]
    rows = ['<table class="reuse-pair">',
            f'<caption>{html.escape(doc.short_label)} và {html.escape(other.short_label)}, từng đoạn</caption>',
            f'<thead><tr><th scope="col">{html.escape(doc.short_label)}</th><th scope="col">{html.escape(other.short_label)}</th></tr></thead>',
            "<tbody>"]
    left_text = _Text(doc, mine, doc_href)
    right_text = _Text(other, theirs, other_href)
    absent = f'<td class="reuse-none">Không có trong {html.escape(other.short_label)}</td>'
    at = 0
    for i, ps in enumerate(p.passages, 1):
        if ps.start > at:
            rows.append(f'<tr class="reuse-own"><td>{left_text.cell(at, ps.start, short=True)}</td>{absent}</tr>')
        if left_text.plain(ps.start, ps.end) == right_text.plain(ps.partner_start, ps.partner_end):
            # The same words on both sides: said once, shortened.
            rows.append(f'<tr class="reuse-same"><td colspan="2"><span class="reuse-note">Đoạn {i}: {ps.end - ps.start} chữ '
                        f'giống nhau từng chữ ({right_text.link(ps.partner_start, "chỗ này trong " + other.short_label)})'
                        f'</span>{left_text.cell(ps.start, ps.end, short=True)}</td></tr>')
        else:
            # On a phone the cells stack: each names its document (the column heads are hidden there).
            rows.append(f'<tr class="reuse-shared"><td><span class="reuse-note">Đoạn {i}<span class="reuse-side"> · '
                        f'{html.escape(doc.short_label)}</span></span>{left_text.cell(ps.start, ps.end)}</td>'
                        f'<td><span class="reuse-note">Đoạn {i}<span class="reuse-side"> · {html.escape(other.short_label)}'
                        f'</span></span>{right_text.cell(ps.partner_start, ps.partner_end)}</td></tr>')
        at = ps.end
    if at < r.words:
        rows.append(f'<tr class="reuse-own"><td>{left_text.cell(at, r.words, short=True)}</td>{absent}</tr>')
    rows += ["</tbody>", "</table>"]
    out.append("\n".join(rows) + "\n")
    return "\n".join(out)


EXCERPT = 12  # words shown at each end of a passage both documents word alike


class _Text:
    """A document's words as the side-by-side page quotes them, linked to its page."""

    def __init__(self, doc: Document, words: Words, href: str):
        self.nodes = list(doc.iter_nodes())
        self.places = words.places
        self.href = href

    def link(self, start: int, text: str = "↗") -> str:
        anchor = self.nodes[self.places[min(start, len(self.places) - 1)][0]].anchor
        label = '' if text != "↗" else ' aria-label="Xem đoạn này trên trang văn bản"'
        return f'<a class="reuse-at" href="{self.href}#{anchor}"{label}>{html.escape(text)}</a>'

    def plain(self, start: int, end: int) -> str:
        return " ".join(getattr(self.nodes[n], f)[a:b] for (n, f), a, b in pieces(self.places, start, end))

    def cell(self, start: int, end: int, short: bool = False) -> str:
        """Words [start, end) as paragraphs (as the page cuts them); `short`: their first and last words
        (what is the same on both sides, or on one side only, is read whole on the document's page)."""
        if short and end - start > 3 * EXCERPT:
            return (f"<p>{html.escape(self.plain(start, start + EXCERPT))} … <i>({end - start - 2 * EXCERPT} chữ)</i> … "
                    f"{html.escape(self.plain(end - EXCERPT, end))} {self.link(start)}</p>")
        paras = [html.escape(getattr(self.nodes[n], f)[a:b]) for (n, f), a, b in pieces(self.places, start, end)]
        return "<p>" + "</p><p>".join(paras) + f" {self.link(start)}</p>"


# A side-by-side page is made from its two documents and their passages: kept while they are the same.
_kept = Kept()


def has_side_by_side(doc: Document, r: DocReuse) -> bool:
    """Whether the plan gets a side-by-side page: when it shares text, and is not a commune's.

    At national size the communes' plans are some 10,000 of 12,000, and a page each for them would
    add about 320 MB (380 MB for all plans at 12,000: the site would pass GitHub Pages' 1 GB). A
    commune's plan still shows its shared passages, marked, and the documents holding them."""
    return bool(r.partners) and doc.issuer.level != "commune"


def side_by_side_pages(graph: Graph) -> dict[str, str]:
    """{page: Markdown} of the side-by-side view of each plan that has one (`has_side_by_side`)."""
    _kept.new_build()
    out = {}
    for doc in graph.reuse.docs:
        r = graph.reuse.of[doc.id]
        if not has_side_by_side(doc, r):
            continue
        other = graph.archive.documents[r.partners[0].id]
        out[paths.side_by_side(doc.id)] = _kept.get((doc, other), lambda doc=doc: render_side_by_side(doc, graph),
                                                    values=(r.partners[0], r.words))
    return out


def reuse_values(doc: Document, graph: Graph) -> tuple[DocReuse | None, tuple[Document, ...]]:
    """What the reuse parts of a plan's page are made from: its DocReuse and the documents it names."""
    r = graph.reuse.of.get(doc.id)
    if r is None:
        return None, ()
    named = dict.fromkeys([p.id for p in r.partners] + [s.source for s in r.segments if s.source])
    return r, tuple(graph.archive.documents[i] for i in named)
