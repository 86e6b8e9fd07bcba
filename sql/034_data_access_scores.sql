-- 034: scores and leave balances in the access log, each under a kind of its own.  The
-- scorecard, the criteria entry form and the monthly summary show a person's scores; they
-- were logged as 'month' (the person's month of days), so the person could not tell a look at
-- their scores from one at their days: now 'scores' (detail: the month).  attend-web now gives
-- the annual leave balances as files: 'leave_balance_csv', '_xlsx', '_pdf' (detail: the year).
-- /me/access shows each with its own words.
ALTER TABLE attend.data_access_log DROP CONSTRAINT data_access_log_what_check;
ALTER TABLE attend.data_access_log ADD CONSTRAINT data_access_log_what_check CHECK (what IN (
  'month', 'punctuality', 'punctuality_csv', 'punctuality_xlsx', 'punctuality_pdf',
  'timesheet', 'timesheet_csv', 'timesheet_xlsx', 'timesheet_pdf', 'scores',
  'leave_balance_csv', 'leave_balance_xlsx', 'leave_balance_pdf'));
