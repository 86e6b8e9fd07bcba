-- 016: the evaluator looks up a day's current result by (agency, person, date) to skip days
-- whose evaluation did not change (daemon/day_store.c).  While the statistics still say the
-- table is small (a new database, the first month evaluated) the planner may pick the
-- by-date index for that probe; with person_id in it, that index finds the one row too,
-- instead of every result of the date.  Queries by agency and date use it as before.
CREATE INDEX day_result_by_date_person ON attend.day_result (agency_id, work_date, person_id);
DROP INDEX attend.day_result_by_date;
ALTER INDEX attend.day_result_by_date_person RENAME TO day_result_by_date;
