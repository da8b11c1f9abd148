"""Every page a browser test reaches is saved as a screenshot, to be looked at
(test-results/screenshots/<test>/<n>-<path>.png; the folder is not committed)."""

from __future__ import annotations

import io
import os
import re
import sqlite3
import warnings
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Page

SCREENSHOTS = Path(os.environ.get("SUIVI_SCREENSHOTS", "test-results/screenshots"))


@pytest.fixture(autouse=True)
def _screenshot_every_page(request, monkeypatch):
    folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", request.node.name)[:120]
    counter = iter(range(1, 10_000))
    original_goto, original_wait = Page.goto, Page.wait_for_url

    def save(page: Page) -> None:
        try:
            path = urlparse(page.url).path.strip("/") or "home"
            lang = page.get_attribute("html", "lang") or ""
            width = (page.viewport_size or {}).get("width", 0)
            slug = re.sub(r"[^\w-]+", "_", path)[:60]
            name = f"{next(counter):02d}-{lang}-{width}-{slug}.png"
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / name), full_page=True)
        except Exception as error:  # a screenshot never fails a test
            warnings.warn(f"no screenshot of {page.url}: {error}", stacklevel=2)

    def goto(self, *args, **kwargs):
        response = original_goto(self, *args, **kwargs)
        save(self)
        return response

    def wait_for_url(self, *args, **kwargs):
        result = original_wait(self, *args, **kwargs)
        save(self)
        return result

    monkeypatch.setattr(Page, "goto", goto)
    monkeypatch.setattr(Page, "wait_for_url", wait_for_url)


_demo_snapshot: sqlite3.Connection | None = None


@pytest.fixture
def demo(transactional_db, live_server):
    """The Amuddu demo in the test database, through `load_demo` as users get it.

    A load takes 15–20 s and the tours need it twenty times: on SQLite the first
    load is kept as a copy of the in-memory database (SQLite's backup API) and
    copied back, page for page, before each later test — the same rows, in
    milliseconds. Each test still ends with the database emptied.
    """
    global _demo_snapshot
    if connection.vendor != "sqlite":
        call_command("load_demo", stdout=io.StringIO())
        return
    connection.ensure_connection()
    database = connection.connection
    if _demo_snapshot is None:
        call_command("load_demo", stdout=io.StringIO())
        _demo_snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        database.backup(_demo_snapshot)
    else:
        _demo_snapshot.backup(database)
