"""The browser half of test_web_scores.sh, in phases the shell runs between its own steps:
  entry    the unit head enters criteria (a <script> note, bad values, no CSRF token); staff refused
  summary  after `attendctl summary run`: HR's and the unit head's summary equal attendctl's JSON,
           p1's card (points, deductions with their days), staff's own card and another's (404)
  locked   after HR locked the month: the form says so and a save is refused
Screenshots in $SVC_DIR/shots (desktop; 390 px wide too for the pages people use on a phone).
The driver helpers are webtest.py's, shared with test_web.py and test_web_ops.py."""
import html
import http.client
import json
import os
import re
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import webtest
from webtest import URL, SVC_DIR, SHOTS, HOST, PORT, PW, fail, check, browser, shot, console_clean, submit, login, session_of, raw

PHASE = sys.argv[1]
NOTE = "<script>alert(1)</script> tốt"
webtest.name_shots_by(PHASE)   # each phase is a process of its own: named, not numbered


def main_text(body):
    """The text of a page's <main>, tags dropped, entities undone."""
    m = re.search(r"<main>(.*)</main>", body, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", m.group(1) if m else body))


def vi_num(v):
    t = "%.2f" % float(v)
    t = t.rstrip("0").rstrip(".")
    return t.replace(".", ",")


def fill(d, pid, code, value):
    e = d.find_element(By.ID, "v%s-%s" % (pid, code))
    e.clear()
    e.send_keys(value)


def person_id(d, code):
    """The person's id, from the form's field names (v<id>-<criterion>) inside their fieldset."""
    name = d.find_element(By.CSS_SELECTOR, "#person-%s input[name^=v]" % code).get_attribute("name")
    return name[1:].split("-")[0]


def phase_entry():
    d = browser()
    try:
        login(d, "web_head")
        d.get(URL + "/scores/entry?unit=vp&month=11/2026")
        check(d.find_element(By.TAG_NAME, "h1").text == "Chấm điểm thi đua: Văn phòng — 11/2026", "entry title: %s" %
              d.find_element(By.TAG_NAME, "h1").text)
        # the unit's people, not unit kt's p4; the six people-assessed criteria, not discipline
        check([f.get_attribute("id") for f in d.find_elements(By.CSS_SELECTOR, "#entry-form [role=group]")] ==
              ["person-p1", "person-p2", "person-p3"], "the people of the form")
        p1, p2 = person_id(d, "p1"), person_id(d, "p2")
        fields = [e.get_attribute("name") for e in d.find_elements(By.CSS_SELECTOR, "#person-p1 input[name^=v]")]
        check(fields == ["v%s-%s" % (p1, k) for k in ("attitude", "communication", "ethics", "dress", "movement",
                                                      "task_results")], "p1's fields: %s" % fields)
        check("Thái độ" in d.find_element(By.CSS_SELECTOR, "label[for=v%s-attitude]" % p1).text, "criterion label")
        shot(d, "entry-empty", phone=True)
        fill(d, p1, "attitude", "3,5")
        for k in ("communication", "ethics", "dress", "movement"):
            fill(d, p1, k, "4")
        fill(d, p1, "task_results", "65")
        d.find_element(By.ID, "n" + p1).send_keys(NOTE)
        fill(d, p2, "attitude", "4")
        fill(d, p2, "task_results", "50")
        submit(d, d.find_element(By.ID, "save"), "saved=8")
        check(d.find_element(By.ID, "saved").text == "Đã lưu điểm: 8", "saved: %s" % d.find_element(By.ID, "saved").text)
        check(d.find_element(By.ID, "v%s-attitude" % p1).get_attribute("value") == "3,5", "p1's attitude shown")
        # the note is shown as text: no script element anywhere, the text as typed
        check(not d.find_elements(By.TAG_NAME, "script"), "a script element on the page")
        check(d.find_element(By.ID, "note-" + p1).text == "Ghi chú gần nhất: " + NOTE, "p1's note as text: %s" %
              d.find_element(By.ID, "person-p1").text)
        shot(d, "entry-saved", phone=True)
        console_clean(d, "entry")
        # saving the same values again records nothing new
        submit(d, d.find_element(By.ID, "save"), "saved=0")
        check(d.find_element(By.ID, "saved").text == "Không có gì thay đổi.", "unchanged save")
        sess = session_of(d)
        csrf = d.find_element(By.NAME, "csrf").get_attribute("value")
        form = {"csrf": csrf, "unit": "vp", "month": "11/2026"}
        # a bad value names its field and the person, and nothing is written
        st, body = raw("POST", "/scores/entry", dict(form, **{"v%s-attitude" % p2: "11", "v%s-ethics" % p1: "2"}), sess)
        check(st == 400 and "“Thái độ tận tụy, trách nhiệm” của Trần Thị Bình: 11 vượt mức tối đa 4" in main_text(body),
              "above the maximum: %d %s" % (st, main_text(body)))
        st, body = raw("POST", "/scores/entry", dict(form, **{"v%s-dress" % p2: "abc"}), sess)
        check(st == 400 and "“Trang phục gọn gàng, lịch sự” của Trần Thị Bình: 'abc' không phải là số điểm" in main_text(body),
              "not a number: %d %s" % (st, main_text(body)))
        # without the CSRF token: refused
        st, body = raw("POST", "/scores/entry", {"unit": "vp", "month": "11/2026", "v%s-ethics" % p1: "1"}, sess)
        check(st == 403, "a form without its token: %d" % st)
        # another unit's people are not the unit head's
        st, _ = raw("GET", "/scores/entry?unit=kt&month=11/2026", cookie=sess)
        check(st == 404, "the unit head and unit kt: %d" % st)
    finally:
        d.quit()
    d = browser()
    try:
        # HR may enter too (its agency's people, unit kt included)
        login(d, "web_hr")
        sess = session_of(d)
        st, body = raw("GET", "/scores/entry?unit=kt&month=11/2026", cookie=sess)
        p4 = re.search(r'name="v([0-9]+)-attitude"', body).group(1)
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', body).group(1)
        st, _ = raw("POST", "/scores/entry", {"csrf": csrf, "unit": "kt", "month": "11/2026", "v%s-attitude" % p4: "2"}, sess)
        check(st == 303, "HR saving unit kt's form: %d" % st)
    finally:
        d.quit()
    d = browser()
    try:
        login(d, "web_staff")
        sess = session_of(d)
        for path, want in (("/scores/entry?unit=vp&month=11/2026", 403), ("/scores/summary?month=11/2026", 403),
                           ("/scores/card?person=p2&month=11/2026", 404)):
            st, _ = raw("GET", path, cookie=sess)
            check(st == want, "staff and %s: %d" % (path, st))
        csrf = d.find_element(By.NAME, "csrf").get_attribute("value")
        st, _ = raw("POST", "/scores/entry", {"csrf": csrf, "unit": "vp", "month": "11/2026", "vX-attitude": "4"}, sess)
        check(st == 403, "staff saving the form: %d" % st)
    finally:
        d.quit()


BANDS = {"hoan_thanh_xuat_sac": "Hoàn thành xuất sắc nhiệm vụ", "hoan_thanh_tot": "Hoàn thành tốt nhiệm vụ",
         "hoan_thanh": "Hoàn thành nhiệm vụ", "khong_hoan_thanh": "Không hoàn thành nhiệm vụ"}
FIGS = ("late_count", "late_minutes", "early_count", "early_minutes", "unexcused_half_days", "unexcused_days",
        "missing_taps", "missing_taps_open", "badge_not_worn", "deducted", "sub_score", "total")


def summary_checks(d, who):
    """The summary page's people equal `attendctl summary show --format json` run as the same login."""
    want = json.load(open(os.path.join(SVC_DIR, "summary_%s.json" % who)))["people"]
    d.get(URL + "/scores/summary?month=11/2026")
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in d.find_elements(By.CSS_SELECTOR, "table[id^=people-] tbody tr")]
    check(sorted(r[1] for r in rows) == sorted(p["person"] for p in want),
          "%s: the people %s, attendctl %s" % (who, [r[1] for r in rows], [p["person"] for p in want]))
    for p in want:
        r = [r for r in rows if r[1] == p["person"]][0]
        check(r[0] == str(p["rank"]) and r[2] == p["full_name"] and r[3:15] == [vi_num(p[k]) for k in FIGS] and
              r[15] == BANDS.get(p["band"], p["band"]), "%s: %s's row %s, attendctl %s" % (who, p["person"], r, p))
    return rows


