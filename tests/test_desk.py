"""The editorial desk at quan-tri/ (Decap CMS): its configuration against the schemas, and the
office's work through the form in Chromium, with decap-server (the CMS's local backend) writing
into a temporary copy of the repository, never into the real plans/."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import ENV, MKDOCS, ROOT
from thidua.commands.server import serve_site
from thidua.errors import ArchiveError
from thidua.publish.cms import MAX_IMAGE_BYTES, PLAN_KEPT_AS_IS, DeskConfig, Schemas, case_images

DECAP_SERVER = ROOT / "desk" / "node_modules" / "decap-server" / "dist" / "index.js"
TITLE = "Tổ phản ứng nhanh phường Đông Thọ giúp dân vùng phong tỏa"
SLUG = "to-phan-ung-nhanh-phuong-dong-tho-giup-dan-vung-phong-toa"


# -- The configuration is the schema -------------------------------------------------------


def _field_by_name(fields):
    return {f["name"]: f for f in fields}


def _check(fields, schema, base, schemas: Schemas, where: str, skip=(), optional_group=False):
    """Every schema property has a form field that demands what the schema demands, and nothing else."""
    props = {k: v for k, v in schema["properties"].items() if k not in skip}
    by_name = _field_by_name(fields)
    assert set(by_name) - {"body"} == set(props), where
    for name, node in props.items():
        f, path = by_name[name], f"{where}.{name}"
        node, nbase, nullable = schemas.nullable(node, base)
        must = name in schema.get("required", ()) and not nullable and not optional_group
        assert f["required"] is must, path
        if "enum" in node:
            assert [o["value"] for o in f["options"]] == node["enum"], path
        if "pattern" in node and "options" not in f:  # a picker offers only valid ids
            assert f["pattern"][0] == node["pattern"], path
        if node.get("minItems"):
            assert f["min"] == node["minItems"], path
        if node.get("type") == "object":
            _check(f["fields"], node, nbase, schemas, path, optional_group=name not in schema.get("required", ()))
        if node.get("type") == "array":
            items, ibase = schemas.resolve(node["items"], nbase)
            if items.get("type") == "object":
                _check(f["fields"], items, ibase, schemas, path + ".*")
            elif "options" not in f and "pattern" in items:
                assert f["field"]["pattern"][0] == items["pattern"], path


def test_desk_configuration_agrees_with_the_schemas(archive):
    schemas = Schemas()
    desk = DeskConfig(archive, "plans", schemas)
    config = desk.config({"name": "github", "repo": "x/y"})
    assert config["locale"] == "vi" and "local_backend" not in config
    cases, *references, plans, inbox = config["collections"]
    assert inbox["name"] == "inbox"  # the published desk's inbox of plans' files: tests/test_desk_inbox.py
    _check(cases["fields"], schemas.docs["case.schema.json"], "case.schema.json", schemas, "case")
    _check(plans["fields"], schemas.docs["plan.schema.json"], "plan.schema.json", schemas, "plan", skip=PLAN_KEPT_AS_IS)
    assert cases["folder"] == "plans/cases" and plans["folder"] == "plans" and plans["create"] is False
    # What the form leaves out of a plan (its text, its links) is kept as it is: Decap saves keys it has no field for.
    assert {"implements", "body"} <= set(PLAN_KEPT_AS_IS)
    # Pickers offer exactly the archive's values.
    f = _field_by_name(cases["fields"])
    assert {o["value"] for o in _field_by_name(f["where"]["fields"])["unit"]["options"]} == \
        {u.key for u in archive.units.values() if u.level == "province"}
    assert {o["value"] for o in f["themes"]["options"]} == set(archive.themes)
    assert {o["value"] for o in _field_by_name(f["recognition"]["fields"])["award"]["options"]} == set(archive.awards)
    assert {o["value"] for o in f["under"]["options"]} == set(archive.documents)
    assert f["under"]["options"][0]["value"] == archive.root_id
    # Every reference list is a list of entries (so new ones can be added), each with its key and the schema's fields.
    assert [r["name"] for r in references] == ["practices", "themes", "synonyms", "awards", "units"]
    for ref in references:
        doc = schemas.docs[f"{ref['name']}.schema.json"]
        entry, base = schemas.resolve(doc.get("additionalProperties") or next(iter(doc["patternProperties"].values())),
                                      f"{ref['name']}.schema.json")
        (entries,) = ref["files"][0]["fields"]
        assert entries["widget"] == "list" and entries["fields"][0]["name"] == "key" and entries["fields"][0]["required"]
        _check(entries["fields"][1:], entry, base, schemas, ref["name"])
    # Every field the office reads has a Vietnamese label, not a schema key.
    def unlabelled(fields):
        for fld in fields:
            if fld["label"] == fld["name"]:
                yield fld["name"]
            yield from unlabelled(fld.get("fields", []))
    for collection in (cases, plans, *(r["files"][0] for r in references)):
        assert not list(unlabelled(collection["fields"])), collection["name"]


def test_a_too_large_image_beside_a_case_stops_the_build(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "anh").mkdir()
    (folder / "anh" / "nho.jpg").write_bytes(b"\xff\xd8" + b"0" * 1000)
    assert list(case_images(folder, tmp_path)) == ["assets/cases/anh/nho.jpg"]
    (folder / "anh" / "anh-lon.jpg").write_bytes(b"\xff\xd8" + b"0" * (MAX_IMAGE_BYTES + 1))
    with pytest.raises(ArchiveError) as err:
        case_images(folder, tmp_path)
    assert "cases/anh/anh-lon.jpg: image is 1001 kB; at most 1000 kB" in err.value.report()


@pytest.mark.browser
def test_desk_page_stays_on_the_site(page, site_url, site_dir):
    """The published desk loads only its own files: the `page` fixture fails on any other request."""
    config = yaml.safe_load((site_dir / "quan-tri" / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "vi" and "local_backend" not in config
    page.goto(site_url + "quan-tri/")
    page.get_by_role("button", name="Đăng nhập bằng GitHub").wait_for()  # the configuration, inbox and all, was taken
    page.wait_for_load_state("networkidle")
    assert "inbox" in {c["name"] for c in config["collections"]}
    # With a git host nothing of ours imports a file: "Thêm kế hoạch từ tệp" sends the officer to the inbox.
    page.goto(site_url + "quan-tri/nhap-tep.html")
    page.get_by_role("link", name="Gửi tệp vào Hộp thư tệp").wait_for()
    assert not page.locator("#intake-form").is_visible() and not page.locator("#intake-unavailable").is_visible()


# -- The office at work: decap-server on loopback, a copy of the repository --------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Desk:
    """A copy of the repository, decap-server writing into it, and its site built and served."""

    def __init__(self, root: Path):
        self.repo = root / "repo"
        self.repo.mkdir()
        for name in ("mkdocs.yml", "docs", "overrides", "plans"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, self.repo / name)
        self.cases = self.repo / "plans" / "cases"
        self.site = root / "site"
        self.backend_port = _free_port()
        self.server = subprocess.Popen(
            ["node", str(DECAP_SERVER)], cwd=self.repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, "PORT": str(self.backend_port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
                 "GIT_REPO_DIRECTORY": str(self.repo)})
        self.backend = f"http://127.0.0.1:{self.backend_port}/api/v1"
        self._wait_for_backend()
        self.build()
        self.http, self.url = serve_site(self.site)

    def _wait_for_backend(self):
        request = urllib.request.Request(self.backend, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=1) as r:
                    assert json.load(r)["type"] == "local_fs"
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("decap-server did not start: " + self.server.stdout.read1().decode())

    def build(self) -> subprocess.CompletedProcess:
        env = {k: v for k, v in ENV.items() if k != "ARCHIVE_PLANS"}
        env["DESK_LOCAL_PORT"] = str(self.backend_port)
        result = subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(self.site)], cwd=self.repo, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result

    def check(self) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "scripts", "check", "--plans", str(self.repo / "plans")],
                              cwd=ROOT, capture_output=True, text=True)

    def close(self):
        self.http.shutdown()
        self.server.terminate()
        self.server.wait(timeout=10)


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    d = Desk(tmp_path_factory.mktemp("desk"))
    yield d
    d.close()


@pytest.fixture
def office(browser, desk):
    """A page of the desk, logged in with the local backend; fails on script errors and on any
    request that is neither the site nor the local backend."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors, outside = [], []
    pg.on("pageerror", lambda exc: errors.append(exc))
    pg.on("request", lambda req: None if req.url.startswith((desk.url, desk.backend, "data:", "blob:"))
          else outside.append(req.url))
    pg.goto(desk.url + "quan-tri/")
    pg.get_by_role("button", name="Đăng nhập").click()
    pg.get_by_text("Gương điển hình").first.wait_for()
    yield pg
    context.close()
    # When the form refuses to save, Decap leaves its save promise rejected with a bare value
    # (undefined, or the notification object): no stack. Any real script error has one.
    assert not [e for e in errors if e.stack], f"script errors: {[e.stack for e in errors]}"
    assert not outside, f"requests left the site: {outside}"


