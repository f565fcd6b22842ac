"""The audience dashboard page: staff see it (figures, filters from the URL), a plain user does not."""
from __future__ import annotations

import pytest

from tests.unit.audience.stats.stats_data import seed_known

PAGE = "../pages/audience.py"


def metric_values(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_staff_sees_the_dashboard(db, make_app):
    days = seed_known(db)
    at = make_app("staff")
    at.query_params.update({"site": "shop", "period": "custom", "from": days["d"].isoformat(),
                            "to": days["d2"].isoformat(), "compare": "previous"})
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    values = metric_values(at)
    assert values["Visiteurs uniques"] == "4"
    assert values["Visites"] == "5"
    assert values["Pages vues"] == "8"
    assert values["Taux de rebond"].startswith("60")
    assert values["Durée moyenne de visite"] == "1 min 24 s"
    assert len(at.get("plotly_chart")) >= 1
    assert any("conservées 26 mois" in m.value for m in at.markdown)


def test_filter_in_the_url_filters_the_dashboard(db, make_app):
    days = seed_known(db)
    at = make_app("staff")
    at.query_params.update({"site": "shop", "period": "custom", "from": days["d"].isoformat(),
                            "to": days["d2"].isoformat(), "source": "Google"})
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    values = metric_values(at)
    assert (values["Visiteurs uniques"], values["Visites"], values["Pages vues"]) == ("1", "1", "3")
    chip = at.button(key="aud_chip_source")
    assert "Google" in chip.label
    chip.click().run()
    assert "source" not in at.query_params
    assert metric_values(at)["Visites"] == "5"


def test_a_plain_user_is_refused(db, make_app):
    seed_known(db)
    at = make_app("user")
    with pytest.raises(ValueError):  # the page is not even registered for this user
        at.switch_page(PAGE)
    assert not any(m.label == "Visiteurs uniques" for m in at.metric)


@pytest.mark.parametrize("period", ["today", "7d", "12mo", "all"])
def test_every_period_renders(db, make_app, period):
    seed_known(db)
    at = make_app("staff")
    at.query_params.update({"site": "shop", "period": period, "compare": "year", "page": "/tarifs",
                            "browser": "Chrome"})
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    assert "Visiteurs uniques" in metric_values(at)
