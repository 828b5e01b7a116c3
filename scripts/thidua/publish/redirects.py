"""Redirect pages for public URLs that moved (paths.MOVED): a shared link keeps working.

A static host cannot answer 301, so each old URL gets a small page that says where the
page went, names it as canonical and sends the browser on (meta refresh, no script needed).
"""

from __future__ import annotations

import html

from thidua import paths


def redirect_pages(existing: set[str], site_url: str | None) -> dict[str, str]:
    """{old URL + "index.html": page} for each moved URL whose new page is in `existing` (page sources)."""
    out = {}
    for old, new_src in paths.MOVED.items():
        if new_src not in existing:
            continue
        old_src = old + "index.html"
        target = paths.absolute(site_url, new_src) or paths.href(old.rstrip("/") + ".md", new_src)
        t = html.escape(target, quote=True)
        out[old_src] = (
            '<!doctype html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            "<title>Trang đã chuyển địa chỉ</title>\n"
            f'<link rel="canonical" href="{t}">\n<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={t}">\n</head>\n<body>\n'
            f'<p>Trang này đã chuyển tới <a href="{t}">{t}</a>.</p>\n</body>\n</html>\n'
        )
    return out
