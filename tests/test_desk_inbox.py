"""The inbox of a published desk: with a git host there is no machine of ours to run the importer, so a
plan's file uploaded through the desk's "Hộp thư tệp" form lands in `inbox/` (on its own, never among the
sources), and `python -m scripts inbox` — the CI step the README gives — imports each file into a draft
branch `cms/plans/<id>` that Decap shows in "Quy trình", takes it out of the inbox, and writes a refused
file's reason into its entry. These tests run the command on a repository and a bare "host" of our own."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from thidua.commands.format_fixtures import write_docx
from thidua.publish.cms import DeskConfig, INBOX
from thidua.sources import load_archive

CORPUS = ROOT / "tests" / "corpus"
OFFICER = ("-c", "user.name=Cán bộ", "-c", "user.email=can-bo@example.vn")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout.strip()


def inbox(repo: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "CI", "GIT_AUTHOR_EMAIL": "ci@example.vn",
           "GIT_COMMITTER_NAME": "CI", "GIT_COMMITTER_EMAIL": "ci@example.vn"}
    if path:
        env["PATH"] = path + os.pathsep + env["PATH"]
    return subprocess.run([sys.executable, "-m", "scripts", "inbox", "--repo", str(repo), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True)


class Host:
    """A bare repository standing for the git host, and the officer's upload as Decap commits it."""

    def __init__(self, root: Path):
        self.bare = root / "host.git"
        seed = root / "seed"
        seed.mkdir()
        for name in ("mkdocs.yml", "plans", ".gitignore"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, seed / name)
        git(seed, "init", "--quiet", "-b", "main")
        git(seed, *OFFICER, "add", ".")
        git(seed, *OFFICER, "commit", "--quiet", "-m", "Kho")
        git(root, "clone", "--quiet", "--bare", str(seed), str(self.bare))
        self.root = root

    def checkout(self, name: str) -> Path:
        """A fresh clone, as CI's checkout makes one (every branch fetched)."""
        work = self.root / name
        git(self.root, "clone", "--quiet", str(self.bare), str(work))
        return work

    def commit(self, files: dict[str, bytes], message: str) -> None:
        """A commit of `files` (path: bytes) on main, as the desk makes one through the host's API."""
        work = self.checkout(f"upload-{len(list(self.root.glob('upload-*')))}")
        for path, data in files.items():
            (work / path).parent.mkdir(parents=True, exist_ok=True)
            (work / path).write_bytes(data)
        git(work, *OFFICER, "add", ".")
        git(work, *OFFICER, "commit", "--quiet", "-m", message)
        git(work, "push", "--quiet", "origin", "main")

    def upload(self, slug: str, title: str, file: Path) -> None:
        """What "Công bố" on an inbox entry leaves on main (as the browser test below finds Decap writes it)."""
        entry = yaml.safe_dump({"title": title, "file": f"tep/{file.name}"}, allow_unicode=True)
        self.commit({f"{INBOX}/{slug}.yaml": entry.encode("utf-8"), f"{INBOX}/tep/{file.name}": file.read_bytes()},
                    f"Tải lên {file.name}")

    def show(self, rev: str, path: str) -> bytes:
        return subprocess.run(["git", "-C", str(self.bare), "show", f"{rev}:{path}"], capture_output=True, check=True).stdout

    def branches(self) -> list[str]:
        return sorted(git(self.bare, "for-each-ref", "--format=%(refname:short)", "refs/heads/cms/").split())

    def inbox_files(self) -> list[str]:
        return sorted(git(self.bare, "ls-tree", "-r", "--name-only", "main", INBOX + "/").split())


@pytest.fixture
def host(tmp_path) -> Host:
    return Host(tmp_path)


