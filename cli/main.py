"""`giamngheo`: serve, load the demo, manage accounts. Commands never wait for a terminal."""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import click
import uvicorn

from application.accounts import ROLES, TOKEN_DAYS, TOKEN_DAYS_MAX, token_id
from application.commands import Actor, context
from application.infrastructure.backup import back_up
from application.infrastructure.settings import Settings
from application.infrastructure.store import Backend, worker_lock
from application.integrity import (
    ChainBrokenError,
    CheckpointFileError,
    CheckpointKeyError,
    read_kept,
)
from application.system import System
from domain.area_registry import AWAITING

# The city's proportions (application.demo.CITY_LISTED): 300 households the reviews follow,
# the rest registered only, so that the rates look like the city's.
DEFAULT_DEMO_HOUSEHOLDS = 6000
DEFAULT_DEMO_SEED = 2022


@contextmanager
def opened(bootstrap: bool = True) -> Iterator[System]:
    system = System.open(Settings.from_env(), bootstrap=bootstrap)
    try:
        yield system
    finally:
        system.close()


def run_demo(system: System, households: int, seed: int, listed: float | None = None) -> None:
    """`listed`: the share of households the reviews follow; the city's when None."""
    from application.demo import CITY_LISTED, load_demo

    share = CITY_LISTED if listed is None else listed
    with click.progressbar(length=households, label="Demo households", file=sys.stderr) as bar:
        summary = load_demo(system, households, seed, progress=bar.update, listed=share)
    rate = summary.households / max(summary.seconds, 1e-9)
    click.echo(
        f"Loaded {summary.households} households, {summary.events} events "
        f"in {summary.seconds:.1f} s ({rate:.0f} households/s)."
    )


@click.group()
def main() -> None:
    """giamngheo: case management for the sustainable poverty-reduction programme."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--demo-households",
    default=DEFAULT_DEMO_HOUSEHOLDS,
    show_default=True,
    help="households of demo history loaded when the database is new (0: none)",
)
def serve(host: str, port: int, demo_households: int) -> None:
    """Serve the web UI and the JSON API; on a new database, load the demo history first."""
    with opened() as system:
        if demo_households and system.is_empty():
            click.echo("New database: loading the demo history of Hai Phong from 2021 to 2026 ...")
            run_demo(system, demo_households, DEFAULT_DEMO_SEED)
            ensure_demo_users(system)
    # No access log: search as you type puts heads' names in query strings (docs/spec/access.md).
    config = uvicorn.Config(
        "web.app:create_app", factory=True, host=host, port=port, access_log=False
    )
    AnnouncedServer(config).run()


class AnnouncedServer(uvicorn.Server):
    """Says where it serves once its port is bound (not before: a port taken says so)."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            where = f"http://{self.config.host}:{self.config.port}/"
            click.echo(f"Serving on {where}  (API documentation: /api/docs)")


DEMO_ACCOUNTS = Path("var") / "demo-accounts.txt"
DEMO_USERS = (
    ("canbo", "caseworker"),
    ("giamsat", "supervisor"),
    ("kiemtoan", "auditor"),
    ("quantri", "administrator"),
    ("chutich", "chairman"),
)
# The roles whose demo account works in the caseworker's commune rather than the whole city.
COMMUNE_ROLES = ("caseworker", "chairman")


def ensure_demo_users(system: System) -> None:
    """Demo accounts with printed one-time passwords, so a new user can sign in at once: the
    caseworker and the chairman work in the commune of the first demo household placed in one
    (not awaiting assignment after the reorganisation), the others city-wide."""
    if system.accounts.has_users():
        return
    places = map(system.households.current_commune, system.households.list_registered())
    commune = next(place for place in places if not place.startswith(AWAITING))
    lines = ["Demo accounts (change these passwords before real use):"]
    for username, role in DEMO_USERS:
        area = commune if role in COMMUNE_ROLES else system.areas.registry().province_code
        password = system.accounts.add_user(username, role, area)
        lines.append(f"  {username:<10} {role:<14} area {area:<6} password: {password}")
    DEMO_ACCOUNTS.parent.mkdir(parents=True, exist_ok=True)
    DEMO_ACCOUNTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    DEMO_ACCOUNTS.chmod(0o600)
    click.echo("\n".join(lines))
    click.echo(f"(also written to {DEMO_ACCOUNTS}, readable only by you)")


