-- 002: an edge whose clock drifts is flagged (invariant 5: not trusted blindly).  The skew is
-- the recorder's receive time minus the edge's send time of the same message, so network
-- delay is in it too; beyond two minutes it is the clock.  Taps keep the reader's own time;
-- HR sees the flag next to them.
CREATE OR REPLACE VIEW attend.edge_clock AS
SELECT edge_id, site_id,
       max(recorded_at) AS last_seen,
       round(percentile_cont(0.5) WITHIN GROUP (
         ORDER BY extract(epoch FROM received_at - sent_at))::numeric, 3) AS median_skew_s,
       abs(percentile_cont(0.5) WITHIN GROUP (
         ORDER BY extract(epoch FROM received_at - sent_at))) > 120 AS clock_flagged
FROM attend.tap
WHERE received_at > now() - interval '1 day'
GROUP BY edge_id, site_id;
