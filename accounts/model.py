"""Who is asking: the user record and the role check every data function performs."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ROLES = ("user", "staff", "dpo", "admin")


class PermissionDenied(PermissionError):
    """The acting user may not do this (wrong role, or not the owner)."""


@dataclass(frozen=True)
class User:
    id: str
    email: str
    first_name: str
    last_name: str
    company: str
    siren: str
    roles: tuple[str, ...]
    language: str
    confirmed: bool
    disabled: bool
    created_at: datetime | None = None
    last_active_at: datetime | None = None

    def has(self, role: str) -> bool:
        return not self.disabled and role in self.roles

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email


def require(actor: User | None, role: str) -> User:
    """Return the actor if they hold `role`, else raise PermissionDenied."""
    if actor is None or not actor.has(role):
        raise PermissionDenied(role)
    return actor


def require_saver(actor: User | None) -> User:
    """The user who may save work (analyses, forecasts, studies): nothing is stored about a person before
    their e-mail address is confirmed."""
    user = require(actor, "user")
    if not user.confirmed:
        raise PermissionDenied("unconfirmed")
    return user
