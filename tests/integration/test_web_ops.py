"""The browser half of test_web_ops.sh: the Devices page, HR filing a request for a staff member
and the unit head approving it, in headless Chromium through WebDriver against attend-web.

Every page visited is screenshotted into $SVC_DIR/shots at desktop width and at a phone's
(390 px).  Status codes go through http.client with a session cookie of its own.  The driver
helpers are webtest.py's, shared with test_web.py and test_web_scores.py."""
import os
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import webtest
from webtest import URL, PW, check, browser, shot, console_clean, login, submit, logout, raw, raw_login


def raw_session(user):
    """Logs in over HTTP: the session cookie, and the CSRF token of its forms."""
    st, _, sess = raw_login(user, PW[user])
    check(sess, "%s could not log in over HTTP" % user)
    st, body = raw("GET", "/requests", cookie=sess)
    return sess, re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1)


d = browser()
try:
    # --- Devices: an administrator ----------------------------------------------------------
    login(d, "web_adm")
    nav = [a.text for a in d.find_elements(By.CSS_SELECTOR, "header nav a")]
    check("Thiết bị" in nav, "no Devices in the administrator's navigation: %s" % nav)
    d.get(URL + "/edges")
    check(d.find_element(By.TAG_NAME, "h1").text == "Thiết bị", "the Devices title")
    check(d.find_element(By.CSS_SELECTOR, "meta[http-equiv=refresh]").get_attribute("content") == "60",
          "the Devices page does not refresh itself")
    edge = d.find_element(By.ID, "edge-sql").text
    check("Trụ sở" in edge and "Máy cổng chính" in edge and "(1 im lặng)" in edge, "the edge's row: %s" % edge)
    r1, r2 = d.find_element(By.ID, "reader-sql-r1"), d.find_element(By.ID, "reader-sql-r2")
    today = os.environ["TEST_TODAY"]
    shown = "%s/%s/%s 09:50" % (today[8:10], today[5:7], today[0:4])
    check(shown in r1.text and "10 phút trước" in r1.text and "có tín hiệu" in r1.text and
          "silent" not in (r1.get_attribute("class") or ""), "reader r1: %s" % r1.text)
    check("chưa bao giờ" in r2.text and r2.get_attribute("class") == "silent" and
          r2.find_elements(By.TAG_NAME, "mark"), "reader r2 (silent): %s" % r2.text)
    figures = d.find_element(By.CSS_SELECTOR, ".figures").text
    check("1\nĐầu đọc im lặng" in figures or "1 Đầu đọc im lặng" in figures.replace("\n", " "), "figures: %s" % figures)
    shot(d, "admin-edges", phone=True)
    console_clean(d, "admin edges")
    logout(d)

    # --- who may see it: HR yes, a unit head and staff 403 -----------------------------------
    for user, want in (("web_hr", 200), ("web_head", 403), ("web_staff", 403)):
        sess, _ = raw_session(user)
        st, body = raw("GET", "/edges", cookie=sess)
        check(st == want, "%s on /edges: %d" % (user, st))
        if want == 403:
            check("reader-sql-r1" not in body, "%s was shown the readers" % user)

    # --- HR files a business trip for p1 ------------------------------------------------------
    login(d, "web_hr")
    d.get(URL + "/requests")
    people = [o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "datalist#people option")]
    check(people == ["p1", "p2", "p3"], "the people HR may file for: %s" % people)
    d.find_element(By.ID, "leave-person").send_keys("p1")
    Select(d.find_element(By.ID, "leave-symbol")).select_by_value("CT")
    for f, v in (("leave-from", "19/11/2026"), ("leave-to", "19/11/2026"), ("leave-reason", "Đi công tác huyện")):
        d.find_element(By.ID, f).clear()
        d.find_element(By.ID, f).send_keys(v)
    shot(d, "hr-files-for-p1", phone=True)
    submit(d, d.find_element(By.CSS_SELECTOR, "form[action='/requests/leave'] button[type=submit]"), "sent=for")
    row = d.find_element(By.CSS_SELECTOR, "#requests ~ .scroll tbody tr")
    check("Nguyễn Văn An" in row.text and "người nhập: web_hr" in row.text and "chờ" in row.text,
          "the request HR filed: %s" % row.text)
    console_clean(d, "HR requests")
    logout(d)
    # a code that is not one, and a person HR does not have: refused, nothing written
    sess, csrf = raw_session("web_hr")
    form = {"csrf": csrf, "symbol": "CT", "from": "20/11/2026", "to": "20/11/2026", "part": "day", "reason": "x"}
    st, body = raw("POST", "/requests/leave", dict(form, person="p1\x07"), sess)
    check(st == 400 and "Mã cán bộ không hợp lệ" in body, "a bad staff code: %d" % st)
    st, body = raw("POST", "/requests/leave", dict(form, person="nobody"), sess)
    check(st == 404, "someone HR does not have: %d" % st)
    # a unit head may decide, not file (the database grants them no INSERT)
    sess, csrf = raw_session("web_head")
    st, body = raw("POST", "/requests/leave", dict(form, csrf=csrf, person="p1"), sess)
    check(st == 403, "a unit head filing for p1: %d" % st)

    # --- the unit head approves -------------------------------------------------------------
    login(d, "web_head")
    d.get(URL + "/requests")
    rid = d.find_element(By.CSS_SELECTOR, "#requests ~ .scroll tbody tr").get_attribute("id").split("-")[1]
    d.find_element(By.CSS_SELECTOR, "#request-%s input[name=reason]" % rid).send_keys("Đồng ý")
    submit(d, d.find_element(By.ID, "approve-request-%s" % rid), "sent=decision")
    logout(d)

    # --- p1 sees it approved, filed by HR ---------------------------------------------------
    login(d, "web_staff")
    d.get(URL + "/requests")
    row = d.find_element(By.ID, "request-%s" % rid)
    check("đã duyệt" in row.text.lower() and "người nhập: web_hr" in row.text and "web_head" in row.text,
          "p1's view of the request: %s" % row.text)
    check(not d.find_elements(By.ID, "leave-person"), "staff are offered to file for someone")
    shot(d, "staff-sees-approved", phone=True)
    console_clean(d, "staff requests")
    logout(d)
finally:
    d.quit()
print("browser: %d pages screenshotted at desktop and phone width" % webtest.shot_no)
