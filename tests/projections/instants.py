"""Instants to read a history as known at."""

from __future__ import annotations

from datetime import datetime

from application.system import System
from domain.household import Household


def halfway(system: System) -> datetime:
    """The instant of the event midway through the households' history (after what a start
    records: the area registry, the plan)."""
    recorder, mapper = system.store.recorder, system.store.mapper
    (first,) = recorder.select_notifications(1, 1, topics=[Household.Registered.TOPIC])
    last = recorder.max_notification_id() or first.id
    (middle,) = recorder.select_notifications((first.id + last) // 2, 1)
    return mapper.to_domain_event(middle).timestamp