def test_an_uploaded_plan_becomes_a_draft_branch_and_leaves_the_inbox(host, tmp_path):
    docx = write_docx((CORPUS / "06-lao-cai-tinh.txt").read_text(encoding="utf-8"), tmp_path / "Kế hoạch Lào Cai.docx")
    note = tmp_path / "danh-sach-lien-hoan.txt"
    note.write_text("Danh sách đăng ký liên hoan cuối năm\n1. Tổ văn phòng\n2. Tổ kế toán\n", encoding="utf-8")
    host.upload("20211020-ke-hoach-lao-cai", "Kế hoạch Lào Cai", docx)
    host.upload("20211020-danh-sach", "Danh sách", note)
    work = host.checkout("ci")

    run = inbox(work, "--push", "origin")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr

    # The plan's draft: a branch of its own, as Decap names one, holding the plan and the file as received.
    (branch,) = host.branches()
    assert branch.startswith("cms/plans/") and "lao-cai" in branch
    plan = branch.removeprefix("cms/plans/")
    assert "Lào Cai" in host.show(branch, f"plans/{plan}.yaml").decode("utf-8")
    original = yaml.safe_load(host.show(branch, f"plans/{plan}.yaml"))["provenance"]["source"]
    assert host.show(branch, f"plans/{original}") == docx.read_bytes()
    assert branch in run.stdout and "Kế hoạch Lào Cai.docx" in run.stdout

    # main: the imported file has left the inbox; the refused one stays, its entry saying why in Vietnamese.
    assert host.inbox_files() == ["inbox/20211020-danh-sach.yaml", "inbox/tep/danh-sach-lien-hoan.txt"]
    refused = yaml.safe_load(host.show("main", "inbox/20211020-danh-sach.yaml"))
    assert refused["title"] == "Danh sách" and refused["file"] == "tep/danh-sach-lien-hoan.txt"
    assert refused["refused"].startswith("danh-sach-lien-hoan.txt: ") and "Không nhập" in run.stdout
    assert not (work / "plans" / f"{plan}.yaml").exists(), "a draft is never published by the inbox"
    assert (work / INBOX / "20211020-danh-sach.yaml").read_text(encoding="utf-8") == \
        host.show("main", "inbox/20211020-danh-sach.yaml").decode("utf-8"), "the checkout follows main"

    # The sources on main pass the build's check: the inbox is not among them.
    load_archive(work / "plans")

    # A second run, in a fresh checkout: nothing is done twice.
    before = git(host.bare, "rev-parse", "main"), host.branches()
    again = inbox(host.checkout("ci-2"), "--push", "origin")
    assert again.returncode == 0, again.stderr
    assert (git(host.bare, "rev-parse", "main"), host.branches()) == before
    assert "Không có tệp mới" in again.stdout

    # The same file sent again while its draft waits for review: refused, naming the draft.
    host.upload("20211021-lao-cai-lan-hai", "Kế hoạch Lào Cai (gửi lại)", docx)
    third = inbox(host.checkout("ci-3"), "--push", "origin")
    assert third.returncode == 0, third.stderr
    assert host.branches() == before[1]
    reason = yaml.safe_load(host.show("main", "inbox/20211021-lao-cai-lan-hai.yaml"))["refused"]
    assert plan in reason and "bản nháp" in reason


def test_an_entry_the_form_left_odd_is_told_why_once(host, tmp_path):
    """An empty "refused" the form saved is filled in place (never a second key); an entry that is no YAML
    is told so once, and a second run leaves both alone."""
    note = tmp_path / "ghi-chu.txt"
    note.write_text("Ghi chú họp giao ban\n", encoding="utf-8")
    host.commit({f"{INBOX}/a.yaml": "title: Ghi chú\nfile: tep/ghi-chu.txt\nrefused: ''\n".encode("utf-8"),
                 f"{INBOX}/tep/ghi-chu.txt": note.read_bytes(),
                 f"{INBOX}/b.yaml": b"title: [chua dong\n"}, "Hai mục lạ")
    run = inbox(host.checkout("ci"), "--push", "origin")
    assert run.returncode == 0, run.stderr
    a = host.show("main", f"{INBOX}/a.yaml").decode("utf-8")
    assert a.count("refused:") == 1 and yaml.safe_load(a)["refused"].startswith("ghi-chu.txt: ")
    assert host.show("main", f"{INBOX}/b.yaml").decode("utf-8").count("refused:") == 1
    before = git(host.bare, "rev-parse", "main")
    again = inbox(host.checkout("ci-2"), "--push", "origin")
    assert again.returncode == 0 and git(host.bare, "rev-parse", "main") == before, again.stdout


