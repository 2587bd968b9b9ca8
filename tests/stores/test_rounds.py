"""Review rounds on SQLite and on PostgreSQL: the periodic round lists the households on the
commune's lists that day, read from the views; a regular review goes from its application to
the chairman's decision, which recognises the household in the same transaction, and the
commune's rounds are read back from the log."""

from __future__ import annotations

from application import inputs
from application.commands import Actor, context
from application.system import System
from tests.stores.helpers import register, surveyed

COMMUNE = "11602"  # Phường Hồng An, which Phường Quán Toan (11296), the helpers', went into
OFFICER = Actor("canbo.hongan", "caseworker", COMMUNE)
CHAIRMAN = Actor("chutich.hongan", "chairman", COMMUNE)
POOR, NON_POOR = (1_000_000, 6), (20_000_000, 0)


def test_the_periodic_round_lists_the_households_on_the_communes_lists(any_backend: System) -> None:
    poor, other = register(any_backend, "QT-001"), register(any_backend, "QT-002")
    surveyed(any_backend, poor, "2025-10-01", POOR, "PERIODIC", OFFICER)
    surveyed(any_backend, other, "2025-10-01", NON_POOR, "PERIODIC", OFFICER)
    any_backend.reads.catch_up()
    body = {"decision_ref": "9/QĐ-UBND", "signer": "Nguyễn Văn Bình",
            "effective_date": "2025-11-20", "households": ["QT-001", "QT-002"]}  # fmt: skip
    any_backend.decisions.issue(context(CHAIRMAN), COMMUNE, inputs.IssueDecision.parse(body))
    any_backend.reads.catch_up()

    opened = any_backend.rounds.open_periodic(
        context(OFFICER), COMMUNE, inputs.OpenRound.parse({"effective_date": "2026-09-03"})
    ).answer

    assert [h["household_code"] for h in opened["households"]] == ["QT-001"]
    assert opened["due"] == "2026-12-14"


def test_a_regular_review_goes_from_its_application_to_the_decision(any_backend: System) -> None:
    household = register(any_backend, "QT-001")
    any_backend.reads.catch_up()
    application = {"household_code": "QT-001", "effective_date": "2026-10-05"}
    rounds = any_backend.rounds
    round_id = rounds.open_regular(
        context(OFFICER), COMMUNE, inputs.ReceiveApplication.parse(application)
    ).answer["id"]
    surveyed(any_backend, household, "2026-10-16", POOR, "REGULAR", OFFICER)
    posting = {"places": ["Trụ sở UBND phường"], "effective_date": "2026-10-19"}
    rounds.post_list(context(OFFICER), round_id, inputs.PostList.parse(posting))
    decision = {"decision_ref": "52/QĐ-UBND", "signer": "Nguyễn Văn Bình",
                "effective_date": "2026-10-23"}  # fmt: skip

    decided = rounds.decide(context(CHAIRMAN), round_id, inputs.DecideRound.parse(decision))

    assert decided.answer["lists"]["poor"] == [household]
    assert any_backend.households.get(household)["status"] == "POOR"
    kept = rounds.of_commune(COMMUNE, COMMUNE)
    assert [(r["kind"], r["applicant"], r["overdue"]) for r in kept] == [
        ("REGULAR", "QT-001", False)
    ]
    assert kept[0]["decision"]["number"] == "52/QĐ-UBND"
