SELECT count(*) FROM audience.{table}
