"""The caseworker's forms: registering a household with its members, and a form for every event
of a household. Each records through the same services as the API; a refused one comes back
with the field marked and the message in Vietnamese, recording nothing; a lost race says that
someone else changed the household and shows its fresh state."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.api.client import Api, Household, World
from tests.web.conftest import Browser

H = "/households/{hid}"
ON = {"effective_date": "2024-01-02"}

# One valid form for every event route, aimed at the `world` fixture's ids, with the event
# it records.
EVENT_FORMS = [
    pytest.param(H + "/surveys", {"kind": "PERIODIC", "effective_date": "2024-10-01",
                 "income_per_capita_vnd": "1.200.000", "deprivations": ["employment", "latrine"],
                 "causes": ["CAPITAL"], "needs": ["CREDIT"]}, "HouseholdSurveyed", id="survey"),
    pytest.param(H + "/classifications", {"survey_id": "S-2023", "decision_ref": "9/QĐ-UBND", **ON},
                 "HouseholdClassified", id="classification"),
    pytest.param(H + "/categories", {"categories": ["agricultural", "social_protection"], **ON},
                 "HouseholdCategoriesChanged", id="categories"),
    pytest.param(H + "/loans", {"programme": "HOUSING", "amount_vnd": "20.000.000",
                 "term_months": "24", "organisation": "FARMERS_UNION", **ON}, "LoanGranted",
                 id="loan"),
    pytest.param(H + "/loans/L-1/repayments", {"amount_vnd": "1.000.000", **ON}, "LoanRepaid",
                 id="repayment"),
    pytest.param(H + "/model-enrolments", {"model_id": "{model}", "member_ids": ["{head}"], **ON},
                 "EnrolledInModel", id="enrolment"),
    pytest.param(H + "/supports", {"kind": "NUTRITION", "project": "7", "amount_vnd": "500.000",
                 **ON}, "SupportProvided", id="support"),
    pytest.param(H + "/employment", {"member_id": "{head}", "kind": "SELF_EMPLOYED", **ON},
                 "EmploymentSecured", id="employment"),
    pytest.param(H + "/employment/{spouse}/end", ON, "EmploymentEnded", id="employment-end"),
    pytest.param(H + "/moves", {"commune_code": "11296", "village": "Tổ 8", **ON},
                 "HouseholdMoved", id="move"),
    pytest.param(H + "/members", {"full_name": "Nguyễn Gia Huy", "sex": "M",
                 "birth_date": "01/06/2023", "relationship_to_head": "GRANDCHILD",
                 "working_capable": "on", **ON}, "MemberAdded", id="member"),
    pytest.param(H + "/members/{child}/removal", {"reason": "MOVED_OUT", **ON}, "MemberRemoved",
                 id="removal"),
    pytest.param(H + "/head", {"member_id": "{spouse}", **ON}, "HeadChanged", id="head"),
    pytest.param(H + "/retractions", {"target_version": "6", "reason": "Nhầm"}, "EntryRetracted",
                 id="retraction"),
    pytest.param(H + "/void", {"reason": "Đăng ký trùng"}, "RegistrationVoided", id="void"),
]  # fmt: skip


def registration_form(**changes: Any) -> dict[str, Any]:
    """The registration form as a caseworker fills it in: head and one more member."""
    form = {
        "household_code": "QT-0100",
        "commune_code": "11296",
        "village": "Tổ dân phố 5",
        "address": "7 Đường Quán Toan",
        "effective_date": "2024-03-01",
        "ethnic_minority": "on",
        "members[0].full_name": "Phạm Văn Hùng",
        "members[0].sex": "M",
        "members[0].birth_date": "1970-02-03",
        "members[0].relationship_to_head": "HEAD",
        "members[0].national_id": "031070000222",
        "members[0].working_capable": "on",
        "members[1].full_name": "Phạm Thị Lan",
        "members[1].sex": "F",
        "members[1].birth_date": "1995-07-08",
        "members[1].relationship_to_head": "CHILD",
        "members[1].working_capable": "on",
    }
    return {**form, **changes}


def marked(html: str, name: str) -> bool:
    """Is the input of that name marked invalid?"""
    pattern = rf'<(?:input|select) name="{re.escape(name)}"[^>]*aria-invalid="true"'
    return re.search(pattern, html) is not None


def form_of(html: str, key: str) -> str:
    """The <details> of one form on the household page."""
    return html.split(f'id="form-{key}"')[1].split("</details>")[0]


def new_types(api: Api, household_id: str, before: list[str]) -> list[str]:
    return api.event_types(household_id)[len(before) :]


# ---- registration ------------------------------------------------------------------------------


def test_the_registration_form_offers_the_communes_next_household_code(
    pages: Browser, household: Household
) -> None:
    # QT-0001 is the only code of the caseworker's commune.
    pages.sign_in("caseworker")

    html = pages.get("/households/new").text

    assert re.search(r'<input name="household_code" type="text" value="QT-0002"', html)
    assert "Đã điền sẵn mã tiếp theo của xã" in html


def test_registering_a_household_records_it_and_opens_its_page(pages: Browser, api: Api) -> None:
    pages.sign_in("caseworker")
    assert pages.get("/households/new").status_code == 200

    response = pages.post("/households/new", registration_form())

    assert response.history[0].status_code == 303
    household_id = response.url.path.rsplit("/", 1)[1]
    recorded = api.household(household_id)
    assert recorded["household_code"] == "QT-0100"
    assert [m["full_name"] for m in recorded["members"]] == ["Phạm Văn Hùng", "Phạm Thị Lan"]
    assert recorded["categories"]["ethnic_minority"] is True
    assert "Phạm Thị Lan" in response.text


def test_a_bad_birth_date_comes_back_marked_with_a_vietnamese_message_and_nothing_recorded(
    pages: Browser, api: Api
) -> None:
    pages.sign_in("caseworker")

    with api.records_nothing():
        response = pages.post(
            "/households/new", registration_form(**{"members[1].birth_date": "2020-02-31"})
        )

    assert response.status_code == 422
    assert marked(response.text, "members[1].birth_date")
    assert (
        "“Ngày sinh (thành viên thứ 2)” phải là một ngày có thật, viết ngày/tháng/năm như "
        "25/12/2024." in response.text
    )
    assert 'value="Phạm Thị Lan"' in response.text


def test_every_faulty_field_of_a_registration_comes_back_marked_at_once(
    pages: Browser, api: Api
) -> None:
    pages.sign_in("caseworker")
    mistakes = {
        "household_code": "",
        "village": "",
        "members[0].sex": "X",
        "effective_date": "32/1/2024",
    }

    with api.records_nothing():
        response = pages.post("/households/new", registration_form(**mistakes))

    assert response.status_code == 422
    assert [name for name in mistakes if marked(response.text, name)] == list(mistakes)
    assert "Cần nhập “Mã hộ”." in response.text
    assert "“Giới tính (thành viên thứ 1)” không nhận giá trị X." in response.text


def test_a_refused_member_is_marked_on_its_own_row_after_a_row_left_blank(
    pages: Browser, api: Api
) -> None:
    pages.sign_in("caseworker")
    form = registration_form(**{"members[2].full_name": "Phạm Văn Tú", "members[2].sex": "X"})
    blank = {key: "" for key in form if key.startswith("members[1].")}

    with api.records_nothing():
        response = pages.post("/households/new", {**form, **blank})

    assert response.status_code == 422
    assert marked(response.text, "members[2].sex")
    assert not marked(response.text, "members[1].sex")


def test_adding_a_member_row_answers_htmx_with_the_rows_kept_and_one_more(
    pages: Browser, api: Api
) -> None:
    pages.sign_in("caseworker")

    with api.records_nothing():
        response = pages.post("/households/new", {**registration_form(), "more": "1"}, htmx=True)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<fieldset id="members"')
    assert 'value="Phạm Thị Lan"' in response.text
    assert 'name="members[2].full_name"' in response.text


def test_a_caseworker_cannot_register_into_a_commune_outside_their_own(
    pages: Browser, api: Api
) -> None:
    pages.sign_in("caseworker")

    with api.records_nothing():
        response = pages.post("/households/new", registration_form(commune_code="11383"))

    assert response.status_code == 403


# ---- the event forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "form", "event"), EVENT_FORMS)
def test_each_event_form_records_its_event_and_returns_to_the_household(
    pages: Browser, api: Api, world: World, path: str, form: dict[str, Any], event: str
) -> None:
    h = world.household
    before = api.event_types(h.id)
    pages.sign_in("caseworker")
    version = api.household(h.id)["version"]

    response = pages.post(world.fill(path), {**world.fill(form), "version": str(version)})

    assert response.history[0].status_code == 303
    assert response.url.path == f"/households/{h.id}"
    assert event in new_types(api, h.id, before)
    assert 'role="status"' in response.text


def test_a_refused_field_comes_back_marked_in_its_open_form_and_nothing_is_recorded(
    pages: Browser, api: Api, world: World
) -> None:
    h = world.household
    pages.sign_in("caseworker")
    loan = {"programme": "HOUSING", "amount_vnd": "nhiều", "term_months": "24", **ON}

    with api.records_nothing():
        response = pages.post(f"/households/{h.id}/loans", loan)

    assert response.status_code == 422
    loan_form = form_of(response.text, "loan")
    assert loan_form.startswith(" open")
    assert marked(loan_form, "amount_vnd")
    assert 'value="nhiều"' in loan_form
    assert "phải là số nguyên" in loan_form


def test_a_rule_of_the_programme_is_refused_in_the_readers_language(
    pages: Browser, api: Api, world: World
) -> None:
    h = world.household
    pages.sign_in("caseworker")
    too_much = {"amount_vnd": "999.000.000", **ON}

    with api.records_nothing():
        response = pages.post(f"/households/{h.id}/loans/L-1/repayments", too_much)

    assert response.status_code == 422
    assert marked(form_of(response.text, "repayment:L-1"), "amount_vnd")
    assert "vượt dư nợ" in response.text


def test_a_form_sent_on_a_stale_version_says_someone_else_changed_the_household(
    pages: Browser, api: Api, world: World
) -> None:
    h = world.household
    pages.sign_in("caseworker")
    drawn_on = api.household(h.id)["version"]
    api.created(h.path("/supports"), {"kind": "HOUSING", "provider": "Hội Chữ thập đỏ", **ON})
    support = {"kind": "NUTRITION", "provider": "Trạm y tế phường", **ON}

    with api.records_nothing():
        response = pages.post(f"/households/{h.id}/supports", {**support, "version": drawn_on})

    assert response.status_code == 409
    assert "Hộ này đã được người khác thay đổi" in response.text
    assert "nhà ở" in response.text  # the other caseworker's support, in the fresh history
    support_form = form_of(response.text, "support")
    assert 'value="Trạm y tế phường"' in support_form
    assert f'name="version" value="{drawn_on + 1}"' in support_form


def test_a_resend_of_the_same_form_records_it_once(pages: Browser, api: Api, world: World) -> None:
    h = world.household
    before = api.event_types(h.id)
    pages.sign_in("caseworker")
    support = {"kind": "NUTRITION", "command_id": "9b0c6d1e-2f3a-4b5c-8d7e-0f1a2b3c4d5e", **ON}

    pages.post(f"/households/{h.id}/supports", support)
    pages.post(f"/households/{h.id}/supports", support)

    assert new_types(api, h.id, before) == ["SupportProvided"]


@pytest.mark.parametrize("who", ["supervisor", "auditor"])
def test_only_caseworkers_may_send_the_forms(
    pages: Browser, api: Api, world: World, who: str
) -> None:
    pages.sign_in(who)

    with api.records_nothing():
        response = pages.post(f"/households/{world.household.id}/supports", {"kind": "OTHER", **ON})

    assert response.status_code == 403


def test_a_caseworker_of_another_commune_cannot_send_a_form_for_the_household(
    pages: Browser, api: Api, household: Household
) -> None:
    pages.sign_in("stranger")

    with api.records_nothing():
        response = pages.post(f"/households/{household.id}/supports", {"kind": "OTHER", **ON})

    assert response.status_code == 404


# ---- a registration made by mistake ------------------------------------------------------------


def void(pages: Browser, api: Api, household_id: str, reason: str = "Đăng ký trùng") -> Any:
    version = api.household(household_id)["version"]
    return pages.post(
        f"/households/{household_id}/void", {"reason": reason, "version": str(version)}
    )


def test_a_voided_household_page_says_so_and_offers_only_to_restore_it(
    pages: Browser, api: Api, household: Household
) -> None:
    pages.sign_in("caseworker")

    html = void(pages, api, household.id, "Hộ đăng ký hai lần").text

    warning = html.split('id="voided-heading"')[1].split("</section>")[0]
    assert "Đăng ký đã bị hủy" in html
    assert "Hộ đăng ký hai lần" in warning
    assert 'id="form-survey"' not in html
    assert 'id="form-void"' not in html
    restore = api.event_types(household.id).index("RegistrationVoided") + 1
    assert f'id="form-retraction:{restore}"' in html
    assert html.count('id="form-retraction:') == 1


def test_a_voided_household_leaves_the_search_and_is_listed_among_the_voided(
    pages: Browser, api: Api, household: Household
) -> None:
    pages.sign_in("caseworker")
    code = api.household(household.id)["household_code"]
    assert code in pages.get("/households").text
    void(pages, api, household.id)

    listed = pages.get("/households").text
    voided = pages.get("/households?status=VOIDED").text

    assert code not in listed
    assert code in voided
    assert "đã hủy đăng ký" in voided


def test_voiding_without_a_reason_is_refused_by_its_label_and_records_nothing(
    pages: Browser, api: Api, household: Household
) -> None:
    pages.sign_in("caseworker")

    with api.records_nothing():
        html = void(pages, api, household.id, " ").text

    assert marked(form_of(html, "void"), "reason")
    assert "Lý do" in form_of(html, "void")


def test_a_refusal_names_the_field_by_the_label_the_form_gives_it(pages: Browser) -> None:
    pages.sign_in("caseworker")

    html = pages.post("/households/new", registration_form(effective_date="")).text

    message = html.split('id="registration-effective_date-error">')[1].split("</span>")[0]
    assert message == "Cần nhập “Ngày đăng ký”."


def test_an_enrolment_without_a_model_says_the_model_is_required(
    pages: Browser, api: Api, household: Household
) -> None:
    pages.sign_in("caseworker")
    version = api.household(household.id)["version"]
    form = {"model_id": "", "effective_date": "02/01/2024", "version": str(version)}

    with api.records_nothing():
        html = pages.post(f"/households/{household.id}/model-enrolments", form).text

    assert form_of(html, "enrolment").count("Cần nhập “Mô hình giảm nghèo”.") == 1


@pytest.mark.parametrize(("lang", "said"), [("en", "1 household found."), ("vi", "Tìm thấy 1 hộ.")])
def test_the_search_counts_one_household_in_the_singular(
    pages: Browser, api: Api, household: Household, lang: str, said: str
) -> None:
    pages.sign_in("caseworker")
    pages.get(f"/language/{lang}")
    code = api.household(household.id)["household_code"]

    assert said in pages.get("/households", q=code).text


def test_a_saved_form_the_lists_have_not_caught_up_with_says_so(
    pages: Browser, api: Api, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages.sign_in("caseworker")
    monkeypatch.setattr(api.system.reads, "wait_for", lambda position, timeout=5.0: False)

    html = void(pages, api, household.id).text

    assert "Đã lưu: Hủy đăng ký hộ." in html
    assert "Danh sách và số liệu đang cập nhật" in html


def test_the_household_page_shows_the_categories_held_and_ticks_them_in_the_form(
    pages: Browser, api: Api, world: World
) -> None:
    h = world.household
    api.created(h.path("/categories"), {"categories": {"agricultural": True}, **ON})
    pages.sign_in("caseworker")

    html = pages.get(f"/households/{h.id}").text

    assert '<span class="badge">hộ làm nông, lâm, ngư, diêm nghiệp</span>' in html
    assert 'name="categories" value="agricultural" checked' in html
    assert 'name="categories" value="social_protection">' in html
