-- Parameter: a list of user ids.
SELECT CAST(id AS VARCHAR), email, language FROM users WHERE list_contains(?, CAST(id AS VARCHAR))
