"""The weight budget of a page: what a reader on a phone downloads before it shows.

Every built page should stay under PAGE_BUDGET bytes of HTML. The build measures the pages
it wrote and names each one over budget on stderr, one line a page: not a MkDocs warning,
which `--strict` would turn into a failed build.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

PAGE_BUDGET = 200_000  # bytes of HTML


def over_budget(site_dir: str, written: Iterable[str]) -> list[tuple[str, int]]:
    """(path under the site, bytes) of each HTML page among `written` that weighs more than the budget."""
    out = []
    for dest in written:
        path = os.path.join(site_dir, dest)
        if dest.endswith(".html") and os.path.isfile(path):  # MkDocs skips what it may not write
            size = os.path.getsize(path)
            if size > PAGE_BUDGET:
                out.append((dest, size))
    return sorted(out)


def warn_heavy_pages(site_dir: str, written: Iterable[str]) -> None:
    for dest, size in over_budget(site_dir, written):
        print(f"thidua: {dest} weighs {size:,} bytes of HTML, over the page budget of {PAGE_BUDGET:,}", file=sys.stderr)
