"""Demo content seeded on the first run of `make run`: one account per role, plus sample data."""