def field(pg, label: str):
    """The input of the field whose label starts with `label` (the last one: a list's newest item)."""
    lbl = pg.locator(f'label:text-matches("^{label}", "i") >> visible=true').last
    lbl.wait_for()
    return pg.locator(f'[id="{lbl.get_attribute("for")}"]')


def fill(pg, label: str, value: str):
    field(pg, label).fill(value)


def choose(pg, label: str, text: str):
    box = field(pg, label)
    box.click()
    box.type(text)
    pg.keyboard.press("Enter")


def add_item(pg, what: str):
    pg.get_by_role("button", name=f"Thêm {what}").last.click()  # the newest item's own list


def new_case(pg, desk, *, title=TITLE, sources=True, source_url="https://hanoimoi.example.vn/to-phan-ung-nhanh.html"):
    pg.goto(desk.url + "quan-tri/#/collections/cases/new")
    fill(pg, "Tiêu đề bài", title)
    fill(pg, "Thời điểm", "2021-08-20")
    add_item(pg, "người, tập thể")
    fill(pg, "Tên", "Tổ phản ứng nhanh phường Đông Thọ")
    choose(pg, "Cá nhân hay tập thể", "Tập thể")
    fill(pg, "Nơi chốn như nguồn ghi", "Phường Đông Thọ, Thành phố Hà Nội")
    choose(pg, "Tỉnh, thành phố", "Hà Nội")
    choose(pg, "Chủ đề", "Chính quyền")
    add_item(pg, "hình thức khen thưởng")
    choose(pg, "Hình thức", "Bằng khen của Chủ tịch")
    fill(pg, "Ai trao", "Chủ tịch UBND thành phố Hà Nội")
    choose(pg, "Khen thưởng theo văn bản", "1497")
    if sources:
        add_item(pg, "nguồn")
        fill(pg, "Đường dẫn", source_url)
        fill(pg, "Cơ quan đăng", "Báo Hà Nội Mới")
    body = pg.locator('[data-slate-editor="true"]').first
    body.click()
    pg.keyboard.type("Tổ phản ứng nhanh đi chợ hộ, đưa thuốc đến từng nhà trong khu phong tỏa.")


