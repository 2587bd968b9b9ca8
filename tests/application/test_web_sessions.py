"""The pages' sessions live in the database, not in the cookie, so they can really end: kept,
expired when idle, deleted on sign-out and when the account is disabled. On every backend."""

from __future__ import annotations

import pytest

from application import accounts
from application.system import System


def test_a_session_is_kept_and_read_back(any_backend: System) -> None:
    any_backend.accounts.write_session("s-1", b'{"username": "lan"}', "lan", 1800)

    assert any_backend.accounts.read_session("s-1") == b'{"username": "lan"}'


def test_writing_a_session_again_replaces_its_data(any_backend: System) -> None:
    any_backend.accounts.write_session("s-1", b"{}", None, 1800)
    any_backend.accounts.write_session("s-1", b'{"username": "lan"}', "lan", 1800)

    assert any_backend.accounts.read_session("s-1") == b'{"username": "lan"}'


def test_a_session_past_its_idle_time_reads_as_nothing(
    any_backend: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    any_backend.accounts.write_session("s-1", b'{"username": "lan"}', "lan", 1800)
    now = accounts.time.time()

    monkeypatch.setattr(accounts.time, "time", lambda: now + 1801)

    assert any_backend.accounts.read_session("s-1") == b""


def test_an_ended_session_reads_as_nothing(any_backend: System) -> None:
    any_backend.accounts.write_session("s-1", b'{"username": "lan"}', "lan", 1800)

    any_backend.accounts.end_session("s-1")

    assert any_backend.accounts.read_session("s-1") == b""


def test_disabling_an_account_ends_all_its_sessions_and_no_other(any_backend: System) -> None:
    any_backend.accounts.add_user("lan", "caseworker", "11296", password="mật-khẩu-thử")
    any_backend.accounts.write_session("s-1", b'{"username": "lan"}', "lan", 1800)
    any_backend.accounts.write_session("s-2", b'{"username": "lan"}', "lan", 1800)
    any_backend.accounts.write_session("s-3", b'{"username": "minh"}', "minh", 1800)

    any_backend.accounts.disable_user("lan")

    read = any_backend.accounts.read_session
    assert (read("s-1"), read("s-2"), read("s-3")) == (b"", b"", b'{"username": "minh"}')