@main.command()
@click.option("--households", default=DEFAULT_DEMO_HOUSEHOLDS, show_default=True, type=int)
@click.option("--seed", default=DEFAULT_DEMO_SEED, show_default=True, type=int)
@click.option(
    "--listed",
    type=click.FloatRange(0, 1, min_open=True),
    help="share of the households whose stories the reviews follow, the rest registered only "
    "[default: the city's proportions, 0.05]",
)
def demo(households: int, seed: int, listed: float | None) -> None:
    """Record a deterministic, plausible history of Hai Phong: each fact made by the domain's
    own methods under the caseworker commands' rules, a thousand households a transaction."""
    with opened() as system:
        run_demo(system, households, seed, listed)


@main.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """Copy the whole store to TARGET while it serves: SQLite's online backup, or pg_dump's
    custom format on PostgreSQL (restore: docs/deployment.md)."""
    written = back_up(Backend.from_url(Settings.from_env().database_url), target)
    click.echo(f"{written['target']}: {written['bytes']:,} bytes ({written['format']})")


@main.command()
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100_000))
def project(batch_size: int) -> None:
    """Follow the event log and keep the projections current (PostgreSQL's worker process)."""
    with opened() as system, worker_lock(system.backend):
        system.reads.engine.batch_size = batch_size
        click.echo("Following the event log; stop with Ctrl-C.")
        try:
            system.reads.engine.follow()
        except KeyboardInterrupt:
            system.reads.stop()


@main.command()
@click.argument("name", required=False)
def rebuild(name: str | None) -> None:
    """Rebuild projections from the first event, beside the live ones, then switch over."""
    with opened() as system:
        engine = system.reads.engine
        names = [name] if name else sorted(engine.projections)
        unknown = set(names) - set(engine.projections)
        if unknown:
            raise click.BadParameter(f"unknown projection {', '.join(unknown)}", param_hint="NAME")
        head = engine.log.head()
        for each in names:
            with click.progressbar(length=head, label=f"Rebuilding {each}", file=sys.stderr) as bar:
                generation = engine.rebuild(each, progress=bar.update)
            click.echo(f"{each}: generation {generation} active.")


def cell(value: Any, unit: str = "") -> str:
    """A figure's part as the table shows it: "—" for no value, one decimal for a percentage."""
    if value is None:
        return "—"
    if unit == "%":
        return f"{value:.1f} %"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def figures_table(answer: dict[str, Any]) -> str:
    known = answer["known_at"] or "now"
    lines = [
        f"Area {answer['area']} as of {answer['as_of']}, as known at {known} ({answer['source']})",
        f"{'id':<34} {'value':>16} {'numerator':>16} {'denominator':>12} {'target':>8}",
    ]
    for figure_id, figure in answer["figures"].items():
        lines.append(
            f"{figure_id:<34} {cell(figure['value'], figure['unit']):>16} "
            f"{cell(figure['numerator']):>16} {cell(figure['denominator']):>12} "
            f"{cell(figure['target']):>8}"
        )
    return "\n".join(lines)


def iso(parse: Callable[[str], Any], example: str) -> Callable[[Any, Any, str | None], Any]:
    """A click callback reading an ISO 8601 date or instant."""

    def read(_ctx: Any, _param: Any, value: str | None) -> Any:
        try:
            return None if value is None else parse(value)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not ISO 8601, e.g. {example}") from None

    return read


@main.command()
@click.option("--area", required=True, help="GSO code: city 31, a district or a commune")
@click.option("--as-of", "as_of", required=True, callback=iso(date.fromisoformat, "2025-12-31"))
@click.option(
    "--known-at",
    "known_at",
    callback=iso(datetime.fromisoformat, "2025-06-30T12:00:00+07:00"),
    help="count only what was recorded by then (Vietnam time if no zone)",
)
@click.option("--replay", is_flag=True, help="replay the raw event log instead of the projections")
@click.option("--json", "as_json", is_flag=True, help="the figures as JSON")
def indicators(
    area: str, as_of: date, known_at: datetime | None, replay: bool, as_json: bool
) -> None:
    """The plan's figures for an area as of a date, from the projections or by replay."""
    with opened() as system:
        if not replay and system.backend.kind != "postgres":
            system.reads.catch_up()  # the embedded set-up has no worker keeping them current
        answer = system.indicators.answer(
            area, as_of, known_at, "replay" if replay else "projection"
        )
    click.echo(
        json.dumps(answer, ensure_ascii=False, indent=2) if as_json else figures_table(answer)
    )