def publish(pg):
    pg.get_by_role("button", name="Công bố").first.click()
    pg.get_by_text("Công bố ngay").click()


SAVE_TIMEOUT = 60  # seconds: a save under load (two cores shared) can take a while; the wait ends when it lands


def wait_for_file(path: Path) -> bool:
    """Whether `path` was written in time: there, not empty, and the same size over a tenth of a second
    (decap-server writes a file in place, so it can be seen before its bytes are all in)."""
    deadline, last = time.monotonic() + SAVE_TIMEOUT, -1
    while True:
        size = path.stat().st_size if path.exists() else -1
        if size > 0 and size == last:
            return True
        if time.monotonic() > deadline:
            return False
        last = size
        time.sleep(0.1)


@pytest.mark.browser
def test_office_publishes_a_case_through_the_form(office, desk):
    new_case(office, desk)
    publish(office)
    path = desk.cases / f"{SLUG}.md"
    assert wait_for_file(path), sorted(p.name for p in desk.cases.iterdir())
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["title"] == TITLE and front["where"]["unit"] == "ha-noi" and front["under"] == "thu-tuong-qd-1497-2021"
    assert front["recognition"][0]["award"] == "bang-khen-chu-tich-ubnd-tinh"
    assert front["sources"][0]["url"].startswith("https://")
    result = desk.check()
    assert result.returncode == 0, result.stderr
    desk.build()
    listing = (desk.site / "guong-dien-hinh" / "index.html").read_text(encoding="utf-8")
    assert TITLE in listing
    feed = (desk.site / "guong-dien-hinh" / "feed.xml").read_text(encoding="utf-8")
    assert TITLE in feed
    assert (desk.site / "guong-dien-hinh" / SLUG / "index.html").exists()
    # The real archive is untouched.
    assert not (ROOT / "plans" / "cases" / path.name).exists()


