-- Raw taps stay append-only through their partitions too.  A statement-level TRUNCATE
-- trigger on attend.tap does not fire for `TRUNCATE attend.tap_2026_11` (PostgreSQL clones
-- only row-level triggers to partitions), so the owner could empty a month in one statement
-- (found by tests/integration/test_db_roles.sh).  Every partition gets the trigger, and so does
-- every partition made later by attend.ensure_tap_partitions (attendctl maintain).
-- Not covered: DROP or DETACH of a partition by the owner (an owner can drop any trigger too);
-- those are schema changes, not application paths, and no application role may do them.
CREATE FUNCTION attend.guard_tap_partition(part regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = part AND tgname = 'tap_no_truncate') THEN
    EXECUTE format('CREATE TRIGGER tap_no_truncate BEFORE TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION attend.refuse_tap_change()', part);
  END IF;
END $$;

SELECT attend.guard_tap_partition(inhrelid::regclass)
FROM pg_inherits WHERE inhparent = 'attend.tap'::regclass;

CREATE OR REPLACE FUNCTION attend.ensure_tap_partitions(first_month date, months int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', first_month)::date;
  made int := 0;
  name text;
BEGIN
  FOR i IN 1..months LOOP
    name := format('tap_%s', to_char(m, 'YYYY_MM'));
    IF to_regclass('attend.' || name) IS NULL THEN
      EXECUTE format('CREATE TABLE attend.%I PARTITION OF attend.tap FOR VALUES FROM (%L) TO (%L)',
                     name, m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month')::timestamp AT TIME ZONE 'UTC');
      PERFORM attend.guard_tap_partition(('attend.' || quote_ident(name))::regclass);
      made := made + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN made;
END $$;
