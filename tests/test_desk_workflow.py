"""Review for real: `make desk`'s set-up (thidua.commands.desk: decap-server in git mode on the desk's own
clone) takes a new case and a plan correction from draft through review to published, each on its own
`cms/…` branch; the site built from the clone shows them only once published. The officer's working
copy, with an edit not yet committed, is never touched."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import ENV, MKDOCS, ROOT
from test_desk import SLUG, TITLE, _free_port, add_item, fill, new_case, serious_axe
from thidua.commands import desk_intake
from thidua.commands.desk import DeskError, prepare, start_backend
from thidua.commands.drafts import IntakeError, draft_branch
from thidua.commands.format_fixtures import write_docx, write_fixtures
from thidua.commands.server import serve_site

PLAN = "tra-vinh-so-tttt-kh-2021"
CORRECTION = "Sửa chức vụ người ký theo bản gốc (trang 3)."


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()


class WorkflowDesk:
    def __init__(self, root: Path):
        self.project = root / "project"
        self.project.mkdir()
        for name in ("mkdocs.yml", "docs", "overrides", "plans", ".gitignore"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, self.project / name)
        git(self.project, "init", "--quiet", "-b", "main")
        git(self.project, "-c", "user.name=Cán bộ", "-c", "user.email=can-bo@example.vn", "add", ".")
        git(self.project, "-c", "user.name=Cán bộ", "-c", "user.email=can-bo@example.vn", "commit", "--quiet", "-m", "Kho")
        # The officer's own work, not committed: the desk must leave it exactly as it is.
        (self.project / "plans" / "cases" / "ghi-chep-chua-xong.txt").write_text("Ghi chép chưa xong\n", encoding="utf-8")
        with (self.project / "plans" / f"{PLAN}.yaml").open("a", encoding="utf-8") as f:
            f.write("# đang sửa dở, chưa commit\n")
        self.officer_state = self.state()
        self.clone = self.project / ".desk" / "repo"
        self.branch = prepare(self.project, self.clone)
        port = _free_port()
        self.server = start_backend(self.clone, port)
        self.backend = f"http://127.0.0.1:{port}/api/v1"
        request = urllib.request.Request(self.backend, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=1) as r:
                    assert json.load(r)["type"] == "local_git"
                    break
            except OSError:
                time.sleep(0.1)
        self.site = root / "site"
        intake_port = _free_port()
        self.env = {**{k: v for k, v in ENV.items() if k != "ARCHIVE_PLANS"}, "DESK_LOCAL_PORT": str(port),
                    "DESK_BRANCH": self.branch, "DESK_INTAKE_URL": f"http://127.0.0.1:{intake_port}/"}
        self.build()
        self.http, self.url = serve_site(self.site)
        self.intake = desk_intake.start(self.clone, self.branch, intake_port, self.url.rstrip("/"))

    def state(self) -> tuple:
        """The officer's working copy as git sees it: the commit, and every uncommitted change with its bytes."""
        status = subprocess.run(["git", "-C", str(self.project), "status", "--porcelain", "--untracked-files=all"],
                                capture_output=True, text=True, check=True).stdout
        changed = sorted(line[3:] for line in status.splitlines() if not line[3:].startswith(".desk/"))
        return git(self.project, "rev-parse", "HEAD"), git(self.project, "branch", "--list"), \
            [(p, (self.project / p).read_bytes()) for p in changed]

    def build(self):
        result = subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(self.site)], cwd=self.clone,
                                env=self.env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    def cms_branches(self) -> list[str]:
        return [b.strip(" *") for b in git(self.clone, "branch", "--list", "cms/*").splitlines()]

    def close(self):
        self.intake.shutdown()
        self.http.shutdown()
        self.server.terminate()
        self.server.wait(timeout=10)


@pytest.fixture(scope="module")
def wf(tmp_path_factory):
    d = WorkflowDesk(tmp_path_factory.mktemp("workflow"))
    yield d
    d.close()


@pytest.fixture
def officer(browser, wf):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(exc))
    pg.on("dialog", lambda d: d.accept())  # "publish this entry?": yes
    pg.goto(wf.url + "quan-tri/")
    pg.get_by_role("button", name="Đăng nhập").click()
    pg.get_by_text("Gương điển hình").first.wait_for()
    yield pg
    context.close()
    assert not [e for e in errors if e.stack], f"script errors: {[e.stack for e in errors]}"


def save(pg):
    pg.get_by_role("button", name="Lưu", exact=True).click()
    pg.get_by_text("Thay đổi đã được lưu").wait_for(timeout=60_000)


def set_status(pg, name: str):
    pg.get_by_role("button", name="Trạng thái:").click()
    pg.get_by_role("menuitem", name=name).click()
    pg.get_by_role("button", name=f"Trạng thái: {name}").wait_for(timeout=30_000)


def publish_now(pg, wf, branch: str):
    pg.get_by_role("button", name="Công bố").first.click()
    pg.get_by_text("Công bố ngay").click()
    deadline = time.monotonic() + 60
    while branch in wf.cms_branches():  # published: the draft's branch is merged and gone
        assert time.monotonic() < deadline, f"{branch} was never published"
        time.sleep(0.2)


