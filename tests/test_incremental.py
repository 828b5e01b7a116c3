"""Incremental builds: after any edit, a build with a warm cache gives the same site, byte for byte,
as a clean build of the edited sources, and renders only the pages the edit touches.

A private copy of the project is edited step by step (a plan's text, its title, its parent, a new
plan, a renamed and a deleted plan, a reference list, a case, a template, the nav). After each step:
a dirty build into the site built so far, in one process that keeps what the builds before it kept, in
memory and in the cache, as `mkdocs serve --dirty` does (B), and a
clean build of the same sources with no cache (C), run beside it. B and C must hold the same files
with the same bytes, precompressed twins included; and B must have rendered few pages, or
"correct because everything was rebuilt" would pass. `mkdocs serve --dirty` (what `make serve` and
`make desk` run) is tested the same way a person sees it: an edit shows on the served page.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ENV, MKDOCS, project_copy

# The build date printed in sitemap.xml: fixed, so two builds of the same sources are equal.
EPOCH = "1700000000"
RENDERED = re.compile(r"thidua: rendered (\d+) of (\d+) pages")

PLAN = "plans/hai-duong-ubnd-huyen-tu-ky-kh-2021.yaml"
OTHER_PLAN = "plans/quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-09.yaml"


def _env(cache: Path) -> dict:
    env = {k: v for k, v in ENV.items() if k not in ("ARCHIVE_PLANS", "SITE_URL")}
    # Built for nginx: the precompressed copies must follow each edit too.
    return env | {"SOURCE_DATE_EPOCH": EPOCH, "ARCHIVE_CACHE": str(cache), "SITE_URL": "https://kho.example.vn/",
                  "ARCHIVE_HOSTING": "nginx"}


def _build(project: Path, site: Path, cache: Path, dirty: bool) -> subprocess.Popen:
    cmd = [*MKDOCS, "build", "--strict", "--site-dir", str(site)] + (["--dirty"] if dirty else [])
    return subprocess.Popen(cmd, cwd=project, env=_env(cache), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _finish(proc: subprocess.Popen) -> str:
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    return out


class DirtyBuilds:
    """One process that builds again and again, keeping what it kept in memory (tests/dirty_builds.py)."""

    def __init__(self, project: Path, cache: Path):
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("dirty_builds.py"))], cwd=project,
                                     env=_env(cache), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)

    def build(self, site: Path) -> tuple[bool, str]:
        self.proc.stdin.write(f"{site}\n")
        self.proc.stdin.flush()
        lines = []
        for line in self.proc.stdout:
            if line.startswith("END "):
                return line.strip() == "END ok", "".join(lines)
            lines.append(line)
        raise AssertionError("the build process stopped:\n" + "".join(lines)[-3000:])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _rendered(log: str) -> tuple[int, int]:
    found = RENDERED.findall(log)
    assert found, f"the build did not say how many pages it rendered:\n{log[-3000:]}"
    return int(found[-1][0]), int(found[-1][1])


def _differences(a: Path, b: Path) -> list[str]:
    """Files only in one tree, or with other bytes, as paths relative to the trees."""
    out = []

    def walk(cmp: filecmp.dircmp, rel: str) -> None:
        out.extend(f"only in incremental: {rel}{n}" for n in cmp.left_only)
        out.extend(f"only in clean: {rel}{n}" for n in cmp.right_only)
        for name in cmp.common_files:
            if (Path(cmp.left) / name).read_bytes() != (Path(cmp.right) / name).read_bytes():
                out.append(f"differs: {rel}{name}")
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(filecmp.dircmp(a, b, ignore=[]), "")
    return out


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# Each step: (what it does, edit, the most pages it may render). None: every page (the code,
# the templates or the nav changed, and a cached page is never trusted across them). A new,
# renamed or deleted plan is listed on its parent's, province, level and award pages, and for
# every theme and practice its text touches, on the summary and its province's page (here a
# copy of the Đức Phổ plan: many).
def _steps(p: Path):
    def text():
        _edit(p / PLAN, "tuyên truyền", "tuyên truyền, vận động")

    def title():
        _edit(p / PLAN, "Phát động triển khai phong trào", "Phát động và triển khai phong trào")

    def parent():
        # The Tứ Kỳ plan now implements the national decision directly.
        _edit(p / PLAN, "implements: hai-duong-ubnd-tinh-kh-3396-2021", "implements: thu-tuong-qd-1497-2021")

    def add():
        text = (p / OTHER_PLAN).read_text(encoding="utf-8").replace("Đức Phổ", "Đức Phổ (bản thứ hai)")
        (p / "plans/quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-10.yaml").write_text(text, encoding="utf-8")

    def rename():
        (p / "plans/quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-10.yaml").rename(p / "plans/quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-11.yaml")

    def delete():
        (p / "plans/quang-ngai-ubnd-thi-xa-duc-pho-kh-2021-11.yaml").unlink()

    def broken():
        _edit(p / PLAN, "\ntitle:", "\ntitle: [unclosed\ntitle:")

    def repaired():
        _edit(p / PLAN, "\ntitle: [unclosed\ntitle:", "\ntitle:")

    def reference():
        _edit(p / "plans/reference/awards.yaml", "name: Giấy khen của Giám đốc Sở", "name: Giấy khen của Giám đốc Sở, ngành")

    def case():
        case_file = next(iter(sorted((p / "plans/cases").glob("*.md"))))
        _edit(case_file, "\n---\n", "\n---\n\nĐoạn thêm để thử dựng lại từng phần.\n")

    def template():
        _edit(p / "overrides/main.html", "{% extends", "{# incremental test #}\n{% extends")

    def nav():
        _edit(p / "mkdocs.yml", "Theo tỉnh: tinh/index.md", "Theo tỉnh, thành phố: tinh/index.md")

    # A plan added, renamed or deleted (a copy of Đức Phổ's, touching most themes) changes its page and its
    # side-by-side page, the pages of the plans it shares text with, the listings, its province, the map and
    # the timelines, and every theme and practice summary and Quảng Ngãi group it appears in: about 90 of 247.
    return [("text", text, 12), ("title", title, 12), ("parent", parent, 30), ("add", add, 100),
            ("rename", rename, 100), ("delete", delete, 100), ("broken", broken, "fails"), ("repaired", repaired, 0),
            ("reference", reference, 40), ("case", case, 12), ("template", template, None), ("nav", nav, None)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return project_copy(tmp_path_factory.mktemp("incremental") / "kho")


def test_every_edit_builds_what_a_clean_build_gives_and_renders_only_what_it_touches(project, tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    first = _finish(_build(project, site, cache, dirty=False))
    _, total = _rendered(first)
    assert total > 80
    clean_runs, problems, counts = [], [], {}
    # The edits are built as under serve: one process, with what it kept in memory and in the cache.
    builds = DirtyBuilds(project, cache)
    for name, step, bound in _steps(project):
        step()
        if bound == "fails":
            page = site / "van-ban/hai-duong-ubnd-huyen-tu-ky-kh-2021/index.html"
            before = page.read_bytes()
            proc = _build(project, site, cache, dirty=True)
            out, _ = proc.communicate(timeout=600)
            # A clear message naming the file, and the site as it was.
            assert proc.returncode != 0 and "hai-duong-ubnd-huyen-tu-ky-kh-2021.yaml" in out and "Traceback" not in out, out
            assert page.read_bytes() == before
            ok, out = builds.build(site)
            assert not ok and "hai-duong-ubnd-huyen-tu-ky-kh-2021.yaml" in out and page.read_bytes() == before, out
            continue
        ok, log = builds.build(site)
        assert ok, log[-3000:]
        counts[name] = _rendered(log)[0]
        if (bound is None and counts[name] != _rendered(log)[1]) or (bound is not None and counts[name] > bound):
            problems.append(f"{name}: rendered {counts[name]} pages (bound {bound or 'all'})")
        # The clean build of this state runs while the next step is applied and built.
        snapshot = tmp_path / f"incremental-{name}"
        shutil.copytree(site, snapshot)
        state = tmp_path / f"sources-{name}"
        shutil.copytree(project, state, symlinks=True, ignore=shutil.ignore_patterns(".cache", "site"))
        clean = tmp_path / f"clean-{name}"
        clean_runs.append((name, snapshot, clean, _build(state, clean, tmp_path / f"cache-{name}", dirty=False)))
        if len(clean_runs) > 1:
            before = clean_runs[-2]
            _finish(before[3])
            problems += [f"{before[0]}: {d}" for d in _differences(before[1], before[2])]
    builds.close()
    last = clean_runs[-1]
    _finish(last[3])
    problems += [f"{last[0]}: {d}" for d in _differences(last[1], last[2])]
    # CI restores the cache, not the site: a build into an empty folder takes every page from the cache.
    log = _finish(_build(project, tmp_path / "from-cache", cache, dirty=True))
    counts["cold, warm cache"] = _rendered(log)[0]
    if counts["cold, warm cache"]:
        problems.append(f"a cold build with a warm cache rendered {counts['cold, warm cache']} pages")
    problems += [f"cold, warm cache: {d}" for d in _differences(tmp_path / "from-cache", last[2])]
    assert not problems, f"pages rendered per step {counts}:\n" + "\n".join(problems[:40])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read().decode("utf-8")


def test_under_serve_an_edit_shows_on_the_page_and_renders_only_what_it_touches(tmp_path):
    project = project_copy(tmp_path / "kho")
    port = 8765
    env = _env(tmp_path / "cache") | {"TMPDIR": str(tmp_path)}
    env.pop("SITE_URL")
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([*MKDOCS, "serve", "--dirty", "--strict", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/van-ban/hai-duong-ubnd-huyen-tu-ky-kh-2021/"
    plan = project / PLAN
    good = plan.read_text(encoding="utf-8")
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                page = _get(url)
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
                time.sleep(0.5)
        assert "Phát động triển khai" in page
        plan.write_text(good.replace("Phát động triển khai", "Phát động sâu rộng triển khai"), encoding="utf-8")
        deadline = time.monotonic() + 120
        while "Phát động sâu rộng triển khai" not in _get(url):
            assert time.monotonic() < deadline, log_path.read_text()[-3000:]
            time.sleep(0.3)
        time.sleep(1)
        counts = RENDERED.findall(log_path.read_text())
        assert len(counts) >= 2, log_path.read_text()[-3000:]
        rendered, total = map(int, counts[-1])
        assert rendered <= 30 < total
        # A hand-written page is heard too (docs/ was watched before the plugin moved the watches).
        about = project / "docs" / "gioi-thieu.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nDòng thêm khi đang xem.\n", encoding="utf-8")
        deadline = time.monotonic() + 120
        while "Dòng thêm khi đang xem." not in _get(f"http://127.0.0.1:{port}/gioi-thieu/"):
            assert time.monotonic() < deadline, log_path.read_text()[-3000:]
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_hears_edits_from_the_kernel_not_by_polling(tmp_path):
    """MkDocs polls what it watches every 0.5 s; the plugin moves its watches to the native observer."""
    import watchdog.observers
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.polling import PollingObserver

    from thidua.plugin import listen_for_edits

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(str(tmp_path / "docs"))
    server.watch(str(tmp_path / "mkdocs.yml"))
    assert isinstance(server.observer, PollingObserver)
    watched = sorted((w.path, w.is_recursive) for w in server._watch_refs.values())
    listen_for_edits(server)
    assert sorted((w.path, w.is_recursive) for w in server._watch_refs.values()) == watched
    (tmp_path / "plans").mkdir()
    server.watch(str(tmp_path / "plans"))  # added after on_serve, as config.watch is
    assert type(server.observer) is watchdog.observers.Observer and not isinstance(server.observer, PollingObserver)
    assert len(server._watch_refs) == 3
    server.observer.start()
    try:
        (tmp_path / "plans" / "a.yaml").write_text("id: a\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not server._want_rebuild:
            assert time.monotonic() < deadline, "the edit was never heard"
            time.sleep(0.01)
    finally:
        server.observer.stop()
        server.observer.join()