STORED_DRAFT = """async () => {
  if (!(await indexedDB.databases()).some(d => d.name === "localforage")) return "";
  const db = await new Promise(ok => { const r = indexedDB.open("localforage"); r.onsuccess = () => ok(r.result); });
  if (!db.objectStoreNames.contains("keyvaluepairs")) { db.close(); return ""; }
  const draft = await new Promise(ok => {
    const r = db.transaction("keyvaluepairs").objectStore("keyvaluepairs").get("backup.cases");
    r.onsuccess = () => ok(r.result);
  });
  db.close();
  return draft ? draft.raw : "";
}"""


def errors_shown(pg) -> str:
    """The page's text as the office reads it (Decap shows field errors in capitals)."""
    pg.wait_for_timeout(500)
    return pg.inner_text("body").lower()


@pytest.mark.browser
def test_a_case_without_a_source_cannot_be_published(office, desk):
    before = sorted(p.name for p in desk.cases.iterdir())
    new_case(office, desk, title="Bài thử chưa có nguồn về tổ phản ứng nhanh", sources=False)
    publish_button = office.get_by_role("button", name="Công bố").first
    publish_button.click()
    office.get_by_text("Công bố ngay").click()
    assert "mục “nguồn” cần ít nhất 1 dòng" in errors_shown(office)
    assert sorted(p.name for p in desk.cases.iterdir()) == before


@pytest.mark.browser
def test_bad_input_is_refused_in_words_the_office_understands(office, desk):
    before = sorted(p.name for p in desk.cases.iterdir())
    # A case already in the archive: its title makes the same id.
    new_case(office, desk, title="Hà Nội: siêu thị 0 đồng 2021", source_url="javascript:alert(1)")
    office.get_by_text("Mã Markdown", exact=True).click()
    body = office.locator('[data-slate-editor="true"]').last
    body.click()
    office.keyboard.press("End")
    office.keyboard.type(" [Xem thêm](javascript:alert(1))")
    publish(office)
    text = errors_shown(office)
    assert "chỉ được dùng liên kết https://" in text
    assert "kho đã có bài mang mã “ha-noi-sieu-thi-0-dong-2021”" in text
    assert "đường dẫn phải bắt đầu bằng https://" in text
    assert sorted(p.name for p in desk.cases.iterdir()) == before


