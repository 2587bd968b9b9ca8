"""The livelihood models and officials registries (docs/spec/interfaces.md `/models`, `/officials`):
each user sees those of their own area only; caseworkers record through the forms, supervisors
only read; refused forms come back marked and record nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.api.client import Api, Household
from tests.web.conftest import Browser

NEW_MODEL = {
    "code": "MH-QT-02",
    "name": "Trồng nấm rơm",
    "kind": "STARTUP",
    "sector": "Trồng trọt",
    "commune_code": "11296",
    "budget_vnd": "150.000.000",
    "effective_date": "2024-03-01",
}


def row(html: str, row_id: str) -> str:
    found = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S)
    assert found, f"no row {row_id}"
    return found.group(1)


def version_of(api: Api, kind: str, aggregate_id: str) -> str:
    data: dict[str, Any] = api.get(f"/api/{kind}/{aggregate_id}").json()
    return str(data["version"])


@pytest.fixture
def neighbours_model(api: Api) -> str:
    """A model of Hùng Vương (11299), the next commune in the same district."""
    body = {**NEW_MODEL, "code": "MH-HV-01", "name": "Nuôi cá lồng", "commune_code": "11299"}
    return str(api.created("/api/models", {**body, "budget_vnd": 90_000_000}, "neighbour")["id"])


@pytest.fixture
def caseworker(pages: Browser) -> Browser:
    pages.sign_in("caseworker", follow=False)
    return pages


def test_a_caseworker_sees_their_communes_model_but_not_another_communes(
    caseworker: Browser, model_id: str, neighbours_model: str
) -> None:
    response = caseworker.get("/models")

    shown = row(response.text, f"model-{model_id}")
    assert "MH-QT-01" in shown
    assert "Phường Quán Toan" in shown
    assert "300.000.000" in shown
    assert "01/06/2022" in shown
    assert "MH-HV-01" not in response.text


def test_a_city_supervisor_sees_every_model_and_no_form(
    pages: Browser, model_id: str, neighbours_model: str
) -> None:
    pages.sign_in("supervisor", follow=False)

    response = pages.get("/models")

    assert "MH-QT-01" in response.text
    assert "MH-HV-01" in response.text
    assert 'method="post" action="/models' not in response.text


def enrolled(browser: Browser, model_id: str) -> str:
    """The number of households the models page shows enrolled in the model."""
    shown = row(browser.get("/models").text, f"model-{model_id}")
    found = re.search(r'headers="households-enrolled">([^<]*)</td>', shown)
    assert found, "no count of households enrolled"
    return found.group(1)


def test_the_models_page_counts_the_households_enrolled_in_a_model(
    caseworker: Browser, household: Household, model_id: str
) -> None:
    enrolment = {"model_id": model_id, "effective_date": "2023-01-02"}
    caseworker.api.created(household.path("/model-enrolments"), enrolment)

    assert enrolled(caseworker, model_id) == "1"


def test_a_retracted_enrolment_is_not_counted(
    caseworker: Browser, household: Household, model_id: str
) -> None:
    enrolment = {"model_id": model_id, "effective_date": "2023-01-02"}
    version = caseworker.api.created(household.path("/model-enrolments"), enrolment)["version"]
    caseworker.api.created(
        household.path("/retractions"), {"target_version": version, "reason": "Nhầm mô hình"}
    )

    assert enrolled(caseworker, model_id) == "0"


def test_a_caseworker_establishes_a_model_through_the_form(caseworker: Browser) -> None:
    response = caseworker.post("/models", NEW_MODEL)

    assert response.url.path == "/models"
    assert "Đã ghi nhận mô hình." in response.text
    listed = caseworker.api.system.models.listing("11296", caseworker.api.system.runner.today())
    assert [(m["code"], m["kind"], m["budget_vnd"]) for m in listed] == [
        ("MH-QT-02", "STARTUP", 150_000_000)
    ]


def test_a_supervisor_gets_403_posting_the_model_form(pages: Browser) -> None:
    pages.sign_in("supervisor", follow=False)

    with pages.api.records_nothing():
        response = pages.post("/models", NEW_MODEL)

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"budget_vnd": "nhiều tiền"}, "budget_vnd"),
        ({"code": ""}, "code"),
        ({"kind": "FARM"}, "kind"),
        ({"effective_date": "2099-01-01"}, "effective_date"),
    ],
)
def test_a_bad_model_field_comes_back_422_with_the_field_marked(
    caseworker: Browser, changes: dict[str, str], field: str
) -> None:
    with caseworker.api.records_nothing():
        response = caseworker.post("/models", {**NEW_MODEL, **changes})

    assert response.status_code == 422
    assert re.search(rf'name="{field}"[^>]*aria-invalid="true"', response.text)
    assert 'class="field-error"' in response.text


def test_a_taken_model_code_comes_back_marked(caseworker: Browser, model_id: str) -> None:
    response = caseworker.post("/models", {**NEW_MODEL, "code": "MH-QT-01"})

    assert response.status_code == 422
    assert "Mã mô hình MH-QT-01 đã được dùng." in response.text


def test_a_model_in_another_commune_is_refused_with_403(caseworker: Browser) -> None:
    with caseworker.api.records_nothing():
        response = caseworker.post("/models", {**NEW_MODEL, "commune_code": "11299"})

    assert response.status_code == 403


def test_a_caseworker_closes_a_model_of_their_commune(caseworker: Browser, model_id: str) -> None:
    form = {
        "effective_date": "2025-06-30",
        "version": version_of(caseworker.api, "models", model_id),
    }

    response = caseworker.post(f"/models/{model_id}/closure", form)

    assert "30/06/2025" in row(response.text, f"model-{model_id}")
    assert caseworker.api.system.models.get(model_id)["closed_on"] == "2025-06-30"


def test_closing_another_communes_model_is_not_found(
    caseworker: Browser, neighbours_model: str
) -> None:
    with caseworker.api.records_nothing():
        response = caseworker.post(
            f"/models/{neighbours_model}/closure", {"effective_date": "2025-06-30"}
        )

    assert response.status_code == 404


def test_closing_a_model_on_a_stale_version_is_a_lost_race(
    caseworker: Browser, model_id: str
) -> None:
    with caseworker.api.records_nothing():
        response = caseworker.post(
            f"/models/{model_id}/closure", {"effective_date": "2025-06-30", "version": "7"}
        )

    assert response.status_code == 409
    assert "Người khác vừa thay đổi bản ghi này." in response.text
    assert "MH-QT-01" in response.text


def test_a_caseworker_sees_their_communes_officials_only(
    caseworker: Browser, official_id: str, api: Api
) -> None:
    body = {"name": "Phạm Thị Hoa", "area_code": "11299", "effective_date": "2022-02-01"}
    api.created("/api/officials", body, "neighbour")

    response = caseworker.get("/officials")

    assert "Lê Văn Dũng" in row(response.text, f"official-{official_id}")
    assert "Phạm Thị Hoa" not in response.text


def test_a_caseworker_registers_an_official_through_the_form(caseworker: Browser) -> None:
    form = {"name": "Vũ Thị Giang", "position": "Công chức LĐ-TB&XH", "area_code": "11296"}

    response = caseworker.post("/officials", {**form, "effective_date": "2023-04-01"})

    assert "Đã đăng ký cán bộ." in response.text
    assert "Vũ Thị Giang" in response.text
    assert "Công chức LĐ-TB&amp;XH" in response.text


def test_a_caseworker_records_a_training(caseworker: Browser, official_id: str) -> None:
    form = {"course": "Tập huấn giảm nghèo bền vững", "effective_date": "2023-05-12"}

    response = caseworker.post(f"/officials/{official_id}/trainings", form)

    shown = row(response.text, f"official-{official_id}")
    assert "Tập huấn giảm nghèo bền vững · 12/05/2023" in shown


def test_a_caseworker_records_a_departure(caseworker: Browser, official_id: str) -> None:
    response = caseworker.post(
        f"/officials/{official_id}/departure", {"effective_date": "2024-08-31"}
    )

    assert "31/08/2024" in row(response.text, f"official-{official_id}")


def test_a_training_without_a_course_comes_back_marked(
    caseworker: Browser, official_id: str
) -> None:
    with caseworker.api.records_nothing():
        response = caseworker.post(
            f"/officials/{official_id}/trainings", {"effective_date": "2023-05-12"}
        )

    assert response.status_code == 422
    assert re.search(r'<input name="course"[^>]*aria-invalid="true"', response.text)


@pytest.mark.parametrize("path", ["/officials", "/officials/{id}/trainings"])
def test_a_supervisor_gets_403_posting_an_official_form(
    pages: Browser, official_id: str, path: str
) -> None:
    pages.sign_in("supervisor", follow=False)
    form = {"name": "X", "area_code": "11296", "course": "Y", "effective_date": "2023-01-02"}

    with pages.api.records_nothing():
        response = pages.post(path.format(id=official_id), form)

    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/models", "/officials"])
def test_an_auditor_may_not_open_the_registries(pages: Browser, path: str) -> None:
    pages.sign_in("auditor", follow=False)

    assert pages.get(path).status_code == 403
