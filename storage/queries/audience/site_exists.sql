SELECT count(*) > 0 FROM audience_sites WHERE name = ?