@pytest.mark.browser
def test_a_half_filled_form_is_refused_and_survives_a_closed_tab(browser, office, desk):
    before = sorted(p.name for p in desk.cases.iterdir())
    office.goto(desk.url + "quan-tri/#/collections/cases/new")
    fill(office, "Tiêu đề bài", "Bản nháp dở dang về đội tình nguyện")
    fill(office, "Thời điểm", "20/8/2021")
    publish(office)
    text = errors_shown(office)
    assert "bạn còn thiếu vài thông tin bắt buộc" in text
    assert "ghi ngày dạng 2021-09-05" in text and "nơi chốn như nguồn ghi bắt buộc nhập" in text
    assert sorted(p.name for p in desk.cases.iterdir()) == before
    # Decap keeps a local backup of the entry as it is typed (IndexedDB, 2 s after the last change).
    for _ in range(60):
        if "Bản nháp dở dang về đội tình nguyện" in office.evaluate(STORED_DRAFT):
            break
        office.wait_for_timeout(250)
    context = office.context
    office.close()
    again = context.new_page()
    prompts = []
    again.on("dialog", lambda d: (prompts.append(d.message), d.accept()))
    # The draft is still in the browser after the tab is gone ...
    again.goto(desk.url + "quan-tri/")
    assert "Bản nháp dở dang về đội tình nguyện" in again.evaluate(STORED_DRAFT)
    # Opening the form again, Decap asks whether to bring the draft back; whether it asks
    # races its own set-up of the empty form (seen in about half the runs here), so only
    # what the office must never lose is asserted: the draft is still kept after reopening.
    again.goto(desk.url + "quan-tri/#/collections/cases/new")
    again.wait_for_selector("input", timeout=30_000)
    assert "Bản nháp dở dang về đội tình nguyện" in again.evaluate(STORED_DRAFT)


def _png(width: int, height: int, noise: bool = False) -> bytes:
    """A real PNG; with noise it does not compress, so it can be made larger than the limit."""
    import struct
    import zlib

    row = (os.urandom(width * 3) if noise else b"\x80" * (width * 3))
    raw = b"".join(b"\x00" + (os.urandom(width * 3) if noise else row) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 0 if noise else 9)) + chunk(b"IEND", b""))


def upload_image(pg, path: Path):
    pg.get_by_role("button", name="Chọn một hình").click()
    pg.locator('input[type="file"]').set_input_files(str(path))


@pytest.mark.browser
def test_an_image_is_stored_beside_the_case_with_its_alt_text(office, desk, tmp_path):
    image = tmp_path / "anh-to-phan-ung.png"
    image.write_bytes(_png(40, 30))
    title = "Tổ phản ứng nhanh phường Đông Thọ có ảnh minh họa"
    new_case(office, desk, title=title)
    upload_image(office, image)
    office.get_by_role("button", name="Lấy những cái đã chọn").click()
    publish(office)
    assert "ảnh cần có cả tệp ảnh và mô tả ảnh" in errors_shown(office)
    assert not (desk.cases / "anh" / image.name).exists()
    fill(office, "Mô tả ảnh", "Tổ viên mang túi thực phẩm đến một nhà trong khu phong tỏa")
    publish(office)
    md = desk.cases / "to-phan-ung-nhanh-phuong-dong-tho-co-anh-minh-hoa.md"
    assert wait_for_file(md)
    assert wait_for_file(desk.cases / "anh" / image.name)
    assert (desk.cases / "anh" / image.name).read_bytes() == image.read_bytes()
    front = yaml.safe_load(md.read_text(encoding="utf-8").split("---")[1])
    assert front["image"] == {"src": f"anh/{image.name}", "alt": "Tổ viên mang túi thực phẩm đến một nhà trong khu phong tỏa"}
    assert desk.check().returncode == 0
    desk.build()
    assert (desk.site / "assets" / "cases" / "anh" / image.name).read_bytes() == image.read_bytes()
    page = (desk.site / "guong-dien-hinh" / md.stem / "index.html").read_text(encoding="utf-8")
    assert f'src="../../assets/cases/anh/{image.name}"' in page and 'alt="Tổ viên mang túi' in page


AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
# Left to Decap (upstream): its dropdown buttons are a role="button" span inside a button-like wrapper.
UPSTREAM_AXE = {"nested-interactive"}


def serious_axe(pg) -> list:
    # desk.js names controls on the frame after Decap renders them.
    pg.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    pg.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = pg.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], len(v["nodes"]), v["nodes"][0]["html"][:120]) for v in result["violations"]
            if v["impact"] in ("serious", "critical") and v["id"] not in UPSTREAM_AXE]