def phase_summary():
    d = browser()
    try:
        login(d, "web_hr")
        rows = summary_checks(d, "hr")
        check(len(rows) == 4, "HR sees 4 people: %s" % rows)
        # two comparable groups (p4 is a public employee), each with its cap line; the collectives
        groups = [h.text for h in d.find_elements(By.CSS_SELECTOR, "main h3")]
        check(groups == ["Công chức", "Viên chức"], "the groups: %s" % groups)
        caps = [p.text for p in d.find_elements(By.CSS_SELECTOR, "p.cap")]
        check(len(caps) == 2 and all("tối đa 20%" in c for c in caps), "the cap lines: %s" % caps)
        units = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
                 for tr in d.find_elements(By.CSS_SELECTOR, "#collectives tbody tr")]
        check(sorted(u[1] for u in units) == ["Kế toán", "Văn phòng"], "the collectives: %s" % units)
        shot(d, "summary-hr", phone=True)
        console_clean(d, "summary")
        # p1's card from the summary
        submit(d, d.find_element(By.LINK_TEXT, "p1"), "/scores/card")
        card = {tr.get_attribute("id"): [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
                for tr in d.find_elements(By.CSS_SELECTOR, "#card-criteria tbody tr")}
        check(card["criterion-attitude"][1:4] == ["4", "3,5", "3,5"] and card["criterion-task_results"][2] == "65" and
              card["criterion-attitude"][4].startswith("web_head, ") and card["criterion-attitude"][5] == NOTE,
              "p1's criteria: %s" % card)
        check(not d.find_elements(By.TAG_NAME, "script"), "a script element on the card")
        ded = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
               for tr in d.find_elements(By.CSS_SELECTOR, "#card-deductions tbody tr")]
        late = [r for r in ded if r[0] == "16/11/2026"]
        miss = [r for r in ded if r[0] == "17/11/2026"]
        check(late and late[0][1] == "buổi sáng" and late[0][2] == "Đi muộn" and late[0][3] == "20" and late[0][4] == "07:50"
              and late[0][5] == "07:50, 11:35, 13:25, 17:35" and late[0][8] == "−0,5", "the late of 16/11: %s" % ded)
        check(miss and miss[0][1] == "buổi chiều" and miss[0][2].startswith("Thiếu lượt quẹt thẻ") and
              miss[0][5] == "07:25, 11:35, 13:25", "the missing tap of 17/11: %s" % ded)
        total = d.find_element(By.CSS_SELECTOR, "#card-figures div b").text
        want = [p for p in json.load(open(os.path.join(SVC_DIR, "summary_hr.json")))["people"] if p["person"] == "p1"][0]
        check(total == vi_num(want["total"]), "p1's total %s, attendctl %s" % (total, want["total"]))
        shot(d, "card-p1-by-hr", phone=True)
        console_clean(d, "card")
        # in English: the headings, the band and the criteria by their English names
        d.get(d.current_url + "&lang=en")
        check([th.text for th in d.find_elements(By.CSS_SELECTOR, "#card-criteria th")][:3] ==
              ["Criterion", "Maximum", "On the card"] and
              d.find_element(By.CSS_SELECTOR, "#criterion-attitude td").text == "Dedicated and responsible attitude" and
              "Completed duties well" in d.find_element(By.ID, "card-figures").text, "the card in English")
        shot(d, "card-p1-en")
    finally:
        d.quit()
    d = browser()
    try:
        login(d, "web_head")
        rows = summary_checks(d, "head")
        check(sorted(r[1] for r in rows) == ["p1", "p2", "p3"], "the unit head's people: %s" % rows)
        shot(d, "summary-head")
    finally:
        d.quit()
    d = browser()
    try:
        login(d, "web_staff")
        d.get(URL + "/me?month=11/2026")
        submit(d, d.find_element(By.ID, "scorecard"), "/scores/card")
        check(d.find_element(By.TAG_NAME, "h1").text.startswith("Phiếu điểm thi đua của Nguyễn Văn An"), "own card title")
        days = [tr.find_elements(By.TAG_NAME, "td")[0].text for tr in d.find_elements(By.CSS_SELECTOR, "#card-deductions tbody tr")]
        check(days == ["16/11/2026", "17/11/2026", "17/11/2026"], "staff's own deductions: %s" % days)
        shot(d, "card-own", phone=True)
        console_clean(d, "own card")
    finally:
        d.quit()


