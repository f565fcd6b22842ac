"""Demo seeding (make run's first start): accounts once, a demo audience through the real pipeline."""
from audience.demo import DEMO_SITE, seed_demo_audience
from demo.seed import seed_demo


def test_seed_demo_creates_accounts_once_and_prints_passwords_once(db, capsys, monkeypatch):
    monkeypatch.setattr("audience.demo.DAYS", 1)
    created = seed_demo({"user": "a long demo password"})
    assert set(created) == {"user", "staff", "dpo", "admin"}
    assert "a long demo password" in capsys.readouterr().out
    assert seed_demo() == {}
    assert "Demo accounts created" not in capsys.readouterr().out
    assert db.query_one("SELECT count(*) FROM users WHERE confirmed_at IS NOT NULL") == (4,)


def test_demo_audience_goes_through_the_pipeline(db):
    stored = seed_demo_audience(days=3)
    assert stored > 100
    assert db.query_one("SELECT count(*) FROM audience.events WHERE site = ?", [DEMO_SITE]) == (stored,)
    # bots were generated and dropped; addresses are stored masked only
    assert db.query_one("SELECT count(*) FROM audience.events WHERE browser ILIKE '%bot%'") == (0,)
    prefixes = {r[0] for r in db.query("SELECT DISTINCT ip_prefix FROM audience.events")}
    assert all(p.endswith(".0.0") or p.endswith(".0.0/16") or "/" in p for p in prefixes), prefixes
    assert seed_demo_audience(days=3) == 0