@pytest.mark.browser
def test_the_desk_screens_pass_axe(office, desk):
    office.get_by_text("Siêu thị mini 0 đồng", exact=False).first.wait_for()  # the cases listed
    found = {"list": serious_axe(office)}
    for screen, url, ready in (("case", "cases/entries/ha-noi-sieu-thi-0-dong-2021", "#preview-pane"),
                               ("plan", "plans/entries/tra-vinh-so-tttt-kh-2021", "#preview-pane"),
                               ("themes", "themes/entries/themes", 'button:has-text("Thêm chủ đề")')):
        office.goto(desk.url + "quan-tri/#/collections/" + url)
        office.reload()  # a fresh form (Decap keeps the last one's state when only the hash changes)
        office.locator(ready).first.wait_for()
        office.locator("label >> visible=true").first.wait_for()
        found[screen] = serious_axe(office)
    assert not any(found.values()), found


ENGLISH_LEFT = """() => {
  const out = [];
  const walk = (en, vi, path) => { for (const k of Object.keys(en)) {
    const p = path ? path + "." + k : k;
    if (typeof en[k] === "object") walk(en[k], (vi || {})[k], p);
    else if (!vi || vi[k] === undefined) out.push(p); } };
  walk(CMS.getLocale("en"), CMS.getLocale("vi"), "");
  return out;
}"""


@pytest.mark.browser
def test_the_interface_is_vietnamese_throughout(office, desk):
    # Every phrase of Decap's interface has its Vietnamese (Decap's own locale plus desk.js's).
    assert office.evaluate(ENGLISH_LEFT) == []
    # What shows before the configuration is read, too; and a plan without a number is listed as such.
    assert office.evaluate("CMS.getLocale('en').app.app.loadingConfig") == "Đang tải cấu hình..."
    office.goto(desk.url + "quan-tri/#/collections/plans")
    office.get_by_text("Không số: Triển khai Phong trào").first.wait_for()
    assert " null" not in office.inner_text("body") and "\nnull" not in office.inner_text("body")


@pytest.mark.browser
def test_the_media_library_shows_only_uploads_never_the_sources(office, desk, tmp_path):
    office.get_by_role("button", name="Tập tin").click()
    office.get_by_text("Tải lên").first.wait_for()
    office.wait_for_load_state("networkidle")
    shown = office.inner_text("body")
    sources = [p.name for p in desk.cases.glob("*.md")]
    assert sources and not [name for name in sources if name in shown], shown
    # What is uploaded here lands in the uploads folder, plans/cases/anh/, not among the cases.
    image = tmp_path / "anh-tai-len.png"
    image.write_bytes(_png(20, 20))
    office.locator('input[type="file"]').set_input_files(str(image))
    assert wait_for_file(desk.cases / "anh" / image.name)
    assert not (desk.cases / image.name).exists()


@pytest.mark.browser
def test_an_image_over_the_limit_is_refused(office, desk, tmp_path):
    image = tmp_path / "anh-qua-lon.png"
    image.write_bytes(_png(700, 500, noise=True))
    assert image.stat().st_size > MAX_IMAGE_BYTES
    messages = []
    office.on("dialog", lambda d: (messages.append(d.message), d.accept()))
    office.goto(desk.url + "quan-tri/#/collections/cases/new")
    fill(office, "Tiêu đề bài", "Bài thử ảnh quá lớn")
    upload_image(office, image)
    office.wait_for_timeout(500)
    assert messages and "1000" in messages[0], messages
    assert not (desk.cases / "anh" / image.name).exists()


@pytest.mark.browser
def test_a_plan_correction_keeps_everything_the_form_does_not_show(office, desk):
    plan = desk.repo / "plans" / "tra-vinh-so-tttt-kh-2021.yaml"
    before_text = plan.read_text(encoding="utf-8")
    before = yaml.safe_load(before_text)
    office.goto(desk.url + "quan-tri/#/collections/plans/entries/tra-vinh-so-tttt-kh-2021")
    add_item(office, "hiệu đính")
    fill(office, "Hiệu đính", "Sửa tên người ký theo bản gốc (trang 3).")
    publish(office)
    after_text = wait_for_change(plan, before_text)
    # One line more, every other line as it was (the schema comment on line 1 included).
    added = [line for line in difflib.ndiff(before_text.splitlines(), after_text.splitlines()) if line[:1] in "+-"]
    # (quoted like the list's other lines)
    assert added == ['+     - "Sửa tên người ký theo bản gốc (trang 3)."'], added
    after = yaml.safe_load(after_text)
    assert after["provenance"]["corrections"][-1] == "Sửa tên người ký theo bản gốc (trang 3)."
    after["provenance"]["corrections"].pop()
    if not after["provenance"]["corrections"]:
        del after["provenance"]["corrections"]
    assert after == before
    assert desk.check().returncode == 0


