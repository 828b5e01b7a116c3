"""Nothing typed in the desk is lost: text typed into a plan, a case and a new case comes back into the
fields after the tab is closed, after a reload, and after another tab publishes (which rebuilds the site
under `mkdocs serve` and its live reload). Run as `make desk` runs: decap-server in git mode (review: a
branch per draft) and `mkdocs serve --dirty` on the desk's clone, at 1280 and at 390 px wide.

DESK_RESTORE_RUNS=N repeats each case N times (1 by default, so `make test` stays short), and
DESK_RESTORE_ALL=1 runs every case at both widths; the failure message gives the count, e.g.
`DESK_RESTORE_ALL=1 DESK_RESTORE_RUNS=20 .venv/bin/python -m pytest tests/test_desk_restore.py`."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ENV, MKDOCS, ROOT
from test_desk import _free_port, field
from test_desk_workflow import publish_now, save, set_status
from thidua.commands.desk import prepare, start_backend

RUNS = int(os.environ.get("DESK_RESTORE_RUNS", "1"))
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
PLAN = "tra-vinh-so-tttt-kh-2021"
CASE = "ha-noi-sieu-thi-0-dong-2021"
# What the second tab publishes: a different case each time (see publish_other_case).
OTHER_CASES = ["hai-duong-cong-an-tinh-2021", "hai-duong-to-covid-cong-dong-2021", "tphcm-huyen-cu-chi-2022",
               "tphcm-atm-gao-hoang-tuan-anh-2020", "quan-khu-7-benh-vien-da-chien-bang-khen-bo-quoc-phong-2021",
               "bac-giang-10-tap-the-4-ca-nhan-bang-khen-thu-tuong-2021"]
# What is typed: (collection, entry URL part, backup key, [(field label, typed text)]).
ENTRIES = {
    "plan": ("plans", f"entries/{PLAN}", f"backup.plans.{PLAN}",
             [("Trích yếu", " thêm chữ một"), ("Tên phong trào", " thêm chữ hai"), ("Dòng địa danh", "Trà Vinh, ngày gõ ba")]),
    "case": ("cases", f"entries/{CASE}", f"backup.cases.{CASE}",
             [("Tiêu đề bài", " thêm chữ một"), ("Nơi chốn như nguồn ghi", " thêm chữ hai"),
              ("Ghi chú về khen thưởng", "Ghi chú gõ ba")]),
    "new case": ("cases", "new", "backup.cases",
                 [("Tiêu đề bài", "Bài mới gõ một"), ("Nơi chốn như nguồn ghi", "Xã gõ hai"),
                  ("Ghi chú về khen thưởng", "Ghi chú gõ ba")]),
}

STORED = """async (key) => {
  if (!(await indexedDB.databases()).some(d => d.name === "localforage")) return "";
  const db = await new Promise(ok => { const r = indexedDB.open("localforage"); r.onsuccess = () => ok(r.result); });
  if (!db.objectStoreNames.contains("keyvaluepairs")) { db.close(); return ""; }
  const draft = await new Promise(ok => {
    const r = db.transaction("keyvaluepairs").objectStore("keyvaluepairs").get(key);
    r.onsuccess = () => ok(r.result);
  });
  db.close();
  return draft ? draft.raw : "";
}"""


class ServedDesk:
    """`make desk` on a git copy of the repository (thidua.commands.desk): decap-server in git mode on
    the desk's clone, and `mkdocs serve --dirty` of that clone with live reload."""

    def __init__(self, root: Path):
        project = root / "project"
        project.mkdir()
        for name in ("mkdocs.yml", "docs", "overrides", "plans", ".gitignore"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
        for args in (("init", "--quiet", "-b", "main"), ("add", "."), ("commit", "--quiet", "-m", "Kho")):
            subprocess.run(["git", "-c", "user.name=Cán bộ", "-c", "user.email=can-bo@example.vn", "-C", str(project), *args],
                           check=True, capture_output=True)
        self.repo = project / ".desk" / "repo"
        branch = prepare(project, self.repo)
        port = _free_port()
        self.backend = start_backend(self.repo, port)
        self.backend_url = f"http://127.0.0.1:{port}/api/v1"
        site_port = _free_port()
        env = {k: v for k, v in ENV.items() if k != "ARCHIVE_PLANS"}
        self.serve = subprocess.Popen(
            [*MKDOCS, "serve", "--strict", "--dirty", "--dev-addr", f"127.0.0.1:{site_port}"], cwd=self.repo,
            env={**env, "DESK_LOCAL_PORT": str(port), "DESK_BRANCH": branch},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{site_port}/"
        self.published = 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "quan-tri/desk.json", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("mkdocs serve did not start")

    def page_text(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    def cms_branches(self) -> list[str]:
        listed = subprocess.run(["git", "-C", str(self.repo), "branch", "--list", "cms/*"], capture_output=True, text=True)
        return [b.strip(" *") for b in listed.stdout.splitlines()]

    def close(self):
        for proc in (self.serve, self.backend):
            proc.terminate()
            proc.wait(timeout=20)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    d = ServedDesk(tmp_path_factory.mktemp("served-desk"))
    yield d
    d.close()


def open_desk(pg, url: str):
    """Open a desk address, logging in when asked (the local backend needs one click)."""
    pg.goto(url)
    login = pg.get_by_role("button", name="Đăng nhập")
    pg.locator("label >> visible=true").or_(login).first.wait_for(timeout=60_000)
    if login.is_visible():
        login.click()


def type_into(pg, typed):
    for label, text in typed:
        box = field(pg, label)
        box.click()
        box.press("End")
        box.type(text)


def wait_for_backup(pg, key: str, typed):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        raw = pg.evaluate(STORED, key)
        if all(text.strip() in raw for _, text in typed):
            return
        pg.wait_for_timeout(200)
    raise AssertionError(f"the draft was never stored under {key}")


def typed_words_in_fields(pg, typed, timeout=15) -> bool:
    """Whether every typed text is in its field (waits for the form, and for a restore to land)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if all(text.strip() in field(pg, label).input_value(timeout=2_000) for label, text in typed):
                # Still there a moment later: a restore that a late set-up of the form undoes does not count.
                pg.wait_for_timeout(1_500)
                return all(text.strip() in field(pg, label).input_value(timeout=2_000) for label, text in typed)
        except Exception:
            pass
        pg.wait_for_timeout(250)
    try:
        print("in the fields:", [field(pg, label).input_value(timeout=2_000) for label, _ in typed])
    except Exception as exc:
        print("no form:", exc)
    return False


def publish_other_case(served: ServedDesk, pg, run: str):
    """A second tab changes another case and publishes it; returns once the site shows it.

    Each publish takes a case not yet published by this desk: typing into a case the same served
    desk had already published through another tab did not reach the form's state in some runs
    (the field showed the text, Decap had no change), a fault not yet explained."""
    served.published += 1
    other_case = OTHER_CASES[served.published % len(OTHER_CASES)]
    note = f"Ghi chú của tab thứ hai {run}"
    open_desk(pg, served.url + f"quan-tri/#/collections/cases/entries/{other_case}")
    # Typed once the case has loaded into the form (its title shown), then saved once Decap has it.
    pg.wait_for_function("el => el.value.length > 0", arg=field(pg, "Tiêu đề bài").element_handle())
    field(pg, "Ghi chú về khen thưởng").fill(note)
    pg.wait_for_function("() => [...document.querySelectorAll('button')].some(b => b.textContent === 'Lưu' && !b.disabled)")
    save(pg)
    set_status(pg, "Sẵn sàng")
    publish_now(pg, served, f"cms/cases/{other_case}")
    deadline = time.monotonic() + 90
    while note not in served.page_text(f"guong-dien-hinh/{other_case}/"):
        assert time.monotonic() < deadline, "the site never showed the second tab's publish"
        time.sleep(0.3)


def one_run(browser, served, width: str, entry: str, how: str, run: str) -> bool:
    collection, where, key, typed = ENTRIES[entry]
    typed = [(label, text.replace("gõ", f"gõ {run}")) for label, text in typed]
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    try:
        pg = context.new_page()
        pg.on("dialog", lambda d: d.accept())  # "restore the stored copy?" and "leave the page?": yes
        url = served.url + f"quan-tri/#/collections/{collection}/{where}"
        open_desk(pg, url)
        type_into(pg, typed)
        wait_for_backup(pg, key, typed)
        if how == "close":
            pg.close()
            pg = context.new_page()
            pg.on("dialog", lambda d: d.accept())
            open_desk(pg, url)
        elif how == "reload":
            pg.reload()
        else:  # another tab publishes; live reload must not take the typed text away
            open_polls = set()
            pg.on("request", lambda r: open_polls.add(r) if "/livereload/" in r.url else None)
            pg.on("requestfinished", lambda r: open_polls.discard(r))
            pg.on("requestfailed", lambda r: open_polls.discard(r))
            before = set(open_polls)
            other = context.new_page()
            other.on("dialog", lambda d: d.accept())
            publish_other_case(served, other, run)
            # A live-reload poll open before the publish answers now that the site changed: wait for
            # it to end (and for the reload it asks for) before looking at the fields.
            deadline = time.monotonic() + 15
            while before & open_polls and time.monotonic() < deadline:
                pg.wait_for_timeout(200)
            pg.wait_for_load_state()
            pg.bring_to_front()
        ok = typed_words_in_fields(pg, typed)
        if not ok:
            print("stored:", pg.evaluate(STORED, key)[:300])
        return ok
    finally:
        context.close()


HOWS = ["close", "reload", "publish elsewhere"]
# Every entry and every way of leaving it, each at one width, the widths alternating (9 cases, so
# `make test` stays short); DESK_RESTORE_ALL=1 runs each at both widths (18).
CASES = [(entry, how, width) for i, entry in enumerate(ENTRIES) for j, how in enumerate(HOWS)
         for k, width in enumerate(WIDTHS) if os.environ.get("DESK_RESTORE_ALL") or (i + j + k) % 2 == 0]


@pytest.mark.browser
@pytest.mark.parametrize("entry, how, width", CASES)
def test_typed_text_comes_back_into_the_fields(browser, served, entry, how, width):
    results = [one_run(browser, served, width, entry, how, f"{i}{width[0]}{how[0]}") for i in range(RUNS)]
    assert all(results), f"{entry}, {how}, {width}: typed text back in the fields {sum(results)}/{RUNS}"
