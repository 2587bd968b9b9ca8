"""Settings come only from the environment, with defaults that need no server at all."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///var/giamngheo.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    cipher_key: str | None = None
    # Master keys replaced by cipher_key, still accepted until `giamngheo keys rotate`.
    cipher_previous_keys: tuple[str, ...] = ()
    secret_key: str | None = None
    lang: str = "vi"
    secure_cookies: bool = False
    # Ed25519 keys of the integrity checkpoints (base64 of 32 bytes); never stored in the database.
    checkpoint_key: str | None = field(default=None, repr=False)
    checkpoint_public_key: str | None = None
    # Years a household off the lists keeps its personal data after its last entry (None: the
    # city has set no period, nothing is erased for retention).
    retention_years: int | None = None
    # The read side is unhealthy when it is more events behind the log than this.
    health_max_lag: int = 5000

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("GIAMNGHEO_DATABASE_URL") or DEFAULT_DATABASE_URL,
            cipher_key=env.get("GIAMNGHEO_CIPHER_KEY") or None,
            cipher_previous_keys=tuple(
                k.strip() for k in env.get("GIAMNGHEO_CIPHER_PREVIOUS_KEYS", "").split(",") if k
            ),
            secret_key=env.get("GIAMNGHEO_SECRET_KEY") or None,
            lang=env.get("GIAMNGHEO_LANG") or "vi",
            secure_cookies=env.get("GIAMNGHEO_SECURE_COOKIES", "").lower() in ("1", "true", "yes"),
            checkpoint_key=env.get("GIAMNGHEO_CHECKPOINT_KEY") or None,
            checkpoint_public_key=env.get("GIAMNGHEO_CHECKPOINT_PUBLIC_KEY") or None,
            health_max_lag=int(env.get("GIAMNGHEO_HEALTH_MAX_LAG") or 5000),
            retention_years=int(env["GIAMNGHEO_RETENTION_YEARS"])
            if env.get("GIAMNGHEO_RETENTION_YEARS")
            else None,
        )


def ensure_parent(path: str) -> None:
    """SQLite files live under var/ by default; create the folder on first use."""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
