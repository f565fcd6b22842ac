DELETE FROM audience.events WHERE day < ?
