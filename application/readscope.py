"""One page's reads see one state of the read side: the area registry, the views' active
generations and the plans are looked up once a request instead of at each of the tens of calls
a page makes — on PostgreSQL a round trip each, about 45 a dashboard. Only requests that write
nothing are scoped (`web.scope`), so a write always reads its own change; outside a scope
(commands, the CLI, the worker, the tests) every call looks again."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("read_scope", default=None)


@contextmanager
def read_scope() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or inside a read scope what it gave the first time for `key`."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    found: T = memo[key]
    return found
