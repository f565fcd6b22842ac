SELECT min(day) FROM audience.daily_dimensions WHERE site = ? AND dimension = 'total'
