"""The pages in a real headless Chromium (Debian's, never a downloaded one) against a live
server: one system on a SQLite file with a small deterministic demo history and the demo cast
of `make run` (known passwords), served by uvicorn in a background thread for the whole
session. Every page records JavaScript errors, CSP violations and broken requests, and a test
that produced one fails: that is what proves the CSP and the htmx configuration work together.

Without /usr/bin/chromium the tests are skipped locally and fail under CI=true."""

from __future__ import annotations

import itertools
import os
import socket
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
import uvicorn
from argon2 import PasswordHasher
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    Playwright,
    Request,
    Response,
    sync_playwright,
)

from application import accounts, inputs
from application.commands import Actor, CommandContext, context
from application.demo import load_demo
from application.infrastructure.settings import Settings
from application.system import System
from cli.main import COMMUNE_ROLES, DEMO_USERS
from domain.dates import VIETNAM
from tests.api.client import registration, survey
from web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-extensions",
    "--no-first-run",
]
# `make screenshots` points this at docs/screenshots; a plain test run writes no tracked file.
SCREENSHOTS = Path(os.environ.get("GIAMNGHEO_SCREENSHOTS") or tempfile.gettempdir()) / (
    "" if os.environ.get("GIAMNGHEO_SCREENSHOTS") else "giamngheo-screenshots"
)
PASSWORD = "mật-khẩu-thử-2026"
DEMO_HOUSEHOLDS = 30
DEMO_SEED = 2022
# Username of each role, as `make run` creates them (cli.main.DEMO_USERS).
USERNAMES = {role: username for username, role in DEMO_USERS}
# What a browser reports that is not a fault of the page: a deliberate 401/404/422 answer
# (checked through the responses instead) and a request cut short by the next navigation.
EXPECTED_CONSOLE = "Failed to load resource: the server responded with a status of 4"
ABORTED = "net::ERR_ABORTED"
SUBRESOURCES = frozenset({"script", "stylesheet", "image", "font"})


@dataclass(frozen=True)
class Site:
    """The live server and what the tests may rely on in it."""

    url: str
    system: System
    commune: str  # the caseworker's commune, the one with the most demo households

    def as_caseworker(self) -> CommandContext:
        """A command of the caseworker, for what a test records behind the pages' back."""
        return context(Actor(USERNAMES["caseworker"], "caseworker", self.commune))


def busiest_commune(system: System) -> str:
    communes = Counter(
        system.households.current_commune(household)
        for household in system.households.list_registered()
    )
    return communes.most_common(1)[0][0]


def add_cast(system: System, commune: str) -> None:
    """The caseworker and the chairman work in `commune`, the others city-wide, all with
    PASSWORD, hashed at Argon2id's cheapest cost (verifying follows the stored hash): each
    sign-in is then quick."""
    city = system.areas.registry().province_code
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
        )
        for username, role in DEMO_USERS:
            area = commune if role in COMMUNE_ROLES else city
            system.accounts.add_user(username, role, area, PASSWORD)


def vietnam_today() -> date:
    """Today where the users are, as `make run` shows it: the pages' default dates, and no
    event recorded this morning looks recorded after today."""
    return datetime.now(VIETNAM).date()


