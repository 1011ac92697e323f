"""tradelet.live: `tradelet run` in-process (docs/live.md, docs/python.md).

    report = tradelet.live.run('my_live.toml')          # one slot: the job's JSON report (dict)

The same job as the CLI — staleness guard, market gate, reconcile, the kernel, the exactly-once
broker (client order ids per strategy/slot/symbol, the journal) — with the broker and data URLs
and keys from the environment (APCA_API_BASE_URL, APCA_API_DATA_URL, APCA_API_KEY_ID,
APCA_API_SECRET_KEY; the paper exchange of `tradelet paper-exchange` for paper runs). A
`[strategy] name = "python"` config runs the Python strategy its `module` names.
"""
import json
from datetime import datetime, timezone

from tradelet import _ext

__all__ = ['run']


def _slot_ns(slot):
    if slot is None or isinstance(slot, int):
        return slot
    if isinstance(slot, str):
        slot = datetime.fromisoformat(slot.replace('Z', '+00:00'))
    if hasattr(slot, 'value') and hasattr(slot, 'tz_convert'):  # pandas.Timestamp
        return int(slot.value)
    if slot.tzinfo is None:
        raise ValueError('slot: a naive datetime is ambiguous; give it a time zone (UTC)')
    delta = slot.astimezone(timezone.utc) - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 10**9 + delta.microseconds * 1000


def run(config, slot=None, dry_run=False):
    """Runs one slot of the live config (a TOML file, as `tradelet run --config`) and returns
    the report as a dict (outcome, orders with their states, decisions, skips, errors).
    `slot`: None (now floored to the period), an RFC 3339 string, a tz-aware datetime or int
    nanoseconds. Raises ValueError for a config the job refuses (the CLI's exit 3); a Python
    strategy's exception propagates (nothing of the step that raised is sent)."""
    report, _ = _run(config, slot, dry_run)
    return report


def _run(config, slot, dry_run):
    from tradelet import strategy
    with strategy._ConfigOnPath(config):
        text, code = _ext.live_run(str(config), _slot_ns(slot), bool(dry_run))
    return json.loads(text), code
