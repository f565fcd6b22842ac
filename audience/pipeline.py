"""The ingestion pipeline: small named steps over a batch (a pyarrow Table), Plausible-style.

Each step takes the batch and returns the rows it keeps plus, per drop reason, how many rows it
dropped (a `Drops`, which also counts them per site and local day for audience.daily_drops).
Expensive work (user agents, URLs, referrers, addresses, hashes) runs once per DISTINCT
value of the batch, then is spread back with `take`, so a million log lines cost a few thousand
Python calls. The full IP exists only in the batch in memory: `put_geo` (optional country and
network) reads it, then `anonymise_ip` replaces it before the batch leaves `run`.
"""
from __future__ import annotations

import ipaddress
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from audience import channels, geo, useragent
from audience.anonymise import anonymise_ips, parse_ip
from audience.config import AudienceConfig
from audience.event import EVENT_SCHEMA, TS, Drop, Drops
from audience.keys import KeyStore, visitor_hash

STATIC_EXT = frozenset({
    "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff",
    "woff", "woff2", "ttf", "otf", "eot", "mp4", "webm", "mp3", "ogg", "wav", "flac", "avi", "mov", "pdf", "zip",
    "gz", "tgz", "bz2", "xz", "7z", "rar", "exe", "dmg", "iso", "deb", "rpm", "txt", "xml", "rss", "atom", "json",
    "csv", "xls", "xlsx", "doc", "docx", "ppt", "pptx", "swf", "jar", "apk"})
NOT_PAGE_PATHS = frozenset({"/robots.txt", "/favicon.ico", "/sitemap.xml", "/wp-cron.php", "/xmlrpc.php",
                            "/ads.txt", "/humans.txt", "/wp-login.php"})
FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass
class Context:
    config: AudienceConfig
    keys: KeyStore
    now: datetime
    site_hosts: dict[str, frozenset[str]] = field(default_factory=dict)
    import_id: str | None = None
    log_rules_applied: bool = False  # the log importer already applied LOG_DROP_SQL while parsing


Step = Callable[[pa.Table, Context], tuple[pa.Table, Counter]]


def map_distinct(values: pa.ChunkedArray | pa.Array, fn: Callable, out_type: pa.DataType) -> pa.Array:
    """fn applied once per distinct value, spread back over the column."""
    uniq = pc.unique(values)
    mapped = pa.array([fn(v) for v in uniq.to_pylist()], out_type)
    return mapped.take(pc.index_in(values, value_set=uniq))


def memory_only_duckdb() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for data that still holds full IPs: it never spills to a temp file."""
    return duckdb.connect(config={"temp_directory": "", "autoinstall_known_extensions": False,
                                  "autoload_known_extensions": False})


def _drop(batch: pa.Table, mask, reason: Drop, counts: Counter) -> pa.Table:
    mask = pc.fill_null(mask, False)
    dropped = pc.sum(mask).as_py() or 0
    if dropped:
        counts[reason] += dropped
        if isinstance(counts, Drops):  # per site and day too (run() sets `day` before the steps)
            counts.add_rows(batch.select([c for c in ("site", "day") if c in batch.column_names]).filter(mask),
                            reason)
        batch = batch.filter(pc.invert(mask))
    return batch


def _local_day(batch: pa.Table, ctx: Context) -> pa.Array:
    local = pc.local_timestamp(batch["ts"].cast(pa.timestamp("us", tz=ctx.config.settings.timezone)))
    return local.cast(pa.date32())


def _set(batch: pa.Table, name: str, column) -> pa.Table:
    idx = batch.schema.get_field_index(name)
    if idx >= 0:
        return batch.set_column(idx, name, column)
    return batch.append_column(name, column)


# -- steps -------------------------------------------------------------------------------------
def page(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Request URL -> path (query stripped), UTM values, click id."""
    urls = pc.fill_null(batch["url"], "/")
    uniq = pc.unique(urls)
    parsed = [channels.parse_page(u) for u in uniq.to_pylist()]
    idx = pc.index_in(urls, value_set=uniq)
    for pos, name in enumerate(channels.Page._fields):
        batch = _set(batch, "page_" + name if name == "host" else name,
                     pa.array([p[pos] for p in parsed], pa.string()).take(idx))
    return batch, Counter()


def _sql_list(values) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values))