def test_each_draft_is_opened_as_a_pull_request_labelled_a_draft(host, tmp_path):
    """Decap lists a draft of the GitHub backend from its open pull request labelled `decap-cms/draft`.
    GitHub cannot be reached from here: a stand-in `gh` on PATH records what the command asks of it."""
    docx = write_docx((CORPUS / "06-lao-cai-tinh.txt").read_text(encoding="utf-8"), tmp_path / "lao-cai.docx")
    host.upload("lao-cai", "Lào Cai", docx)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "gh.log"
    (bin_dir / "gh").write_text(f"#!{sys.executable}\nimport json, sys\n"
                                f"open({str(log)!r}, 'a').write(json.dumps(sys.argv[1:]) + '\\n')\n", encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    run = inbox(host.checkout("ci"), "--push", "origin", "--requests", "github", path=str(bin_dir))
    assert run.returncode == 0, run.stderr
    (branch,) = host.branches()
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert calls[0][:3] == ["label", "create", "decap-cms/draft"]
    assert calls[1][:6] == ["pr", "create", "--base", "main", "--head", branch] and calls[1][-2:] == ["--label", "decap-cms/draft"]
    assert "Quy trình" in calls[1][calls[1].index("--body") + 1], "the request says where the draft is reviewed"
    assert len(calls) == 2


def test_without_a_git_checkout_the_command_says_so(tmp_path):
    run = inbox(tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "không phải kho git" in run.stderr


def test_the_published_desk_has_an_inbox_outside_the_sources_and_make_desk_none():
    desk = DeskConfig(load_archive(ROOT / "plans"), "plans")
    published = {c["name"]: c for c in desk.config({"name": "github", "repo": "a/b", "branch": "main"})["collections"]}
    box = published["inbox"]
    assert box["folder"] == INBOX and not box["folder"].startswith("plans")
    assert box["media_folder"] == "tep" and box["create"] is True
    assert {f["name"]: f["widget"] for f in box["fields"]}["file"] == "file"
    local = desk.config({"name": "git-gateway"}, local_port=8081)
    assert "inbox" not in {c["name"] for c in local["collections"]}, "make desk imports at once: no inbox there"


# Decap's in-memory backend stands in for the git host: the form, the upload and the publish are Decap's own.
FILES_PUBLISHED = """async () => {
  const out = {};
  const walk = async (node, path) => { for (const [name, v] of Object.entries(node)) {
    if (v && typeof v === "object" && "content" in v) {
      const c = v.content, blob = typeof c === "string" ? new Blob([c]) : c.fileObj;
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = ""; for (const b of bytes) text += String.fromCharCode(b);
      out[path + name] = btoa(text);
    } else if (v && typeof v === "object") await walk(v, path + name + "/"); } };
  await walk(window.repoFiles, "");
  return out;
}"""


@pytest.mark.browser
def test_a_file_sent_through_the_desks_inbox_form_becomes_a_draft(browser, site_url, host, tmp_path):
    """The published desk's form, as an officer uses it: the file lands where the CI step looks for it,
    and the step makes its draft."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors, outside = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: None if r.url.startswith((site_url, "data:", "blob:")) else outside.append(r.url))
    page.on("dialog", lambda d: d.accept())  # "publish this entry?": yes
    docx = write_docx((CORPUS / "06-lao-cai-tinh.txt").read_text(encoding="utf-8"), tmp_path / "ke-hoach-lao-cai.docx")

    def in_memory(route):
        answer = route.fetch()
        config = json.loads(answer.text().split("\n", 1)[1])  # after the comment line, JSON
        config["backend"] = {"name": "test-repo"}
        route.fulfill(response=answer, body=json.dumps(config))

    page.route("**/quan-tri/config.yml", in_memory)
    page.goto(site_url + "quan-tri/nhap-tep.html")
    page.get_by_role("link", name="Gửi tệp vào Hộp thư tệp").click()
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Tên tệp hoặc ghi chú").fill("Kế hoạch của UBND tỉnh Lào Cai")
    page.get_by_role("button", name="Chọn một tập tin").click()
    page.locator('input[type="file"]').set_input_files(str(docx))
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Thay đổi đã được lưu").wait_for(timeout=30_000)
    page.get_by_role("button", name="Trạng thái:").click()
    page.get_by_role("menuitem", name="Sẵn sàng").click()
    page.get_by_role("button", name="Trạng thái: Sẵn sàng").wait_for()
    page.get_by_role("button", name="Công bố").first.click()
    page.get_by_text("Công bố ngay").click()
    page.get_by_text("Mục đã được công bố", exact=True).wait_for(timeout=30_000)

    assert not errors and not outside, (errors, outside)
    written = {path: base64.b64decode(data) for path, data in page.evaluate(FILES_PUBLISHED).items()
               if path.startswith(INBOX + "/")}
    (entry,) = [p for p in written if p.endswith(".yaml")]
    assert written[f"{INBOX}/tep/{docx.name}"] == docx.read_bytes()
    assert yaml.safe_load(written[entry]) == {"title": "Kế hoạch của UBND tỉnh Lào Cai", "file": f"tep/{docx.name}"}

    host.commit(written, "Tải lên qua bàn biên tập")
    run = inbox(host.checkout("ci"), "--push", "origin")
    assert run.returncode == 0, run.stderr
    (branch,) = host.branches()
    assert branch.startswith("cms/plans/lao-cai") and host.inbox_files() == []
    context.close()
