SELECT name, hosts FROM audience_sites ORDER BY name
