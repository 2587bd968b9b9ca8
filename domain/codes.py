"""Household codes as a commune writes them: a prefix and a running number ("11278-00016").
The next code follows the commune's own pattern — its most used prefix, one past its highest
number, as many digits — so that a caseworker is offered it instead of inventing one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_NUMBERED = re.compile(r"(?P<prefix>.*?)(?P<number>[0-9]+)")
FIRST_WIDTH = 5


def next_household_code(codes: Iterable[str], commune_code: str) -> str:
    """One past the highest number of the commune's most used prefix; for a commune without
    codes yet, `<commune>-00001`."""
    numbered = [m for code in codes if (m := _NUMBERED.fullmatch(code)) is not None]
    if not numbered:
        return f"{commune_code}-{1:0{FIRST_WIDTH}d}"
    prefix = Counter(m["prefix"] for m in numbered).most_common(1)[0][0]
    own = [m["number"] for m in numbered if m["prefix"] == prefix]
    width = max(len(number) for number in own)
    return f"{prefix}{max(int(number) for number in own) + 1:0{width}d}"
