"""The auditor's pages: the event log browser with its filters and its area scope, the replay
check on an earlier date (equal, or the differences), what changed between two dates, and the
integrity chain with its checkpoints; no other role opens them."""

from __future__ import annotations

import base64
import dataclasses
import re
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import update

from application.integrity import IntegrityService
from application.system import System
from projections.figures import FIGURES
from tests.api.client import Api, Household, registration
from tests.projections.test_faults import write_around_validation
from tests.web.conftest import Browser


def table_body(html: str) -> str:
    """The rows of the page's (last) table, without the filters' choices."""
    bodies = re.findall(r"<tbody>(.*?)</tbody>", html, re.S)
    assert bodies, "the page has no table"
    return str(bodies[-1])


@pytest.fixture
def auditor(pages: Browser) -> Browser:
    pages.sign_in("auditor")
    return pages


def test_the_log_browser_filters_by_event_type(auditor: Browser, poor_household: Household) -> None:
    rows = table_body(auditor.get("/audit", type="HouseholdClassified").text)
    assert "Công nhận hộ nghèo" in rows
    assert "Rà soát định kỳ" not in rows
    assert f'href="/households/{poor_household.id}"' in rows


def test_the_log_browser_filters_by_who_recorded_the_event(
    auditor: Browser, api: Api, household: Household
) -> None:
    api.created(
        "/api/households", registration(household_code="HV-0001", commune_code="11299"), "neighbour"
    )
    rows = table_body(auditor.get("/audit", actor="neighbour").text)
    assert "HV-0001" in rows
    assert "QT-0001" not in rows


def test_the_log_browser_filters_by_recorded_and_effective_dates(
    auditor: Browser, poor_household: Household
) -> None:
    effective = table_body(auditor.get("/audit", effective_from="2022-12-01").text)
    assert "Công nhận hộ nghèo" in effective
    assert "Đăng ký hộ" not in effective
    recorded = table_body(auditor.get("/audit", recorded_to="2020-01-01").text)
    assert "QT-0001" not in recorded


def test_two_impossible_dates_in_the_filters_are_both_named_by_their_labels(
    auditor: Browser,
) -> None:
    page = auditor.get("/audit", effective_from="31/02/2023", recorded_to="30/02/2024")

    assert page.status_code == 422
    assert "“Có hiệu lực từ ngày” phải là một ngày có thật" in page.text
    assert "“Ghi nhận đến ngày” phải là một ngày có thật" in page.text
    assert "effective_from" not in page.text.split("<main")[1].split("<form")[0]


def test_a_district_auditor_sees_no_event_of_another_districts_household(
    pages: Browser, api: Api, household: Household
) -> None:
    """QT-0001 lives in district 303; the auditor's district is 305."""
    api.created(
        "/api/households", registration(household_code="LC-0001", commune_code="11383"), "stranger"
    )
    pages.sign_in("district_auditor")
    rows = table_body(pages.get("/audit").text)
    assert "LC-0001" in rows
    assert "QT-0001" not in rows
    assert pages.get("/audit", household=household.id).status_code == 404
    assert pages.get("/audit", area="303").status_code == 404


def test_the_replay_of_an_earlier_date_equals_the_projections(
    auditor: Browser, poor_household: Household
) -> None:
    page = auditor.get("/audit/replay", area="31", as_of="2022-12-31", run="1")
    assert page.status_code == 200
    assert "Khớp." in page.text
    assert "Không khớp." not in page.text
    figures = len(FIGURES)
    assert (
        f"Cả {figures} chỉ tiêu phát lại từ nhật ký sự kiện đều bằng số liệu tổng hợp." in page.text
    )
    poor = re.search(r'<tr id="replayed-poor">(.*?)</tr>', page.text, re.S)
    assert poor, "the replayed figures are not shown beside the projection's"
    assert re.findall(r'<td class="num">(.*?)</td>', poor.group(1))[::2] == ["1", "1"]


def test_the_replay_check_lists_a_figure_where_the_projection_differs(
    auditor: Browser, system: System, poor_household: Household
) -> None:
    rows, _ = system.reads.indicators.tables(system.reads.generation("indicators"))
    with system.engine.begin() as conn:
        conn.execute(update(rows).where(rows.c.figure == "poor").values(weight=rows.c.weight + 4))
    page = auditor.get("/audit/replay", area="31", as_of="2023-06-30", run="1").text
    assert "Không khớp." in page
    difference = re.search(r"<th scope=\"row\">Hộ nghèo</th>(.*?)</tr>", page, re.S)
    assert difference, "the poor households are not listed as different"
    cells = re.findall(r"<td class=\"num\">(.*?)</td>", difference.group(1))
    assert (cells[0], cells[2]) == ("5", "1")  # projection, replay
    assert 'id="replayed-near_poor"' in page  # every figure is listed, the equal ones too


