"""Overview in one call, CSV/PNG/PDF exports, the note on the data."""
from __future__ import annotations

import io
from datetime import UTC, datetime

import pandas as pd
import pytest

from accounts import PermissionDenied
from audience.stats import export, notes, overview
from audience.stats.filters import Filters
from audience.stats.periods import Period
from tests.unit.audience.stats.stats_data import SITE, seed_known


def tr(key: str, **values) -> str:
    from i18n import t

    return t(key, "fr", **values)


def fmt(metric: str, value) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.2f}"


@pytest.fixture
def ov(db, staff):
    days = seed_known(db)
    return overview.compute(staff, SITE, Period("custom", days["d"], days["d2"]), Filters(), compare_mode="previous")


def test_overview_has_every_block(ov):
    assert ov.grain == "hour" and len(ov.series.df) == 48  # two days: hourly points
    assert ov.key_figures.current.visits == 5
    assert set(ov.blocks) == set(overview.BLOCKS)
    assert ov.previous_series is not None and ov.previous_series.df["visits"].sum() == 1
    assert all(seconds >= 0 for seconds in ov.seconds.values())


def test_overview_geo_blocks_only_when_asked(db, staff, ov):
    geo = overview.compute(staff, SITE, ov.period, Filters(), compare_mode="none", geo=True)
    assert {"country", "network"} <= set(geo.blocks) and geo.compare is None


def test_overview_is_staff_only(db, plain_user):
    with pytest.raises(PermissionDenied):
        overview.compute(plain_user, SITE, Period("custom", datetime.now(UTC).date(), datetime.now(UTC).date()),
                         Filters())


def test_csv_neutralises_formulas_and_keeps_accents():
    df = pd.DataFrame({"value": ["=HYPERLINK(\"http://x\")", "/café", "-2+3", "@cmd"], "visitors": [1, 2, 3, 4]})
    text = export.to_csv(df).decode("utf-8-sig")
    assert text.splitlines() == ["value,visitors", "\"'=HYPERLINK(\"\"http://x\"\")\",1", "/café,2", "'-2+3,3",
                                 "'@cmd,4"]


def test_png_and_pdf_snapshots(ov):
    png = export.overview_png(ov, tr, fmt)
    assert png.startswith(b"\x89PNG")
    pdf = export.overview_pdf(ov, tr, fmt)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size[0] > 800


def test_data_note(db, staff):
    days = seed_known(db)
    now = datetime.now(UTC)
    note = notes.data_note(staff, SITE, now=now)
    assert (note.aggregates_months, note.events_months, note.visitor_key_hours) == (26, 13, 48)
    assert note.oldest_present == days["last_year"]
    assert note.oldest_kept <= days["last_year"]
    assert note.next_expiry_day >= note.oldest_kept and note.next_expiry_at > now
    assert note.bot_hits == 1  # the seeded crawler hit on day D
    assert notes.data_note(staff, SITE, now=now, period=Period("custom", days["d2"], days["d2"])).bot_hits == 0


def test_geo_blocks_hidden_without_a_local_database(db):
    assert notes.geo_files() == {}
    assert notes.geo_enabled() is False


@pytest.mark.parametrize("filters", [Filters(), Filters(channel="direct"), Filters(channel="direct", browser="Chrome"),
                                     Filters(page="/tarifs", browser="Chrome")])
def test_overview_equals_the_blocks_one_by_one(db, staff, filters):
    from datetime import timedelta

    from audience.stats import store

    days = seed_known(db)
    period = Period("custom", days["d"] - timedelta(days=5), days["d2"])  # daily grain
    ov = overview.compute(staff, SITE, period, filters, compare_mode="previous")
    assert ov.key_figures.current == store.key_figures(staff, SITE, period, filters).current
    for dim, table in ov.blocks.items():
        alone = store.breakdown(staff, SITE, period, filters, dim)
        assert table.source == alone.source, dim
        pd.testing.assert_frame_equal(table.df.reset_index(drop=True), alone.df.reset_index(drop=True),
                                      check_dtype=False)
