"""Sign-up with e-mail confirmation, password reset by mailed token, password change."""
from __future__ import annotations

import logging
from datetime import timedelta

import duckdb

import mail
from accounts import login, store, throttle
from accounts.model import User
from accounts.passwords import hash_password, verify_password
from accounts.tokens import consume_token, issue_token
from accounts.users import get_user, get_user_by_email, password_hash_of
from accounts.validation import ValidationError, check_email, check_password, check_siren, clean_text
from config.settings import get_settings
from i18n import normalise_lang, t

log = logging.getLogger(__name__)
RESETS_PER_HOUR = 3


def register(*, email: str, password: str, first_name: str = "", last_name: str = "", company: str = "",
             siren: str = "", lang: str = "fr", client_ip: str | None = None) -> User | None:
    """Create an unconfirmed account and mail the confirmation link; return it. Raises ValidationError
    (also when this client signed up too often: throttle.SIGN_UP).

    An address that already has an account gets a mail saying so instead, and None is returned:
    the visitor sees the same answer either way (no enumeration of accounts)."""
    email = check_email(email)
    check_password(password)
    fields = {"first_name": clean_text(first_name, "name"), "last_name": clean_text(last_name, "name"),
              "company": clean_text(company, "company"), "siren": check_siren(siren)}
    lang = normalise_lang(lang)
    if not throttle.SIGN_UP.allow(client_ip):
        raise ValidationError("core.error.too_many_sign_ups")
    hashed = hash_password(password)  # also for a known address: the same time either way
    if get_user_by_email(email) is not None:
        _tell_account_exists(email)
        return None
    try:
        store.add_user(email, hashed, fields["first_name"], fields["last_name"],
                       fields["company"], fields["siren"], lang)
    except duckdb.ConstraintException:  # two sign-ups raced for the same address
        _tell_account_exists(email)
        return None
    user = get_user_by_email(email)
    assert user is not None
    try:
        send_confirmation(user)
    except mail.MailError:  # an account nobody can confirm is useless: leave nothing behind
        store.delete_new_user(user.id)
        raise ValidationError("core.error.mail_failed") from None
    return user


def _tell_account_exists(email: str) -> None:
    """Mail the account's owner that someone tried to sign up with the address (a few a day at most)."""
    user = get_user_by_email(email)
    if user is None or user.disabled or not throttle.SIGN_UP_NOTICE.allow(email):
        return
    link = f"{get_settings().APP_BASE_URL}/reset_password"
    try:
        mail.send(user.email, t("core.mail.signup_exists_subject", user.language),
                  t("core.mail.signup_exists_body", user.language, link=link), kind="account", lang=user.language)
    except mail.MailError:
        log.error("sign-up notice mail could not be sent")  # same answer to the visitor: no enumeration


def send_confirmation(user: User) -> None:
    hours = get_settings().CONFIRM_TOKEN_HOURS
    token = issue_token(user.id, "confirm", timedelta(hours=hours))
    link = f"{get_settings().APP_BASE_URL}/login?confirm={token}"
    mail.send(user.email, t("core.mail.confirm_subject", user.language),
              t("core.mail.confirm_body", user.language, link=link, hours=hours),
              kind="account", lang=user.language)


def confirm_email(token: str) -> User:
    user_id = consume_token(token, "confirm")
    store.confirm(user_id)
    user = get_user(user_id)
    assert user is not None
    return user


def request_password_reset(email: str, lang: str = "fr") -> None:
    """Mail a reset link if the address has an account; say nothing either way (no enumeration)."""
    try:
        user = get_user_by_email(check_email(email))
    except ValidationError:
        return
    if user is None or user.disabled:
        return
    if recent_resets(user.id) >= RESETS_PER_HOUR:
        return  # no mail bombing through the reset form
    minutes = get_settings().RESET_TOKEN_MINUTES
    token = issue_token(user.id, "reset", timedelta(minutes=minutes))
    link = f"{get_settings().APP_BASE_URL}/reset_password?token={token}"
    try:
        mail.send(user.email, t("core.mail.reset_subject", user.language),
                  t("core.mail.reset_body", user.language, link=link, minutes=minutes),
                  kind="account", lang=user.language)
    except mail.MailError:
        log.error("password reset mail could not be sent")  # same answer to the visitor: no enumeration


def recent_resets(user_id: str) -> int:
    return store.resets_last_hour(user_id)


def reset_password(token: str, new_password: str) -> User:
    check_password(new_password)
    user_id = consume_token(token, "reset")
    _store_password(user_id, new_password)
    user = get_user(user_id)
    assert user is not None
    return user


def change_password(actor: User, old_password: str, new_password: str) -> None:
    """The logged-in person's new password: the current one checked (throttled like a login), every
    login cookie revoked, a mail to say so. Raises ValidationError."""
    if not check_login_password(actor, old_password):
        raise ValidationError("core.error.password_wrong")
    check_password(new_password)
    _store_password(actor.id, new_password)
    link = f"{get_settings().APP_BASE_URL}/reset_password"
    try:
        mail.send(actor.email, t("account.mail.password_changed_subject", actor.language),
                  t("account.mail.password_changed_body", actor.language, link=link),
                  kind="account", lang=actor.language)
    except mail.MailError:
        log.error("password change notice could not be sent")  # the change itself is done


def _store_password(user_id: str, password: str) -> None:
    store.set_password(user_id, hash_password(password))  # also revokes every login cookie


def check_login_password(user: User, password: str) -> bool:
    """Re-check the password for sensitive actions (erasure), with the same throttling as login."""
    def check() -> bool:
        stored = password_hash_of(user.id)
        return stored is not None and verify_password(password, stored)
    return bool(login.attempt(user.id, check))