@main.command()
@click.option(
    "--as-of",
    "dates",
    multiple=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="a date to check (repeatable); the plan's dates and today by default",
)
@click.option("--json", "as_json", is_flag=True, help="the full report as JSON")
@click.option(
    "--checkpoint",
    "kept_files",
    multiple=True,
    type=click.File("r", encoding="utf-8"),
    help="a checkpoint you kept (`giamngheo checkpoint --out`), repeatable: the store must "
    "still hold it and extend it",
)
def verify(dates: tuple[datetime, ...], as_json: bool, kept_files: tuple[TextIO, ...]) -> None:
    """Projections against a replay of the raw log for every area, and the stored events
    against the integrity chain's signed checkpoints (those stored, and those you kept);
    exit 1 on any difference."""
    try:
        kept = [read_kept(file.read()) for file in kept_files]
    except CheckpointFileError as error:
        raise click.BadParameter(str(error), param_hint="--checkpoint") from None
    with opened(bootstrap=False) as system:  # verify records nothing in the store it checks
        if not system.areas.recorded():
            click.echo(
                "Nothing to verify: the store holds no history (not even its area registry)."
            )
            sys.exit(1)
        days = [d.date() for d in dates] or system.audit.checked_dates()
        head = system.store.recorder.max_notification_id() or 0
        bars = Stages()
        try:
            report = system.audit.verify(
                dates=days,
                progress_log=bars.reaching("Replaying the log", head),
                progress_dates=bars.stage("Comparing the dates", len(days)),
            )
        finally:
            bars.close()
        integrity = system.integrity.status(kept)
    good = report["projections_ok"] and report["snapshots_ok"] and integrity["integrity_ok"]
    if as_json:
        click.echo(json.dumps({**report, **integrity}, ensure_ascii=False, indent=2))
        sys.exit(0 if good else 1)
    for difference in report["differences"][:50]:
        click.echo(
            f"DIFFERENT {difference['area']} {difference['as_of']} {difference['figure']}: "
            f"replay {difference['replay']} projection {difference['projection']}"
        )
    verdict = "equal" if report["projections_match_replay"] else "DIFFERENT"
    click.echo(f"{report['figures_checked']:,} figures checked: projections and replay {verdict}.")
    for fault in report["projection_faults"]:
        click.echo(
            f"FAULT {fault['projection']} passed over the event at position {fault['position']} "
            f"({fault['event_type']} v{fault['version']} of {fault['aggregate_id']}): "
            f"{fault['error']}"
        )
    for altered in report["snapshot_differences"]:
        click.echo(
            f"SNAPSHOT of {altered['aggregate_id']} at version {altered['version']}: "
            f"{altered['problem']}"
        )
    click.echo(integrity_summary(integrity))
    sys.exit(0 if good else 1)


class Stages:
    """Bars on stderr for work done in stages, one after the other (verify: one pass over the
    log for every date, then the dates compared): a stage's bar opens when it first moves, and
    is filled and closed when the next one opens."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.label = ""

    def stage(self, label: str, length: int) -> Callable[[int], None]:
        """A stage measured in steps: the callback advances its bar by n."""

        def advance(steps: int) -> None:
            if self.label != label:
                if self.bar is not None:  # the stage before is over
                    self.bar.update(max(0, self.bar.length - self.bar.pos))
                self.close()
                self.bar = click.progressbar(length=max(length, 1), label=label, file=sys.stderr)
                self.bar.__enter__()
                self.label = label
            self.bar.update(steps)

        return advance

    def reaching(self, label: str, length: int) -> Callable[[int], None]:
        """A stage measured by a position reached (a log position, up to `length`)."""
        advance = self.stage(label, length)
        reached = 0

        def to(position: int) -> None:
            nonlocal reached
            advance(max(0, min(position, length) - reached))
            reached = max(reached, min(position, length))

        return to

    def close(self) -> None:
        """End the open bar's line."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def integrity_summary(status: dict[str, Any]) -> str:
    """The chain's verdict: every checkpoint, then the head, or the first bad position."""
    lines = [
        f"checkpoint at {c['position']} signed {c['signed_at']}: "
        f"hash {'ok' if c['hash_ok'] else 'BROKEN'}, "
        f"signature {'ok' if c['signature_ok'] else 'BROKEN'}"
        + (", one you kept: the store NO LONGER HOLDS IT" if c["lost"] else "")
        + (", one you kept" if c["kept"] and not c["lost"] else "")
        for c in status["checkpoints"]
    ]
    head = status["head"]
    lines.append(
        f"{status['events_checked']:,} events chained, head {head['hash']} at position "
        f"{head['position']}; signed through position {status['signed_through']}."
    )
    if not status["checkpoints"]:
        lines.append("No checkpoint yet: `giamngheo checkpoint` signs one.")
    elif not status["trusted_keys"]:
        lines.append(
            "Signatures checked with the keys stored beside them only: set "
            "GIAMNGHEO_CHECKPOINT_PUBLIC_KEY to check them against the key you hold."
        )
    if status["integrity_ok"]:
        lines.append("Integrity: ok.")
    elif status["unverified"]:
        lines.append("Integrity: NOT VERIFIED, no trusted key to check the signatures with.")
    elif status["located"]:
        lines.append(f"Integrity: BROKEN, first bad position {status['first_bad_position']}.")
    else:
        low, high = status["bad_span"]
        lines.append(f"Integrity: BROKEN, first bad position between {low} and {high}.")
    if status["rewritten_from"] is not None:
        lines.append(
            f"The chain values kept from position {status['rewritten_from']} on were rewritten "
            "or lost their signature."
        )
    return "\n".join(lines)