def started(server: uvicorn.Server, thread: threading.Thread, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app on its own port of 127.0.0.1, its projections kept current by the embedded
    follower as `make run` does (the app does not start it for a system it was given)."""
    database = tmp_path_factory.mktemp("browser") / "giamngheo.db"
    system = System.open(Settings(database_url=f"sqlite:///{database}"), today=vietnam_today)
    load_demo(system, DEMO_HOUSEHOLDS, DEMO_SEED)
    system.reads.catch_up()
    commune = busiest_commune(system)
    add_cast(system, commune)
    system.reads.follow_in_background()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    app = create_app(system, sign_in_limit="1000/minute")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, daemon=True, name="uvicorn"
    )
    thread.start()
    try:
        assert started(server, thread), "the live server did not start"
        yield Site(f"http://127.0.0.1:{port}", system, commune)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
        system.close()


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {CHROMIUM} is missing (apt-get install chromium)", pytrace=False)
    pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run the browser tests")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    require_chromium()
    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield launched
    finally:
        launched.close()


class Faults:
    """What went wrong in the page while a test drove it."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith(EXPECTED_CONSOLE):
            self.seen.append(f"console: {message.text}")

    def page_error(self, error: Exception) -> None:
        self.seen.append(f"JavaScript error: {error}")

    def request_failed(self, request: Request) -> None:
        failure = request.failure or ""
        if ABORTED not in failure:
            self.seen.append(f"request failed: {request.method} {request.url} ({failure})")

    def response(self, response: Response) -> None:
        broken = response.status >= 500 or (
            response.status >= 400 and response.request.resource_type in SUBRESOURCES
        )
        if broken:
            self.seen.append(f"{response.status} for {response.request.method} {response.url}")


@contextmanager
def watched_page(browser: Browser, site: Site) -> Iterator[tuple[Page, Faults]]:
    """A fresh browser profile (no cookies) reading Vietnamese on a desktop screen, with what
    goes wrong in it recorded."""
    context = browser.new_context(
        base_url=site.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    faults = Faults()
    opened.on("console", faults.console)
    opened.on("pageerror", faults.page_error)
    opened.on("requestfailed", faults.request_failed)
    opened.on("response", faults.response)
    try:
        yield opened, faults
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    """A watched page; the test fails if the page reported a fault."""
    with watched_page(browser, site) as (opened, faults):
        yield opened
    if faults.seen:
        pytest.fail("the page reported faults:\n" + "\n".join(faults.seen), pytrace=False)


def sign_in_as(page: Page, username: str, password: str) -> None:
    """Through the sign-in form, by its Vietnamese labels."""
    page.goto("/login")
    page.get_by_label("Tên đăng nhập", exact=True).fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_load_state()


def signed_in(page: Page, who: str) -> None:
    """The page signed in as the demo user of role `who` (caseworker, supervisor, auditor,
    administrator), on that role's first page."""
    sign_in_as(page, USERNAMES[who], PASSWORD)
    page.wait_for_url(lambda url: "/login" not in url)


def unfolded(page: Page, title: str) -> Locator:
    """The <details> group titled `title` (an event's form on the household page, a form of
    the admin pages), opened."""
    form = page.get_by_role("group").filter(has=page.get_by_text(title, exact=True))
    form.get_by_text(title, exact=True).click()
    return form


def screenshot(page: Page, name: str) -> None:
    """<name>.png under SCREENSHOTS, the whole page, overwritten each run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


# ---- households recorded for a test, through the services (the pages under test come after) --

CODES = (f"TN-{n:04d}" for n in itertools.count(1))


@pytest.fixture
def household(site: Site) -> str:
    """A new household of the caseworker's commune, registered on 2022-01-15 with a head, a
    spouse and a child, and surveyed in the 2022 review (survey `S-2022`, poor) but not yet
    recognised."""
    households = site.system.households
    body = registration(
        household_code=next(CODES), commune_code=site.commune, village="Thôn Đông", address=""
    )
    household_id = str(
        households.register(site.as_caseworker(), inputs.RegisterHousehold.parse(body)).answer["id"]
    )
    written = households.record_survey(
        site.as_caseworker(), household_id, inputs.RecordSurvey.parse(survey(survey_id="S-2022"))
    )
    site.system.reads.wait_for(written.position)
    return household_id


@pytest.fixture
def poor_household(site: Site, household: str) -> str:
    """The household recognised as poor on 2022-12-20 from survey `S-2022`."""
    decision = {"survey_id": "S-2022", "decision_ref": "15/QĐ-UBND", "effective_date": "2022-12-20"}
    written = site.system.households.classify(
        site.as_caseworker(), household, inputs.Classify.parse(decision)
    )
    site.system.reads.wait_for(written.position)
    return household
