"""What the browser's search needs from the build besides the postings.

The labels its filter menus show (named once, here and in thidua.model, not again in
JavaScript), the order in which it compares keys (JavaScript compares strings by UTF-16
code units, so the shards are cut in that order; code point order differs for characters
outside the Basic Multilingual Plane, such as Nôm characters), and its scripts as one file.
"""

from __future__ import annotations

from pathlib import Path

from thidua.model import LEVELS

# The search's scripts in the order they need each other: one file per job in the source
# (each tested alone under node --test), one file for the browser to fetch (search.js).
SCRIPTS = ("vi-text.js", "search-query.js", "search-score.js", "search-rank.js",
           "search-core.js", "archive-search.js")
BUNDLE = "assets/javascripts/search.js"

# The kinds of search result (search_index: _doc_meta, _case_meta, _practice_meta).
TYPES = {
    "plan": "Kế hoạch (toàn văn)",
    "directive": "Văn bản chỉ đạo, dẫn chiếu",
    "case": "Gương điển hình",
    "practice": "Mô hình, cách làm",
}


def labels() -> dict[str, dict[str, str]]:
    """{facet: {value: label}} for the results page's filter menus."""
    return {"level": dict(LEVELS), "type": dict(TYPES)}


def js_order(key: str) -> bytes:
    """Sort key that orders strings as JavaScript's `<` and Array.prototype.sort do."""
    return key.encode("utf-16-be")


def cut_shards(entries, size_of, limit: int) -> list[list]:
    """Entries (keys, or sections by ref), already in the browser's order, cut into shards of about `limit` bytes.

    The browser finds a key's (or a ref's) shard by the first of each (manifest), so a
    query fetches only the shards of its own keys and results."""
    shards, current, size = [], [], 0
    for entry in entries:
        current.append(entry)
        size += size_of(entry)
        if size >= limit:
            shards.append(current)
            current, size = [], 0
    if current:
        shards.append(current)
    return shards


def search_bundle(folder: Path) -> str:
    """The scripts of SCRIPTS under `folder`, one after the other, each as it is."""
    parts = [f"/* {name} */\n" + (folder / name).read_text(encoding="utf-8").rstrip() + "\n;" for name in SCRIPTS]
    return f"/* The archive's search, built from {', '.join(SCRIPTS)} (thidua.publish.search_browser). */\n" + "\n".join(parts) + "\n"
