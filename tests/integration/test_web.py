"""The browser half of test_web.sh: headless Chromium through WebDriver against attend-web.

Every page visited is screenshotted into $SVC_DIR/shots (desktop width, and phone width for
the staff member's pages).  Raw HTTP checks (status codes, headers, a form without its token)
go through http.client with the session cookie the browser got."""
import base64
import http.client
import os
import re
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["WEB_URL"]
SHOTS = os.path.join(os.environ["SVC_DIR"], "shots")
HOST, PORT = urllib.parse.urlsplit(URL).hostname, urllib.parse.urlsplit(URL).port
PW = {"web_hr": os.environ["WEB_PW_HR"], "web_head": os.environ["WEB_PW_HEAD"], "web_staff": os.environ["WEB_PW_STAFF"]}
shot_no = 0


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


def shot(d, name, phone=False):
    """A screenshot of the whole page at desktop width, and at a phone's (390 px, mobile
    emulation) when asked."""
    global shot_no
    shot_no += 1
    for width, tag, mobile in ((1280, "", False), (390, "-phone", True)) if phone else ((1280, "", False),):
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": mobile})
        h = d.execute_script("return document.documentElement.scrollHeight")
        png = d.execute_cdp_cmd("Page.captureScreenshot", {"captureBeyondViewport": True, "clip": {
            "x": 0, "y": 0, "width": width, "height": min(h, 6000), "scale": 1}})["data"]
        with open(os.path.join(SHOTS, "%02d-%s%s.png" % (shot_no, name, tag)), "wb") as f:
            f.write(base64.b64decode(png))
    d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def console_clean(d, where):
    bad = [e for e in d.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    check(not bad, "console errors on %s: %s" % (where, bad))


def login(d, user, password=None):
    d.get(URL + "/login")
    d.find_element(By.ID, "user").send_keys(user)
    d.find_element(By.ID, "password").send_keys(password or PW[user])
    submit(d, d.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"), "/today" if user != "web_staff" else "/me")


def submit(d, button, url_part):
    """Clicks a submit button and waits for the page it leads to (whose address holds url_part)."""
    button.click()
    try:
        WebDriverWait(d, 15).until(lambda drv: url_part in drv.current_url and
                                   drv.execute_script("return document.readyState") == "complete")
    except Exception:
        fail("after the click: %s, expected %s: %s" % (d.current_url, url_part, d.find_element(By.TAG_NAME, "main").text))


def logout(d):
    submit(d, d.find_element(By.CSS_SELECTOR, "form.logout button"), "/login")


def raw(method, path, body=None, cookie=None):
    """One request with no redirect following: (status, headers as a list, body)."""
    c = http.client.HTTPConnection(HOST, PORT, timeout=30)
    h = {}
    if cookie:
        h["Cookie"] = cookie
    if body is not None:
        h["Content-Type"] = "application/x-www-form-urlencoded"
        body = urllib.parse.urlencode(body)
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read().decode("utf-8", "replace")
    hdrs = r.getheaders()
    c.close()
    return r.status, hdrs, data


def raw_login(user, password):
    """Logs in over HTTP: (status, headers, session cookie or None)."""
    st, hdrs, body = raw("GET", "/login")
    token = re.search(r'name="login_token" value="([0-9a-f]+)"', body).group(1)
    cookie = "attend_login=" + token
    st, hdrs, body = raw("POST", "/login", {"login_token": token, "user": user, "password": password}, cookie)
    sess = None
    for k, v in hdrs:
        if k.lower() == "set-cookie" and v.startswith("attend_session="):
            sess = v.split(";")[0]
    return st, hdrs, sess


d = browser()
try:
    # --- the login page, security headers ------------------------------------------------
    d.get(URL + "/")
    check(d.current_url.endswith("/login"), "not sent to the login page: " + d.current_url)
    check(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi", "the login page is not in Vietnamese")
    shot(d, "login", phone=True)
    st, hdrs, _ = raw("GET", "/login")
    h = {k.lower(): v for k, v in hdrs}
    check("default-src 'self'" in h.get("content-security-policy", "") and "frame-ancestors 'none'" in
          h["content-security-policy"] and "script-src 'none'" in h["content-security-policy"], "CSP: %s" % h)
    check(h.get("x-frame-options") == "DENY" and h.get("x-content-type-options") == "nosniff" and
          h.get("referrer-policy") and h.get("cache-control") == "no-store", "security headers: %s" % h)

    # --- staff: their month, a missing OUT justified -------------------------------------
    login(d, "web_staff")
    check(d.current_url.endswith("/me"), "staff did not land on their month: " + d.current_url)
    d.get(URL + "/me?month=11/2026")
    row = d.find_element(By.ID, "d2026-11-16")
    check("16/11/2026" in row.text, "the 16/11 row: " + row.text)
    before = row.text
    shot(d, "staff-month", phone=True)
    console_clean(d, "staff month")
    sess = "attend_session=" + d.get_cookie("attend_session")["value"]
    ck = d.get_cookie("attend_session")
    check(ck["httpOnly"] and ck.get("sameSite") == "Strict" and ck["path"] == "/", "session cookie flags: %s" % ck)
    submit(d, row.find_element(By.TAG_NAME, "a"), "/requests?date=2026-11-16")
    check(d.find_element(By.ID, "tap-date").get_attribute("value") == "16/11/2026", "the date is not carried over")
    d.find_element(By.ID, "tap-time").send_keys("17:31")
    d.find_element(By.CSS_SELECTOR, "#tap-dir option[value=out]").click()
    d.find_element(By.ID, "tap-reason").send_keys("Quên quẹt thẻ khi ra về")
    shot(d, "staff-justify-form", phone=True)
    submit(d, d.find_element(By.CSS_SELECTOR, "form[action='/requests/tap'] button[type=submit]"), "sent=correction")
    check(len(d.find_elements(By.CSS_SELECTOR, "[id^=correction-] .status-requested")) == 1, "the correction is not waiting")
    check(not d.find_elements(By.CSS_SELECTOR, "form.decide"), "staff are offered a decision")
    shot(d, "staff-requests", phone=True)
    console_clean(d, "staff requests")

    # hostile: another person's page, a form without its token, a decision by staff
    st, _, body = raw("GET", "/me?person=p2", cookie=sess)
    check(st == 404 and "alert(1)" not in body, "staff asking for p2's month: %d" % st)
    st, _, _ = raw("GET", "/me?person=p3&month=11/2026", cookie=sess)
    check(st == 404, "staff asking for p3's month: %d" % st)
    st, _, _ = raw("POST", "/requests/tap", {"date": "17/11/2026", "time": "17:30", "dir": "out", "reason": "x"}, sess)
    check(st == 403, "a form without its CSRF token: %d" % st)
    st, _, _ = raw("POST", "/requests/tap", {"csrf": "0" * 64, "date": "17/11/2026", "time": "17:30", "dir": "out",
                                             "reason": "x"}, sess)
    check(st == 403, "a form with a wrong CSRF token: %d" % st)
    csrf = d.find_element(By.CSS_SELECTOR, "form.logout input[name=csrf]").get_attribute("value")
    cid = d.find_element(By.CSS_SELECTOR, "[id^=correction-]").get_attribute("id").split("-")[1]
    st, _, _ = raw("POST", "/requests/decide", {"csrf": csrf, "kind": "correction", "id": cid, "decision": "approve"}, sess)
    check(st == 403, "staff deciding their own correction: %d" % st)
    st, _, _ = raw("GET", "/nope", cookie=sess)
    check(st == 404, "an unknown page: %d" % st)
    logout(d)
    st, _, _ = raw("GET", "/me", cookie=sess)
    check(st == 303, "the session still works after logout: %d" % st)

    # --- unit head: approves with a reason ------------------------------------------------
    login(d, "web_head")
    check(d.current_url.endswith("/today"), "the unit head did not land on Today")
    shot(d, "head-today")
    d.get(URL + "/requests")
    form = d.find_element(By.CSS_SELECTOR, "#correction-%s form.decide" % cid)
    form.find_element(By.NAME, "reason").send_keys("Đúng, đã xác minh")
    shot(d, "head-requests")
    submit(d, form.find_element(By.ID, "approve-correction-%s" % cid), "sent=decision")
    check(d.find_elements(By.CSS_SELECTOR, "#correction-%s .status-approved" % cid), "the correction is not approved")
    shot(d, "head-decided")
    console_clean(d, "unit head")
    logout(d)

    # --- staff again: the evaluator's new result shows on their month ---------------------
    login(d, "web_staff")
    deadline = time.time() + 30
    while True:
        d.get(URL + "/me?month=11/2026")
        row = d.find_element(By.ID, "d2026-11-16")
        if row.text != before:
            break
        check(time.time() < deadline, "the 16/11 row did not change: " + row.text)
        time.sleep(0.3)
    cells = row.find_elements(By.TAG_NAME, "td")
    check(cells[1].text == "+", "16/11 after approval: " + row.text)
    shot(d, "staff-month-after", phone=True)
    logout(d)

    # --- HR: Today, the hostile name shown as text ----------------------------------------
    login(d, "web_hr")
    check(d.find_element(By.TAG_NAME, "h1").text == "Hôm nay", "Vietnamese by default: " + d.find_element(By.TAG_NAME, "h1").text)
    # p2 tapped in today (late on a working day; on a day off the tap still shows as in)
    came = d.find_element(By.ID, "in").find_element(By.XPATH, "following-sibling::*[1]")
    check("<script>alert(1)</script>" in came.text, "the in-today list: " + came.text)
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in d.page_source, "the name is not escaped in the HTML")
    check(d.find_element(By.CSS_SELECTOR, "meta[http-equiv=refresh]").get_attribute("content") == "60", "no refresh")
    shot(d, "hr-today")
    d.get(URL + "/today?date=16/11/2026")
    came = d.find_element(By.ID, "in").find_element(By.XPATH, "following-sibling::*[1]")
    check("Nguyễn Văn An" in came.text and not d.find_elements(By.CSS_SELECTOR, "meta[http-equiv=refresh]"),
          "Today of 16/11: " + came.text)
    shot(d, "hr-another-day")
    d.get(URL + "/me?person=p2&month=11/2026")
    check("<script>alert(1)</script>" in d.find_element(By.TAG_NAME, "h1").text, "HR: p2's month title")
    shot(d, "hr-hostile-month")
    d.get(URL + "/requests")
    shot(d, "hr-requests")
    d.get(URL + "/today?lang=en")
    check(d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "?lang=en")
    check(d.find_element(By.TAG_NAME, "h1").text == "Today", "English title: " + d.find_element(By.TAG_NAME, "h1").text)
    shot(d, "hr-today-en")
    console_clean(d, "HR")
    logout(d)
finally:
    d.quit()

# --- ten wrong passwords ------------------------------------------------------------------
codes = [raw_login("web_hr", "wrong-%d" % i)[0] for i in range(10)]
check(codes[:5] == [401] * 5 and 429 in codes, "ten wrong passwords: %s" % codes)
# Then on to the 8th wrong password, waiting as told (Retry-After) whenever the door is shut:
# the 8th shuts it for 4 s, so the right password right after it is refused too.
fails = codes.count(401)
while fails < 8:
    st, hdrs, _ = raw_login("web_hr", "wrong-again")
    if st == 401:
        fails += 1
    else:
        check(st == 429, "a wrong password: %d" % st)
        time.sleep(int(dict((k.lower(), v) for k, v in hdrs)["retry-after"]) + 0.1)
st, hdrs, sess = raw_login("web_hr", PW["web_hr"])
retry = dict((k.lower(), v) for k, v in hdrs).get("retry-after", "0")
check(st == 429 and sess is None and int(retry) >= 2, "the right password while slowed down: %d %s" % (st, retry))
# a login the database lets in without asking its password (trust in pg_hba.conf): refused
st, _, sess = raw_login("hr_login", "anything")
check(st == 403 and sess is None, "a trusted login: %d" % st)
# the session cookie's flags as sent
st, hdrs, sess = raw_login("web_staff", PW["web_staff"])
setc = [v for k, v in hdrs if k.lower() == "set-cookie" and v.startswith("attend_session=")]
check(st == 303 and setc and all(f in setc[0] for f in ("HttpOnly", "SameSite=Strict", "Path=/")),
      "session cookie: %s" % setc)
print("browser: %d pages screenshotted, wrong passwords answered %s" % (shot_no, codes))