def test_an_auditor_may_not_replay_an_area_outside_their_own(
    pages: Browser, poor_household: Household
) -> None:
    pages.sign_in("district_auditor")
    page = pages.get("/audit/replay", area="303", as_of="2022-12-31", run="1")
    assert page.status_code == 404


def test_what_changed_between_two_dates_names_the_recognised_household(
    auditor: Browser, poor_household: Household
) -> None:
    page = auditor.get(
        "/audit/changes", area="31", from_date="2022-11-30", to_date="2023-06-30",
        figure="poor", run="1",
    ).text  # fmt: skip
    assert f'<a href="/households/{poor_household.id}">QT-0001</a>' in page
    assert "phân loại lại" in page
    assert "Từ 0 ngày 30/11/2022 đến 1 ngày 30/06/2023." in page
    assert "Vào danh sách" in page


def test_what_changed_lists_a_household_once_for_a_figure_it_entered_two_ways(
    auditor: Browser, api: Api, poor_household: Household
) -> None:
    # A loan puts the poor household into the credit-access list; it was in the total of
    # those needing credit since its review.
    loan = {
        "programme": "POOR",
        "amount_vnd": 30_000_000,
        "term_months": 60,
        "organisation": "WOMENS_UNION",
    }
    api.created(poor_household.path("/loans"), {**loan, "effective_date": "2023-03-01"})

    page = auditor.get(
        "/audit/changes", area="31", from_date="2022-09-30", to_date="2023-06-30",
        figure="credit_access", run="1",
    ).text  # fmt: skip

    assert page.count(f'<a href="/households/{poor_household.id}">QT-0001</a>') == 1
    assert "Vào danh sách; Vào tổng số dùng làm mẫu số" in page


def new_key() -> str:
    return base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()


@pytest.fixture
def signing(system: System, monkeypatch: pytest.MonkeyPatch) -> System:
    """The server holds a checkpoint key."""
    service = IntegrityService(system.store, system.backend, system.engine, new_key())
    monkeypatch.setattr(system, "integrity", service)
    return system


def tamper(system: System, position: int) -> None:
    """Change a stored row of the in-memory store behind the application's back."""
    stored: Any = system.store.recorder
    row = stored._stored_events[position - 1]
    stored._stored_events[position - 1] = dataclasses.replace(row, state=row.state + b" ")


def test_the_integrity_page_reports_a_new_checkpoint_intact_then_broken_after_tampering(
    auditor: Browser, signing: System, poor_household: Household
) -> None:
    signed = auditor.post("/audit/integrity/checkpoints")
    assert signed.status_code == 200
    assert "Đã ký điểm kiểm tra tại vị trí" in signed.text
    assert "Nguyên vẹn." in signed.text
    position = signing.households.history(poor_household.id)["entries"][1]["position"]
    tamper(signing, position)
    page = auditor.get("/audit/integrity").text
    assert "Bị phá vỡ." in page
    assert f"Vị trí đầu tiên khác đi: {position}." in page


def test_without_a_key_the_integrity_page_says_so_and_refuses_a_checkpoint(
    auditor: Browser, household: Household
) -> None:
    page = auditor.get("/audit/integrity").text
    assert "GIAMNGHEO_CHECKPOINT_KEY" in page
    assert 'action="/audit/integrity/checkpoints"' not in page
    refused = auditor.post("/audit/integrity/checkpoints")
    assert refused.status_code == 409
    assert "Chưa có điểm kiểm tra." in refused.text


def test_a_district_auditor_reads_the_chain_but_signs_no_checkpoint_of_the_city(
    pages: Browser, signing: System, poor_household: Household
) -> None:
    pages.sign_in("district_auditor")

    page = pages.get("/audit/integrity").text
    refused = pages.post("/audit/integrity/checkpoints")

    assert 'action="/audit/integrity/checkpoints"' not in page
    assert refused.status_code == 403
    assert "Chỉ kiểm toán viên của toàn thành phố" in refused.text
    assert signing.integrity.checkpoints() == []


