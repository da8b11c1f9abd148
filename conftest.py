"""Shared test configuration: Chromium for Playwright, common fixtures."""

import os

import pytest

# pytest-playwright runs an event loop in the test thread; Django's ORM calls
# from the same thread (live_server tests) are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("SUIVI_CHROMIUM", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def _clear_memory_log():
    from suivi.core.logging import MemoryHandler

    MemoryHandler.records.clear()
    yield
