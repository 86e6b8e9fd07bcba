-- 051: an edge labels its taps with a site, and the broker's ACL binds only its edge id (the
-- certificate), not the site.  A tap whose site is not the one the edge is registered at is
-- kept as it came (raw taps are never changed) but shown here, for the administrator to look
-- at: a misconfigured edge, or one trying to fake a badge seen at two sites.
CREATE VIEW attend.edge_site_mismatch WITH (security_invoker = true) AS
SELECT t.edge_id, e.site_id AS registered_site, t.site_id AS claimed_site,
       count(*) AS taps, min(t.tapped_at) AS first_tap, max(t.tapped_at) AS last_tap
FROM attend.tap t JOIN attend.edge e ON e.id = t.edge_id
WHERE t.site_id <> e.site_id
GROUP BY 1, 2, 3;

GRANT SELECT ON attend.edge_site_mismatch TO attend_admin;