def status_label(wf, branch: str) -> str:
    return subprocess.run(["git", "-C", str(wf.clone), "config", f"branch.{branch}.description"],
                          capture_output=True, text=True).stdout.strip()


@pytest.mark.browser
def test_a_case_goes_from_draft_through_review_to_published(officer, wf):
    branch = f"cms/cases/{SLUG}"
    page = wf.site / "guong-dien-hinh" / SLUG / "index.html"
    new_case(officer, wf)
    save(officer)
    assert wf.cms_branches() == [branch]
    assert status_label(wf, branch) == "decap-cms/draft"
    wf.build()
    assert not page.exists() and TITLE not in (wf.site / "guong-dien-hinh" / "index.html").read_text(encoding="utf-8")
    set_status(officer, "Đang xét duyệt")
    assert status_label(wf, branch) == "decap-cms/pending_review"
    set_status(officer, "Sẵn sàng")
    assert status_label(wf, branch) == "decap-cms/pending_publish"
    wf.build()
    assert not page.exists()
    publish_now(officer, wf, branch)
    assert wf.cms_branches() == []
    assert (wf.clone / "plans" / "cases" / f"{SLUG}.md").exists()
    wf.build()
    assert TITLE in page.read_text(encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "scripts", "check", "--plans", str(wf.clone / "plans")],
                           cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert git(wf.clone, "status", "--porcelain") == ""
    assert wf.state() == wf.officer_state


@pytest.mark.browser
def test_a_plan_correction_is_reviewed_before_it_is_published(officer, wf):
    branch = f"cms/plans/{PLAN}"
    page = wf.site / "van-ban" / PLAN / "index.html"
    officer.goto(wf.url + f"quan-tri/#/collections/plans/entries/{PLAN}")
    add_item(officer, "hiệu đính")
    fill(officer, "Hiệu đính", CORRECTION)
    save(officer)
    assert branch in wf.cms_branches()
    wf.build()
    assert CORRECTION not in page.read_text(encoding="utf-8")
    set_status(officer, "Đang xét duyệt")
    set_status(officer, "Sẵn sàng")
    publish_now(officer, wf, branch)
    assert branch not in wf.cms_branches()
    plan = yaml.safe_load((wf.clone / "plans" / f"{PLAN}.yaml").read_text(encoding="utf-8"))
    assert plan["provenance"]["corrections"][-1] == CORRECTION
    wf.build()
    assert CORRECTION in page.read_text(encoding="utf-8")
    assert wf.state() == wf.officer_state


