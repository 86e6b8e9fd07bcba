"""The browser half of test_web.sh: headless Chromium through WebDriver against attend-web.

Every page visited is screenshotted into $SVC_DIR/shots (desktop width, and phone width for
the staff member's pages).  Raw HTTP checks (status codes, headers, a form without its token)
go through http.client with the session cookie the browser got.  The driver helpers are
webtest.py's, shared with test_web_ops.py and test_web_scores.py."""
import csv
import io
import json
import http.client
import os
import re
import subprocess
import time

from selenium.webdriver.common.by import By

import webtest
from webtest import URL, SHOTS, HOST, PORT, PW, fail, check, browser, console_clean, login, submit, logout, raw_login
from webtest import raw_full as raw   # here raw() gives the headers too: (status, headers, body)

shot_no = 0   # what the last line reports


def shot(d, name, phone=False):
    global shot_no
    shot_no = webtest.shot(d, name, phone)


def vi_num(v, decimals):
    """A figure as the page shows it in Vietnamese: trailing zeros dropped, decimal comma."""
    t = ("%%.%df" % decimals) % v
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    return t.replace(".", ",")


def rate(v):
    return "-" if v is None else vi_num(v * 100, 1) + "%"


def table_rows(d, table_id):
    return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in d.find_elements(By.CSS_SELECTOR, "#%s tbody tr" % table_id)]


FIGS = ("working_days", "days_present", "late_count", "late_minutes", "early_count", "early_minutes", "missing_taps")


