"""Dirty builds in one long-lived process, as `mkdocs serve` makes them (tests/test_incremental.py).

Under serve MkDocs keeps the plugin between rebuilds, and with it what the stages kept in
memory (cache.Kept): pages made from documents that are still the same objects. A build in a
new process never reuses those. This loop reads a site folder per line on stdin, builds into it
(`--dirty --strict`, the plugin told the command is `build` so the search index is awaited),
prints the build's log and then `END ok` or `END failed`.
"""

from __future__ import annotations

import logging
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config


def main() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(message)s")
    started = False
    for line in sys.stdin:
        config = load_config("mkdocs.yml", site_dir=line.strip(), strict=True)
        if not started:  # once, as serve does: the plugin instance then lives on
            config.plugins.on_startup(command="build", dirty=True)
            started = True
        try:
            build(config, dirty=True)
            status = "ok"
        except Exception as exc:  # a broken source fails this build; the next edit builds again
            print(exc)
            status = "failed"
        print(f"END {status}", flush=True)


if __name__ == "__main__":
    main()
