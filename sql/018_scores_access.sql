-- 050: the scores' tables (030-033) and the badge-clone settings (041) under the same
-- row-level security as the rest (020): an HR officer sees only the agencies mapped to its
-- role.  032 granted SELECT on every table to attend_hr; rejected payloads (raw MQTT input of
-- any agency) go back to administrators only.
REVOKE SELECT ON attend.rejected_payload FROM attend_hr;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['score_entry', 'badge_not_worn', 'discipline_decision', 'reminder',
      'summary_run', 'summary_state', 'discipline_summary', 'discipline_deduction', 'scorecard',
      'collective_score', 'award_candidate', 'score_alert', 'badge_clone_setting'] LOOP
    PERFORM attend.hr_protect(('attend.' || t)::regclass);
  END LOOP;
  -- shipped score rule sets (agency_id NULL) are everyone's
  PERFORM attend.hr_protect('attend.score_rule_set'::regclass, true);
END $$;

-- A view runs with its owner's rights unless told otherwise, which would bypass the policies.
ALTER VIEW attend.score_entry_current SET (security_invoker = true);
