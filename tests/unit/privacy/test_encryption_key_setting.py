"""The key of the encrypted files may come from the environment (issue 15): then a copy of the data
directory alone cannot read the legal archive, the exports or the backups."""
import json
import shutil

import pytest
from cryptography.fernet import InvalidToken

from config import settings
from privacy import keys
from privacy.erasure import erase_person
from tests.unit.privacy.helpers import make_dpo, make_user

KEY = "a long secret kept by the service manager, not in data/"


def seed_person(db):
    """A person with a proof of consent: erasing them writes an encrypted legal-archive file."""
    user = make_user(db, "p@x.fr")
    db.execute("INSERT INTO consent_events (consent_id, user_id, policy_version, banner_text_sha256, decisions, "
               "method) VALUES (uuid(), ?, 'v1', 'abc', '{\"audience\": true}', 'accept_all')", [user.id])
    return user


def archived_blob(db):
    name = db.query_one("SELECT stored_name FROM privacy_legal_archive")[0]
    return (db.data_dir / "legal_archive" / name).read_bytes()


def test_with_the_setting_a_copy_of_the_data_directory_is_not_readable(db, monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENCRYPTION_KEY", KEY)
    settings.reload_settings()
    user = seed_person(db)
    erase_person(make_dpo(db), user_id=user.id, reason="test")
    blob = archived_blob(db)
    assert json.loads(keys.fernet().decrypt(blob))["rows"][0]["user_id"] == user.id
    assert not (db.data_dir / "secrets" / "privacy_file_key").exists()  # no key beside the files

    copy = tmp_path / "stolen"
    shutil.copytree(db.data_dir, copy)
    monkeypatch.setenv("APP_DATA_DIR", str(copy))
    monkeypatch.delenv("APP_ENCRYPTION_KEY")
    settings.reload_settings()
    with pytest.raises(InvalidToken):  # what the copy holds is not enough
        keys.fernet().decrypt(blob)


def test_files_written_before_the_setting_stay_readable(db, monkeypatch):
    user = seed_person(db)
    erase_person(make_dpo(db), user_id=user.id, reason="test")  # under the generated key
    blob = archived_blob(db)
    monkeypatch.setenv("APP_ENCRYPTION_KEY", KEY)
    settings.reload_settings()
    assert json.loads(keys.fernet().decrypt(blob))["rows"][0]["user_id"] == user.id
    fresh = keys.fernet().encrypt(b"new")
    monkeypatch.delenv("APP_ENCRYPTION_KEY")
    settings.reload_settings()
    with pytest.raises(InvalidToken):  # new files: the configured key only
        keys.fernet().decrypt(fresh)


def test_the_key_is_never_printed(monkeypatch):
    monkeypatch.setenv("APP_ENCRYPTION_KEY", KEY)
    assert KEY not in repr(settings.reload_settings())
