"""Users, roles, authentication state and one-time tokens (no Streamlit here)."""
from accounts.model import ROLES, PermissionDenied, User, require
from accounts.users import get_user, get_user_by_email

__all__ = ["ROLES", "PermissionDenied", "User", "require", "get_user", "get_user_by_email"]