@pytest.mark.browser
def test_plan_files_become_drafts_that_are_reviewed_and_published(officer, wf, browser, tmp_path):
    """"Thêm kế hoạch từ tệp": a Word file and a scanned PDF picked together on the desk are each imported
    into a draft on its own `cms/plans/<id>` branch (the plan, the original as received), open in the
    form, and go through review like any edit; the same file again is refused, naming the plan."""
    corpus = ROOT / "tests" / "corpus"
    docx = write_docx((corpus / "06-lao-cai-tinh.txt").read_text(encoding="utf-8"), tmp_path / "Kế hoạch thi đua Lào Cai.docx")
    scan = write_fixtures((corpus / "03-yen-thanh-huyen.txt").read_text(encoding="utf-8"), tmp_path / "scan", "yen-thanh",
                          browser)["pdf-scan"]
    sent = {"Lào Cai": docx, "Yên Thành": scan}
    officer.goto(wf.url + "quan-tri/#/collections/plans")
    officer.get_by_role("link", name="Thêm kế hoạch từ tệp").click()
    officer.wait_for_url("**/quan-tri/nhap-tep.html")
    officer.set_input_files("#intake-files", [str(docx), str(scan)])
    officer.get_by_role("button", name="Nhập").click()
    done = officer.locator("#intake-results li.intake-done")
    done.nth(1).wait_for(timeout=180_000)
    drafts = [b for b in wf.cms_branches() if b.startswith("cms/plans/")]
    assert len(drafts) == 2, drafts
    assert git(wf.clone, "status", "--porcelain") == "" and git(wf.clone, "rev-parse", "--abbrev-ref", "HEAD") == wf.branch
    plans = {}
    for n, (place, file) in enumerate(sent.items()):
        assert place in done.nth(n).inner_text()
        branch = next(b for b in drafts if git(wf.clone, "show", f"{b}:plans/{b.removeprefix('cms/plans/')}.yaml").count(place))
        plan = branch.removeprefix("cms/plans/")
        assert status_label(wf, branch) == "decap-cms/draft"
        added = git(wf.clone, "diff", "--name-only", f"{wf.branch}...{branch}").splitlines()
        original = next(p for p in added if p.startswith("plans/originals/"))
        assert f"plans/{plan}.yaml" in added and original.endswith(file.suffix)
        kept = subprocess.run(["git", "-C", str(wf.clone), "show", f"{branch}:{original}"], capture_output=True, check=True).stdout
        assert kept == file.read_bytes(), "the original is kept as it was received"
        plans[place] = (branch, plan, original)
    wf.build()
    assert not any((wf.site / "van-ban" / plan / "index.html").exists() for _, plan, _ in plans.values()), "drafts are not published"

    for n, (place, (branch, plan, original)) in enumerate(plans.items()):
        if n:  # the second draft, opened from the board as a reviewer would
            officer.goto(wf.url + f"quan-tri/#/collections/plans/entries/{plan}")
            officer.reload()  # a fresh form: Decap keeps the last one when only the hash changes
        else:
            officer.get_by_role("link", name="Mở bản nháp để kiểm tra").first.click()
        officer.get_by_role("button", name="Trạng thái: Bản nháp").wait_for(timeout=60_000)
        assert place in officer.locator("body").inner_text()
        set_status(officer, "Đang xét duyệt")
        set_status(officer, "Sẵn sàng")
        publish_now(officer, wf, branch)
        assert (wf.clone / "plans" / f"{plan}.yaml").exists() and (wf.clone / original).read_bytes() == sent[place].read_bytes()
    check = subprocess.run([sys.executable, "-m", "scripts", "check", "--plans", str(wf.clone / "plans")],
                           cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    wf.build()
    for place, (_, plan, _) in plans.items():
        assert place in (wf.site / "van-ban" / plan / "index.html").read_text(encoding="utf-8")

    officer.goto(wf.url + "quan-tri/nhap-tep.html")
    officer.set_input_files("#intake-files", str(docx))
    officer.get_by_role("button", name="Nhập").click()
    refused = officer.locator("#intake-results li.intake-refused")
    refused.wait_for(timeout=120_000)
    assert f"plans/{plans['Lào Cai'][1]}.yaml" in refused.inner_text() and "kho đã có" in refused.inner_text()
    assert wf.cms_branches() == [] and wf.state() == wf.officer_state
    officer.set_viewport_size({"width": 390, "height": 844})  # the page on a phone: no sideways scroll, axe clean
    assert officer.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_axe(officer) == []


def test_the_desk_will_not_start_without_a_branch(tmp_path):
    with pytest.raises(DeskError, match="không phải kho git"):
        prepare(tmp_path, tmp_path / ".desk" / "repo")


def test_a_file_that_is_no_plan_is_refused_by_name_and_leaves_no_branch(wf):
    before = wf.cms_branches()
    with pytest.raises(IntakeError, match="rong.docx: tệp rỗng"):
        draft_branch(wf.clone, wf.branch, "rong.docx", b"")
    with pytest.raises(IntakeError, match="^anh.bin: "):
        draft_branch(wf.clone, wf.branch, "anh.bin", bytes(range(256)) * 40)
    assert wf.cms_branches() == before


def test_drafts_made_before_a_publish_show_only_their_own_files(wf):
    """decap-server compares a draft with the published branch as it is now: without the desk's
    post-merge hook, a draft made before another was published lists that one's files as deleted
    (and the editor hangs opening it). A draft touching a file the publish changed is left as it is."""
    def api(action, **params):
        body = json.dumps({"action": action, "params": {"branch": wf.branch, **params}}).encode("utf-8")
        with urllib.request.urlopen(urllib.request.Request(wf.backend, data=body, headers={"Content-Type": "application/json"}),
                                    timeout=30) as r:
            return json.load(r)

    def draft(slug, path, raw):
        api("persistEntry", cmsLabelPrefix="decap-cms/", assets=[], dataFiles=[{"slug": slug, "path": path, "raw": raw}],
            options={"collectionName": "cases", "status": "draft", "commitMessage": f"Tạo {slug}", "useWorkflow": True})

    themes = (wf.clone / "plans" / "reference" / "themes.yaml").read_text(encoding="utf-8")
    draft("mot", "plans/cases/mot.md", "---\ntitle: Một\n---\n")
    draft("hai", "plans/cases/hai.md", "---\ntitle: Hai\n---\n")
    api("persistEntry", cmsLabelPrefix="decap-cms/", assets=[], options={"collectionName": "themes", "status": "draft",
        "commitMessage": "Sửa chủ đề", "useWorkflow": True},
        dataFiles=[{"slug": "themes", "path": "plans/reference/themes.yaml", "raw": themes + "# ghi chú\n"}])
    draft("ba", "plans/reference/themes.yaml", themes + "# ghi chú khác\n")  # the same file as the themes draft
    api("publishUnpublishedEntry", collection="cases", slug="mot")
    hai = api("unpublishedEntry", collection="cases", slug="hai")
    assert [(d["path"], d["status"]) for d in hai["diffs"]] == [("plans/cases/hai.md", "added")]
    before = git(wf.clone, "rev-parse", "cms/cases/ba")
    api("publishUnpublishedEntry", collection="themes", slug="themes")
    assert git(wf.clone, "rev-parse", "cms/cases/ba") == before, "a draft of a file just published is not moved"
    for slug in ("hai", "ba"):
        api("deleteUnpublishedEntry", collection="cases", slug=slug)
    assert wf.cms_branches() == []
