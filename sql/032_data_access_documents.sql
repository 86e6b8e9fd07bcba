-- 030: the C01-HD timesheet and the report's files in the access log.  attend-web now shows a
-- unit's timesheet (every person on it viewed) and gives the timesheet as CSV, XLSX and PDF and
-- the punctuality report as XLSX and PDF too: each is logged, under its own name, as a view of
-- every person it names (docs/web.md).
ALTER TABLE attend.data_access_log DROP CONSTRAINT data_access_log_what_check;
ALTER TABLE attend.data_access_log ADD CONSTRAINT data_access_log_what_check CHECK (what IN (
  'month', 'punctuality', 'punctuality_csv', 'punctuality_xlsx', 'punctuality_pdf',
  'timesheet', 'timesheet_csv', 'timesheet_xlsx', 'timesheet_pdf'));
