-- 025: a report function called without its agency or period says so.  attend.punctuality()
-- and attend.timesheet() build their statement with format(); a NULL agency left a hole in
-- it, and the caller (psql, a BI tool) got a syntax error quoting the internal SQL.  Every
-- report asks attend.report_people() for its people first, so the check lives there, once.
ALTER FUNCTION attend.report_people(bigint, date, date, bigint, bigint) RENAME TO report_people_of;

CREATE FUNCTION attend.report_people(p_agency bigint, p_from date, p_to date,
                                     p_unit bigint DEFAULT NULL, p_person bigint DEFAULT NULL)
RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF p_agency IS NULL OR p_from IS NULL OR p_to IS NULL THEN
    RAISE EXCEPTION 'a report needs an agency and a period: agency %, from %, to %',
      coalesce(p_agency::text, 'NULL'), coalesce(p_from::text, 'NULL'), coalesce(p_to::text, 'NULL')
      USING ERRCODE = 'null_value_not_allowed',
            HINT = 'attend.punctuality(agency_id, from, to [, unit_id, person_id])';
  END IF;
  RETURN attend.report_people_of(p_agency, p_from, p_to, p_unit, p_person);
END $$;