@pytest.mark.browser
def test_editing_a_case_changes_only_what_was_edited(office, desk):
    case = desk.cases / "ca-nuoc-180-tap-the-ca-nhan-bang-khen-thu-tuong-2021.md"
    before_text = case.read_text(encoding="utf-8")
    office.goto(desk.url + "quan-tri/#/collections/cases/entries/" + case.stem)
    fill(office, "Ghi chú về khen thưởng", "Bản tin không ghi số, ngày quyết định.")
    publish(office)
    wait_for_change(case, before_text)
    changed = [line for line in difflib.ndiff(before_text.splitlines(), case.read_text(encoding="utf-8").splitlines())
               if line[:1] in "+-"]
    assert len(changed) == 2 and changed[0].startswith("- recognition_note:"), changed
    assert changed[1] == "+ recognition_note: Bản tin không ghi số, ngày quyết định."
    assert "unit: null  # toàn quốc" in case.read_text(encoding="utf-8")
    assert desk.check().returncode == 0


@pytest.mark.browser
def test_on_a_phone_the_form_fits_and_publish_is_in_reach(office, desk):
    office.set_viewport_size({"width": 390, "height": 844})
    case = desk.cases / "hai-duong-to-covid-cong-dong-2021.md"
    before_text = case.read_text(encoding="utf-8")
    office.goto(desk.url + "quan-tri/#/collections/cases/entries/" + case.stem)
    fill(office, "Ghi chú về khen thưởng", "Sửa trên điện thoại.")
    assert office.evaluate("document.documentElement.scrollWidth") <= 390
    button = office.get_by_role("button", name="Công bố").first
    box = button.bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= 390, box
    publish(office)
    assert "recognition_note: Sửa trên điện thoại." in wait_for_change(case, before_text)


@pytest.mark.browser
def test_the_preview_looks_like_the_published_page(office, desk):
    office.goto(desk.url + "quan-tri/#/collections/cases/entries/ha-noi-sieu-thi-0-dong-2021")
    frame = office.frame_locator("#preview-pane")
    frame.locator("h1").wait_for()
    # The site's own stylesheets, as its pages link them (Material's, then the archive's).
    styles = frame.locator('link[rel="stylesheet"]').evaluate_all("links => links.map(l => l.href)")
    assert any("/assets/stylesheets/main." in s for s in styles) and styles[-1] == desk.url + "assets/stylesheets/archive.css"
    front = yaml.safe_load((desk.cases / "ha-noi-sieu-thi-0-dong-2021.md").read_text(encoding="utf-8").split("---")[1])
    assert frame.locator("article.md-typeset h1").inner_text() == front["title"]
    card = frame.locator(".doc-card").inner_text()
    assert "Thành phố Hà Nội" in card and "Hướng dẫn số 1248/HD-BTĐKT" in card  # names, not keys


def unfold(pg, summary: str):
    """Open a list item by its arrow (the innermost block holding the summary and a button)."""
    item = pg.locator("div").filter(has=pg.get_by_text(summary, exact=False)).filter(has=pg.locator("button")).last
    item.locator("button").first.click()


def wait_for_change(path: Path, before: str) -> str:
    """The file once saved: changed, and the same on two reads (decap-server truncates the file, then
    writes it: on a busy machine a read in between sees it empty or half written)."""
    deadline = time.monotonic() + SAVE_TIMEOUT
    last = before
    while True:
        text = path.read_text(encoding="utf-8")
        if text != before and text and text == last:
            return text
        assert time.monotonic() < deadline, f"{path.name} was never saved"
        last = text
        time.sleep(0.3)


