-- A batch's drop counts (registered as drops_batch) added to the day's existing rows.
UPDATE audience.daily_drops d SET hits = d.hits + b.hits
FROM drops_batch b
WHERE d.site = b.site AND d.day = b.day AND d.reason = b.reason
