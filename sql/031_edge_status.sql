-- What each edge last said of itself (its retained status, or its last will: docs/wire.md),
-- kept by the recorders so that HR's Devices page and `attendctl edges` show an edge's state,
-- journal backlog and version from the database, as the user's role sees it, without a broker
-- login of their own.  One row per edge: the latest message wins, never an older one (two
-- recorders may both write it; a status delayed in a queue must not undo a newer one).
CREATE TABLE attend.edge_status (
  edge_id          text PRIMARY KEY,
  site_id          text NOT NULL,
  state            text NOT NULL CHECK (state IN ('online', 'stopped', 'offline')),
  sent_at          timestamptz,          -- the edge's clock; NULL for a last will
  received_at      timestamptz NOT NULL, -- the recorder's clock
  connected_at     timestamptz,          -- from a last will: when the vanished connection was made
  version          text,
  journal_pending  bigint,               -- taps not yet acknowledged, as of sent_at
  journal_capacity bigint,
  journal_full     boolean,              -- taps are being refused at the door
  taps_refused     bigint,
  detail           jsonb                 -- the whole status message (readers and counters)
);

-- Edges belong to a site: the policy of attend.edge applies through the sub-select.
ALTER TABLE attend.edge_status ENABLE ROW LEVEL SECURITY;
CREATE POLICY agency_scope ON attend.edge_status
  USING ((SELECT attend.hr_scope(current_user)) IS NULL OR edge_id IN (SELECT id FROM attend.edge));

-- The recorder writes it (ON CONFLICT DO UPDATE reads the row it updates); HR and the
-- administrators read it, and so do unit heads and staff like every table HR reads (021), the
-- policy keeping them to their agencies.
GRANT SELECT, INSERT, UPDATE ON attend.edge_status TO attend_recorder;
-- the policy reads attend.edge (and its policy attend.site, which 001 lets the recorder read)
GRANT SELECT (id, site_id) ON attend.edge TO attend_recorder;
GRANT SELECT ON attend.edge_status TO attend_hr, attend_admin, attend_unit_head, attend_staff;

-- One status message (or a last will) into the table.  A will says only that the edge vanished
-- (and since when it was connected): the journal figures it last sent stay, still the best
-- known backlog.  An older message than the row's is ignored.
CREATE FUNCTION attend.record_edge_status(p_edge text, p_site text, p_state text,
    p_sent_at timestamptz, p_connected_at timestamptz, p_version text, p_pending bigint,
    p_capacity bigint, p_full boolean, p_refused bigint, p_detail jsonb)
RETURNS void LANGUAGE sql SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
  INSERT INTO attend.edge_status AS s (edge_id, site_id, state, sent_at, received_at, connected_at,
      version, journal_pending, journal_capacity, journal_full, taps_refused, detail)
  VALUES (p_edge, p_site, p_state, p_sent_at, now(), p_connected_at, p_version, p_pending,
          p_capacity, p_full, p_refused, p_detail)
  ON CONFLICT (edge_id) DO UPDATE SET
    site_id = excluded.site_id, state = excluded.state, received_at = excluded.received_at,
    sent_at = coalesce(excluded.sent_at, s.sent_at),
    connected_at = coalesce(excluded.connected_at, s.connected_at),
    version = coalesce(excluded.version, s.version),
    journal_pending = coalesce(excluded.journal_pending, s.journal_pending),
    journal_capacity = coalesce(excluded.journal_capacity, s.journal_capacity),
    journal_full = coalesce(excluded.journal_full, s.journal_full),
    taps_refused = coalesce(excluded.taps_refused, s.taps_refused),
    detail = coalesce(excluded.detail, s.detail)
  WHERE excluded.sent_at IS NULL OR s.sent_at IS NULL OR excluded.sent_at >= s.sent_at
$$;
REVOKE ALL ON FUNCTION attend.record_edge_status(text, text, text, timestamptz, timestamptz, text,
  bigint, bigint, boolean, bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attend.record_edge_status(text, text, text, timestamptz, timestamptz,
  text, bigint, bigint, boolean, bigint, jsonb) TO attend_recorder;
