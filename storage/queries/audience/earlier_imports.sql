-- What earlier imports of a site covered: (bytes, digest, head_digest), smallest first, up to a size.
SELECT DISTINCT bytes, digest, head_digest FROM audience.log_imports WHERE site = ? AND bytes <= ? ORDER BY bytes
