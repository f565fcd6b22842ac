"""The map of competitors for the page: a plotly scatter of longitude × latitude with the aspect of a
map at that latitude, and no background tiles (tiles would be requests to a third party, the
reference's advice). Each point says its precision (Sirene géolocalisé's distance_precision)."""
from __future__ import annotations

import math

import plotly.graph_objects as go

import i18n
from market.competition import Competition


def competitors_map(found: Competition, lang: str) -> go.Figure:
    points = found.mapped
    precision = points["geo_precision"].fillna(-1)
    hover = [f"{name or siret}<br>SIRET {siret}<br>{i18n.t('market.map.precision', lang)} : "
             f"{'?' if p < 0 else int(p)}" for name, siret, p in zip(points["name"], points["siret"], precision,
                                                                     strict=True)]
    fig = go.Figure(go.Scatter(
        x=points["lon"], y=points["lat"], mode="markers", text=hover, hoverinfo="text",
        marker={"size": 8, "color": precision.clip(lower=0, upper=500), "colorscale": "Viridis", "reversescale": True,
                "colorbar": {"title": {"text": i18n.t("market.map.precision", lang)}}}))
    if found.area.centre:
        fig.add_trace(go.Scatter(x=[found.area.centre[1]], y=[found.area.centre[0]], mode="markers",
                                 marker={"symbol": "x", "size": 14, "color": "crimson"}, hoverinfo="skip"))
    lat = float(points["lat"].mean()) if len(points) else 46.5
    ratio = 1 / max(0.1, math.cos(math.radians(lat)))  # a degree of latitude is longer than one of longitude
    fig.update_layout(showlegend=False, height=480, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      title=i18n.t("market.map.title", lang, count=len(points)),
                      xaxis={"title": "longitude"},
                      yaxis={"title": "latitude", "scaleanchor": "x", "scaleratio": ratio})
    return fig
