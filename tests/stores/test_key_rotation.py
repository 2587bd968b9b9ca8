"""Replacing the master key (GIAMNGHEO_CIPHER_KEY): the store's keys are wrapped again under the
new one (`giamngheo keys rotate`), after which the old one may be destroyed — no event is
re-encrypted, since none is encrypted under the master key itself (docs/spec/personal-data.md,
"Keys"). On SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

from application.infrastructure.keys import KeyUnavailableError
from application.infrastructure.settings import Settings
from application.readmodels import DirectoryQuery
from application.system import System
from tests.backends import BACKENDS, database_url
from tests.conftest import TODAY
from tests.stores.helpers import HEAD_NAME, register
from tests.stores.test_encryption import raw_states

OLD, NEW = (base64.b64encode(os.urandom(32)).decode() for _ in range(2))


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as made:
        yield made


def opened(url: str, key: str | None, *previous: str) -> System:
    settings = Settings(database_url=url, cipher_key=key, cipher_previous_keys=previous)
    return System.open(settings, today=lambda: TODAY)


@pytest.fixture
def written(url: str) -> str:
    """A household registered under the old master key, its views caught up; its id."""
    system = opened(url, OLD)
    try:
        household_id = register(system)
        system.reads.catch_up()
    finally:
        system.close()
    return household_id


def rotated(url: str) -> dict[str, int]:
    system = opened(url, NEW, OLD)
    try:
        return system.store.keys.rotate()
    finally:
        system.close()


def test_after_rotation_the_new_master_key_alone_opens_everything(url: str, written: str) -> None:
    assert rotated(url)["rewrapped"] >= 2  # the store's data key and the household's

    system = opened(url, NEW)
    try:
        assert system.households.get(written)["members"][0]["full_name"] == HEAD_NAME
        found = system.reads.search(DirectoryQuery(area="11296", q="nguyen van duc"))["items"]
        assert [item["id"] for item in found] == [written]
    finally:
        system.close()


def test_rotation_rewrites_no_event(url: str, written: str) -> None:
    system = opened(url, OLD)
    before = raw_states(system)
    system.close()

    rotated(url)

    system = opened(url, NEW)
    try:
        assert raw_states(system) == before
    finally:
        system.close()


def test_a_second_rotation_finds_nothing_to_do(url: str, written: str) -> None:
    rotated(url)
    assert rotated(url)["rewrapped"] == 0


def test_without_the_key_the_store_was_wrapped_under_opening_is_refused_naming_the_key(
    url: str, written: str
) -> None:
    with pytest.raises(KeyUnavailableError) as refused:
        opened(url, NEW)
    assert refused.value.code == "key-unavailable"


def test_events_encrypted_under_the_master_key_itself_stay_readable(tmp_path: Path) -> None:
    """A store written before its keys were kept in it: the library's cipher under the master
    key, as GIAMNGHEO_CIPHER_KEY configured it then."""
    url = f"sqlite:///{tmp_path}/earlier.db"
    system = System.open(Settings(database_url=url), today=lambda: TODAY, bootstrap=False)
    system.store.mapper.cipher = AESCipher(Environment(env={"CIPHER_KEY": OLD}))
    system.areas.bootstrap()
    system.plans.bootstrap()
    household_id = register(system)
    system.close()

    system = opened(url, OLD)
    try:
        assert system.households.get(household_id)["members"][0]["full_name"] == HEAD_NAME
    finally:
        system.close()
