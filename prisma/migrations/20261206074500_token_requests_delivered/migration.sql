-- Token requests approved before a request's delivery was recorded as its token's secret is
-- confirmed: one whose token holds a confirmed secret was delivered (a secret is confirmed once
-- it reached its holder), though a crash between the two steps left it unrecorded. Recorded now,
-- at its decision's time, so that no such request reads "on its way" for good. A request whose
-- token's secret is still pending is left to the handover under way.
UPDATE approval_requests r
SET delivered_at = coalesce(r.decided_at, now())
WHERE r.kind = 'request'
  AND r.state = 'approved'
  AND r.token_id IS NOT NULL
  AND r.delivered_at IS NULL
  AND EXISTS (SELECT 1 FROM token_secrets s WHERE s.token_id = r.token_id AND s.pending_since IS NULL)
