"""Every setting the app reads from the environment, in one place.

Each field's name is the environment variable; README.md documents every one of them
(tests/unit/test_settings_documented.py fails when one is missing there).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    APP_DATA_DIR: Path = PROJECT_ROOT / "data"
    APP_BASE_URL: str = "http://localhost:8501"
    APP_DEFAULT_LANG: str = "fr"
    APP_ORGANISATION_FILE: Path = PROJECT_ROOT / "privacy" / "organisation.toml"
    SMTP_HOST: str = ""
    SMTP_PORT: int = 25
    SMTP_USER: str = ""
    SMTP_PASSWORD: str = ""
    SMTP_STARTTLS: bool = False
    MAIL_FROM: str = "no-reply@localhost"
    LOGIN_MAX_FAILURES: int = 5
    LOGIN_LOCK_MINUTES: int = 15
    RESET_TOKEN_MINUTES: int = 60
    CONFIRM_TOKEN_HOURS: int = 48
    APP_DATABASE_URL: str = ""
    AUDIENCE_DATABASE_URL: str = ""
    DUCKDB_MEMORY_LIMIT: str = ""
    DUCKDB_FORCE_UNCOMPRESSED: bool = False
    DEMO_SEED: bool = False
    # secret text: the key of the files encrypted outside the database (privacy.keys); never printed
    APP_ENCRYPTION_KEY: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            raw = env.get(f.name)
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            if kind is bool:
                values[f.name] = _bool(raw)
            elif kind is int:
                values[f.name] = int(raw)
            elif isinstance(f.default, Path):
                values[f.name] = Path(raw).expanduser().resolve()
            else:
                values[f.name] = raw
        return cls(**values)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()


def reload_settings() -> Settings:
    """Re-read the environment (tests change it)."""
    get_settings.cache_clear()
    return get_settings()