def phase_locked():
    d = browser()
    try:
        login(d, "web_head")
        d.get(URL + "/scores/entry?unit=vp&month=11/2026")
        check("đã khóa" in d.find_element(By.ID, "locked").text and not d.find_elements(By.ID, "save"),
              "the locked form")
        shot(d, "entry-locked")
        p1 = person_id(d, "p1")
        csrf = d.find_element(By.NAME, "csrf").get_attribute("value")
        st, body = raw("POST", "/scores/entry", {"csrf": csrf, "unit": "vp", "month": "11/2026", "v%s-ethics" % p1: "1"},
                       session_of(d))
        check(st == 403 and "11/2026 đã khóa" in main_text(body), "saving a locked month: %d %s" % (st, main_text(body)))
    finally:
        d.quit()


def phase_privacy():
    """p1's own access log names the views of their scores as scores, in Vietnamese (sql/034)."""
    d = browser()
    try:
        login(d, "web_staff")
        d.get(URL + "/me/access")
        rows = [r.text for r in d.find_elements(By.CSS_SELECTOR, "#access-log tbody tr")]
        scores = [r for r in rows if "điểm của bạn (tiêu chí, phiếu điểm, tổng hợp tháng) 11/2026" in r]
        check(scores and all("web_head" in r or "web_hr" in r for r in scores), "p1's access log: %s" % rows)
        check(not any("bảng chấm công tháng của bạn" in r for r in rows), "scores logged as the month: %s" % rows)
        shot(d, "privacy", phone=True)
        console_clean(d, "p1's access log")
    finally:
        d.quit()


