DELETE FROM audience_sites WHERE name = ?
