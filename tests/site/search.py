#!/usr/bin/env python3
"""The site's search box answers as the command line does, checked in a real
browser (headless Chromium through Selenium).

usage: search.py SITE_DIR VOIPERR QUERIES

For every query of QUERIES (one a line, `#` comments): what the CLI answers,
composed from its JSON, against what the index page's search box lists.

- A request (`POST /calls`, `/calls`, a URL): `voiperr endpoint --json`: the
  routes it names as the server serves them, then their answers; for a route
  the server does not serve, its nearest served routes.
- Anything else: `voiperr explain --json` (the reason; a code's or status's
  reasons; a name's choices; else the suggestions), then the reasons
  `voiperr search` finds that explain did not name, 25 at most.

The box is typed into for each query (as a person would), and the names of
its result links read back. Prints one line per query and `N passed, M
failed`; exits 1 on any failure.
"""
import json
import os
import pathlib
import subprocess
import sys

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

SITE = pathlib.Path(sys.argv[1]).resolve()
VOIPERR = sys.argv[2]
QUERIES = [
    line.strip()
    for line in pathlib.Path(sys.argv[3]).read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
SHOWN = 25


def cli(*args):
    out = subprocess.run([VOIPERR, *args], capture_output=True, text=True)
    return out.returncode, out.stdout


def expected(query):
    code, out = cli("endpoint", "--json", query)
    if code != 2:
        view = json.loads(out)
        if not view["served"]:
            return view["did_you_mean"]
        return view["served_as"] + [a["reason"] for a in view["answers"]]
    _, out = cli("explain", "--json", query)
    entry = json.loads(out)[0]
    names = {
        "reason": lambda e: [e["reason"]],
        "status": lambda e: e["reasons"],
        "ambiguous": lambda e: [c["reason"] for c in e["candidates"]],
        "miss": lambda e: e["suggestions"],
    }[entry["kind"]](entry)
    _, out = cli("search", "--json", query)
    for reason in json.loads(out)["reasons"]:
        if reason["reason"] not in names:
            names.append(reason["reason"])
    return names[:SHOWN]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def typed(driver, query):
    """What the box lists once `query` is typed into it."""
    box = driver.find_element(By.ID, "search")
    driver.execute_script("arguments[0].value = ''", box)
    box.send_keys(query)
    WebDriverWait(driver, 5).until(
        lambda d: d.find_element(By.ID, "search").get_attribute("value") == query
    )
    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#results a")]


def main():
    failed = passed = 0
    driver = browser()
    try:
        driver.get((SITE / "index.html").as_uri())
        for query in QUERIES:
            want = expected(query)
            got = typed(driver, query)
            if got == want:
                passed += 1
                print(f"ok   {query!r}: {want[:4]}{' …' if len(want) > 4 else ''}")
            else:
                failed += 1
                print(f"FAIL {query!r}:\n  cli:  {want}\n  site: {got}")
    finally:
        driver.quit()
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
