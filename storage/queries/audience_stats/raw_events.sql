-- The raw page views of a site's days (columns: audience.visits.COLUMNS).
SELECT {columns} FROM audience.events WHERE site = ? AND day BETWEEN ? AND ?