# The log rules as ONE SQL expression (NULL = keep), over columns method, status and url: the log
# importer evaluates it while parsing (so dropped lines never reach Python) and `log_request`
# evaluates it on a batch, so the rule exists once.
_PATH = "split_part(split_part(url, '?', 1), '#', 1)"
LOG_DROP_SQL = f"""CASE
    WHEN coalesce(method, 'GET') <> 'GET' THEN '{Drop.NOT_PAGE}'
    WHEN coalesce(status, 200) >= 400 THEN '{Drop.HTTP_ERROR}'
    WHEN coalesce(status, 200) BETWEEN 300 AND 399 AND status <> 304 THEN '{Drop.REDIRECT}'
    WHEN {_PATH} IN ({_sql_list(NOT_PAGE_PATHS)}) OR starts_with({_PATH}, '/wp-json/')
         OR NOT starts_with(coalesce(url, '/'), '/') THEN '{Drop.NOT_PAGE}'
    WHEN lower(regexp_extract({_PATH}, '\\.([A-Za-z0-9]+)$', 1)) IN ({_sql_list(STATIC_EXT)})
         THEN '{Drop.STATIC_ASSET}'
END"""


def log_request(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Log lines only: non-GET methods, errors, redirects, static files and technical URLs."""
    counts = Drops()
    if ctx.log_rules_applied or not pc.any(pc.equal(batch["origin"], "log")).as_py():
        return batch, counts
    con = memory_only_duckdb()
    try:
        con.register("batch", batch.select(["origin", "method", "status", "url"]))
        reason = con.sql(f"SELECT CASE WHEN origin = 'log' THEN {LOG_DROP_SQL} END AS r FROM batch"
                         ).to_arrow_table()["r"]
    finally:
        con.close()
    for value in pc.unique(reason).to_pylist():
        if value is not None:
            batch = _drop(batch, pc.equal(reason, value), Drop(value), counts)
            reason = reason.filter(pc.invert(pc.fill_null(pc.equal(reason, value), False)))
    return batch, counts


def expiry(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Local day of each event; past the raw-event retention or in the future -> dropped."""
    counts = Drops()
    if "day" not in batch.column_names:
        batch = _set(batch, "day", _local_day(batch, ctx))
    cutoff = ctx.config.events_cutoff(ctx.now)
    batch = _drop(batch, pc.less(batch["day"], pa.scalar(cutoff, pa.date32())), Drop.EXPIRED, counts)
    limit = pa.scalar(ctx.now + FUTURE_TOLERANCE, TS)
    batch = _drop(batch, pc.greater(batch["ts"], limit), Drop.FUTURE, counts)
    return batch, counts


def privacy_signals(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Global Privacy Control and Do Not Track are honoured for every origin."""
    counts = Drops()
    batch = _drop(batch, batch["gpc"], Drop.GPC, counts)
    batch = _drop(batch, batch["dnt"], Drop.DNT, counts)
    return batch, counts


def consent(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """The app's own pages: consent required, unless the CNIL exempt mode is on (then opt-out)."""
    counts = Drops()
    is_app = pc.equal(batch["origin"], "app")
    state = pc.fill_null(batch["consent"], "none")
    if ctx.config.settings.consent_exempt:
        refused = pc.is_in(state, pa.array(["optout", "denied"]))
        batch = _drop(batch, pc.and_(is_app, refused), Drop.OPTED_OUT, counts)
    else:
        batch = _drop(batch, pc.and_(is_app, pc.not_equal(state, "granted")), Drop.NO_CONSENT, counts)
    return batch, counts


def excluded_ip(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    counts = Drops()
    nets = [ipaddress.ip_network(n, strict=False) for n in ctx.config.settings.excluded_ip_ranges]
    if not nets:
        return batch, counts

    def excluded(ip: str | None) -> bool:
        addr = parse_ip(ip)
        return addr is not None and any(addr.version == n.version and addr in n for n in nets)

    batch = _drop(batch, map_distinct(batch["ip"], excluded, pa.bool_()), Drop.EXCLUDED_IP, counts)
    return batch, counts


def bots(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Crawlers dropped (crawlerdetect + ua-parser rules); browser, OS and device kept."""
    counts = Drops()
    uas = batch["user_agent"]  # null (no such field, common log format) is not "" (an empty header)
    uniq = pc.unique(uas)
    agents = [useragent.classify(u) for u in uniq.to_pylist()]
    idx = pc.index_in(uas, value_set=uniq)
    for pos, name in ((0, "is_bot"), (1, "browser"), (2, "os"), (3, "device")):
        kind = pa.bool_() if pos == 0 else pa.string()
        batch = _set(batch, name, pa.array([a[pos] for a in agents], kind).take(idx))
    batch = _drop(batch, batch["is_bot"], Drop.BOT, counts)
    return batch.drop_columns(["is_bot"]), counts


def _codes(column) -> tuple[np.ndarray, list]:
    """Dictionary codes of a column (nulls as their own value) and the distinct values."""
    encoded = pc.dictionary_encode(column).combine_chunks() if isinstance(column, pa.ChunkedArray) \
        else pc.dictionary_encode(column)
    values = encoded.dictionary.to_pylist()
    codes = pc.fill_null(encoded.indices, len(values)).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, values + [None]


def visitor(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Keyed hash of site + full IP + user agent with the event day's key (no cross-day id)."""
    parts = [_codes(batch[name]) for name in ("site", "ip", "user_agent", "day")]
    if math.prod(len(values) for _, values in parts) < 2 ** 62:
        key = np.zeros(batch.num_rows, np.int64)
        for codes, values in parts:  # one integer per (site, ip, ua, day)
            key = key * len(values) + codes
        distinct, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    else:  # too many combinations for one integer: unique rows instead (slower, same result)
        distinct, first, inverse = np.unique(np.stack([c for c, _ in parts], axis=1), axis=0,
                                             return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
    days = {}
    hashes = np.empty(len(distinct), np.int64)
    for i, row in enumerate(first):
        site, ip, ua, day = (values[codes[row]] for codes, values in parts)
        if day not in days:
            days[day] = ctx.keys.key_for(day, ctx.now)
        hashes[i] = visitor_hash(days[day], site, ip or "", ua or "")
    return _set(batch, "visitor_id", pa.array(hashes[inverse], pa.int64())), Counter()


def put_geo(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Country (ISO code) and network (ASN organisation) from the configured local files, looked
    up on the FULL IP, once per distinct address; '' when no file is configured or usable."""
    s = ctx.config.settings
    empty = pa.nulls(batch.num_rows, pa.string()).fill_null("")
    for name, path, lookup in (("country", s.geoip_database, geo.country), ("network", s.asn_database, geo.network)):
        db = geo.reader(str(geo.configured_paths(s)[name])) if path else None
        column = empty if db is None else map_distinct(batch["ip"], lambda ip, db=db, f=lookup: f(db, ip),
                                                       pa.string())
        batch = _set(batch, name, column)
    return batch, Counter()


def anonymise(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """The full IP is replaced by its masked prefix: the last step that sees it."""
    s = ctx.config.settings

    uniq = pc.unique(batch["ip"])
    masked = anonymise_ips(uniq, ipv4_mask_bytes=s.ipv4_mask_bytes, ipv6_prefix=s.ipv6_prefix_length)
    batch = _set(batch, "ip_prefix", masked.take(pc.index_in(batch["ip"], value_set=uniq)))
    return batch.drop_columns(["ip"]), Counter()


def source(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Referrer host (internal ones ignored), channel and source, language."""
    ref = map_distinct(batch["referrer"], channels.referrer_host, pa.string())
    own = pc.is_in(pc.binary_join_element_wise(batch["site"], ref, "\x00"),
                   value_set=pa.array([f"{site}\x00{h}" for site, hosts in ctx.site_hosts.items()
                                       for h in hosts] or [""], pa.string()))
    own = pc.or_(own, pc.equal(ref, batch["page_host"]))
    ref = pc.if_else(own, "", ref)
    batch = _set(batch, "referrer_host", ref)
    combo = pc.binary_join_element_wise(ref, batch["utm_source"], batch["utm_medium"], batch["click_id"], "\x00")
    uniq = pc.unique(combo)
    found = [channels.classify(*c.split("\x00")) for c in uniq.to_pylist()]
    idx = pc.index_in(combo, value_set=uniq)
    batch = _set(batch, "channel", pa.array([f.channel for f in found], pa.string()).take(idx))
    batch = _set(batch, "source", pa.array([f.source for f in found], pa.string()).take(idx))
    batch = _set(batch, "language", map_distinct(batch["accept_language"], channels.language, pa.string()))
    return batch, Counter()


STEPS: tuple[tuple[str, Step], ...] = (
    ("page", page), ("log_request", log_request), ("expiry", expiry), ("privacy_signals", privacy_signals),
    ("consent", consent), ("excluded_ip", excluded_ip), ("bots", bots), ("visitor", visitor),
    ("put_geo", put_geo), ("anonymise", anonymise), ("source", source),
)


def run(batch: pa.Table, ctx: Context, steps: Iterable[tuple[str, Step]] = STEPS) -> tuple[pa.Table, Drops]:
    """Raw batch -> (rows of audience.events, drops per reason and per site, day and reason)."""
    drops = Drops()
    if batch.num_rows:  # the local day first, so that every step's drops are counted per day
        batch = _set(batch, "day", _local_day(batch, ctx))
    for _name, step in steps:
        if batch.num_rows == 0:
            break
        batch, dropped = step(batch, ctx)
        drops.update(dropped)
    if batch.num_rows == 0:
        return EVENT_SCHEMA.empty_table(), drops
    for name in ("country", "network"):  # steps without put_geo (tests, benchmarks)
        if name not in batch.column_names:
            batch = _set(batch, name, pa.nulls(batch.num_rows, pa.string()).fill_null(""))
    batch = _set(batch, "import_id", pa.nulls(batch.num_rows, pa.string()) if ctx.import_id is None
                 else pa.array([ctx.import_id] * batch.num_rows, pa.string()))
    return batch.select(EVENT_SCHEMA.names).cast(EVENT_SCHEMA), drops
