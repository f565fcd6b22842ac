"""The choices of the area picker: communes, départements and EPCI of the imported datasets."""
from __future__ import annotations

import pandas as pd

from market import store


def communes() -> pd.DataFrame:
    """commune, name, departement, population: every commune with a legal population."""
    return store.frame("list_communes", [])


def departements() -> pd.DataFrame:
    return store.frame("list_departements", [])


def epcis() -> pd.DataFrame:
    return store.frame("list_epci", [])


def spending_items() -> pd.DataFrame:
    return store.frame("spending_items", [])