PATHS = ["/audit", "/audit/replay", "/audit/changes", "/audit/integrity"]


@pytest.mark.parametrize("role", ["caseworker", "supervisor"])
@pytest.mark.parametrize("path", PATHS)
def test_caseworkers_and_supervisors_may_not_open_the_audit_pages(
    pages: Browser, role: str, path: str
) -> None:
    pages.sign_in(role)
    assert pages.get(path).status_code == 403


@pytest.mark.parametrize("role", ["caseworker", "supervisor"])
def test_caseworkers_and_supervisors_may_not_sign_a_checkpoint(
    pages: Browser, signing: System, role: str
) -> None:
    pages.sign_in(role)
    assert pages.post("/audit/integrity/checkpoints").status_code == 403
    assert signing.integrity.checkpoints() == []


def test_the_auditor_sees_who_opened_a_households_personal_data(
    pages: Browser, other_browser: Browser, household: Household
) -> None:
    other_browser.sign_in("supervisor")
    other_browser.get(f"/households/{household.id}")
    pages.sign_in("auditor")

    page = pages.get("/audit/reads")

    assert "supervisor" in page.text
    assert "Trang của hộ" in page.text
    assert "page:household" not in page.text
    assert "QT-0001" in page.text


def test_the_auditor_sees_a_households_export_by_its_name(
    pages: Browser, household: Household
) -> None:
    pages.api.get(household.path("/export"), who="supervisor")
    pages.sign_in("auditor")

    page = pages.get("/audit/reads")

    assert "API: xuất dữ liệu của hộ theo yêu cầu" in page.text
    assert "api:export" not in page.text


def test_the_auditor_finds_a_households_events_by_the_household_code(
    auditor: Browser, api: Api, poor_household: Household
) -> None:
    api.created(
        "/api/households", registration(household_code="HV-0001", commune_code="11299"), "neighbour"
    )

    rows = table_body(auditor.get("/audit", household="QT-0001").text)

    assert f'href="/households/{poor_household.id}"' in rows
    assert "HV-0001" not in rows


def test_a_household_code_no_household_has_is_refused_by_name(
    auditor: Browser, household: Household
) -> None:
    response = auditor.get("/audit/reads", household="QT-9999")

    assert response.status_code == 422
    assert "Không có hộ nào mang mã QT-9999." in response.text


def test_a_district_auditor_sees_no_reads_of_another_districts_households(
    pages: Browser, other_browser: Browser, household: Household
) -> None:
    other_browser.sign_in("supervisor")
    other_browser.get(f"/households/{household.id}")
    pages.sign_in("district_auditor")

    page = pages.get("/audit/reads")

    assert "QT-0001" not in page.text
    assert "Không có lượt xem nào khớp bộ lọc." in page.text


def test_the_integrity_page_lists_an_event_the_projections_passed_over(
    auditor: Browser, system: System
) -> None:
    poison = write_around_validation(system, members=[{"full_name": "no id"}])
    system.reads.catch_up()
    page = auditor.get("/audit/integrity").text
    assert "Sự kiện các bảng tổng hợp đã bỏ qua" in page
    rows = table_body(page)
    assert f'<td class="num">{poison}</td>' in rows
    assert "HouseholdRegistered (v1)" in rows
    assert "KeyError" in rows


def test_the_health_check_fails_while_a_projection_has_passed_over_an_event(
    api: Api, system: System
) -> None:
    assert api.client.get("/healthz").status_code == 200
    write_around_validation(system, members=[{"full_name": "no id"}])
    system.reads.catch_up()
    health = api.client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["projection_faults"] == 4  # directory, history, indicators, surveys


def test_the_health_check_fails_when_the_projections_fall_too_far_behind(
    api: Api, system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(system, "settings", dataclasses.replace(system.settings, health_max_lag=0))
    system.reads.catch_up()
    assert api.client.get("/healthz").status_code == 200
    write_around_validation(system)
    health = api.client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["projections_behind"] > 0


def test_what_changed_names_a_model_by_its_code_and_name_not_its_id(
    auditor: Browser, model_id: str
) -> None:
    page = auditor.get(
        "/audit/changes", area="31", from_date="2022-05-31", to_date="2022-12-31",
        figure="models", run="1",
    ).text  # fmt: skip

    assert "MH-QT-01 – Nuôi gà thả vườn" in page
    assert model_id not in page
