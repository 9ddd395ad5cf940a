"""`vmv serve` shows the problems of the last edit over the page, as Hugo and Vite do.

The command line lists problems on the terminal, which an HR editor working in a
browser may never look at: the page kept showing the last good build, with no
sign that the edit failed. So the server keeps the outcome of the last build on a
board, serves it as JSON at a fixed address, and adds a small script to every
page it serves (never to a built site) that reads it when the page loads.
MkDocs' live reload reloads open pages after every build, failed or not, so the
overlay comes with the reload that follows a broken edit and leaves with the one
that follows its fix.

Problems quote what the user wrote: the script writes them as text, never as markup.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

from vmv.errors import InvalidInput, VmvError, format_json, sort_problems

PROBLEMS_PATH = "/.vmv/problems.json"
"""Where the server answers with the last build's problems; MkDocs publishes no file
whose name starts with a dot, so no page can take this address."""

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

OVERLAY_SCRIPT = """
(function () {
  "use strict";
  var box = null;
  function hide() {
    if (box) box.remove();
    box = null;
  }
  function element(tag, text, style) {
    var made = document.createElement(tag);
    if (text) made.textContent = text;
    if (style) made.setAttribute("style", style);
    return made;
  }
  function show(report) {
    hide();
    if (report.valid) return;
    box = element("div", "", "position:fixed;inset:0;z-index:10000;overflow:auto;padding:2rem;" +
      "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace");
    box.id = "vmv-problems";
    box.setAttribute("role", "alert");
    var count = report.problems.length;
    box.appendChild(element("h2", count ?
      "vmv: this edit has " + count + (count === 1 ? " problem" : " problems") :
      "vmv: the site could not be built",
      "margin:0 0 .5rem;font:700 18px/1.4 system-ui,sans-serif;color:#fff"));
    box.appendChild(element("p", "The page shows the last good build. Fix the " +
      "problems below and save: this message goes away by itself.",
      "margin:0 0 1rem;font:14px/1.5 system-ui,sans-serif;color:#ddd"));
    var list = element("ul", "", "list-style:none;margin:0;padding:0");
    report.problems.forEach(function (problem) {
      var item = element("li", "", "margin:0 0 .75rem;padding:.5rem .75rem;" +
        "border-left:4px solid " + (problem.severity === "error" ? "#ff8a80" : "#ffd54f"));
      var where = problem.file + ":" + problem.line + ":" + problem.column;
      item.appendChild(element("div", where, "color:#ffcc80;font-weight:700"));
      var text = (problem.path ? problem.path + ": " : "") + problem.message;
      item.appendChild(element("div", problem.severity + ": " + text, "white-space:pre-wrap"));
      list.appendChild(item);
    });
    if (report.message) list.appendChild(element("li", report.message, "white-space:pre-wrap"));
    box.appendChild(list);
    var close = element("button", "Hide until the next edit",
      "margin-top:.5rem;padding:.4rem .8rem;font:14px system-ui,sans-serif;cursor:pointer;" +
      "color:#141414;background:#fff;border:0;border-radius:4px");
    close.type = "button";
    close.addEventListener("click", hide);
    box.appendChild(close);
    document.body.appendChild(box);
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  fetch(PROBLEMS_PATH, { cache: "no-store" })
    .then(function (answer) { return answer.json(); })
    .then(show, function () {});
})();
""".replace("PROBLEMS_PATH", json.dumps(PROBLEMS_PATH))


class ProblemBoard:
    """The outcome of the last build, as the overlay reads it; builds and requests run
    on different threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._report = format_json([]).encode("utf-8")

    def show(self, error: VmvError | None) -> None:
        """Record the last build's outcome: None when it succeeded."""
        if error is None:
            report = format_json([])
        elif isinstance(error, InvalidInput):
            report = format_json(sort_problems(error.problems))
        else:
            report = json.dumps({"valid": False, "problems": [], "message": str(error)}, ensure_ascii=False)
        with self._lock:
            self._report = report.encode("utf-8")

    def report(self) -> bytes:
        with self._lock:
            return self._report


def _with_script(page: bytes) -> bytes:
    tag = f"<script>{OVERLAY_SCRIPT}</script>".encode()
    end = page.rfind(b"</body>")
    return page + tag if end < 0 else page[:end] + tag + page[end:]


def serve_problems(app: WsgiApp, board: ProblemBoard) -> WsgiApp:
    """`app` (the live server's), answering at PROBLEMS_PATH from `board` and adding
    the overlay's script to every HTML page it serves."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == PROBLEMS_PATH:
            body = board.report()
            start_response(
                "200 OK",
                [
                    ("Content-Type", "application/json; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                    ("X-Content-Type-Options", "nosniff"),
                ],
            )
            return [body]
        answer: dict[str, Any] = {}

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[..., Any]:
            answer["status"], answer["headers"] = status, headers
            return lambda data: None

        result = app(environ, keep)
        headers = answer["headers"]
        kind = next((value for name, value in headers if name.lower() == "content-type"), "")
        if not kind.startswith("text/html"):
            start_response(answer["status"], headers)
            return result
        try:
            page = _with_script(b"".join(result))
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
        start_response(answer["status"], [*headers, ("Content-Length", str(len(page)))])
        return [page]

    return serve
