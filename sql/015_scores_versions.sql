-- 033: a new score rule set version starts with the criteria of the version it follows (the
-- one in force for its scope on its first day), so changing one number does not mean typing
-- the scorecard again; an administrator may then change the new version's criteria before it
-- is first used.
CREATE FUNCTION attend.score_rule_set_copy_criteria() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE prev int;
BEGIN
  SELECT v.id INTO prev FROM attend.score_rule_set v
  WHERE v.id <> NEW.id AND (v.agency_id IS NULL OR v.agency_id = NEW.agency_id)
    AND v.effective_from <= NEW.effective_from
    AND EXISTS (SELECT FROM attend.score_criterion k WHERE k.rule_set_id = v.id)
  ORDER BY v.agency_id IS NULL, v.effective_from DESC, v.id DESC LIMIT 1;
  IF prev IS NOT NULL THEN
    INSERT INTO attend.score_criterion (rule_set_id, code, position, name_vi, grp, max_points, automatic)
    SELECT NEW.id, code, position, name_vi, grp, max_points, automatic
    FROM attend.score_criterion WHERE rule_set_id = prev;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER score_rule_set_copy_criteria AFTER INSERT ON attend.score_rule_set
  FOR EACH ROW EXECUTE FUNCTION attend.score_rule_set_copy_criteria();

-- Criteria of a version that has scored a month are fixed, like the version itself.
CREATE FUNCTION attend.score_criterion_fixed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE v int := CASE WHEN TG_OP = 'INSERT' THEN NEW.rule_set_id ELSE OLD.rule_set_id END;
BEGIN
  IF EXISTS (SELECT FROM attend.summary_run WHERE score_rule_set_id = v) THEN
    RAISE EXCEPTION 'score rule set % has scored months: make a new version to change its criteria', v
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER score_criterion_fixed BEFORE INSERT OR UPDATE OR DELETE ON attend.score_criterion
  FOR EACH ROW EXECUTE FUNCTION attend.score_criterion_fixed();
