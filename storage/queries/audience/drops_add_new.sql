-- The batch's drop counts for which the day has no row yet.
INSERT INTO audience.daily_drops (site, day, reason, hits)
SELECT site, day, reason, hits FROM drops_batch b
WHERE NOT EXISTS (SELECT 1 FROM audience.daily_drops d
                  WHERE d.site = b.site AND d.day = b.day AND d.reason = b.reason)
