-- The DPO's search. Parameters: consent id (empty: any), twice; account e-mail or user id (empty: any),
-- three times; the row limit.
SELECT c.created_at, CAST(c.consent_id AS VARCHAR), CAST(c.user_id AS VARCHAR), u.email,
       c.policy_version, c.method, CAST(c.decisions AS VARCHAR), c.banner_text_sha256, c.ip_trunc, c.user_agent
FROM consent_events c LEFT JOIN users u ON u.id = c.user_id
WHERE (? = '' OR CAST(c.consent_id AS VARCHAR) = ?)
  AND (? = '' OR lower(u.email) = ? OR CAST(c.user_id AS VARCHAR) = ?)
ORDER BY c.created_at DESC
LIMIT ?