def report_checks(d, who, sess):
    """The report page for 01/11-20/11 as `who`: its people and units tables, its chart and its CSV
    hold the figures of `attendctl report punctuality --format json` run as the same login, now."""
    out = os.path.join(os.environ["SVC_DIR"], "punct_%s.json" % who)
    subprocess.run([os.path.join(os.environ["BIN"], "attendctl"), "-d", "host=127.0.0.1 port=%s user=web_%s dbname=attend" %
                    (os.environ["PGPORT"], who), "report", "punctuality", "--agency", "ubnd-x", "--from", "2026-11-01",
                    "--to", "2026-11-20", "--format", "json", "--output", out],
                   env=dict(os.environ, PGPASSWORD=PW["web_" + who]), check=True)
    want = json.load(open(out))
    d.get(URL + "/report?lang=vi")
    check(d.find_element(By.TAG_NAME, "h1").text == "Báo cáo chấp hành giờ giấc làm việc", "report title")
    d.find_element(By.ID, "from").clear()
    d.find_element(By.ID, "from").send_keys("01/11/2026")
    d.find_element(By.ID, "to").clear()
    d.find_element(By.ID, "to").send_keys("20/11/2026")
    submit(d, d.find_element(By.CSS_SELECTOR, "form[action='/report'] button:not([name])"), "to=20%2F11%2F2026")
    people = table_rows(d, "table-people")
    check(sorted(r[1] for r in people) == sorted(p["person"] for p in want["people"]),
          "%s: the people: %s / %s" % (who, [r[1] for r in people], [p["person"] for p in want["people"]]))
    for p in want["people"]:
        row = [r for r in people if r[1] == p["person"]][0]
        check(row[0] == str(p["rank"]) and row[2] == p["full_name"] and row[3] == p["unit"] and
              row[4:11] == [str(p[k]) for k in FIGS] and row[15] == rate(p["on_time_rate"]),
              "%s: %s's row %s, attendctl %s" % (who, p["person"], row, p))
    units = table_rows(d, "table-units")
    check([(r[1], r[7]) for r in units] == [(u["unit"], str(u["late_minutes"])) for u in want["units"]] and
          [r[15] for r in units] == [rate(u["on_time_rate"]) for u in want["units"]],
          "%s: units %s, attendctl %s" % (who, units, want["units"]))
    total = table_rows(d, "table-total")
    check(total[0][4:11] == [str(want["total"][0][k]) for k in FIGS], "%s: total %s" % (who, total))
    # the chart: one bar per unit and day with late minutes, each unit's bars adding up to its
    # late minutes, and the same bars in the table under it
    svg = d.find_element(By.ID, "late-chart")
    check(svg.find_element(By.TAG_NAME, "title").get_attribute("textContent").startswith("Số phút đi muộn"),
          "the chart's title")
    bars = svg.find_elements(By.CSS_SELECTOR, "rect.bar")
    fallback = [[td.get_attribute("textContent") for td in tr.find_elements(By.TAG_NAME, "td")]
                for tr in d.find_elements(By.CSS_SELECTOR, "#chart-table tbody tr")]
    check(len(bars) == len(fallback) and len(bars) > 0, "%s: %d bars, %d table rows" % (who, len(bars), len(fallback)))
    for u in want["units"]:
        check(sum(int(r[2]) for r in fallback if r[0] == u["unit"]) == u["late_minutes"],
              "%s: the chart's minutes of %s: %s" % (who, u["unit"], fallback))
    check(all(b.find_element(By.TAG_NAME, "title").get_attribute("textContent") for b in bars), "a bar without a title")
    # the trend over months: twelve months ending with the report's; its November (the report
    # covers 01-20/11) is each unit's late minutes of the report
    trend = d.find_element(By.ID, "trend-chart")
    check("12/2025" in trend.find_element(By.TAG_NAME, "title").get_attribute("textContent") and
          "11/2026" in trend.find_element(By.TAG_NAME, "title").get_attribute("textContent"), "the trend's title")
    trows = [[td.get_attribute("textContent") for td in tr.find_elements(By.TAG_NAME, "td")]
             for tr in d.find_elements(By.CSS_SELECTOR, "#trend-table tbody tr")]
    for u in want["units"]:
        nov = [r for r in trows if r[0] == u["unit"] and r[1] == "11/2026"]
        check((int(nov[0][2]) if nov else 0) == u["late_minutes"] and
              (int(nov[0][3]) if nov else 0) == u["late_count"],
              "%s: the trend's 11/2026 of %s: %s, report %s" % (who, u["unit"], trows, u))
    check(len(trend.find_elements(By.CSS_SELECTOR, "rect.bar")) ==
          len([r for r in trows if int(r[2]) > 0]), "%s: trend bars %s" % (who, trows))
    shot(d, "%s-report" % who)
    console_clean(d, "%s report" % who)
    # the CSV download: the same figures, ';' and a BOM, a formula-looking name kept text
    st, hdrs, body = raw("GET", "/report?from=01%2F11%2F2026&to=20%2F11%2F2026&format=csv", cookie=sess)
    h = {k.lower(): v for k, v in hdrs}
    check(st == 200 and h.get("content-type", "").startswith("text/csv") and
          h.get("content-disposition") == 'attachment; filename="bao-cao-gio-giac-2026-11-01_2026-11-20.csv"',
          "%s: CSV answer %d %s" % (who, st, h))
    check(body.startswith("\ufeff"), "the CSV has no BOM")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    check(rows[0][:5] == ["Phần", "Xếp hạng", "Mã cán bộ", "Họ và tên", "Đơn vị"], "CSV heading: %s" % rows[0])
    for p in want["people"]:
        row = [r for r in rows if len(r) > 2 and r[0] == "Cá nhân" and r[2] == p["person"]][0]
        # no rate (no working day due): "-", as attendctl's CSV writes it (text, so guarded: "'-")
        check(row[5:12] == [str(p[k]) for k in FIGS] and
              row[16] == (rate(p["on_time_rate"]) if p["on_time_rate"] is not None else "'-"),
              "%s: CSV row of %s: %s" % (who, p["person"], row))
        if p["full_name"].startswith("="):
            check(row[3] == "'" + p["full_name"], "a formula-like name in the CSV: %s" % row[3])
    return len(bars)


def raw_bytes(path, cookie):
    """A download: (status, headers as a dict of lower-case names, the body's bytes)."""
    c = http.client.HTTPConnection(HOST, PORT, timeout=60)
    c.request("GET", path, headers={"Cookie": cookie})
    r = c.getresponse()
    data = r.read()
    h = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    return r.status, h, data


def attendctl(who, args, out):
    """attendctl as the same login as the browser's, writing `out` (in the shots folder, kept)."""
    subprocess.run([os.path.join(os.environ["BIN"], "attendctl"), "-q", "-d", "host=127.0.0.1 port=%s user=web_%s dbname=attend" %
                    (os.environ["PGPORT"], who)] + args + ["--output", out],
                   env=dict(os.environ, PGPASSWORD=PW["web_" + who]), check=True)
    return out


