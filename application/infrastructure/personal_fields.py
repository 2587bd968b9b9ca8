"""The library's mapper, with the personal fields of events (`SEALED_FIELDS`: a household's names,
citizen ids, addresses; the words of a complaint about it) sealed under the household's own
key before the event is encoded, and opened after it is decoded. Once the key is destroyed they
read as `ERASED`, in every event already stored, and the rest of each event — the facts the
figures are made of — reads as before. Events stored before this sealing hold those fields as
they were given, and read as they are. docs/spec/personal-data.md, "Erasure"."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Cipher, Compressor, Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic

from application.infrastructure.keys import Keys
from domain.household import Household
from domain.personal import SEALED_FIELDS
from domain.values import ERASED

SEALED = "~k1:"
NONCE = 12
ERASURE_TOPIC = Household.PersonalDataErased.TOPIC


class PersonalFieldsMapper(Mapper[UUID]):
    def __init__(
        self,
        transcoder: Transcoder,
        compressor: Compressor | None = None,
        cipher: Cipher | None = None,
    ) -> None:
        super().__init__(transcoder, compressor, cipher)
        self.keys = Keys()

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        sealed = SEALED_FIELDS.get(get_topic(type(domain_event)))
        household = (
            sealed.household(vars(domain_event), domain_event.originator_id) if sealed else None
        )
        if sealed is None or household is None:
            return super().to_stored_event(domain_event)
        self.keys.ensure([household])  # nothing to do when it is held already
        key = self.keys.household(household)
        assert key is not None
        aad = household.encode()

        def seal(value: Any) -> Any:
            if not isinstance(value, str):
                return value
            nonce = os.urandom(NONCE)
            cipher_text = key.encrypt(nonce, value.encode(), aad)
            return SEALED + base64.b64encode(nonce + cipher_text).decode("ascii")

        state = dict(vars(domain_event))
        for path in sealed.paths:
            state = changed(state, path, seal)
        sealed_event = object.__new__(type(domain_event))
        object.__setattr__(sealed_event, "__dict__", state)
        return super().to_stored_event(sealed_event)

    def prepare(self, stored_events: Sequence[StoredEvent]) -> None:
        """Open in one read the keys of the households whose own sealed events a page of the
        log holds, so that decoding it reads none one at a time (a complaint's household is
        known only once its event is decoded: its key is read then)."""
        missing = {
            str(stored.originator_id)
            for stored in stored_events
            if (sealed := SEALED_FIELDS.get(stored.topic)) is not None
            and sealed.owner is None
            and str(stored.originator_id) not in self.keys.cache
        }
        if missing:
            self.keys.load(sorted(missing))

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        household = str(stored_event.originator_id)
        if stored_event.topic == ERASURE_TOPIC:
            self.keys.forget(household)  # however this process held it, it is gone
        sealed = SEALED_FIELDS.get(stored_event.topic)
        owner = sealed.household(vars(event), household) if sealed else None
        if sealed is None or owner is None:
            return event
        aad = owner.encode()

        def unseal(value: Any) -> Any:
            if not (isinstance(value, str) and value.startswith(SEALED)):
                return value
            key = self.keys.household(owner)
            if key is None:
                return ERASED
            raw = base64.b64decode(value[len(SEALED) :])
            return key.decrypt(raw[:NONCE], raw[NONCE:], aad).decode()

        state = vars(event)
        for path in sealed.paths:
            state.update(changed(state, path, unseal))
        return event


def changed(data: Any, path: tuple[str, ...], change: Callable[[Any], Any]) -> Any:
    """`data` with the value at `path` changed ("*": each item of a list); the containers
    along the path are copied, the rest shared."""
    if not path:
        return change(data)
    head, rest = path[0], path[1:]
    if head == "*":
        return [changed(item, rest, change) for item in data] if isinstance(data, list) else data
    if not isinstance(data, dict) or head not in data:
        return data
    return {**data, head: changed(data[head], rest, change)}
