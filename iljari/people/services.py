"""Writes of the person registry. The double-receipt check's services live in `people.alerts` (re-exported here:
`alerts_refresh`, `link_decide`, `alert_decide`, `recovery_update`, `recovery_payment_record`, `benefit_rule_save`)."""

from __future__ import annotations

from .alerts import (  # noqa: F401  (re-exported)
    alert_decide,
    alerts_refresh,
    benefit_rule_save,
    link_decide,
    recluster,
    recovery_payment_record,
    recovery_update,
)
