"""Message keys built at run time (f"dsr.state.{state}") exist in both languages."""
from __future__ import annotations

from i18n import catalogue
from privacy import breaches, fulfilment, requests

MAILS = ("receipt", "receipt_verified", "extended", "refused", "proof", "result", "inactive")


def test_dynamic_keys_exist():
    keys = [f"dsr.action.{a}" for a in requests.ACTIONS] + [f"dsr.state.{s}" for s in requests.STATES]
    keys += [f"dsr.breach.risk.{r}" for r in breaches.RISK_LEVELS]
    keys += [f"dsr.field.{f}" for f in fulfilment.RECTIFIABLE]
    keys += [f"dsr.mail.{m}.{part}" for m in MAILS for part in ("subject", "body")]
    keys += [f"dsr.desk.channel.{c}" for c in ("mail", "post", "phone")]
    keys += [f"dsr.result.{a}" for a in requests.ACTIONS if a != "portability"]
    missing = [k for k in keys if k not in catalogue() or not {"fr", "en"} <= set(catalogue()[k])]
    assert not missing
