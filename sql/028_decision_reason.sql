-- 028: a decision on a request or a correction says why (the unit head's reason, shown to the
-- person), next to who decided and when.  Kept like the other decision columns: a staff
-- member cannot write it (their rows must wait for a decision), a unit head may write only
-- the decision columns, and a decided correction is still never edited.
ALTER TABLE attend.request ADD COLUMN decision_reason text;
ALTER TABLE attend.correction ADD COLUMN decision_reason text;

CREATE OR REPLACE FUNCTION attend.correction_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - 'status' - 'decided_by' - 'decided_at' - 'decision_reason')
     <> (to_jsonb(OLD) - 'status' - 'decided_by' - 'decided_at' - 'decision_reason') THEN
    RAISE EXCEPTION 'correction % can only be decided, not edited: record a new correction', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

GRANT UPDATE (decision_reason) ON attend.request, attend.correction TO attend_unit_head;

-- A reason is given with the decision, never to a row still waiting for one.
ALTER TABLE attend.request ADD CONSTRAINT request_reason_decided
  CHECK (decision_reason IS NULL OR status <> 'requested');
ALTER TABLE attend.correction ADD CONSTRAINT correction_reason_decided
  CHECK (decision_reason IS NULL OR status <> 'requested');
