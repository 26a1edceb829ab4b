"""Start-up and memory of the app: time until it answers, and the backend's resident
memory idle and with 10 signed-in browser pages open.

    .venv/bin/python bench/app.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.apprunner import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402

PAGES = 10


def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="sbm-bench-")) / "data"
    started = time.perf_counter()
    app = start_app(data_dir)
    print(f"app start (setup + build + serve): {time.perf_counter() - started:.1f} s")
    try:
        time.sleep(2)
        print(f"backend RSS idle: {app.backend_rss_mb():.0f} MB")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(base_url=app.url)
            first = context.new_page()
            first.goto("/login")
            first.get_by_test_id("try-demo").click()
            first.get_by_test_id("system-panel").wait_for()
            pages = [first]
            for _ in range(PAGES - 1):
                page = context.new_page()
                page.goto("/")
                page.get_by_test_id("system-panel").wait_for()
                pages.append(page)
            time.sleep(2)
            print(f"backend RSS with {PAGES} pages open: {app.backend_rss_mb():.0f} MB")
            browser.close()
    finally:
        app.stop()


if __name__ == "__main__":
    main()
