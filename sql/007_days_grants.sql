-- 014: who may do what with the day tables.  The evaluator reads the inputs and writes
-- results; HR enters requests, corrections and month locks; the recorder is unchanged
-- (INSERT on attend.tap only: the tap trigger marks days as its owner).

GRANT USAGE ON SCHEMA attend TO attend_evaluator;
GRANT SELECT ON attend.agency, attend.org_unit, attend.person, attend.badge, attend.site,
  attend.tap, attend.timesheet_symbol, attend.rule_set, attend.schedule_profile,
  attend.schedule_session, attend.schedule_assignment, attend.calendar_day,
  attend.calendar_setting, attend.request, attend.correction, attend.month_lock
  TO attend_evaluator;
GRANT SELECT, INSERT, UPDATE, DELETE ON attend.day_dirty, attend.day_result, attend.day_exception,
  attend.day_adjustment, attend.day_seed_state TO attend_evaluator;

GRANT SELECT ON attend.timesheet_symbol, attend.rule_set, attend.schedule_profile,
  attend.schedule_session, attend.schedule_assignment, attend.calendar_day,
  attend.calendar_setting, attend.request, attend.correction, attend.month_lock,
  attend.month_lock_event, attend.day_dirty, attend.day_result, attend.day_exception,
  attend.day_adjustment, attend.day_session TO attend_hr, attend_admin;
GRANT INSERT, UPDATE ON attend.request, attend.correction TO attend_hr, attend_admin;
GRANT INSERT, DELETE ON attend.month_lock TO attend_hr, attend_admin;
GRANT INSERT ON attend.month_lock_event TO attend_hr, attend_admin;
GRANT INSERT, UPDATE, DELETE ON attend.timesheet_symbol, attend.rule_set, attend.schedule_profile,
  attend.schedule_session, attend.schedule_assignment, attend.calendar_day, attend.calendar_setting
  TO attend_admin;
GRANT INSERT ON attend.day_dirty TO attend_admin;   -- attendctl days evaluate

-- The marking helpers run as their owner; only the triggers (and the owner) call them.
REVOKE EXECUTE ON FUNCTION attend.mark_person_days(bigint, bigint, date, date),
  attend.mark_scope_days(bigint, bigint, bigint, date, date),
  attend.badge_mark_days_of(text, bigint, timestamptz, timestamptz),
  attend.profile_mark_days_of(bigint) FROM PUBLIC;
