"""The ingestion pipeline: small named steps over a batch (a pyarrow Table), Plausible-style.

Each step takes the batch and returns the rows it keeps plus, per drop reason, how many rows it
dropped (a `Drops`, which also counts them per site and local day for audience.daily_drops).
Expensive work (user agents, URLs, referrers, addresses, hashes) runs once per DISTINCT
value of the batch (`distinct`), and its results are spread back as dictionary-encoded columns
(`spread`): a million log lines cost a few thousand Python calls, and the text is decoded once,
when it is stored. The full IP exists only in the batch in memory: `put_geo` (optional country
and network) reads it, then `anonymise_ip` replaces it before the batch leaves `run`.
"""
from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from audience import channels, geo, logrules, text, useragent
from audience.anonymise import anonymise_ips, parse_ip
from audience.config import AudienceConfig
from audience.event import CODED_EVENT_SCHEMA, EVENT_SCHEMA, TS, Drop, Drops, local_days, repeated
from audience.grouping import combined_key, dense_ids
from audience.keys import KeyStore, visitor_hashes

FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass
class Context:
    config: AudienceConfig
    keys: KeyStore
    now: datetime
    site_hosts: dict[str, frozenset[str]] = field(default_factory=dict)
    import_id: str | None = None
    log_rules_applied: bool = False  # the log importer already applied the log rules (logrules) while parsing
    history: bool = False  # log imports: days past the raw retention still build their daily aggregates


Step = Callable[[pa.Table, Context], tuple[pa.Table, Counter]]


