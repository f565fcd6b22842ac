"""Many writers at once: collector threads, the flush thread and a log import; nothing lost."""
import dataclasses
import threading
from datetime import UTC, datetime, timedelta

from audience import logs
from audience.buffer import Buffer
from audience.keys import KeyStore
from tests.unit.audience.helpers import CHROME, make_config, raw


def test_many_writers_lose_nothing(db, site, tmp_path):
    config = make_config(flush_seconds=0.02, flush_events=150)
    buf = Buffer(db, config, keys=KeyStore(db.data_dir / "k", keep_hours=48, timezone="Europe/Paris"))
    buf.start()
    now = datetime.now(UTC)
    threads, per_thread, accepted = 8, 400, []

    def writer(n: int) -> None:
        ok = 0
        for i in range(per_thread):
            ok += buf.add(raw(ts=now - timedelta(seconds=i), ip=f"10.{n}.{i // 250}.{i % 250}",
                              url=f"https://www.shop.fr/p{i % 17}"))
        accepted.append(ok)

    today = now.strftime("%d/%b/%Y:%H:%M:%S +0000")
    log_file = tmp_path / "in.log"
    log_file.write_text("".join(f'192.0.2.{i % 200} - - [{today}] "GET /log{i} HTTP/1.1" 200 5 "-" "{CHROME}"\n'
                                for i in range(1000)))
    results = {}
    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    workers.append(threading.Thread(target=lambda: results.update(log=logs.import_file(log_file, site))))
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    buf.stop()
    assert sum(accepted) == threads * per_thread
    assert results["log"].events_stored == 1000
    assert db.query_one("SELECT count(*) FROM audience.events") == (threads * per_thread + 1000,)
    total = db.query_one("SELECT sum(pageviews) FROM audience.daily_dimensions WHERE dimension = 'total'")
    assert total == (threads * per_thread + 1000,)


def test_a_failed_write_is_retried_not_lost(db, site):
    buf = Buffer(db, make_config(), keys=KeyStore(db.data_dir / "k", keep_hours=48, timezone="Europe/Paris"))
    buf.add(raw(ts=datetime.now(UTC)))
    real = db.write
    db.write = lambda fn: (_ for _ in ()).throw(OSError("disk full"))
    buf.flush_logged()
    db.write = real
    buf.add(raw(ts=datetime.now(UTC), ip="198.51.100.9"))
    assert buf.flush() == 2
    assert db.query_one("SELECT count(*) FROM audience.events") == (2,)


def test_shutdown_flushes_the_buffer(db, site):
    config = dataclasses.replace(make_config(), settings=dataclasses.replace(make_config().settings,
                                                                             flush_seconds=3600))
    buf = Buffer(db, config, keys=KeyStore(db.data_dir / "k", keep_hours=48, timezone="Europe/Paris"))
    buf.start()
    for i in range(50):
        buf.add(raw(ts=datetime.now(UTC), ip=f"198.51.100.{i}"))
    buf.stop()
    assert db.query_one("SELECT count(*) FROM audience.events") == (50,)
