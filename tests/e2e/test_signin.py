"""Sign-in against a real OpenID Connect provider (oidc-provider-mock) on 127.0.0.1.

The provider's login form takes any subject; its `email` claim is the subject typed. Ben is a
manager, Dora a director; the canary is another manager's biggest account, which Ben must not
find on any page, download, PDF or deck, nor reach by a link.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from kam_core.store import people
from tests.e2e.conftest import SCREENSHOTS, _free_port, start_app, wait_until_idle

BEN, DORA, STRANGER = "ben@example.com", "dora@example.com", "eve@example.com"
IVY = "ivy@example.com"  # on the list, but her provider has not verified her email
SIGNED_IN_PAGES = ("overview", "ranking", "account_trend", "screening", "targets", "stock_risk",
                   "promotions", "service", "payouts", "brief", "my_week", "journal")  # fmt: skip


def _secrets(folder: Path, app_port: int, provider_port: int) -> Path:
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "a-test-secret-of-no-value-anywhere-else"\n'
        'client_id = "kam-dashboard"\n'
        'client_secret = "kam-dashboard-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"\n'
    )
    return path


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """oidc-provider-mock on 127.0.0.1; yields its port."""
    port = _free_port()
    log = tmp_path_factory.mktemp("provider") / "provider.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError(f"the provider did not start; log:\n{log.read_text()}")
    yield port
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def company(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A copy of the demo with its users; (database, canary id, canary name)."""
    db = tmp_path_factory.mktemp("signin") / "kam.duckdb"
    shutil.copyfile(demo_db, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        canary = con.sql(
            "select a.account_id, a.name from accounts a join sales s using (account_id) "
            "where a.manager <> 'Ben Okafor' group by all order by sum(s.revenue) desc limit 1"
        ).fetchall()[0]
    finally:
        con.close()
    users = pd.DataFrame(
        {
            "email": [BEN, DORA, IVY],
            "role": ["manager", "director", "manager"],
            "manager": ["Ben Okafor", None, "Ben Okafor"],
        }
    )
    people.save_users(db, users, "test")
    return db, str(canary[0]), str(canary[1])


@pytest.fixture(scope="module")
def app_url(
    company: tuple[Path, str, str], provider: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("signin-app")
    port = _free_port()
    secrets = _secrets(folder, port, provider)
    process, url = start_app(
        company[0], folder / "streamlit.log", port, ("--secrets.files", str(secrets))
    )
    yield url
    process.terminate()
    process.wait(timeout=10)


def _sign_in(browser: object, url: str, email: str) -> object:
    # A context of its own (not browser.new_page's), in which more pages may open signed in.
    context = browser.new_context(viewport={"width": 1440, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("input[name=sub]", timeout=30_000)
    page.fill("input[name=sub]", email)
    page.get_by_role("button", name="Authorize").click()
    wait_until_idle(page)
    return page


@pytest.fixture(scope="module")
def ben(browser: object, app_url: str) -> Iterator[object]:
    """Ben signed in once for the tests that only read as him: a browser context holding his
    cookie, in which each test opens its own pages. Signing out has a sign-in of its own."""
    context = _sign_in(browser, app_url, BEN).context  # type: ignore[attr-defined]
    yield context
    context.close()


def _as_ben(ben: object, url: str) -> object:
    page = ben.new_page()  # type: ignore[attr-defined]
    page.goto(url)
    wait_until_idle(page)
    return page


def test_a_manager_signs_in_and_sees_only_their_accounts(
    ben: object, app_url: str, company: tuple[Path, str, str]
) -> None:
    db, account, name = company
    page = _as_ben(ben, app_url)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "signin_manager.png"))
    assert BEN in page.inner_text("[data-testid=stSidebar]")
    assert "Data" not in [
        a.inner_text() for a in page.query_selector_all("[data-testid=stSidebarNavLink]")
    ]
    for path in SIGNED_IN_PAGES:
        page.goto(f"{app_url}/{path}")
        wait_until_idle(page)
        assert name not in page.content(), path
        assert "Page not found" not in page.content(), path
    page.goto(f"{app_url}/brief?account={account}")
    wait_until_idle(page)
    assert f"{account} is not one of your accounts" in page.inner_text("[data-testid=stMain]")
    assert name not in page.content()
    assert "sign in" in set(people.audit(db)["what"])


def test_a_managers_downloads_hold_none_of_another_managers_accounts(
    ben: object, app_url: str, company: tuple[Path, str, str]
) -> None:
    db, account, name = company
    page = _as_ben(ben, app_url)
    files = {}
    for path, button in (("ranking", "Download CSV"), ("overview", "Download CSV")):
        page.goto(f"{app_url}/{path}")
        wait_until_idle(page)
        with page.expect_download() as download:
            page.get_by_role("button", name=button).first.click()
        files[path] = Path(download.value.path()).read_bytes()
    page.goto(f"{app_url}/brief")
    wait_until_idle(page)
    page.get_by_role("combobox", name="Account").first.click()
    page.get_by_role("option").first.click()
    wait_until_idle(page)
    for button in ("Download PDF brief", "Download meeting deck"):
        with page.expect_download() as download:
            page.get_by_role("button", name=button).click()
        files[button] = Path(download.value.path()).read_bytes()

    for label, content in files.items():
        text = _text_of(content)
        assert name not in text and account not in text, label
    assert {"download"} <= set(people.audit(db)["what"])


def _text_of(content: bytes) -> str:
    """The text a file holds: a deck's slides unzipped, a PDF's pages read, else as bytes."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as deck:
            return " ".join(deck.read(n).decode("utf-8", "replace") for n in deck.namelist())
    if content[:4] == b"%PDF":
        from pypdf import PdfReader

        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", "replace")


def test_a_director_sees_every_account(
    browser: object, app_url: str, company: tuple[Path, str, str]
) -> None:
    _, account, name = company
    page = _sign_in(browser, app_url, DORA)

    page.goto(f"{app_url}/brief?account={account}")
    wait_until_idle(page)

    assert name in page.inner_text("[data-testid=stMain]")


def test_an_unknown_email_is_told_whom_to_ask_and_sees_no_data(
    browser: object, app_url: str, company: tuple[Path, str, str]
) -> None:
    page = _sign_in(browser, app_url, STRANGER)

    main = page.inner_text("[data-testid=stMain]")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "signin_stranger.png"))
    assert "not on the list of people who may see the data" in main
    assert DORA in main
    assert company[2] not in page.content()
    assert not page.query_selector_all("[data-testid=stSidebarNavLink]")


def test_an_email_the_provider_has_not_verified_is_refused_even_on_the_list(
    browser: object, app_url: str, provider: int, company: tuple[Path, str, str]
) -> None:
    claims = json.dumps({"email": IVY, "email_verified": False}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{provider}/users/{IVY}", data=claims, method="PUT",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10):
        pass  # the provider now vouches for her sign-in but says her email is unverified

    page = _sign_in(browser, app_url, IVY)

    main = page.inner_text("[data-testid=stMain]")
    assert f"has not verified the email {IVY}" in main
    assert company[2] not in page.content()
    assert not page.query_selector_all("[data-testid=stSidebarNavLink]")


def test_signing_out_returns_to_the_sign_in_page(browser: object, app_url: str) -> None:
    page = _sign_in(browser, app_url, BEN)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)  # the provider's sign-out
    page.get_by_role("button", name="End session").click()  # it sends us back to the app
    page.wait_for_url(f"{app_url}/**", timeout=30_000)
    wait_until_idle(page)

    assert page.get_by_role("button", name="Sign in").is_visible()
    assert BEN not in page.content()


@pytest.mark.parametrize("path", ["data", "brief?account={account}", "ranking"])
def test_nobody_signed_in_reaches_no_page_by_a_link(
    browser: object, app_url: str, company: tuple[Path, str, str], path: str
) -> None:
    _, account, name = company
    page = browser.new_page()  # type: ignore[attr-defined]

    page.goto(f"{app_url}/{path.format(account=account)}")
    wait_until_idle(page)

    assert page.get_by_role("button", name="Sign in").is_visible()
    assert name not in page.content()
    assert not page.query_selector_all("[data-testid=stSidebarNavLink]")


def test_a_provider_that_refuses_sends_the_person_back_to_a_page_that_says_what_to_do(
    browser: object, app_url: str
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(app_url)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("input[name=sub]", timeout=30_000)

    page.get_by_role("button", name="Deny").click()
    page.wait_for_url(f"{app_url}/**", timeout=30_000)
    wait_until_idle(page)

    main = page.inner_text("[data-testid=stMain]")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "signin_page.png"))
    assert "If the sign-in service refused you" in main
    assert "Authentication error" not in page.content()


def test_a_provider_that_is_down_gets_a_clear_page(
    browser: object, company: tuple[Path, str, str], tmp_path: Path
) -> None:
    port = _free_port()
    secrets = _secrets(tmp_path, port, _free_port())  # nobody listens on the provider's port
    process, url = start_app(
        company[0], tmp_path / "streamlit.log", port, ("--secrets.files", str(secrets))
    )
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(url)
        wait_until_idle(page)
        main = page.inner_text("[data-testid=stMain]")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "signin_provider_down.png"))
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert "The sign-in service (127.0.0.1:" in main
    assert "does not answer" in main
    assert "Authentication error" not in main