CHECKPOINT_LINES = {
    "position": "position",
    "head": "hash",
    "events": "events",
    "signed_at": "signed at",
    "signature": "signature",
    "public_key": "public key",
}


@main.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="also write the checkpoint to this file (JSON), for `verify --checkpoint`",
)
def checkpoint(out: str | None) -> None:
    """Sign the integrity chain's head with GIAMNGHEO_CHECKPOINT_KEY and print it, for auditors
    to keep outside the system; exit 1 without a key, or when the stored events no longer
    extend a checkpoint signed before."""
    with opened() as system:
        try:
            made = system.integrity.checkpoint()
        except (CheckpointKeyError, ChainBrokenError) as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
    for key, name in CHECKPOINT_LINES.items():
        click.echo(f"{name}: {made[key]}")
    if out:
        Path(out).write_text(json.dumps(made, indent=2) + "\n", encoding="utf-8")


@main.group()
def user() -> None:
    """User accounts."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    required=True,
    type=click.Choice(ROLES),
)
@click.option("--area", "area", required=True, help="GSO code: city 31, a district or a commune")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
def user_add(name: str, role: str, area: str, password_stdin: bool) -> None:
    """Add a user; without --password-stdin a one-time password is generated and printed."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    with opened() as system:
        generated = system.accounts.add_user(name, role, area, password or None)
    click.echo(f"User {name} added ({role}, area {area}).")
    if not password:
        click.echo(f"One-time password: {generated}")


@user.command("disable")
@click.argument("name")
def user_disable(name: str) -> None:
    """Disable a user: their sessions and tokens stop working."""
    set_enabled(name, enabled=False)


@user.command("enable")
@click.argument("name")
def user_enable(name: str) -> None:
    """Let a disabled user sign in again."""
    set_enabled(name, enabled=True)


def set_enabled(name: str, enabled: bool) -> None:
    with opened() as system:
        (system.accounts.enable_user if enabled else system.accounts.disable_user)(name)
    click.echo(f"User {name} {'enabled' if enabled else 'disabled'}.")


@user.command("password")
@click.argument("name")
def user_password(name: str) -> None:
    """Reset a user's password: a new one-time password is printed; the old one and the
    user's sessions stop working. For any account, a city administrator's included: the
    pages let no administrator reset their own or a peer's."""
    with opened() as system:
        generated = system.accounts.reset_password(name)
    click.echo(f"One-time password for {name}: {generated}")


@main.group()
def token() -> None:
    """API bearer tokens."""


@token.command("create")
@click.argument("name")
@click.option(
    "--days",
    default=TOKEN_DAYS,
    show_default=True,
    type=int,
    help=f"how long the token works, 1 to {TOKEN_DAYS_MAX} days",
)
def token_create(name: str, days: int) -> None:
    """Create a bearer token for a user; the token alone is printed on the last line."""
    with opened() as system:
        created = system.accounts.create_token(name, days)
        [made] = [t for t in system.accounts.tokens_of(name) if t["id"] == token_id(created)]
    until = f"{made['expires_at']:%Y-%m-%d %H:%M} UTC"
    click.echo(f"Bearer token {made['id']} for {name}, until {until} (shown once):")
    click.echo(created)


