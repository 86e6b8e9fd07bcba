-- 001: the core of attendd: the org tree, people, badges, sites, edges, readers, raw taps,
-- rejected payloads, and the roles that use them.  Applied by `attendctl migrate`, never by
-- hand.  Words: an agency (cơ quan, the unit of access) holds a tree of org units; a person
-- works in a unit; a badge is bound to a person for a time; a site (a building) has edges
-- (entrance hosts running attendd), each with readers; a tap is one badge seen by one reader.

CREATE EXTENSION IF NOT EXISTS btree_gist;   -- for "one owner per badge at a time"

-- Roles are cluster-wide and group roles (NOLOGIN): real logins are granted membership.
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['attend_admin', 'attend_recorder', 'attend_hr', 'attend_edge'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END $$;

CREATE TABLE attend.agency (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  qhns_code   text,                       -- Mã QHNS, printed on the C01-HD timesheet
  tz          text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attend.org_unit (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id   bigint NOT NULL REFERENCES attend.agency,
  parent_id   bigint REFERENCES attend.org_unit,   -- NULL: directly under the agency
  code        text NOT NULL,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, code)
);
CREATE INDEX ON attend.org_unit (parent_id);

CREATE TABLE attend.person (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id   bigint NOT NULL REFERENCES attend.agency,
  unit_id     bigint NOT NULL REFERENCES attend.org_unit,
  code        text NOT NULL,              -- the agency's staff number
  full_name   text NOT NULL,
  staff_kind  text NOT NULL DEFAULT 'cong_chuc'
              CHECK (staff_kind IN ('cong_chuc', 'vien_chuc', 'hop_dong', 'khac')),
  position    text,
  hired_on    date,
  left_on     date,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, code)
);
CREATE INDEX ON attend.person (unit_id);

-- A badge belongs to one person for a time; reassigning closes one row and opens another,
-- so history stays.
CREATE TABLE attend.badge (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_id   bigint NOT NULL REFERENCES attend.agency,
  uid         text NOT NULL CHECK (uid ~ '^[0-9A-Z]{1,31}$'),
  person_id   bigint NOT NULL REFERENCES attend.person,
  valid_from  timestamptz NOT NULL DEFAULT now(),
  valid_to    timestamptz,
  note        text,
  created_by  text NOT NULL DEFAULT current_user,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  EXCLUDE USING gist (uid WITH =, tstzrange(valid_from, valid_to) WITH &&)
);
CREATE INDEX ON attend.badge (person_id);

CREATE TABLE attend.site (
  id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,63}$'),  -- as in MQTT topics
  agency_id   bigint NOT NULL REFERENCES attend.agency,
  name        text NOT NULL,
  tz          text NOT NULL DEFAULT 'Asia/Ho_Chi_Minh'
);

CREATE TABLE attend.edge (
  id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,63}$'),
  site_id     text NOT NULL REFERENCES attend.site,
  name        text
);

CREATE TABLE attend.reader (
  edge_id     text NOT NULL REFERENCES attend.edge,
  id          text NOT NULL,
  direction   text NOT NULL DEFAULT 'both' CHECK (direction IN ('in', 'out', 'both')),
  name        text,
  PRIMARY KEY (edge_id, id)
);

-- Raw taps: append-only, exactly as the edge journaled them.  No foreign keys: a tap from an
-- edge, site or badge the database does not know yet is still a tap and must be kept.
-- The idempotency key is (edge_id, epoch, seq); tapped_at is in the key only because a
-- partitioned table's unique key must hold the partition column, and a re-sent tap carries
-- the very same tapped_at from the journal.
CREATE TABLE attend.tap (
  edge_id        text NOT NULL,
  epoch          uuid NOT NULL,
  seq            bigint NOT NULL CHECK (seq > 0),
  site_id        text NOT NULL,
  agency_id      bigint,                  -- from the site at insert; NULL if the site is unknown
  reader_id      text NOT NULL,
  direction      text NOT NULL CHECK (direction IN ('in', 'out', 'both')),
  uid            text NOT NULL,
  known_at_edge  boolean NOT NULL,        -- the edge's offline cache knew the badge
  duplicate      boolean NOT NULL,        -- within the edge's debounce window of the same badge
  tapped_at      timestamptz NOT NULL,    -- the reader's clock
  sent_at        timestamptz NOT NULL,    -- the edge's clock when it (last) sent it
  received_at    timestamptz NOT NULL,    -- the recorder's clock
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  recorder       text NOT NULL,
  PRIMARY KEY (edge_id, epoch, seq, tapped_at)
) PARTITION BY RANGE (tapped_at);

CREATE INDEX ON attend.tap (uid, tapped_at);
CREATE INDEX ON attend.tap (agency_id, tapped_at);

-- Monthly partitions; a DEFAULT partition catches a tap from a clock far off, so none is
-- refused.  attendctl creates partitions ahead (`attendctl maintain`).
CREATE FUNCTION attend.ensure_tap_partitions(first_month date, months int) RETURNS int
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
      made := made + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN made;
END $$;

SELECT attend.ensure_tap_partitions('2025-01-01', 48);
CREATE TABLE attend.tap_default PARTITION OF attend.tap DEFAULT;

-- Append-only, for every role including the owner: corrections are separate rows.
CREATE FUNCTION attend.refuse_tap_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'raw taps are append-only: % refused (record a correction instead)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER tap_append_only BEFORE UPDATE OR DELETE ON attend.tap
  FOR EACH ROW EXECUTE FUNCTION attend.refuse_tap_change();
CREATE TRIGGER tap_no_truncate BEFORE TRUNCATE ON attend.tap
  FOR EACH STATEMENT EXECUTE FUNCTION attend.refuse_tap_change();

-- A payload that did not decode, kept aside with its topic and reason.
CREATE TABLE attend.rejected_payload (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at  timestamptz NOT NULL,
  topic        text NOT NULL,
  payload      bytea NOT NULL,
  reason       text NOT NULL,
  recorder     text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now()
);

-- The edge's clock against the recorder's: drift is flagged, not trusted.
CREATE VIEW attend.edge_clock AS
SELECT edge_id, site_id,
       max(recorded_at) AS last_seen,
       round(percentile_cont(0.5) WITHIN GROUP (
         ORDER BY extract(epoch FROM received_at - sent_at))::numeric, 3) AS median_skew_s
FROM attend.tap
WHERE received_at > now() - interval '1 day'
GROUP BY edge_id, site_id;

-- Privileges.  Nobody's application role may UPDATE or DELETE raw taps.
REVOKE ALL ON ALL TABLES IN SCHEMA attend FROM PUBLIC;
GRANT USAGE ON SCHEMA attend TO attend_admin, attend_recorder, attend_hr;
GRANT INSERT ON attend.tap TO attend_recorder;   -- ON CONFLICT DO NOTHING needs no more
GRANT SELECT (id, agency_id) ON attend.site TO attend_recorder;
GRANT INSERT ON attend.rejected_payload TO attend_recorder;
GRANT SELECT ON ALL TABLES IN SCHEMA attend TO attend_hr, attend_admin;
GRANT INSERT, UPDATE, DELETE ON attend.agency, attend.org_unit, attend.person, attend.badge,
  attend.site, attend.edge, attend.reader TO attend_admin;
