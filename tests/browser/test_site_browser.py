"""The built site in a real browser (Debian's headless chromium): navigation, Chinese search
from inside a sentence (Simplified and Traditional), the org chart drawn, and not a single
request leaving 127.0.0.1.

Screenshots go to tests/artifacts/site/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from handbook import paths
from handbook.chinese import to_traditional
from handbook.templates import TemplateSet
from handbook.writers.context import WriterContext
from handbook.writers.site import write, write_landing
from support.trees import small_document

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "site"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)",
)
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


class _Handler(SimpleHTTPRequestHandler):
    served: list[str] = []

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        _Handler.served.append(self.path)


@pytest.fixture(scope="module")
def out_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    hb = root / "handbook"
    hb.mkdir()
    ctx = WriterContext(handbook_dir=hb, templates=TemplateSet(hb), out_root=root / "out",
                        work_dir=root / "work")
    docs = [small_document(), to_traditional(small_document("zh-TW", "hkmo"))]
    for doc in docs:
        write(doc, ctx.out_root / paths.artifact_path(doc.meta, "site"), ctx)
    write_landing(docs, ctx.out_root)
    return ctx.out_root


@pytest.fixture(scope="module")
def base_url(out_root: Path) -> Iterator[str]:
    handler = functools.partial(_Handler, directory=str(out_root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1280,900",
                 # a request for any other host fails instead of reaching the internet; it is
                 # still recorded in the performance log, which the test inspects
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def shot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def search(driver: Any, word: str) -> Any:
    """Type `word` into the search box and return the first result's link."""
    wait = WebDriverWait(driver, 15)
    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    box.click()
    box.send_keys(word)
    wait.until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, ".md-search-result__list .md-search-result__item a")))
    return driver.find_element(By.CSS_SELECTOR,
                               ".md-search-result__list .md-search-result__item a")


def test_reader_journey_stays_on_localhost(browser: Any, base_url: str) -> None:
    wait = WebDriverWait(browser, 15)
    requested_urls(browser)  # drop anything logged before this test

    browser.get(base_url + "index.html")
    assert "全国版" in browser.page_source and "港澳大區" in browser.page_source
    shot(browser, "0-landing")
    browser.find_element(By.LINK_TEXT, "全国版").click()
    wait.until(ec.url_contains("/editions/base/index.html"))
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text.startswith("销售管理手册")
    shot(browser, "1-home")

    # nav: the chapter tab, then the role page in the sidebar
    browser.find_element(By.CSS_SELECTOR, ".md-tabs").find_element(
        By.LINK_TEXT, "岗位说明书").click()
    wait.until(ec.url_contains("/roles/index.html"))
    browser.find_element(By.CSS_SELECTOR, ".md-sidebar--primary").find_element(
        By.LINK_TEXT, "销售代表").click()
    wait.until(ec.url_contains("/roles/role-sales-rep.html"))
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text.startswith("销售代表")
    assert browser.find_element(By.CSS_SELECTOR, "a.hb-download-pdf").get_attribute(
        "href").endswith("/downloads/base/HX-YX-001-v1.1.pdf")
    shot(browser, "2-role")
    browser.find_element(By.CSS_SELECTOR, "details.hb-editions > summary").click()
    switch = browser.find_element(By.CSS_SELECTOR, "details.hb-editions").find_element(
        By.LINK_TEXT, "港澳大区")
    assert switch.is_displayed()
    assert switch.get_attribute("href").endswith("/editions/hkmo/index.html")
    shot(browser, "2-role-editions")
    browser.find_element(By.CSS_SELECTOR, "details.hb-editions > summary").click()

    # search a word that only appears inside a rule article's sentence
    first = search(browser, "倾销")
    assert "rule-anti-cross-selling.html" in first.get_attribute("href")
    shot(browser, "3-search")
    first.click()
    wait.until(ec.url_contains("/rules/rule-anti-cross-selling.html"))
    assert "严禁低价倾销" in browser.find_element(By.ID, "rule-anti-cross-selling-1").text
    shot(browser, "4-rule")

    # the org chart is drawn: an inline SVG with boxes that link to the role pages
    browser.get(base_url + "editions/base/departments/index.html")
    svg = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "figure.hb-diagram svg")))
    assert svg.size["width"] > 50 and svg.size["height"] > 50
    nodes = svg.find_elements(By.CSS_SELECTOR, "g.node")
    assert len(nodes) == 3 and {n.text for n in nodes} >= {"销售总监", "销售代表"}
    shot(browser, "5-org-chart")

    # the Traditional Chinese edition: search finds a word inside a sentence too
    browser.get(base_url + "editions/hkmo/index.html")
    first = search(browser, "傾銷")
    assert "rule-anti-cross-selling.html" in first.get_attribute("href")
    WebDriverWait(browser, 5).until(lambda d: first.is_displayed())
    shot(browser, "6-search-zh-TW")

    urls = requested_urls(browser)
    assert any(u.endswith("/editions/base/search/search_index.json") for u in urls)
    assert any(u.endswith("/editions/hkmo/search/search_index.json") for u in urls)
    outside = [u for u in urls
               if not u.startswith((base_url, "data:", "blob:", "about:"))]
    assert outside == []
    assert any("search_index.json" in p for p in _Handler.served)