@token.command("list")
@click.argument("name")
def token_list(name: str) -> None:
    """A user's tokens, newest first: id, made, expires, and whether each still works."""
    with opened() as system:
        found = system.accounts.tokens_of(name)
    if not found:
        click.echo(f"{name} has no token.")
    for made in found:
        if made["revoked_at"]:
            state = f"revoked {made['revoked_at']:%Y-%m-%d %H:%M}"
        elif made["works"]:
            state = "works"
        else:
            state = "expired"
        expires = (
            f"{made['expires_at']:%Y-%m-%d %H:%M}"
            if made["expires_at"]
            else "(made before tokens expired)"
        )
        click.echo(
            f"{made['id']}  made {made['created_at']:%Y-%m-%d %H:%M}  expires {expires}  {state}"
        )


@token.command("revoke")
@click.argument("token_id")
def token_revoke(token_id: str) -> None:
    """Revoke a token by its id (`giamngheo token list NAME`): it stops working at once.
    Disabling a user or resetting a password revokes all of theirs."""
    with opened() as system:
        owner = system.accounts.revoke_token(token_id)
    click.echo(f"Token {token_id} of {owner} revoked.")


@main.command()
@click.option(
    "--years", type=click.IntRange(min=1), help="the retention period (GIAMNGHEO_RETENTION_YEARS)"
)
@click.option("--erase", is_flag=True, help="erase them, as at a data subject's request")
def retention(years: int | None, erase: bool) -> None:
    """The households whose retention has run out (off the poor and near-poor lists, owing
    nothing, and no entry for that many years); with --erase, their personal data are erased
    (docs/spec/personal-data.md, "Retention")."""
    with opened() as system:
        period = years or system.settings.retention_years
        system.reads.catch_up()
        found = system.retention.erase_due(period) if erase else system.retention.due(period)
    for item in found:
        click.echo(f"{item['household_code']}  last entry {item['last_entry']}  {item['id']}")
    verb = "erased" if erase else "due for erasure"
    click.echo(f"{len(found)} households {verb} ({period} years after their last entry).")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--commune", required=True, help="the GSO code of the commune the file is from")
@click.option("--dry-run", is_flag=True, help="check every row and record nothing")
@click.option(
    "--by", "by", default="giamngheo-import", show_default=True, help="who the surveys are from"
)
def import_surveys(file: Path, commune: str, dry_run: bool, by: str) -> None:
    """Import a commune's survey results from an xlsx or csv laid out like the survey form
    (docs/examples/): every row is checked first; nothing is recorded unless all pass, and a
    file imported twice records nothing the second time."""
    with opened() as system:
        lang = system.settings.lang
        actor = Actor(by, "caseworker", system.areas.registry().province_code)
        done = system.imports.run(context(actor, note=file.name), commune, file, dry_run, lang)
    for problem in done["problems"]:
        click.echo(f"{file.name}:{problem['row']}: [{problem['column']}] {problem['message']}")
    click.echo(
        f"{done['rows']} rows: {done['recorded']} surveys recorded, "
        f"{done['would_record']} would be recorded, {done['already_recorded']} already recorded, "
        f"{len(done['problems'])} problems."
    )
    if done["problems"]:
        sys.exit(1)


@main.group()
def keys() -> None:
    """The store's keys: a key per household, and the data key of the events."""


@keys.command("rotate")
def keys_rotate() -> None:
    """Wrap every key again under GIAMNGHEO_CIPHER_KEY, unwrapping with it or with one of
    GIAMNGHEO_CIPHER_PREVIOUS_KEYS: after it, the previous master keys may be destroyed. No
    event is touched (docs/spec/personal-data.md, "Keys")."""
    with opened(bootstrap=False) as system:
        done = system.store.keys.rotate()
    click.echo(f"{done['rewrapped']} keys wrapped again, {done['unchanged']} unchanged.")


def entry() -> None:
    """Console entry point: domain refusals print their message and exit 2, not a traceback."""
    from domain.errors import DomainError

    try:
        main(standalone_mode=True)
    except DomainError as error:
        click.echo(f"error: {error.message(Settings.from_env().lang)}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    entry()