@pytest.mark.browser
def test_a_plans_preview_shows_the_plan_not_its_keys(office, desk):
    office.goto(desk.url + "quan-tri/#/collections/plans/entries/tra-vinh-so-tttt-kh-2021")
    frame = office.frame_locator("#preview-pane")
    frame.locator("article h1").wait_for()
    plan = yaml.safe_load((desk.repo / "plans" / "tra-vinh-so-tttt-kh-2021.yaml").read_text(encoding="utf-8"))
    text = frame.locator("article").inner_text()
    assert frame.locator("article h1").inner_text() == plan["title"]
    assert "Sở Thông tin và Truyền thông" in text and "Huân chương Lao động" in text  # names, not keys
    assert "huan-chuong-lao-dong" not in text and "department" not in text
    assert "MỤC ĐÍCH, YÊU CẦU" in text and "Huy động sức mạnh cho công tác phòng, chống đại dịch" in text  # its text


@pytest.mark.browser
def test_a_theme_gets_a_keyword_and_the_file_keeps_its_comments(office, desk):
    themes = desk.repo / "plans" / "reference" / "themes.yaml"
    before_text = themes.read_text(encoding="utf-8")
    office.goto(desk.url + "quan-tri/#/collections/themes/entries/themes")
    unfold(office, "tiem-chung:")
    add_item(office, "từ khóa")
    fill(office, "Từ khóa", "mũi tiêm")
    publish(office)
    after_text = wait_for_change(themes, before_text)
    changed = [line for line in difflib.ndiff(before_text.splitlines(), after_text.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 2 and changed[1].startswith("+   keywords: [") and changed[1].endswith(', "mũi tiêm"]'), changed
    assert yaml.safe_load(after_text)["tiem-chung"]["keywords"][-1] == "mũi tiêm"
    assert desk.check().returncode == 0


@pytest.mark.browser
def test_a_practice_and_a_theme_are_added_through_the_form(office, desk):
    practices = desk.repo / "plans" / "reference" / "practices.yaml"
    before_text = practices.read_text(encoding="utf-8")
    office.goto(desk.url + "quan-tri/#/collections/practices/entries/practices")
    add_item(office, "cách làm, mô hình")
    fill(office, "Mã", "chung-suc-dong-long")
    fill(office, "Tên gọi", "Chung sức, đồng lòng")
    fill(office, "Giải thích", "Lời kêu gọi trong tên phong trào: mọi người cùng góp sức chống dịch.")
    choose(office, "Căn cứ giải thích", "Kế hoạch tự giải thích")
    add_item(office, "cách viết")
    fill(office, "Cách viết", "chung sức, đồng lòng")
    publish(office)
    after_text = wait_for_change(practices, before_text)
    # The file as it was, and the new entry below it.
    assert after_text.startswith(before_text.rstrip("\n")), after_text[-600:]
    added = yaml.safe_load(after_text)["chung-suc-dong-long"]
    assert added == {"name": "Chung sức, đồng lòng", "explanation_status": "plan", "patterns": ["chung sức, đồng lòng"],
                     "explanation": "Lời kêu gọi trong tên phong trào: mọi người cùng góp sức chống dịch."}
    themes = desk.repo / "plans" / "reference" / "themes.yaml"
    before_text = themes.read_text(encoding="utf-8")
    office.goto(desk.url + "quan-tri/#/collections/themes/entries/themes")
    office.reload()  # a fresh form: only the hash changed, and Decap keeps the last one's state
    add_item(office, "chủ đề")
    fill(office, "Mã", "dong-long")
    fill(office, "Tên chủ đề", "Đồng lòng chống dịch")
    add_item(office, "từ khóa")
    fill(office, "Từ khóa", "đồng lòng")
    publish(office)
    after_text = wait_for_change(themes, before_text)
    assert after_text.startswith(before_text.rstrip("\n"))
    assert yaml.safe_load(after_text)["dong-long"] == {"name": "Đồng lòng chống dịch", "keywords": ["đồng lòng"]}
    result = desk.check()
    assert result.returncode == 0, result.stderr
    desk.build()
    assert "Đồng lòng chống dịch" in (desk.site / "chu-de" / "index.html").read_text(encoding="utf-8")
