"""Small Markdown writers shared by the page renderers. No theme code here."""

from __future__ import annotations

import html
import json
import re

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


def front_matter(**meta: str | None) -> str:
    """YAML front matter. The theme prints these values into <title> and <meta> without
    escaping them, so they are HTML-escaped here, then quoted as JSON strings for YAML."""
    lines = ["---"]
    for key, value in meta.items():
        if value is not None:
            lines.append(f"{key}: {json.dumps(html.escape(value, quote=True), ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"
