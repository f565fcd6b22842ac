-- First and last day the aggregates hold, all sites. No params.
SELECT min(day), max(day) FROM audience.daily_dimensions WHERE dimension = 'total'
