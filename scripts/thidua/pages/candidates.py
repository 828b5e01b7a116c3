"""The page of practice candidates (graph/candidates.py): passages for the office to confirm or leave."""

from __future__ import annotations

from thidua import paths
from thidua.graph import Graph
from thidua.graph.candidates import MIN_PLANS, passage_anchor, passage_text, practice_candidates
from thidua.model import Archive
from thidua.pages.markdown import count, front_matter, html_esc, html_link, link, raw_block

SHOWN = 40  # candidates on the page, most plans first: it stays under the page budget at 12,000 plans
NAMED = 5  # plans named per candidate besides the one quoted
QUOTED_WORDS = 60  # a longer passage is quoted up to here


def render_candidates(archive: Archive, graph: Graph) -> str:
    here = paths.PRACTICE_CANDIDATES
    patterns = [p for practice in archive.practices.values() for p in practice.patterns]
    found = practice_candidates(graph, patterns, SHOWN)
    shown = found.shown
    out = [front_matter(title="Đề xuất cách làm chờ xác nhận"), "# Đề xuất cách làm chờ xác nhận\n",
           f"Mỗi đoạn dưới đây có, gần như nguyên văn, trong ít nhất {MIN_PLANS} kế hoạch, nhưng không có trong văn bản "
           "cấp trên của các kế hoạch ấy, ít nhất là không trọn đoạn (đo như phần "
           f"{link('lời văn trùng', paths.link(here, paths.DATA_PAGE, 'trung-lap'))}): không do chép từ văn bản cấp trên "
           "mà kho có. Đó có thể là một cách làm lan từ đơn vị này sang đơn vị khác, "
           "nhưng cũng có thể là lời văn thông dụng, hay lời của một văn bản mà kho chưa có toàn văn "
           "(như chính QĐ 1497/QĐ-TTg).\n",
           "**Đây chưa phải cách làm của kho.** Văn phòng đọc từng đoạn; nếu đúng là một cách làm thì đặt tên, "
           "viết lời giải thích và thêm vào danh mục cách làm (`plans/reference/practices.yaml`). Chỉ khi đó nó mới "
           f"có trang riêng trong {link('Mô hình, cách làm', paths.link(here, paths.PRACTICES))}. Đoạn đã nêu tên "
           "một cách làm trong danh mục không được liệt kê lại.\n"]
    if not shown:
        out.append("Hiện chưa có đoạn nào như vậy trong kho.\n")
        return "\n".join(out)
    if found.complete:
        named = f" (không kể {found.named} đoạn nêu tên cách làm đã có trong danh mục)" if found.named else ""
        out.append(f"Tìm thấy {len(shown)} đoạn{named}.\n")
    else:
        out.append(f"Tìm thấy {count(found.recurring)} đoạn lặp lại như vậy (kể cả đoạn nêu tên cách làm đã có trong danh mục); "
                   f"dưới đây là {len(shown)} đoạn có trong nhiều kế hoạch nhất.\n")
    # The list is HTML (text escaped HTML, links relative to the built page), as Markdown would make
    # it of "1. …" items with a quote each: an edit renders this page again, and Markdown's parsing
    # of forty quotes and their links was most of that.
    reuse = graph.reuse
    items = []
    for c in shown:
        first = reuse.rank[c.plans[0].id]
        words = passage_text(reuse, first, c.start, min(c.end, c.start + QUOTED_WORDS))
        cut = f"… <em>({c.end - c.start} chữ)</em>" if c.end - c.start > QUOTED_WORDS else ""
        target = f"{paths.href(here, paths.document(c.plans[0].id))}#{passage_anchor(reuse, first, c.start)}"
        others = [html_link(d.short_label, paths.href(here, paths.document(d.id))) for d in c.plans[1:1 + NAMED]]
        rest = f" và {len(c.plans) - 1 - NAMED} kế hoạch khác" if len(c.plans) - 1 > NAMED else ""
        items.append(f"<li>\n<p><strong>Có trong {count(len(c.plans))} kế hoạch.</strong> Trích từ: "
                     f"{html_link(c.plans[0].headline, target)}</p>\n"
                     f"<blockquote>\n<p>{html_esc(words)}{cut}</p>\n</blockquote>\n"
                     f"<p>Cũng có trong: {', '.join(others)}{rest}.</p>\n</li>")
    out.append(raw_block("<ol>\n" + "\n".join(items) + "\n</ol>"))
    return "\n".join(out)
