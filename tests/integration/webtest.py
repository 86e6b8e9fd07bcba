"""The WebDriver and raw-HTTP helpers the browser tests share (test_web.py, test_web_ops.py,
test_web_scores.py): headless Chromium, logging in, screenshots, console errors, waiting for
the page a click leads to.  Importing it runs nothing: the tests are in those files.

The environment is the one tests/lib/web.sh gives: WEB_URL, SVC_DIR (screenshots go to
$SVC_DIR/shots) and WEB_PW_<USER> for each web user the shell made."""
import base64
import http.client
import os
import re
import sys
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["WEB_URL"]
SVC_DIR = os.environ["SVC_DIR"]
SHOTS = os.path.join(SVC_DIR, "shots")
HOST, PORT = urllib.parse.urlsplit(URL).hostname, urllib.parse.urlsplit(URL).port
# The passwords of the web users the test's shell exported (web_hr from WEB_PW_HR, ...).
PW = {"web_" + k[7:].lower(): v.strip() for k, v in os.environ.items() if k.startswith("WEB_PW_")}

shot_no = 0        # screenshots taken so far
_shot_prefix = None


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def browser():
    o = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
              "--lang=vi"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def name_shots_by(prefix):
    """Screenshots named <prefix>-<name>.png rather than numbered in the order taken (a test run
    in phases, each a process of its own, would number each phase from 1 again)."""
    global _shot_prefix
    _shot_prefix = prefix


def shot(d, name, phone=False):
    """A screenshot of the whole page at desktop width, and at a phone's (390 px, mobile
    emulation) when asked.  Returns how many have been taken."""
    global shot_no
    shot_no += 1
    stem = "%s-%s" % (_shot_prefix, name) if _shot_prefix else "%02d-%s" % (shot_no, name)
    for width, tag, mobile in ((1280, "", False), (390, "-phone", True)) if phone else ((1280, "", False),):
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile})
        h = d.execute_script("return document.documentElement.scrollHeight")
        png = d.execute_cdp_cmd("Page.captureScreenshot", {"captureBeyondViewport": True, "clip": {
            "x": 0, "y": 0, "width": width, "height": min(h, 6000), "scale": 1}})["data"]
        with open(os.path.join(SHOTS, "%s%s.png" % (stem, tag)), "wb") as f:
            f.write(base64.b64decode(png))
    d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return shot_no


def console_clean(d, where):
    bad = [e for e in d.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    check(not bad, "console errors on %s: %s" % (where, bad))


def submit(d, button, url_part):
    """Clicks a submit button and waits for the page it leads to (whose address holds url_part)."""
    button.click()
    try:
        WebDriverWait(d, 15).until(lambda drv: url_part in drv.current_url and
                                   drv.execute_script("return document.readyState") == "complete")
    except Exception:
        fail("after the click: %s, expected %s: %s" % (d.current_url, url_part, d.find_element(By.TAG_NAME, "main").text))


def login(d, user, password=None):
    d.get(URL + "/login")
    d.find_element(By.ID, "user").send_keys(user)
    d.find_element(By.ID, "password").send_keys(password or PW[user])
    submit(d, d.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"), "/today" if user != "web_staff" else "/me")


def logout(d):
    submit(d, d.find_element(By.CSS_SELECTOR, "form.logout button"), "/login")


def session_of(d):
    """The browser's session cookie, for a raw request as the same user."""
    return "attend_session=" + d.get_cookie("attend_session")["value"]


def raw_full(method, path, body=None, cookie=None):
    """One request with no redirect following: (status, headers as a list, body)."""
    c = http.client.HTTPConnection(HOST, PORT, timeout=30)
    h = {"Cookie": cookie} if cookie else {}
    if body is not None:
        h["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(body)
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read().decode("utf-8", "replace")
    hdrs = r.getheaders()
    c.close()
    return r.status, hdrs, data


def raw(method, path, body=None, cookie=None):
    """The same, without the headers: (status, body)."""
    st, _, data = raw_full(method, path, body, cookie)
    return st, data


def raw_login(user, password):
    """Logs in over HTTP: (status, headers, session cookie or None)."""
    st, hdrs, body = raw_full("GET", "/login")
    token = re.search(r'name="login_token" value="([0-9a-f]+)"', body).group(1)
    cookie = "attend_login=" + token
    st, hdrs, body = raw_full("POST", "/login", {"login_token": token, "user": user, "password": password}, cookie)
    sess = None
    for k, v in hdrs:
        if k.lower() == "set-cookie" and v.startswith("attend_session="):
            sess = v.split(";")[0]
    return st, hdrs, sess
