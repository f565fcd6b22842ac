"""Benchmark: every dashboard query over a synthetic audience built through the real ingestion code.

    .venv/bin/python benchmarks/dashboard.py                       # smoke run (2 months x 100k)
    .venv/bin/python benchmarks/dashboard.py --months 26 --per-month 2000000   # the full size

Builds `--months` months of traffic ending today (visitors, visits of 1-6 pages, 500 pages,
search/social/e-mail/campaign referrers, ten browsers/devices, two languages, ~5 % bots) as raw
batches and pushes each month through the ingestion pipeline (`audience.pipeline.run`: bots,
visitor hash, anonymisation, channels) and `audience.store.write_events` (insert + daily
aggregates + expiry) with the clock set to the end of that month, as if it had been collected
live: at the end the raw events hold the last `audience_events_months` and the aggregates all
months. Then times each dashboard query (cold = first run after reopening the database, warm =
median of 5) for a 30-day and a 12-month period, the whole overview, and the peer: the same key
figures computed from the raw events.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from traffic import USER_AGENTS  # noqa: E402

BOTS = ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "curl/8.5.0"]
PAGES = ["/", "/tarifs", "/contact", "/blog", "/a-propos"] + [f"/blog/article-{i}" for i in range(300)] + [
    f"/produits/{i}" for i in range(195)]
REFERRERS = [None] * 8 + ["https://www.google.fr/", "https://www.google.com/", "https://www.bing.com/",
                          "https://duckduckgo.com/", "https://www.facebook.com/", "https://t.co/abc",
                          "https://www.linkedin.com/feed/", "https://chatgpt.com/", "https://blog.partenaire.fr/a",
                          "https://mail.google.com/"]
QUERIES = [""] * 20 + ["?utm_source=newsletter&utm_medium=email&utm_campaign=nov",
                       "?utm_source=newsletter&utm_medium=email&utm_campaign=dec", "?gclid=abc123", "?fbclid=xyz",
                       "?utm_source=linkedin&utm_medium=social&utm_campaign=launch"]
LANGS = ["fr-FR,fr;q=0.9", "fr-FR,fr;q=0.9", "fr-FR,fr;q=0.9", "en-GB,en;q=0.8", "de-DE", "es-ES"]
SITE = "bench"


def month_starts(months: int, today: date) -> list[date]:
    out, y, m = [], today.year, today.month
    for _ in range(months):
        out.append(date(y, m, 1))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def raw_month(rng: np.random.Generator, first: date, last: date, events: int, tz_offset_h: int = 1) -> pa.Table:
    """About `events` raw page views (RAW_SCHEMA) between two days, visits of 1-6 pages."""
    from audience.event import RAW_SCHEMA

    days = (last - first).days + 1
    sizes = np.array([1, 2, 3, 4, 6])
    probs = np.array([0.45, 0.25, 0.15, 0.1, 0.05])
    n_visits = max(1, int(events / (sizes * probs).sum()))
    k = rng.choice(sizes, n_visits, p=probs)
    day_idx = rng.integers(0, days, n_visits)
    hour = np.clip(rng.normal(14, 4, n_visits), 0, 23.9)
    start = (np.datetime64(first, "s") + day_idx.astype("timedelta64[D]") +
             ((hour - tz_offset_h) * 3600).astype("timedelta64[s]"))
    pool = max(1000, n_visits // 2)  # returning clients: several visits a day for some
    client = rng.integers(0, pool, n_visits)
    ua_list = [u.format(v=v, m=v % 6) for u in USER_AGENTS for v in (118, 124, 130)] + BOTS
    is_bot = rng.random(n_visits) < 0.05
    ua = np.where(is_bot, len(ua_list) - 1 - (client % len(BOTS)), client % (len(ua_list) - len(BOTS)))
    ref = rng.integers(0, len(REFERRERS), n_visits)
    query = rng.integers(0, len(QUERIES), n_visits)
    lang = client % len(LANGS)
    # expand visits into page views
    v = np.repeat(np.arange(n_visits), k)
    pos = np.arange(len(v)) - np.repeat(np.cumsum(k) - k, k)
    gaps = np.where(pos == 0, 0, rng.integers(10, 400, len(v)))
    offs = np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[np.cumsum(k) - k], k)
    ts = start[v] + offs.astype("timedelta64[s]")
    page = np.minimum(rng.zipf(1.3, len(v)) - 1, len(PAGES) - 1)
    ips = pa.array([f"{(c >> 16) % 223 + 1}.{(c >> 8) % 256}.{c % 256}.{(c * 7) % 253 + 1}"
                    for c in range(pool)], pa.string())
    first_hit = pos == 0
    urls = pa.array(["https://www.example.fr" + p + q for p in PAGES for q in QUERIES], pa.string())
    url_idx = page * len(QUERIES) + np.where(first_hit, query[v], 0)
    refs_arr = pa.array(REFERRERS + ["https://www.example.fr/"], pa.string())
    ref_idx = np.where(first_hit, ref[v], len(REFERRERS))
    n = len(v)
    return pa.table({
        "site": pa.array(np.full(n, SITE)), "origin": pa.array(np.full(n, "js")),
        "ts": pa.array(ts.astype("datetime64[us]")).cast(RAW_SCHEMA.field("ts").type),
        "ip": ips.take(pa.array(client[v])), "user_agent": pa.array(ua_list).take(pa.array(ua[v])),
        "url": urls.take(pa.array(url_idx)), "referrer": refs_arr.take(pa.array(ref_idx)),
        "accept_language": pa.array(LANGS).take(pa.array(lang[v])),
        "gpc": pa.array(np.zeros(n, bool)), "dnt": pa.array(np.zeros(n, bool)),
        "consent": pa.nulls(n, pa.string()), "status": pa.nulls(n, pa.int32()), "method": pa.nulls(n, pa.string()),
    }, schema=RAW_SCHEMA)


def build(db, months: int, per_month: int, today: date) -> dict:
    """Every month through pipeline.run + write_events, with the clock at the month's end."""
    from audience import pipeline
    from audience.config import load_config
    from audience.keys import KeyStore
    from audience.store import write_events

    config = load_config()
    keys = KeyStore(db.data_dir / "secrets" / "audience_keys", keep_hours=48, timezone=config.settings.timezone)
    rng = np.random.default_rng(7)
    stats = {"events_in": 0, "stored": 0, "dropped": 0, "pipeline_s": 0.0, "write_s": 0.0, "gen_s": 0.0}
    starts = month_starts(months, today)
    for i, first in enumerate(starts):
        last = (starts[i + 1] - timedelta(days=1)) if i + 1 < len(starts) else today
        # a month is collected in ~10-day slices (the clock at each slice's end), like a live buffer
        chunk_start = first
        while chunk_start <= last:
            chunk_end = min(chunk_start + timedelta(days=9), last)
            share = ((chunk_end - chunk_start).days + 1) / 30.4
            t0 = time.perf_counter()
            raw = raw_month(rng, chunk_start, chunk_end, int(per_month * share))
            t1 = time.perf_counter()
            now = datetime.combine(chunk_end + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
            now = min(now, datetime.now(UTC))
            ctx = pipeline.Context(config, keys, now, site_hosts={SITE: frozenset({"www.example.fr"})})
            events, drops = pipeline.run(raw, ctx)
            keys.forget_ephemeral()
            t2 = time.perf_counter()
            write_events(db, events, config, now)
            t3 = time.perf_counter()
            stats["events_in"] += raw.num_rows
            stats["stored"] += events.num_rows
            stats["dropped"] += sum(drops.values())
            stats["gen_s"] += t1 - t0
            stats["pipeline_s"] += t2 - t1
            stats["write_s"] += t3 - t2
            chunk_start = chunk_end + timedelta(days=1)
        print(f"  {first:%Y-%m}: {stats['stored']:,} events stored so far "
              f"(pipeline {stats['pipeline_s']:.0f} s, write+aggregates {stats['write_s']:.0f} s)", flush=True)
    return stats


def timings(actor, today: date, label: str, period, filters_list, repeat: int) -> list[tuple]:
    from audience.stats import overview, store

    rows = []
    for fname, filters in filters_list:
        jobs = {"key_figures": lambda f=filters: store.key_figures(actor, SITE, period, f),
                "timeseries": lambda f=filters: store.timeseries(actor, SITE, period, f)}
        for dim in overview.BLOCKS:
            jobs[f"breakdown:{dim}"] = (lambda d=dim, f=filters: store.breakdown(actor, SITE, period, f, d, 100))
        jobs["visit blocks, one scan"] = (lambda f=filters: store.visit_breakdowns(
            actor, SITE, period, f, overview.BLOCKS, 100))
        jobs["overview (all blocks)"] = lambda f=filters: overview.compute(actor, SITE, period, f)
        for name, job in jobs.items():
            t0 = time.perf_counter()
            result = job()
            cold = time.perf_counter() - t0
            warm = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                job()
                warm.append(time.perf_counter() - t0)
            source = getattr(result, "source", "") or ("dv" if isinstance(result, dict) else "")
            if result is None:
                continue  # filters that do not route to daily_visits
            rows.append((label, fname, name, source, cold * 1000, statistics.median(warm) * 1000))
    return rows


def peer(actor, period, config, repeat: int) -> tuple[float, float] | None:
    """The same key figures from the raw events (visits rebuilt by window functions each time)."""
    from audience.stats import store

    if period.start < config.events_cutoff(datetime.now(UTC)):
        return None
    times = []
    for _ in range(1 + repeat):
        t0 = time.perf_counter()
        store._raw("raw_series", SITE, period, {}, config, {"grain": "month"}, bucket="date_trunc($grain, day)")
        times.append(time.perf_counter() - t0)
    return times[0] * 1000, statistics.median(times[1:]) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=2)
    parser.add_argument("--per-month", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data-dir", help="keep/reuse the built database here (skips the build if present)")
    args = parser.parse_args()
    tmp = None
    data_dir = Path(args.data_dir) if args.data_dir else Path(tmp := tempfile.mkdtemp(prefix="dash-bench-"))
    os.environ["APP_DATA_DIR"] = str(data_dir)
    from accounts import User
    from audience.config import load_config
    from audience.stats.filters import Filters
    from audience.stats.periods import resolve
    from storage import Database
    from storage import db as sdb

    actor = User(id="bench", email="bench@example.com", first_name="", last_name="", company="", siren="",
                 roles=("staff",), language="fr", confirmed=True, disabled=False)
    config = load_config()
    today = config.local_day(datetime.now(UTC))
    db = Database(data_dir)
    sdb._instance = db
    built = db.query_one("SELECT count(*) FROM audience.daily_dimensions")[0] > 0
    if not built:
        print(f"building {args.months} months x {args.per_month:,} raw events/month through the ingestion code...")
        t0 = time.perf_counter()
        stats = build(db, args.months, args.per_month, today)
        db.checkpoint()
        total = time.perf_counter() - t0
        print(f"build: {total:.0f} s total (generation {stats['gen_s']:.0f} s, pipeline {stats['pipeline_s']:.0f} s,"
              f" insert+aggregates+expiry {stats['write_s']:.0f} s); {stats['events_in']:,} raw events in, "
              f"{stats['stored']:,} stored, {stats['dropped']:,} dropped (bots)")
    for table in ("events", "daily_dimensions", "daily_visits", "daily_pages"):
        print(f"  audience.{table}: {db.query_one(f'SELECT count(*) FROM audience.{table}')[0]:,} rows")
    size = sum(p.stat().st_size for p in data_dir.glob("*.duckdb")) / 1e9
    print(f"  files: {size:.2f} GB; threads: {db.query_one('SELECT current_setting(?)', ['threads'])[0]}")
    # cold = first query after reopening the database (DuckDB's buffer pool empty; OS cache as is)
    db.close()
    db = Database(data_dir)
    sdb._instance = db
    oldest = config.aggregates_cutoff(datetime.now(UTC))
    filter_sets = [("none", Filters()), ("source=Google", Filters(source="Google")),
                   ("channel+device", Filters(channel="organic_search", device="mobile")),
                   ("page+browser", Filters(page="/tarifs", browser="Chrome"))]
    rows = []
    for preset in ("30d", "12mo"):
        period = resolve(preset, today, oldest=oldest)
        rows += timings(actor, today, preset, period, filter_sets, args.repeat)
    print(f"\n{'period':<6} {'filters':<15} {'query':<24} {'source':<6} {'cold ms':>9} {'warm ms':>9}")
    for label, fname, name, source, cold, warm in rows:
        flag = "" if warm < (1500 if name.startswith("overview") else 200) else "  <- over goal"
        print(f"{label:<6} {fname:<15} {name:<24} {source:<6} {cold:>9.1f} {warm:>9.1f}{flag}")
    print("\npeer: the same key figures computed from the raw events (visits rebuilt each time)")
    for preset in ("30d", "12mo"):
        period = resolve(preset, today, oldest=oldest)
        result = peer(actor, period, config, min(args.repeat, 2))
        agg = next(r for r in rows if r[0] == preset and r[1] == "none" and r[2] == "key_figures")
        if result is None:
            print(f"{preset:<6} raw events no longer cover the period (retention)")
        else:
            print(f"{preset:<6} raw: cold {result[0]:.0f} ms, warm {result[1]:.0f} ms  vs aggregates: warm "
                  f"{agg[5]:.1f} ms ({result[1] / max(agg[5], 0.01):.0f}x)")
    db.close()
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
