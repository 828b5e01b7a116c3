"""Edit → visible: how long an office waits between saving a source and seeing it on the site.

`mkdocs serve --dirty` (what `make serve` and `make desk` run) is started on a copy of a plans
directory; once it serves, each edit is written and the served page is polled until it shows
the edit. The time counts everything a person waits for: MkDocs noticing the file (it polls
every 0.5 s), reading, rendering, writing. The server starts with the cache of an earlier build,
as a project's `.cache/` holds it. `make bench` prints it beside the full build.
"""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from thidua import paths

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=600) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _wait(check, limit: float) -> float:
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > limit:
            return float("nan")
        time.sleep(0.05)
    return time.perf_counter() - start


def _plan_ids(plans: Path) -> list[str]:
    return sorted(p.stem for p in plans.glob("*.yaml") if p.stem.startswith("mau-"))


def _parent_shown(html: str, parent_id: str) -> bool:
    """The metadata card's "Thực hiện văn bản" row links to `parent_id`."""
    at = html.find("Thực hiện văn bản")
    return at >= 0 and parent_id in html[at:at + 600]


def edits(plans: Path) -> list[tuple[str, callable, callable]]:
    """(what, edit, is it visible?) for one plan's text, one plan's parent, a new plan, a deleted plan."""
    # A plan in the middle whose parent is not the national decision (which the parent edit sets).
    ids = _plan_ids(plans)
    ids = ids[len(ids) // 2:] + ids[:len(ids) // 2]
    target = next(i for i in ids if "implements: thu-tuong-qd-1497-2021" not in (plans / f"{i}.yaml").read_text(encoding="utf-8"))
    source = plans / f"{target}.yaml"
    text = source.read_text(encoding="utf-8")
    page = lambda doc_id: f"{paths.url(paths.document(doc_id))}"  # noqa: E731
    marker = "Đoạn sửa để đo thời gian hiển thị"
    new_id = f"{target}-ban-moi"

    def edit_text():
        source.write_text(text.replace("body:\n", f"body:\n- {marker}.\n", 1), encoding="utf-8")

    def edit_parent():
        current = source.read_text(encoding="utf-8")
        line = next(l for l in current.splitlines() if l.startswith("implements:"))
        source.write_text(current.replace(line, "implements: thu-tuong-qd-1497-2021", 1), encoding="utf-8")

    def add():
        # Its own number: two plans of one issuer with one number are refused by the checks.
        number = next(l for l in text.splitlines() if l.startswith("number:"))
        (plans / f"{new_id}.yaml").write_text(text.replace(number, "number: 9999/KH-MAU", 1), encoding="utf-8")

    def delete():
        (plans / f"{new_id}.yaml").unlink()

    return [
        ("one plan's text", edit_text, lambda get: marker in get(page(target))[1]),
        ("one plan's parent", edit_parent, lambda get: _parent_shown(get(page(target))[1], "thu-tuong-qd-1497-2021")),
        ("a new plan", add, lambda get: get(page(new_id))[0] == 200),
        ("a deleted plan", delete, lambda get: get(page(new_id))[0] == 404),
    ]


def edit_to_visible(plans: Path, cache: Path, limit: float = 1800) -> dict[str, float]:
    """Seconds from each edit's save to the served page showing it. `plans` is edited in place (the
    caller's own copy); `cache` is the build cache of a build of it, as a project keeps in .cache/."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-edit-") as tmp:
        tmp = Path(tmp)
        port = _free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_PLANS": str(plans),
               "ARCHIVE_CACHE": str(cache), "TMPDIR": str(tmp)}
        env.pop("SITE_URL", None)
        log = open(tmp / "serve.log", "w")
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--strict", "-a", f"127.0.0.1:{port}"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}/"

        def get(url: str) -> tuple[int, str]:
            return _status(base + url)

        def up() -> bool:
            if server.poll() is not None:
                raise RuntimeError("mkdocs serve stopped:\n" + (tmp / "serve.log").read_text()[-3000:])
            try:
                return get("")[0] == 200
            except OSError:
                return False

        try:
            start = time.perf_counter()
            if math.isnan(_wait(up, limit)):
                raise RuntimeError("mkdocs serve did not start:\n" + (tmp / "serve.log").read_text()[-3000:])
            out["first build under serve"] = time.perf_counter() - start
            time.sleep(2)
            for name, edit, visible in edits(plans):
                edit()
                out[name] = _wait(lambda: visible(get), limit)
                if math.isnan(out[name]):
                    raise RuntimeError(f"{name}: not visible after {limit} s:\n" + (tmp / "serve.log").read_text()[-3000:])
                time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()
    return out
