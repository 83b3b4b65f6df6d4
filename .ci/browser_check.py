#!/usr/bin/env python3
"""Loads a release's index.html in headless Chromium and checks it.

    .ci/browser_check.py RELEASE_DIR [--screenshot PNG]

Fails (exit 1) when the page logs anything to the console (it has no script,
so any message is an error or a Content-Security-Policy violation), when it
makes any request of its own (the page is served from a local server that is
also the browser's proxy, so every request is seen, whether to this host or
another; the page's requests carry it as Referer, the browser's own update
checks do not), or when its `data-event-id` marks are not exactly
the events of `events.jsonl` (one mark each). Exit 3: no Chromium found
(set TALLY_BROWSER to its path). Python standard library only.
"""

import argparse
import html.parser
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


def find_browser():
    named = os.environ.get("TALLY_BROWSER")
    if named:
        return shutil.which(named) or (named if os.path.exists(named) else None)
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


class Marks(html.parser.HTMLParser):
    """Every element carrying data-event-id, in document order."""

    def __init__(self):
        super().__init__()
        self.ids = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "data-event-id":
                self.ids.append(value)


def serve(directory, requests):
    """A server for the release directory that records every request it gets,
    as a web server or as the browser's proxy (absolute URLs, CONNECT)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, *args):
            pass

        def do_GET(self):
            # Through the proxy the path is an absolute URL; this server's own
            # URLs are served, any other host is refused.
            local = f"http://{self.server_name_port}"
            if self.path.startswith(local + "/"):
                self.path = self.path[len(local):]
            requests.append((self.path, self.headers.get("Referer")))
            if "://" in self.path:
                self.send_error(403, "no network")
                return
            super().do_GET()

        def do_CONNECT(self):
            requests.append((f"CONNECT {self.path}", self.headers.get("Referer")))
            self.send_error(403, "no network")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.server_name_port = f"127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_browser(browser, args, url, profile, timeout=120):
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={profile}",
        *args,
        url,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def console_lines(stderr):
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("release", help="a release directory (holding index.html and events.jsonl)")
    parser.add_argument("--screenshot", help="where to save a PNG of the page")
    args = parser.parse_args()

    browser = find_browser()
    if not browser:
        print("browser check skipped: no Chromium found (install chromium or set TALLY_BROWSER)")
        return 3
    release = os.path.abspath(args.release)
    with open(os.path.join(release, "events.jsonl"), encoding="utf-8") as f:
        events = [json.loads(line)["id"] for line in f if line.strip()]

    requests = []
    server = serve(release, requests)
    port = server.server_address[1]
    url = f"http://127.0.0.1:{port}/index.html"
    proxy = [f"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>"]
    problems = []
    with tempfile.TemporaryDirectory() as profile:
        result = run_browser(browser, [*proxy, "--dump-dom"], url, profile)
        if result.returncode != 0 or "<html" not in result.stdout:
            problems.append(f"the browser did not render the page (exit {result.returncode}): {result.stderr[-2000:]}")
        problems += [f"console: {line}" for line in console_lines(result.stderr)]
        dom = result.stdout
        if args.screenshot:
            shot = os.path.abspath(args.screenshot)
            os.makedirs(os.path.dirname(shot), exist_ok=True)
            result = run_browser(
                browser,
                [*proxy, f"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars"],
                url,
                profile,
            )
            if result.returncode != 0 or not os.path.exists(shot):
                problems.append(f"no screenshot (exit {result.returncode}): {result.stderr[-2000:]}")
            problems += [f"console: {line}" for line in console_lines(result.stderr)]
    server.shutdown()

    # What the page asked for carries its address as Referer; the browser's
    # own traffic (update checks, the favicon it looks for) does not.
    page_requests = [path for path, referer in requests if referer]
    problems += [f"the page requested {path} (it must be self-contained)" for path in page_requests]
    if ("/index.html", None) not in requests:
        problems.append("the browser never asked for the page")
    marks = Marks()
    marks.feed(dom)
    if sorted(marks.ids) != sorted(events):
        missing = sorted(set(events) - set(marks.ids))
        unknown = sorted(set(marks.ids) - set(events))
        problems.append(
            f"{len(marks.ids)} data-event-id mark(s) for {len(events)} event(s); "
            f"missing {missing[:5]}, not events {unknown[:5]}"
        )
    if problems:
        for p in problems:
            print(f"{release}/index.html: {p}", file=sys.stderr)
        return 1
    shot = f", screenshot {args.screenshot}" if args.screenshot else ""
    print(f"{release}/index.html: rendered by {os.path.basename(browser)}, no console message, no request of its own "
          f"(only the page was fetched), {len(marks.ids)} event marks = {len(events)} events{shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
