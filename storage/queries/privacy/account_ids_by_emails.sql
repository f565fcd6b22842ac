-- Parameter: a list of lower-case addresses.
SELECT CAST(id AS VARCHAR) FROM users WHERE list_contains(?, lower(email))
