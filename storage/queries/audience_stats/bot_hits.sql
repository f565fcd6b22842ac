-- Bot hits dropped for a site: over start..end, or every day kept when both are NULL.
SELECT sum(hits) FROM audience.daily_drops
WHERE site = ? AND reason = 'bot' AND (? IS NULL OR day BETWEEN ? AND ?)