def xlsx_values(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    return [[ws.title] + [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets]


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True, text=True).stdout


def same_document(who, web_path, ctl_path, fmt):
    """The web's file and attendctl's say the same: every cell of every sheet, the PDF's text,
    the CSV's bytes (XLSX and PDF differ only in the time they were made)."""
    if fmt == "xlsx":
        check(xlsx_values(web_path) == xlsx_values(ctl_path), "%s: %s differs from attendctl's" % (who, web_path))
    elif fmt == "pdf":
        check(pdf_text(web_path) == pdf_text(ctl_path), "%s: %s's text differs from attendctl's" % (who, web_path))
    else:
        check(open(web_path, "rb").read() == open(ctl_path, "rb").read(), "%s: %s differs from attendctl's" % (who, web_path))


def download(who, sess, path, fmt, name):
    """Downloads path, checks its type and RFC 6266 name, keeps it in the shots folder."""
    st, h, data = raw_bytes(path, sess)
    types = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf",
             "csv": "text/csv; charset=utf-8"}
    check(st == 200 and h.get("content-type") == types[fmt] and
          h.get("content-disposition") == "attachment; filename=\"%s\"; filename*=UTF-8''%s" % (name, name),
          "%s: %s answered %d %s" % (who, path, st, h))
    out = os.path.join(SHOTS, "%s-web-%s" % (who, name))
    with open(out, "wb") as f:
        f.write(data)
    return out


def timesheet_checks(d, who, sess):
    """The C01-HD of unit vp for 11/2026 as `who`: the page's rows, symbols and column 32 equal
    `attendctl timesheet --format json` run as the same login; its XLSX, PDF and CSV equal
    attendctl's files and hold the same figures."""
    want = json.load(open(attendctl(who, ["timesheet", "--agency", "ubnd-x", "--unit", "vp", "--month", "2026-11",
                                          "--format", "json"], os.path.join(SHOTS, "%s-ctl-c01.json" % who))))
    check(len(want["people"]) >= 3, "%s: attendctl's timesheet has %d people" % (who, len(want["people"])))
    d.get(URL + "/timesheet?unit=vp&month=11/2026&lang=vi")
    check(d.find_element(By.TAG_NAME, "h1").text.startswith("BẢNG CHẤM CÔNG"), "%s: the timesheet's title" % who)
    rows = d.find_elements(By.CSS_SELECTOR, "#timesheet tbody tr")
    check([r.get_attribute("data-person") for r in rows] == [p["person"] for p in want["people"]],
          "%s: the timesheet's people %s" % (who, [r.get_attribute("data-person") for r in rows]))
    for r, p in zip(rows, want["people"]):
        tds = [td.get_attribute("textContent") for td in r.find_elements(By.TAG_NAME, "td")]
        check(r.find_element(By.TAG_NAME, "th").get_attribute("textContent") == p["full_name"] and
              tds[2:2 + want["days_in_month"]] == p["cells"] and tds[-3] == vi_num(p["time_days"], 2),
              "%s: %s's timesheet row %s, attendctl %s" % (who, p["person"], tds, p))
    check(any(c == "+" for p in want["people"] for c in p["cells"]), "no worked day in the timesheet")
    legend = [dt.text for dt in d.find_elements(By.CSS_SELECTOR, "#ts-legend dt")]
    check("+" in legend and "P" in legend and "Ô" in legend, "%s: the legend %s" % (who, legend))
    shot(d, "%s-timesheet" % who, phone=True)
    console_clean(d, "%s timesheet" % who)
    q = "/timesheet?unit=vp&month=11%2F2026&format="
    for fmt in ("xlsx", "pdf", "csv"):
        got = download(who, sess, q + fmt, fmt, "bang-cham-cong-vp-11-2026." + fmt)
        ctl = attendctl(who, ["timesheet", "--agency", "ubnd-x", "--unit", "vp", "--month", "2026-11", "--format", fmt],
                        os.path.join(SHOTS, "%s-ctl-c01.%s" % (who, fmt)))
        same_document(who, got, ctl, fmt)
        if fmt == "xlsx":   # column 32 (AI) and the days (D...) of each person, read back
            ws = xlsx_values(got)[0][1:]
            for p in want["people"]:
                row = [r for r in ws if len(r) > 34 and r[1] == p["full_name"]][0]
                check(abs(float(row[34]) - p["time_days"]) < 1e-9 and
                      [c or "" for c in row[3:3 + want["days_in_month"]]] == p["cells"],
                      "%s: XLSX row of %s: %s" % (who, p["person"], row))
        if fmt == "pdf":    # each name with its column 32 on its line
            text = pdf_text(got)
            for p in want["people"]:
                line = [ln for ln in text.splitlines() if p["full_name"] in ln]
                check(line and line[0].split()[-3] == vi_num(p["time_days"], 2),
                      "%s: the PDF's line of %s: %s" % (who, p["person"], line))
    return want


