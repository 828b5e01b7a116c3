"""Small Markdown writers shared by the page renderers. No theme code here."""

from __future__ import annotations

import html
import json
import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")
_LIST_NUMBER = re.compile(r"^(\d+)\.")
_LIST_BULLET = re.compile(r"^([-+])")
_NEEDS_ESCAPE = re.compile(r"[\\`*_{}\[\]#|~<>&]|^\d+\.|^[-+]")


def esc(text: str | None) -> str:
    """Source text as inert Markdown: HTML escaped, Markdown syntax neutralised.

    Sources are typed by people; nothing in them may turn into markup or script.
    """
    if text is None:
        return ""
    if not _NEEDS_ESCAPE.search(text):
        return text  # most text has nothing to neutralise; listings escape millions of strings
    out = html.escape(text, quote=False)
    out = _MD_SPECIAL.sub(r"\\\1", out)
    # A line that starts with "1." or "-" would become a list.
    out = _LIST_NUMBER.sub(r"\1\\.", out)
    out = _LIST_BULLET.sub(r"\\\1", out)
    return out


def html_esc(text: str | None) -> str:
    """Source text as inert HTML, for a cell of `html_table` (what `esc` is to Markdown)."""
    return "" if text is None else html.escape(text, quote=False)


def count(n: int) -> str:
    """A whole number as Vietnamese writes it: thousands grouped by a dot ("12.009")."""
    return f"{n:,}".replace(",", ".")


def attr(text: str) -> str:
    """A value safe inside an HTML attribute."""
    return html.escape(text, quote=True)


def link(text: str, target: str) -> str:
    return f"[{esc(text)}]({target})"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells are already-escaped Markdown."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def html_table(header: list[str], rows: list[list[str]]) -> str:
    """The same table as `table` gives, written as HTML; cells are already-escaped HTML.

    For long tables of counts and links on pages an edit renders again (a theme's table by
    province): a Markdown table has every cell parsed for emphasis and links, most of such a
    page's rendering time; this one goes to the page as it is (`raw_block`)."""
    lines = ["<table>", "<thead>", "<tr>", *(f"<th>{h}</th>" for h in header), "</tr>", "</thead>", "<tbody>"]
    for row in rows:
        lines += ["<tr>", *(f"<td>{cell}</td>" for cell in row), "</tr>"]
    return raw_block("\n".join(lines + ["</tbody>", "</table>"]))


_RAW_START, _RAW_END = "<!-- raw -->", "<!-- /raw -->"
_RAW = re.compile(re.escape(_RAW_START) + r"\n(.*?)\n" + re.escape(_RAW_END), re.S)


def raw_block(html_text: str) -> str:
    """A block of HTML that reaches the page untouched, without Markdown parsing it tag by tag
    (RawBlocks). Without that extension the markers are comments and the HTML a raw block."""
    return f"\n{_RAW_START}\n{html_text}\n{_RAW_END}\n"


class RawBlocks(Extension):
    """Puts each `raw_block` straight into Markdown's stash of raw HTML, as Python-Markdown does
    with a raw block once its HTML parser has found where it ends: the markers say it already."""

    def extendMarkdown(self, md):
        # After whitespace is normalized (30), before raw HTML blocks are parsed (md_in_html, 20).
        md.preprocessors.register(_RawBlockPreprocessor(md), "thidua_raw_blocks", 25)


class _RawBlockPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if _RAW_START not in text:
            return lines
        return _RAW.sub(lambda m: "\n\n" + self.md.htmlStash.store(m.group(1)) + "\n\n", text).split("\n")


def html_link(text: str, href: str) -> str:
    """A link in raw HTML (`href` from paths.href, relative to the built page)."""
    return f'<a href="{attr(href)}">{html_esc(text)}</a>'


def front_matter(**meta: str | None) -> str:
    """YAML front matter. The theme prints these values into <title> and <meta> without
    escaping them, so they are HTML-escaped here, then quoted as JSON strings for YAML."""
    lines = ["---"]
    for key, value in meta.items():
        if value is not None:
            lines.append(f"{key}: {json.dumps(html.escape(value, quote=True), ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
