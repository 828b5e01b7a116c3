"""The same plan text as the files people have: a Word file, a PDF printed by Chromium, a scanned page
(PNG) and an image-only PDF. Test data for `import-eval --formats` and the tests; never published.

A line whose parts are set apart by tabs or runs of spaces (the two-column header and
signature of Decree 30/2020/NĐ-CP) becomes a two-column table row, as a clerk sets it in
Word; every other line a paragraph.
"""

from __future__ import annotations

import base64
import html
import os
import re
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
_GAP = re.compile(r"\t+| {3,}")


def blocks(text: str) -> list[tuple[str, list]]:
    """[("row", [cells]) | ("p", [line, indented])] of a plan text."""
    out = []
    for line in text.splitlines():
        parts = [p for p in _GAP.split(line.strip()) if p]
        indented = len(line) - len(line.lstrip(" \t")) >= 20 or line.startswith("\t")
        if len(parts) >= 2:
            out.append(("row", parts[:2]))
        elif parts:
            out.append(("p", [parts[0], indented]))
        else:
            out.append(("p", ["", False]))
    return out


def write_docx(text: str, path: Path) -> Path:
    """A .docx of the text written with python-docx: two-column lines as a table, the rest as paragraphs."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    table = None
    for kind, value in blocks(text):
        if kind == "row":
            if table is None:
                table = document.add_table(rows=0, cols=2)
            cells = table.add_row().cells
            cells[0].text, cells[1].text = value
            continue
        table = None
        line, indented = value
        if not line:
            continue
        paragraph = document.add_paragraph(line)
        if indented:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(path)
    return path


def page_html(text: str) -> str:
    """An A4 page of the text: two-column rows as tables, the rest as paragraphs."""
    parts, rows = [], []

    def flush():
        if rows:
            parts.append("<table>" + "".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>"
                                             for a, b in rows) + "</table>")
            rows.clear()

    for kind, value in blocks(text):
        if kind == "row":
            rows.append(value)
            continue
        flush()
        line, indented = value
        parts.append(f"<p class=\"{'right' if indented else ''}\">{html.escape(line) or '&nbsp;'}</p>")
    flush()
    style = ("body{font-family:'DejaVu Serif',serif;font-size:13px;margin:0;padding:40px 56px;width:700px;color:#000;"
             "background:#fff}p{margin:0 0 2px}table{width:100%;border-collapse:collapse}td{width:50%;"
             "vertical-align:top;padding:0 0 2px}.right{text-align:right}")
    return f"<!doctype html><html lang=vi><meta charset=utf-8><style>{style}</style><body>{''.join(parts)}</body></html>"


def write_fixtures(text: str, folder: Path, stem: str, browser=None) -> dict[str, Path]:
    """{format: file} for txt, docx, pdf-text, image (PNG) and pdf-scan, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {"text": folder / f"{stem}.txt", "docx": folder / f"{stem}.docx", "pdf-text": folder / f"{stem}.pdf",
           "image": folder / f"{stem}.png", "pdf-scan": folder / f"{stem}-scan.pdf"}
    out["text"].write_text(text, encoding="utf-8")
    write_docx(text, out["docx"])
    own = browser is None
    if own:
        from playwright.sync_api import sync_playwright

        manager = sync_playwright().start()
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    try:
        context = browser.new_context(device_scale_factor=3, viewport={"width": 812, "height": 1100})
        page = context.new_page()
        page.set_content(page_html(text))
        page.pdf(path=str(out["pdf-text"]), format="A4", print_background=True)
        page.screenshot(path=str(out["image"]), full_page=True)
        png = base64.b64encode(out["image"].read_bytes()).decode()
        page.set_content(f"<!doctype html><style>body{{margin:0}}img{{width:100%}}</style><img src='data:image/png;base64,{png}'>")
        page.pdf(path=str(out["pdf-scan"]), format="A4")
        context.close()
    finally:
        if own:
            browser.close()
            manager.stop()
    return out
