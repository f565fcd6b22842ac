DELETE FROM audience.{table} WHERE day < ?