BIG_NOTE = "Hoàn thành tốt công việc được giao, tích cực hỗ trợ đồng nghiệp trong tháng"


def big_form(d, bad):
    """Unit lon (300 people, the unit head's too) for 10/2026: every criterion of everyone filled
    in the browser, with a note each; bad: the last person's last field is not a number."""
    login(d, "web_head")
    d.get(URL + "/scores/entry?unit=lon&month=10/2026")
    groups = d.find_elements(By.CSS_SELECTOR, "#entry-form [role=group]")
    check(len(groups) == 300, "the people of unit lon: %d" % len(groups))
    d.execute_script("""
        for (const e of document.querySelectorAll('#entry-form input[name^=v]'))
            e.value = e.name.endsWith('-task_results') ? '65' : '3,5';
        for (const e of document.querySelectorAll('#entry-form input[name^=n]')) e.value = arguments[0];
        if (arguments[1]) { const v = document.querySelectorAll('#entry-form input[name^=v]'); v[v.length - 1].value = 'x'; }""",
                     BIG_NOTE, bad)
    size = d.execute_script("return new URLSearchParams(new FormData(document.getElementById('entry-form'))).toString().length")
    print("the form of unit lon: %d bytes, %d a person" % (size, size // 300))
    check(size > 16384, "the form is not above the old 16 KiB limit: %d" % size)
    return size


def phase_big_bad():
    """The form of a unit of 300 with one bad value: refused naming it, nothing written."""
    d = browser()
    try:
        big_form(d, True)
        d.find_element(By.ID, "save").click()
        WebDriverWait(d, 60).until(lambda drv: drv.execute_script("return document.readyState") == "complete" and
                                   "/scores/entry" in drv.current_url and drv.find_elements(By.TAG_NAME, "main"))
        text = d.find_element(By.TAG_NAME, "main").text
        check("'x' không phải là số điểm" in text and "Không có gì được lưu" in text, "the bad value: %s" % text[:300])
    finally:
        d.quit()


def phase_big_ok():
    """The same form, every value good: all 300 x 6 entries saved at once."""
    d = browser()
    try:
        big_form(d, False)
        submit(d, d.find_element(By.ID, "save"), "saved=1800")
        check(d.find_element(By.ID, "saved").text == "Đã lưu điểm: 1800", "saved: %s" % d.find_element(By.ID, "saved").text)
        console_clean(d, "the form of unit lon")
    finally:
        d.quit()


def leave_same(who, sess, query, fmt, ctl_args):
    """/leave?QUERY&format=FMT as `who` is `attendctl leave balance CTL_ARGS` as the same login:
    the CSV byte for byte, every cell of the XLSX, the PDF's text (they differ only in the
    time they were made)."""
    import subprocess
    c = http.client.HTTPConnection(HOST, PORT, timeout=60)
    c.request("GET", "/leave?%s&format=%s" % (query, fmt), headers={"Cookie": sess})
    r = c.getresponse()
    data = r.read()
    c.close()
    check(r.status == 200 and "attachment" in (r.getheader("Content-Disposition") or ""),
          "%s: /leave?%s as %s: %d %s" % (who, query, fmt, r.status, data[:200]))
    web = os.path.join(SHOTS, "%s-web-leave.%s" % (who, fmt))
    ctl = os.path.join(SHOTS, "%s-ctl-leave.%s" % (who, fmt))
    with open(web, "wb") as f:
        f.write(data)
    subprocess.run([os.path.join(os.environ["BIN"], "attendctl"), "-q", "-d", "host=127.0.0.1 port=%s user=%s dbname=attend" %
                    (os.environ["PGPORT"], who), "leave", "balance", "--agency", "ubnd-x", "--year", "2026"] + ctl_args +
                   ["--format", fmt, "--lang", "vi", "--output", ctl], env=dict(os.environ, PGPASSWORD=PW[who]), check=True)
    if fmt == "xlsx":
        import openpyxl
        vals = [[[c.value for c in row] for row in openpyxl.load_workbook(x).worksheets[0].iter_rows()] for x in (web, ctl)]
        check(vals[0] == vals[1] and len(vals[0]) > 3, "%s: the XLSX differs from attendctl's: %s / %s" % (who, vals[0][:4], vals[1][:4]))
    elif fmt == "pdf":
        txt = [subprocess.run(["pdftotext", "-layout", x, "-"], capture_output=True, check=True, text=True).stdout for x in (web, ctl)]
        check(txt[0] == txt[1] and "SỐ DƯ PHÉP NĂM" in txt[0], "%s: the PDF's text differs from attendctl's" % who)
    else:
        check(data == open(ctl, "rb").read(), "%s: the CSV differs from attendctl's" % who)


def phase_leave():
    """The leave balances as files: HR's unit vp and staff's own, equal to attendctl's."""
    d = browser()
    try:
        login(d, "web_hr")
        d.get(URL + "/leave")
        check(d.find_element(By.TAG_NAME, "h1").text == "Số dư phép năm", "the leave page's title")
        shot(d, "leave", phone=True)
        console_clean(d, "the leave page")
        for fmt in ("csv", "xlsx", "pdf"):
            leave_same("web_hr", session_of(d), "year=2026&unit=vp", fmt, ["--unit", "vp"])
        st, _ = raw("GET", "/leave?year=20x6&format=pdf", cookie=session_of(d))
        check(st == 400, "a bad year: %d" % st)
    finally:
        d.quit()
    d = browser()
    try:
        login(d, "web_staff")
        leave_same("web_staff", session_of(d), "year=2026", "csv", ["--person", "p1"])
        st, _ = raw("GET", "/leave?year=2026&unit=vp&format=csv", cookie=session_of(d))
        check(st == 400, "staff asking for a unit's balances: %d" % st)
    finally:
        d.quit()


{"entry": phase_entry, "leave": phase_leave, "big_bad": phase_big_bad, "big_ok": phase_big_ok, "summary": phase_summary, "locked": phase_locked, "privacy": phase_privacy}[PHASE]()
print("browser, %s: ok" % PHASE)
