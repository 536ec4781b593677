"""Open the built book in headless Chromium and report what a reader's browser sees.

    python -m tools.browser [_build/html]    # check every page of a built book

The browser is driven through the Chrome DevTools Protocol over a pipe
(``--remote-debugging-pipe``: JSON messages separated by NUL bytes on file
descriptors 3 and 4), so nothing but the Python standard library and a
Chromium executable is needed. The pages are served by a local HTTP server on
127.0.0.1; every other host name resolves to nothing, so a page that needs the
internet (a CDN, a web font) shows up as a failed request instead of a slow one.

For each page, :func:`inspect_page` returns the JavaScript errors and failed
requests, the images that did not load, the math that MathJax did not typeset
(or typeset as an error), the exercise boxes and solution toggles, and the
targets of every link. ``tests/test_built_book.py`` turns these into checks.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars", "--window-size=1280,900",
    # Only this machine exists: a page that reaches for the internet fails visibly and at once.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--remote-debugging-pipe",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# Runs in the page after its load event: wait for MathJax and for every image, then report.
INSPECT_JS = r"""
(async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const images = Array.from(document.images);
  for (const img of images) img.loading = "eager";
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  const math = Array.from(document.querySelectorAll("span.math, div.math"));
  // TeX errors become <merror>; an undefined macro becomes red text (MathJax's noundefined).
  const mathErrors = () => {
    const found = [];
    const doc = window.MathJax && MathJax.startup && MathJax.startup.document;
    for (const item of (doc ? doc.math : [])) {
      item.root.walkTree(node => {
        if (node.isKind("merror")) {
          found.push(`${item.math.slice(0, 80)}: ${node.attributes.get("data-mjx-error") || "TeX error"}`);
        } else if (node.isKind("mtext") && node.attributes.get("mathcolor") === "red") {
          const text = node.childNodes.map(child => child.text || "").join("");
          found.push(`${item.math.slice(0, 80)}: undefined ${text}`);
        }
      });
    }
    return found;
  };
  return {
    title: document.title,
    url: location.href,
    mathjax: !!(window.MathJax && MathJax.version),
    images: images.length,
    brokenImages: images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute("src")),
    math: math.length,
    untypeset: math.filter(e => !e.querySelector("mjx-container")).map(e => e.textContent.slice(0, 80)),
    mathErrors: mathErrors(),
    exercises: Array.from(document.querySelectorAll("div.exercise")).map(e => e.id),
    solutions: Array.from(document.querySelectorAll("div.solution")).map(s => ({
      id: s.id,
      toggle: !!s.querySelector("button.toggle-button"),
      hidden: s.classList.contains("toggle-hidden"),
    })),
    links: Array.from(document.querySelectorAll("a[href]")).map(a => a.href),
  };
})()
"""


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable, or None. ``$CHROMIUM`` wins when set."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


class BrowserError(RuntimeError):
    """Chromium answered a command with an error, died, or did not answer in time."""


class Chromium:
    """A headless Chromium process driven over the DevTools pipe. Use as a context manager."""

    def __init__(self, executable: str, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="chromium-profile-")
        self.log_path = Path(self._profile) / "chromium.log"
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # The browser reads commands on fd 3 and writes answers on fd 4; bash puts the pipes there.
        launcher = 'exec 3<&"$CDP_IN" 4>&"$CDP_OUT"; exec "$0" "$@"'
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                ["bash", "-c", launcher, executable, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile}",
                 "about:blank"],
                pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                env={**os.environ, "CDP_IN": str(to_browser_r), "CDP_OUT": str(from_browser_w)},
            )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._writer = os.fdopen(to_browser_w, "wb", buffering=0)
        self._reader = os.fdopen(from_browser_r, "rb", buffering=0)
        self._next_id = 0
        self._answers: dict[int, dict] = {}
        self.events: list[dict] = []
        self._changed = threading.Condition()
        self._closed = False
        threading.Thread(target=self._read, daemon=True).start()
        self.version = self.send("Browser.getVersion")["product"]

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = self._reader.read(1 << 16)
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._changed:
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._answers[message["id"]] = message
                    else:
                        self.events.append(message)
                self._changed.notify_all()
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def _wait(self, ready, what: str, timeout: float | None = None):
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._changed:
            while True:
                result = ready()
                if result is not None:
                    return result
                if self._closed:
                    raise BrowserError(f"Chromium closed while waiting for {what}; see {self.log_path}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise BrowserError(f"no answer from Chromium within {timeout or self.timeout} s to {what}")
                self._changed.wait(remaining)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Send one DevTools command and return its result (raise :class:`BrowserError` on an error)."""
        with self._changed:
            self._next_id += 1
            ident = self._next_id
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._writer.write(json.dumps(message).encode() + b"\0")
        answer = self._wait(lambda: self._answers.pop(ident, None), method, timeout)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def wait_for_event(self, method: str, session: str, start: int, timeout: float | None = None) -> dict:
        """The first event ``method`` of ``session`` received at index ``start`` or later of :attr:`events`."""
        def found():
            return next((e for e in self.events[start:] if e["method"] == method and e.get("sessionId") == session),
                        None)
        return self._wait(found, f"the event {method}", timeout)

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                self.send("Browser.close", timeout=10)
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for stream in (self._writer, self._reader):
            try:
                stream.close()
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> "Chromium":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _describe_console(event: dict) -> str | None:
    """A line of text for an event that a reader's console would show as an error, else None."""
    method, params = event["method"], event.get("params", {})
    if method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        exception = details.get("exception", {})
        return f"uncaught {exception.get('description') or details.get('text')} ({details.get('url', '')})"
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        values = [str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])]
        return f"console.{params['type']}: {' '.join(values)}"
    if method == "Log.entryAdded" and params["entry"].get("level") == "error":
        entry = params["entry"]
        if entry.get("url", "").endswith("/favicon.ico"):
            return None  # the browser asks for it by itself; the book declares no icon
        return f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip()
    return None


