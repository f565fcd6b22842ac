"""The one error the market study raises for bad input: a catalogue key and its values, so the page and
the command line show the same translated message (never a traceback)."""
from __future__ import annotations

import i18n


class MarketError(ValueError):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str = "fr") -> str:
        """The message in `lang`; a value that is itself a catalogue key (a file's name) is translated too."""
        values = {k: i18n.t(v, lang) if isinstance(v, str) and v.startswith("market.") else v
                  for k, v in self.values.items()}
        return i18n.t(self.key, lang, **values)