def distinct(column: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The distinct values of a column, with a null last, and each row's index among them.

    A dictionary-encoded column (the log importer's) gives its own dictionary: no string is hashed."""
    if isinstance(column, pa.ChunkedArray):
        column = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    values = column.dictionary
    if pa.types.is_string_view(values.type) or pa.types.is_large_string(values.type):
        values = values.cast(pa.string())
    codes = pc.fill_null(column.indices, len(values)).to_numpy(zero_copy_only=False)
    return pa.concat_arrays([values, pa.nulls(1, values.type)]), codes


def spread(values: pa.Array, codes: np.ndarray) -> pa.Array:
    """values[codes]. Strings stay dictionary-encoded (cheap to filter, decoded once, at the end),
    with a dictionary of distinct values, so that later steps see each value once."""
    if not pa.types.is_string(values.type):
        return values.take(codes)
    encoded = pc.dictionary_encode(values)  # a few thousand values at most: cheap
    indices = pc.fill_null(encoded.indices, 0).to_numpy(zero_copy_only=False)  # nulls: masked below
    mask = pc.is_null(values).to_numpy(zero_copy_only=False)[codes] if values.null_count else None
    return pa.DictionaryArray.from_arrays(pa.array(indices[codes].astype(np.int32), mask=mask), encoded.dictionary)


def map_distinct(values: pa.ChunkedArray | pa.Array, fn: Callable, out_type: pa.DataType) -> pa.Array:
    """fn applied once per distinct value (None for null), spread back over the column."""
    uniq, codes = distinct(values)
    return spread(pa.array([fn(v) for v in uniq.to_pylist()], out_type), codes)


def distinct_rows(batch: pa.Table, names: list[str]) -> tuple[list[pa.Array], np.ndarray, np.ndarray]:
    """The distinct combinations of the columns' values: per column its distinct values, per
    combination the index of its value in each column (rows of an array), and per row its combination."""
    parts = [distinct(batch[name]) for name in names]
    ids, first = dense_ids(combined_key([(codes, len(values)) for values, codes in parts]))
    combos = np.stack([codes[first] for _, codes in parts], axis=1)
    return [values for values, _ in parts], combos, ids


def memory_only_duckdb() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for data that still holds full IPs: it never spills to a temp file.

    One thread per query: its callers (the log parser's chunks) already run one per core."""
    return duckdb.connect(config={"temp_directory": "", "autoinstall_known_extensions": False,
                                  "autoload_known_extensions": False, "threads": 1})


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
    return local_days(batch["ts"], ctx.config.settings.timezone)


def _set(batch: pa.Table, name: str, column) -> pa.Table:
    idx = batch.schema.get_field_index(name)
    if idx >= 0:
        return batch.set_column(idx, name, column)
    return batch.append_column(name, column)


# -- steps -------------------------------------------------------------------------------------
def visible_text(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Page URL and referrer without invisible controls (NUL, bidirectional marks...), every origin."""
    for name in ("url", "referrer"):
        batch = _set(batch, name, text.without_controls(batch[name]))
    return batch, Counter()


def page(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Request URL -> path (query stripped), UTM values, click id."""
    urls, codes = distinct(batch["url"])
    parsed = [channels.parse_page(u if u is not None else "/") for u in urls.to_pylist()]
    for pos, name in enumerate(channels.Page._fields):
        batch = _set(batch, "page_" + name if name == "host" else name,
                     spread(pa.array([p[pos] for p in parsed], pa.string()), codes))
    return batch, Counter()


def log_request(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Log lines only: non-GET methods, errors, redirects, static files and technical URLs (logrules)."""
    counts = Drops()
    is_log = pc.equal(batch["origin"], "log")
    if ctx.log_rules_applied or not pc.any(is_log).as_py():
        return batch, counts
    codes = logrules.of_columns(batch["method"], batch["url"], batch["status"])
    codes[~pc.fill_null(is_log, False).to_numpy(zero_copy_only=False)] = 0
    for code in np.unique(codes[codes > 0]).tolist():
        dropped = codes == code
        batch = _drop(batch, pa.array(dropped), logrules.REASONS[code], counts)
        codes = codes[~dropped]
    return batch, counts


def expiry(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Local day of each event; past the raw-event retention (with ctx.history: past the aggregates'
    retention; the writer keeps older days out of the raw events) or in the future -> dropped."""
    counts = Drops()
    if "day" not in batch.column_names:
        batch = _set(batch, "day", _local_day(batch, ctx))
    cutoff = (ctx.config.aggregates_cutoff if ctx.history else ctx.config.events_cutoff)(ctx.now)
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
    uas, codes = distinct(batch["user_agent"])  # null (common log format: no such field) is not ""
    agents = useragent.classify_all(uas.to_pylist())
    for pos, name in ((0, "is_bot"), (1, "browser"), (2, "os"), (3, "device")):
        kind = pa.bool_() if pos == 0 else pa.string()
        batch = _set(batch, name, spread(pa.array([a[pos] for a in agents], kind), codes))
    batch = _drop(batch, batch["is_bot"], Drop.BOT, counts)
    return batch.drop_columns(["is_bot"]), counts


def visitor(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Keyed hash of site + full IP + user agent with the event day's key (no cross-day id)."""
    (days, sites_, ips, agents), combos, inverse = distinct_rows(batch, ["day", "site", "ip", "user_agent"])
    # (the last slot of distinct() is for a null day, which no event has)
    keys = [ctx.keys.key_for(day, ctx.now) if day is not None else bytes(32) for day in days.to_pylist()]
    hashes = visitor_hashes(keys, sites_, ips, agents, combos)
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
    ips, codes = distinct(batch["ip"])
    masked = anonymise_ips(ips, ipv4_mask_bytes=s.ipv4_mask_bytes, ipv6_prefix=s.ipv6_prefix_length)
    batch = _set(batch, "ip_prefix", spread(masked, codes))
    return batch.drop_columns(["ip"]), Counter()


def source(batch: pa.Table, ctx: Context) -> tuple[pa.Table, Counter]:
    """Referrer host (internal ones ignored), channel and source, language."""
    batch = _set(batch, "referrer_host", map_distinct(batch["referrer"], channels.referrer_host, pa.string()))
    columns, combos, inverse = distinct_rows(batch, ["site", "referrer_host", "page_host", "utm_source", "utm_medium",
                                                     "click_id"])
    values = [column.to_pylist() for column in columns]
    found, hosts = [], []
    for codes in combos.tolist():
        site, ref, page_host, utm_source, utm_medium, click_id = (v[c] for v, c in zip(values, codes, strict=True))
        own = ref and (ref == page_host or ref in ctx.site_hosts.get(site, ()))
        hosts.append("" if own else ref)
        found.append(channels.classify("" if own else ref, utm_source, utm_medium, click_id))
    batch = _set(batch, "referrer_host", spread(pa.array(hosts, pa.string()), inverse))
    batch = _set(batch, "channel", spread(pa.array([f.channel for f in found], pa.string()), inverse))
    batch = _set(batch, "source", spread(pa.array([f.source for f in found], pa.string()), inverse))
    batch = _set(batch, "language", map_distinct(batch["accept_language"], channels.language, pa.string()))
    return batch, Counter()


STEPS: tuple[tuple[str, Step], ...] = (
    ("visible_text", visible_text), ("page", page), ("log_request", log_request), ("expiry", expiry),
    ("privacy_signals", privacy_signals), ("consent", consent), ("excluded_ip", excluded_ip), ("bots", bots),
    ("visitor", visitor), ("put_geo", put_geo), ("anonymise", anonymise), ("source", source),
)


def run(batch: pa.Table, ctx: Context, steps: Iterable[tuple[str, Step]] = STEPS) -> tuple[pa.Table, Drops]:
    """Raw batch -> (rows of audience.events (CODED_EVENT_SCHEMA), drops per reason and per site, day and reason)."""
    drops = Drops()
    if batch.num_rows:  # the local day first, so that every step's drops are counted per day
        batch = _set(batch, "day", _local_day(batch, ctx))
    for _name, step in steps:
        if batch.num_rows == 0:
            break
        batch, dropped = step(batch, ctx)
        drops.update(dropped)
    if batch.num_rows == 0:
        return CODED_EVENT_SCHEMA.empty_table(), drops
    for name in ("country", "network"):  # steps without put_geo (tests, benchmarks)
        if name not in batch.column_names:
            batch = _set(batch, name, pa.nulls(batch.num_rows, pa.string()).fill_null(""))
    batch = _set(batch, "import_id", pa.nulls(batch.num_rows, pa.string()) if ctx.import_id is None
                 else repeated(ctx.import_id, batch.num_rows))
    return batch.select(EVENT_SCHEMA.names).cast(CODED_EVENT_SCHEMA), drops