def inspect_page(browser: Chromium, url: str, timeout: float = 60.0) -> dict:
    """Load ``url`` in a new tab and report what the reader sees (see :data:`INSPECT_JS`).

    Besides the fields of :data:`INSPECT_JS`, the report has ``console`` (errors, uncaught
    exceptions and failed loads, as text) and ``offsite`` (URLs the page tried to fetch from
    a host other than this machine).
    """
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        start = len(browser.events)
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for_event("Page.loadEventFired", session, start, timeout)
        for attempt in range(3):
            mark = len(browser.events)
            try:
                result = browser.send("Runtime.evaluate", {"expression": INSPECT_JS, "awaitPromise": True,
                                                           "returnByValue": True}, session=session, timeout=timeout)
                break
            except BrowserError as error:  # the page redirected itself (index.html): inspect where it went
                if "navigated" not in str(error) or attempt == 2:
                    raise
                browser.wait_for_event("Page.loadEventFired", session, mark, timeout)
        if "exceptionDetails" in result:
            raise BrowserError(f"the inspection script failed on {url}: {result['exceptionDetails']}")
        report = result["result"]["value"]
        time.sleep(0.2)  # let late console messages arrive
        events = [e for e in browser.events[start:] if e.get("sessionId") == session]
        report["console"] = [text for text in map(_describe_console, events) if text]
        requested = {e["params"]["requestId"]: e["params"]["request"]["url"]
                     for e in events if e["method"] == "Network.requestWillBeSent"}
        report["console"] += [f"failed to load {requested.get(e['params']['requestId'], '?')}: "
                              f"{e['params'].get('errorText')}"
                              for e in events if e["method"] == "Network.loadingFailed"
                              and not e["params"].get("canceled")]
        report["offsite"] = sorted({u for u in requested.values()
                                    if urlsplit(u).scheme in ("http", "https")
                                    and urlsplit(u).hostname not in LOCAL_HOSTS})
        return report
    finally:
        browser.send("Target.closeTarget", {"targetId": target})


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class serve:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port) in a thread; ``with serve(d) as base_url``."""

    def __init__(self, directory: Path) -> None:
        handler = functools.partial(_Quiet, directory=str(directory))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


@functools.lru_cache(maxsize=None)
def anchors(path: Path) -> frozenset[str]:
    """The ids (and ``<a name>``s) of an HTML file: the targets a ``#fragment`` can name."""
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def broken_links(links: list[str], base_url: str, root: Path) -> list[str]:
    """The links under ``base_url`` whose file under ``root``, or whose ``#anchor`` in it, does not exist."""
    broken = []
    for link in links:
        if not link.startswith(base_url):
            continue
        address, fragment = urldefrag(link)
        target = root / unquote(urlsplit(address).path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{link} (no file {target.relative_to(root)})")
        elif fragment and target.suffix == ".html" and unquote(fragment) not in anchors(target):
            broken.append(f"{link} (no anchor #{unquote(fragment)} in {target.relative_to(root)})")
    return broken


def pages(html: Path) -> list[Path]:
    """Every HTML page of a built book (not the copies of sources or static files)."""
    return sorted(p for p in html.rglob("*.html") if not {"_static", "_sources", "_images"} & set(p.parts))


def main(argv: list[str] | None = None) -> int:
    html = Path((argv or sys.argv[1:] or ["_build/html"])[0]).resolve()
    executable = find_chromium()
    if not executable:
        print("no Chromium found (set $CHROMIUM or install the Debian package chromium)")
        return 2
    problems = 0
    with serve(html) as base, Chromium(executable) as browser:
        print(browser.version)
        for page in pages(html):
            rel = page.relative_to(html).as_posix()
            report = inspect_page(browser, base + rel)
            issues = (report["console"] + [f"image not loaded: {s}" for s in report["brokenImages"]]
                      + [f"math not typeset: {m}" for m in report["untypeset"]]
                      + [f"MathJax error: {m}" for m in report["mathErrors"]]
                      + [f"offsite request: {u}" for u in report["offsite"]]
                      + [f"broken link: {b}" for b in broken_links(report["links"], base, html)])
            problems += len(issues)
            print(f"{rel}: {report['images']} images, {report['math']} equations, "
                  f"{len(report['exercises'])} exercises, {len(issues)} problems")
            for issue in issues:
                print(f"    {issue}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
