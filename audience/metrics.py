"""Ingestion counters, exported at /api/metrics in the Prometheus text format."""
from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

STORED = Counter("audience_events_stored", "Events stored, by origin", ["origin"], registry=REGISTRY)
DROPPED = Counter("audience_events_dropped", "Events dropped, by reason", ["reason"], registry=REGISTRY)
ACCEPTED = Counter("audience_collect_accepted", "Events accepted by /api/collect (202)", registry=REGISTRY)
BUFFER_DEPTH = Gauge("audience_buffer_depth", "Events waiting in the collection buffer", registry=REGISTRY)
LAST_FLUSH = Gauge("audience_last_flush_timestamp_seconds", "Unix time of the last successful flush",
                   registry=REGISTRY)
FLUSH_FAILURES = Counter("audience_flush_failures", "Flushes that failed (retried)", registry=REGISTRY)
FLUSH_SECONDS = Histogram("audience_flush_duration_seconds", "Time to process and write one batch",
                          registry=REGISTRY, buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))


def count_drops(drops: Mapping[str, int]) -> None:
    for reason, n in drops.items():
        if n:
            DROPPED.labels(reason=str(reason)).inc(n)


def snapshot() -> dict[str, float]:
    """Current values by sample name and labels (tests, the staff page)."""
    out: dict[str, float] = {}
    for metric in REGISTRY.collect():
        for sample in metric.samples:
            if sample.name.endswith("_created"):
                continue
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            out[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return out
