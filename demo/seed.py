"""Seed demo accounts (passwords generated and printed once) and let each area add sample data."""
from __future__ import annotations

import logging
import secrets

from accounts import store as accounts_store
from accounts.passwords import hash_password
from audience.demo import seed_demo_audience
from finance.demo import seed_demo_analysis
from market.demo import seed_demo_market

log = logging.getLogger(__name__)

DEMO_ACCOUNTS = {
    "user": ("demo.user@example.com", ["user"], "Camille", "Martin"),
    "staff": ("demo.staff@example.com", ["user", "staff"], "Sacha", "Bernard"),
    "dpo": ("demo.dpo@example.com", ["user", "dpo"], "Dominique", "Petit"),
    "admin": ("demo.admin@example.com", ["user", "staff", "dpo", "admin"], "Alex", "Durand"),
}


def seed_accounts(passwords: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """Create the demo accounts that do not exist yet; return {role: (email, password)} of those created."""
    created = {}
    for role, (email, roles, first, last) in DEMO_ACCOUNTS.items():
        if accounts_store.user_row_by_email(email):
            continue
        password = (passwords or {}).get(role) or secrets.token_urlsafe(12)
        accounts_store.add_confirmed_user(email, hash_password(password), first, last, "Démo SARL", roles)
        created[role] = (email, password)
    return created


def seed_demo(passwords: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    created = seed_accounts(passwords)
    if created:
        lines = [f"  {role:<6} {email:<28} {pw}" for role, (email, pw) in created.items()]
        # Printed once, on the server console only: nothing of it is stored in clear anywhere.
        print("\nDemo accounts created (shown once):\n" + "\n".join(lines) + "\n", flush=True)
    for seeder in (seed_demo_audience, seed_demo_analysis, seed_demo_market):
        try:
            seeder()
        except Exception:  # sample data is a nicety: the app still starts without it
            log.exception("demo seeding of %s failed", seeder.__module__)
    return created
