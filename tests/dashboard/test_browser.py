"""The dashboard in a real browser: Debian's headless Chromium, driven through its
WebDriver (``chromium-driver``, installed by ``.ci/system-deps.sh``), against a real
headquarters on loopback holding data pushed as a device pushes it."""

from __future__ import annotations

import base64
import io
import shutil
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from contract.protocol import PushRequest
from server.core import accounts
from server.core.db import write_transaction
from server.dashboard.views import LIMA
from server.sync.apply import push
from tests.dashboard.support import ADMIN, ANALYST, CommitteeOps, create_staff, xlsx_rows
from tests.sync.conftest import _serve

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 20.0


@pytest.fixture
def headquarters(tmp_path: Path) -> Iterator[Any]:
    from server.core.settings import Settings
    from server.main import create_app

    data = tmp_path / "hq"
    app = create_app(Settings(database_url=f"sqlite:///{data / 'hq.sqlite'}", data_dir=data))
    server, thread, port = _serve(app)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT
    while True:
        try:
            if httpx.get(f"{url}/api/v1/info", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    app.state.url = url
    try:
        yield app
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    assert shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER), \
        "Debian's chromium and chromium-driver are missing: run .ci/system-deps.sh"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1366,900", "--lang=es-PE"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {
        "behavior": "allow", "downloadPath": str(tmp_path / "descargas"),
        "eventsEnabled": False})
    try:
        yield driver
    finally:
        driver.quit()


def lima_today() -> date:
    """The dashboard's default reference date: today in Lima (not the machine's UTC day)."""
    return datetime.now(LIMA).date()


def seed(app: Any) -> CommitteeOps:
    engine = app.state.engine
    create_staff(engine)
    with write_transaction(engine) as conn:
        code, _ = accounts.create_enrollment_code(conn, "PE-UCA", ["CDRPETI UCAYALI"])
        device, _, _ = accounts.enroll(conn, code, "Secretaría Ucayali")
    committee = CommitteeOps("PE-UCA", "cdrpeti", acronym="CDRPETI UCAYALI")
    seat = committee.seat("DRTPE", is_presidency=1)
    today = lima_today().isoformat()
    session = committee.session(today, attended={seat: "titular"})
    committee.agreement(session, 1, deadline_end="2020-01-31", responsible="DRTPE")
    push(engine, device, PushRequest.model_validate({"cursor": 0,
                                                     "operations": committee.ops}))
    return committee


def sign_in(driver: webdriver.Chrome, who: tuple[str, str]) -> None:
    driver.find_element(By.ID, "usuario").send_keys(who[0])
    driver.find_element(By.ID, "clave").send_keys(who[1])
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".ingreso button"),
                    "la respuesta al ingreso")


def submit_and_wait(driver: webdriver.Chrome, button: Any, what: str) -> None:
    """Click, then wait until a new document has loaded (the marker left on the old one is
    gone), so that no lookup reads the page being replaced."""
    driver.execute_script("window.sesionaOldPage = true;")
    button.click()
    wait_until(driver, lambda d: d.execute_script(
        "return !window.sesionaOldPage && document.readyState === 'complete';"), what)


def wait_until(driver: webdriver.Chrome, condition: Any, what: str) -> None:
    # While a page is being replaced, the driver may answer with a transient error.
    WebDriverWait(driver, WAIT, ignored_exceptions=(WebDriverException,)).until(
        condition, f"{what} (en {driver.current_url}: {driver.title})")


def wait_for_file(path: Path) -> bytes:
    deadline = time.monotonic() + WAIT
    while not path.exists() or path.with_name(path.name + ".crdownload").exists():
        assert time.monotonic() < deadline, f"{path.name} was not downloaded"
        time.sleep(0.1)
    return path.read_bytes()


