"""bcrypt hashing, in the format streamlit-authenticator checks ($2b$...)."""
from __future__ import annotations

import bcrypt

ROUNDS = 12  # bcrypt's cost: slow on purpose (guessing); tests lower it


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(ROUNDS)).decode()


def verify_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode())
    except ValueError:  # over 72 bytes, or a malformed hash
        return False
