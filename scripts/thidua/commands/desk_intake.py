""""Thêm kế hoạch từ tệp": a plan's file uploaded on the desk becomes a draft to review.

The desk (Decap CMS) cannot run the importer: it only edits files. So `make desk` runs this
small server beside decap-server, on loopback. It takes the file the officer picked (POST, the
file's bytes as the body) and makes its draft branch in the desk's clone (drafts.draft_branch).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from thidua.commands.drafts import MAX_BYTES, IntakeError, draft_branch


class _Handler(BaseHTTPRequestHandler):
    """POST /: the file's bytes, its name in X-File-Name (URI-encoded). Answers JSON."""

    clone: Path
    base: str
    origin: str
    lock = threading.Lock()  # one import at a time: each reads the clone's state before writing it

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self._cors()
        self.end_headers()
        self.wfile.write(data)

    def _cors(self) -> None:
        # The desk's page is served by the site (another port of this machine).
        self.send_header("Access-Control-Allow-Origin", self.origin)
        self.send_header("Access-Control-Allow-Headers", "Content-Type, X-File-Name")
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

    def do_OPTIONS(self):  # noqa: N802 (http.server's naming)
        self.send_response(204)
        self._cors()
        self.end_headers()

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        name = unquote(self.headers.get("X-File-Name") or "van-ban")
        if length > MAX_BYTES:
            self._send(413, {"error": f"{name}: tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB"})
            return
        data = self.rfile.read(length)
        try:
            with self.lock:
                intake = draft_branch(self.clone, self.base, name, data)
        except IntakeError as exc:
            self._send(422, {"error": str(exc)})
            return
        except Exception as exc:  # the page says what went wrong; the server goes on
            self._send(500, {"error": f"{name}: lỗi khi nhập ({type(exc).__name__}: {exc})"})
            return
        self._send(201, {"id": intake.id, "branch": intake.branch, "title": intake.title, "files": intake.files,
                         "check": intake.check})

    def log_message(self, format, *args):  # noqa: A002 (http.server's signature)
        pass


def start(clone: Path, base: str, port: int, origin: str) -> ThreadingHTTPServer:
    """Serve uploads on 127.0.0.1:`port` for the desk served at `origin`, in a daemon thread."""
    handler = type("IntakeHandler", (_Handler,), {"clone": clone.resolve(), "base": base, "origin": origin})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