def test_staff_use_the_dashboard_in_chromium(headquarters, browser, tmp_path):
    seed(headquarters)
    url = headquarters.state.url
    browser.get(f"{url}/panel/")
    assert "/panel/ingresar" in browser.current_url  # no session: the login form

    sign_in(browser, (ADMIN[0], "una-clave-equivocada"))
    assert "Usuario o contraseña incorrectos." in \
        browser.find_element(By.CSS_SELECTOR, ".error").text
    sign_in(browser, ADMIN)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Estado situacional de los comités"
    row = browser.find_element(By.XPATH, "//section[@id='estado-situacional']"
                                         "//tr[td[1]='Ucayali']")
    assert row.find_elements(By.TAG_NAME, "td")[1].text == "Activo"
    other = browser.find_element(By.XPATH, "//section[@id='estado-situacional']"
                                           "//tr[td[1]='Cusco']")
    assert other.find_elements(By.TAG_NAME, "td")[1].text == "Sin información"

    # The .xlsx export, downloaded by the browser and read back.
    browser.find_element(By.CSS_SELECTOR, "#estado-situacional a[href$='.xlsx']").click()
    rows = xlsx_rows(wait_for_file(tmp_path / "descargas" / "estado-situacional.xlsx"))
    assert rows[0][0] == "Región" and len(rows) == 27
    ucayali = next(r for r in rows if r[0] == "Ucayali")
    assert ucayali[1] == "Activo" and ucayali[2] == lima_today().strftime("%d/%m/%Y")

    # Drill down to the committee and its acta.
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, "CDRPETI UCAYALI"),
                    "abrir el comité")
    assert "/panel/comites/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "Comité cdrpeti PE-UCA"
    overdue = browser.find_element(By.XPATH, "//section[@id='acuerdos']//tbody/tr")
    assert overdue.find_elements(By.TAG_NAME, "td")[-1].text == "Sí"
    # The acta, fetched by the page itself (with the browser's session cookie): Chromium's
    # PDF viewer is not part of the page, so its bytes are read back here.
    acta = browser.find_element(By.LINK_TEXT, "Acta (PDF)")
    fetched = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status,"
        " r.headers.get('content-type'), btoa(String.fromCharCode(...new Uint8Array(b)))])));",
        acta.get_attribute("href"))
    status, content_type, encoded = fetched
    assert (status, content_type) == (200, "application/pdf")
    pdf = PdfReader(io.BytesIO(base64.b64decode(encoded)))
    assert "ACTA DE LA SESIÓN ORDINARIA N° 1" in pdf.pages[0].extract_text()

    # An analyst reads, and is refused when trying to write.
    browser.get(f"{url}/panel/")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".salir button"),
                    "cerrar sesión")
    assert "/panel/ingresar" in browser.current_url
    sign_in(browser, ANALYST)
    browser.get(f"{url}/panel/equipos")
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action='/panel/equipos/codigo']")
    # The write an administrator makes here, forged into the analyst's page.
    browser.execute_script(
        "const form = document.createElement('form');"
        "form.method = 'post'; form.action = '/panel/equipos/codigo';"
        "for (const [name, value] of [['csrf', arguments[0]], ['region', 'PE-CUS']]) {"
        "  const input = document.createElement('input');"
        "  input.type = 'hidden'; input.name = name; input.value = value;"
        "  form.appendChild(input); }"
        "const button = document.createElement('button');"
        "button.id = 'forjado'; button.type = 'submit'; button.textContent = 'Generar';"
        "form.appendChild(button); document.body.appendChild(form);",
        browser.find_element(By.CSS_SELECTOR, ".salir input[name=csrf]").get_attribute("value"))
    submit_and_wait(browser, browser.find_element(By.ID, "forjado"),
                    "el envío del formulario del analista")
    assert browser.current_url.endswith("/panel/equipos/codigo")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Acceso denegado"
    assert "solo la puede realizar un administrador" in \
        browser.find_element(By.CSS_SELECTOR, ".error").text


def test_the_pages_fit_a_phone(headquarters, browser):
    seed(headquarters)
    browser.set_window_size(390, 844)
    browser.get(f"{headquarters.state.url}/panel/ingresar")
    sign_in(browser, ANALYST)
    for path in ("/panel/", "/panel/planes", "/panel/equipos"):
        browser.get(headquarters.state.url + path)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth;")
        assert overflow <= 0, f"{path} scrolls sideways on a phone ({overflow}px)"
