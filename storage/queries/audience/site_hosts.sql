UPDATE audience_sites SET hosts = ? WHERE name = ?
