"""Small builders shared by the data-subject-request tests (users, roles)."""
from __future__ import annotations

from accounts import User
from storage import Database


def make_user(db: Database, email: str, *, roles: tuple[str, ...] = ("user",), first_name: str = "Jean",
              last_name: str = "Dupont", last_active_at=None) -> User:
    row = db.write(lambda cur: cur.execute(
        "INSERT INTO users (email, password_hash, first_name, last_name, company, roles, confirmed_at, "
        "last_active_at) VALUES (?, 'x', ?, ?, 'ACME', ?, now(), coalesce(?, now())) "
        "RETURNING CAST(id AS VARCHAR), created_at, last_active_at",
        [email, first_name, last_name, list(roles), last_active_at]).fetchone())
    return User(id=row[0], email=email, first_name=first_name, last_name=last_name, company="ACME", siren="",
                roles=roles, language="fr", confirmed=True, disabled=False, created_at=row[1],
                last_active_at=row[2])


def make_dpo(db: Database) -> User:
    return make_user(db, "dpo@example.fr", roles=("user", "staff", "dpo"), first_name="Dee", last_name="Pio")