def report_documents(who, sess):
    """The punctuality report's XLSX and PDF downloads equal attendctl's."""
    for fmt in ("xlsx", "pdf"):
        got = download(who, sess, "/report?from=01%2F11%2F2026&to=20%2F11%2F2026&format=" + fmt, fmt,
                       "bao-cao-gio-giac-2026-11-01_2026-11-20." + fmt)
        ctl = attendctl(who, ["report", "punctuality", "--agency", "ubnd-x", "--from", "2026-11-01", "--to", "2026-11-20",
                              "--format", fmt, "--lang", "vi"], os.path.join(SHOTS, "%s-ctl-punct.%s" % (who, fmt)))
        same_document(who, got, ctl, fmt)


def today_checks(d, who, sess):
    """Today as `who` (web_hr or web_head): the counts per unit of 17/11 are the database's, asked
    as the same login; unit vp's lists of 16/11 name vp's people only, each linked to their month;
    every person listed is logged as viewed (read back as p1, who is listed)."""
    def sql(login, q):
        return subprocess.run(["psql", "host=127.0.0.1 port=%s user=%s dbname=attend" % (os.environ["PGPORT"], login),
                               "-qtAX", "-F", " ", "-v", "ON_ERROR_STOP=1", "-c", q],
                              env=dict(os.environ, PGPASSWORD=PW[login]), check=True, capture_output=True,
                              text=True).stdout.split("\n")[:-1]
    # the same figures asked another way: exceptions from their table, statuses by element
    ex = ("EXISTS (SELECT FROM attend.day_exception e WHERE e.agency_id = r.agency_id AND e.person_id = r.person_id"
          " AND e.work_date = r.work_date AND e.kind = '%s')")
    st = "EXISTS (SELECT FROM jsonb_array_elements(r.sessions) s WHERE s->>'status' = '%s')"
    want = sql("web_" + who, "SELECT u.code, count(*) FILTER (WHERE r.working_day), count(*) FILTER (WHERE r.present),"
               " count(*) FILTER (WHERE %s), count(*) FILTER (WHERE %s), count(*) FILTER (WHERE %s),"
               " count(*) FILTER (WHERE %s) FROM attend.day_result r JOIN attend.person p ON p.id = r.person_id"
               " JOIN attend.org_unit u ON u.id = p.unit_id WHERE r.work_date = '2026-11-17' GROUP BY u.code ORDER BY 1"
               % (ex % "late", st % "absent", ex % "missing_out", st % "excused"))
    d.get(URL + "/today?all=1&date=17/11/2026")
    got = [" ".join([r[0].split(" — ")[0]] + r[1:]) for r in
           [[c.text for c in tr.find_elements(By.CSS_SELECTOR, "th, td")]
            for tr in d.find_elements(By.CSS_SELECTOR, "#unit-counts tbody tr")]]
    check(got == want, "%s: Today's counts per unit of 17/11: %s, the database: %s" % (who, got, want))
    late = {r.split()[0]: r.split()[3] for r in got}
    check(late == ({"kt": "1", "vp": "1"} if who == "hr" else {"vp": "1"}), "%s: late on 17/11 per unit: %s" % (who, late))
    totals = [b.text for b in d.find_elements(By.CSS_SELECTOR, "#totals b")][:6]
    check(totals == [str(sum(int(r.split()[c]) for r in got)) for c in range(1, 7)], "%s: the totals %s" % (who, totals))
    check(not d.find_elements(By.CSS_SELECTOR, "a[href*='person=']"), "%s: names on the counts page" % who)
    shot(d, who + "-today-units", phone=True)
    # unit vp of 16/11 by its link: the people in it are vp's people who tapped that day
    before = int(sql("web_staff", "SELECT count(*) FROM attend.data_access_log WHERE viewer = 'web_%s'"
                     " AND what = 'month' AND detail = '2026-11-16'" % who)[0])
    d.get(URL + "/today?all=1&date=16/11/2026")
    submit(d, d.find_element(By.CSS_SELECTOR, "#unit-counts a[href^='/today?unit=vp']"), "unit=vp")
    came = sorted(r[0] for r in table_rows(d, "list-in"))
    tapped = sql("web_" + who, "SELECT DISTINCT p.code FROM attend.tap t JOIN attend.badge b ON b.uid = t.uid"
                 " JOIN attend.person p ON p.id = b.person_id JOIN attend.org_unit u ON u.id = p.unit_id"
                 " WHERE u.code = 'vp' AND (t.tapped_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = '2026-11-16'"
                 " AND NOT t.duplicate ORDER BY 1")
    check(came == tapped and "p1" in came, "%s: unit vp's in-list of 16/11: %s, the database: %s" % (who, came, tapped))
    check(all(r[2] == "vp" for t in ("list-in", "list-late", "list-missing-out") for r in table_rows(d, t)),
          "%s: someone outside vp in vp's lists" % who)
    link = d.find_element(By.CSS_SELECTOR, "#list-in a[href*='person=p1']").get_attribute("href")
    check(link.endswith("/me?month=2026-11&person=p1"), "%s: p1's link: %s" % (who, link))
    check(not d.find_elements(By.CSS_SELECTOR, "meta[http-equiv=refresh]"), "another day reloads itself")
    shot(d, who + "-today-vp", phone=True)
    after = int(sql("web_staff", "SELECT count(*) FROM attend.data_access_log WHERE viewer = 'web_%s'"
                    " AND what = 'month' AND detail = '2026-11-16'" % who)[0])
    check(after == before + 1, "%s: p1's access log of the Today list: %d -> %d rows" % (who, before, after))
    # a unit the login does not see, a unit that does not exist, a bad unit
    for path, code in (("/today?unit=kt", 404 if who == "head" else 200), ("/today?unit=nope", 404),
                       ("/today?unit=%0a", 400)):
        st_, _, body = raw("GET", path, cookie=sess)
        check(st_ == code and (code == 200 or "Phạm" not in body), "%s asking for %s: %d" % (who, path, st_))
    console_clean(d, who + " Today")


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
    check(d.find_elements(By.ID, "unit-counts"), "HR's Today does not open on the counts per unit")
    check(d.find_elements(By.CSS_SELECTOR, "meta[http-equiv=refresh]"), "no refresh on the counts")
    # p2 tapped in today (late on a working day; on a day off the tap still shows as in)
    d.get(URL + "/today?unit=vp")
    came = d.find_element(By.ID, "in").find_element(By.XPATH, "following-sibling::*[1]")
    check("<script>alert(1)</script>" in came.text, "the in-today list: " + came.text)
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in d.page_source, "the name is not escaped in the HTML")
    check(d.find_element(By.CSS_SELECTOR, "meta[http-equiv=refresh]").get_attribute("content") == "60", "no refresh")
    shot(d, "hr-today")
    d.get(URL + "/today?date=16/11/2026&unit=vp")
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
    hr_sess = "attend_session=" + d.get_cookie("attend_session")["value"]
    today_checks(d, "hr", hr_sess)
    hr_bars = report_checks(d, "hr", hr_sess)
    report_documents("hr", hr_sess)
    timesheet_checks(d, "hr", hr_sess)
    check(d.find_elements(By.CSS_SELECTOR, "nav a[href='/timesheet']"), "HR are not offered the timesheet")
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in d.page_source, "the name is not escaped in the report")
    d.get(URL + "/report?lang=en")
    shot(d, "hr-report-form-en")
    d.get(URL + "/report?from=01/11/2026&to=20/11/2026&unit=kt&lang=vi")
    check([r[1] for r in table_rows(d, "table-people")] == ["p4"], "HR's report of unit kt")
    shot(d, "hr-report-kt")
    logout(d)

    # --- unit head: their units only -------------------------------------------------------
    login(d, "web_head")
    head_sess = "attend_session=" + d.get_cookie("attend_session")["value"]
    check(d.find_elements(By.ID, "list-in") and d.find_elements(By.ID, "all-units"),
          "the unit head's Today does not open on their unit")
    today_checks(d, "head", head_sess)
    head_bars = report_checks(d, "head", head_sess)
    check(head_bars < hr_bars, "the unit head's chart has as many bars as HR's: %d" % head_bars)
    check([o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#unit option")] == ["", "vp"],
          "the unit head's units")
    st, _, body = raw("GET", "/report?from=01%2F11%2F2026&to=20%2F11%2F2026&unit=kt", cookie=head_sess)
    check(st == 404 and "Phạm" not in body, "the unit head asking for unit kt: %d" % st)
    head_ts = timesheet_checks(d, "head", head_sess)
    check("p4" not in [p["person"] for p in head_ts["people"]], "the unit head's timesheet names p4")
    for path in ("/timesheet?unit=kt&month=11%2F2026", "/timesheet?unit=kt&month=11%2F2026&format=pdf"):
        st, _, body = raw("GET", path, cookie=head_sess)
        check(st == 404 and "Phạm" not in body, "the unit head asking for %s: %d" % (path, st))
    logout(d)

    # --- staff: no report; who viewed their data; all their data ---------------------------
    login(d, "web_staff")
    staff_sess = "attend_session=" + d.get_cookie("attend_session")["value"]
    for path in ("/report", "/report?from=01%2F11%2F2026&to=20%2F11%2F2026", "/report?from=01%2F11%2F2026&to=20%2F11%2F2026&format=csv"):
        st, _, body = raw("GET", path, cookie=staff_sess)
        check(st == 403 and "Người" not in body, "staff asking for %s: %d" % (path, st))
    check(not d.find_elements(By.CSS_SELECTOR, "nav a[href='/report']"), "staff are offered the report")
    # Today is not in the staff member's menu; asked for, it shows what row-level security lets
    # them see (as before): their own day, no one else's, and no other unit
    st, _, body = raw("GET", "/today?date=17/11/2026", cookie=staff_sess)
    check(st == 200 and re.findall(r'<tr><th scope="row"><a href="/today\?unit=([^&"]+)', body) == ["vp"] and
          "<b>1</b>Phải đi làm" in body, "staff's Today: %d %s" % (st, body))
    for path in ("/today?unit=kt", "/today?unit=vp&date=17/11/2026"):
        st, _, body = raw("GET", path, cookie=staff_sess)
        check((st == 404 if "kt" in path else st == 200) and "Phạm" not in body and "alert(1)" not in body,
              "staff asking for %s: %d" % (path, st))
    for path in ("/timesheet", "/timesheet?unit=vp&month=11%2F2026", "/timesheet?unit=vp&month=11%2F2026&format=xlsx",
                 "/report?from=01%2F11%2F2026&to=20%2F11%2F2026&format=pdf"):
        st, _, body = raw("GET", path, cookie=staff_sess)
        check(st == 403 and "data-person" not in body and not body.startswith("PK"), "staff asking for %s: %d" % (path, st))
    check(not d.find_elements(By.CSS_SELECTOR, "nav a[href='/timesheet']"), "staff are offered the timesheet")
    submit(d, d.find_element(By.ID, "access-log"), "/me/access")
    check(d.find_element(By.TAG_NAME, "h1").text == "Ai đã xem dữ liệu của tôi", "the access log's title")
    log = table_rows(d, "access-log")
    check(any(r[1] == "web_hr" and "báo cáo chấp hành giờ giấc" in r[2] and "01/11/2026 – 20/11/2026" in r[2] for r in log) and
          any(r[1] == "web_head" for r in log) and not any(r[1] == "web_staff" for r in log), "p1's access log: %s" % log)
    check(any(r[1] == "web_hr" and "bảng chấm công (C01-HD) của đơn vị, tải về dạng tệp 11/2026" in r[2] for r in log) and
          any(r[1] == "web_head" and r[2] == "bảng chấm công (C01-HD) của đơn vị 11/2026" for r in log),
          "p1's access log, the timesheet: %s" % log)
    shot(d, "staff-access-log", phone=True)
    console_clean(d, "staff access log")
    st, hdrs, body = raw("GET", "/me/data.json", cookie=staff_sess)
    h = {k.lower(): v for k, v in hdrs}
    mine = json.loads(body)
    check(st == 200 and h.get("content-disposition") == 'attachment; filename="du-lieu-cua-toi-p1.json"' and
          h.get("content-type", "").startswith("application/json"), "the data download: %d %s" % (st, h))
    check(mine["person"]["code"] == "p1" and len(mine["taps"]) == 3 and mine["days"] and
          all(r["person_id"] == mine["person"]["id"] for r in mine["days"]) and len(mine["corrections"]) == 1 and
          {v["viewer"] for v in mine["viewed_by"]} == {"web_hr", "web_head"} and "requests" in mine and
          "scorecards" in mine and "score_entries" in mine,
          "the data download: %s" % {k: (len(v) if isinstance(v, list) else v) for k, v in mine.items()})
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
