#!/usr/bin/env python3
"""Drives the site `voiperr site` wrote in a real browser: headless Chromium
through Selenium (chromium and chromium-driver from Debian, selenium from
PyPI; scripts/test installs them).

usage: browser.py SITE_DIR [SCREENSHOT_DIR]

Loads the index from file://, types a misspelled reason into the search box,
follows the first result with Enter and checks the reason page shows the
HTTP code and what the server does; checks keyboard access and `lang`; loads
every page and fails on any console error or external request. With
SCREENSHOT_DIR, saves the index and one reason page at 390 and 1280 px wide.
Prints one line per check and `N passed, M failed`; exits 1 on any failure.
"""
import os
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

SITE = pathlib.Path(sys.argv[1]).resolve()
SHOTS = pathlib.Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))


def browser(width):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},900", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def url(path):
    return (SITE / path).as_uri()


def console_errors(driver):
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def external_requests(driver):
    """Requests the page made to anything but file://."""
    import json
    found = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            target = message["params"]["request"]["url"]
            if not target.startswith(("file://", "data:")):
                found.append(target)
    return found


def search_and_follow(driver):
    driver.get(url("index.html"))
    check("index has lang=en", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    check("index has one h1", len(driver.find_elements(By.TAG_NAME, "h1")) == 1)
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    check("the first Tab reaches the skip link", focused.text == "Skip to content", focused.text)
    box = driver.find_element(By.ID, "search")
    box.send_keys("CALL_NOT_FOUNT")
    WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results a"))
    first = driver.find_element(By.CSS_SELECTOR, "#results a")
    check("a misspelled reason finds it first", first.text == "CALL_NOT_FOUND", first.text)
    box.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(ec.url_contains("reasons/CALL_NOT_FOUND.html"))
    text = driver.find_element(By.TAG_NAME, "main").text
    check("the reason page shows its HTTP code", "404 NOT_FOUND" in text, text[:200])
    check("the reason page shows what the server does",
          "What the server does" in text and "403 PERMISSION_DENIED" in text, text[:400])
    driver.get(url("index.html"))
    box = driver.find_element(By.ID, "search")
    box.send_keys("call alredy ended")
    WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results a"))
    names = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#results a")][:5]
    check("words with a typo find the reason explain would", "CALL_ALREADY_HANGUP" in names, names)


def every_page(driver):
    pages = sorted(SITE.rglob("*.html"))
    bad = []
    for page in pages:
        driver.get(page.as_uri())
        errors = console_errors(driver)
        outside = external_requests(driver)
        if errors or outside:
            bad.append((page.relative_to(SITE), errors, outside))
    check(f"no console error or external request on any of {len(pages)} pages", not bad, bad[:5])


def screenshots(width):
    driver = browser(width)
    try:
        for name, path in (("index", "index.html"), ("reason", "reasons/CALL_NOT_FOUND.html")):
            driver.get(url(path))
            if name == "index":
                driver.find_element(By.ID, "search").send_keys("CALL_NOT_FOUNT")
                WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results a"))
            target = SHOTS / f"site-{name}-{width}.png"
            check(f"screenshot {target.name}", driver.save_screenshot(str(target)))
            # Nothing is wider than the screen on a phone.
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            check(f"{name} at {width}px has no sideways scroll", overflow <= 0, overflow)
    finally:
        driver.quit()


def main():
    driver = browser(1280)
    try:
        search_and_follow(driver)
        every_page(driver)
    finally:
        driver.quit()
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width in (390, 1280):
            screenshots(width)
    failed = results.count(False)
    print(f"{results.count(True)} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
