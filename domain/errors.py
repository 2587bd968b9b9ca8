"""Domain errors carry a stable code, the field or rule they concern, and a message in
Vietnamese and English, so every layer above can answer a user in their language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from types import TracebackType
from typing import Any, TypeVar, cast

from domain.fields import field_label
from domain.words import ISO_DAY, day, entry_name, in_language, label, money, programme_name

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Vietnamese, English)
    "required": ("Cần nhập “{field}”.", "“{field}” is required."),
    "invalid-value": (
        "“{field}” không nhận giá trị {value}.",
        "“{field}” does not take the value {value}.",
    ),
    "text-too-long": (
        "“{field}” dài quá {limit} ký tự.",
        "“{field}” is longer than {limit} characters.",
    ),
    "text-unprintable": (
        "“{field}” chứa ký tự điều khiển (như xuống dòng hay ký tự rỗng).",
        "“{field}” contains a control character (such as a line break or NUL).",
    ),
    "username-format": (
        "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang, "
        "từ 3 đến 80 ký tự, không có dấu cách: {value}.",
        "A user name is 3 to 80 letters without diacritics, digits, dots, underscores or "
        "hyphens, with no spaces: {value}.",
    ),
    "username-taken": (
        "Tên đăng nhập {username} đã có người dùng; hãy chọn tên khác.",
        "The user name {username} is already taken; choose another.",
    ),
    "password-wrong": ("Mật khẩu hiện tại không đúng.", "The current password is wrong."),
    "password-too-short": (
        "Mật khẩu mới phải có ít nhất {limit} ký tự.",
        "The new password must be at least {limit} characters long.",
    ),
    "password-unchanged": (
        "Mật khẩu mới phải khác mật khẩu hiện tại và khác tên đăng nhập.",
        "The new password must differ from the current one and from the user name.",
    ),
    "passwords-differ": (
        "Hai lần nhập mật khẩu mới không giống nhau.",
        "The two new passwords are not the same.",
    ),
    "invalid-date": (
        "“{field}” phải là một ngày có thật, viết ngày/tháng/năm như 25/12/2024.",
        "“{field}” must be a real date, written day/month/year as 25/12/2024.",
    ),
    "not-a-whole-number": (
        "“{field}” phải là số nguyên không âm, như {example}.",
        "“{field}” must be a whole number, zero or more, such as {example}.",
    ),
    "not-a-rate": (
        "“{field}” phải là một số từ 0 đến 100, như {example}.",
        "“{field}” must be a number from 0 to 100, such as {example}.",
    ),
    "must-be-positive": (
        "“{field}” phải lớn hơn 0.",
        "“{field}” must be greater than zero.",
    ),
    "future-date": (
        "Ngày hiệu lực {date} nằm trong tương lai.",
        "The effective date {date} is in the future.",
    ),
    "national-id-format": (
        "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        "The citizen ID must be exactly 12 digits.",
    ),
    "birth-date-too-early": (
        "“{field}” là {date}, trước {earliest}: hãy kiểm tra lại năm sinh.",
        "“{field}” is {date}, before {earliest}: check the year of birth.",
    ),
    "birth-after-event": (
        "Ngày sinh của thành viên '{name}' sau ngày hiệu lực.",
        "Member '{name}' is born after the effective date.",
    ),
    "one-head-required": (
        "Hộ phải có đúng một chủ hộ (có {count}).",
        "A household needs exactly one head (it has {count}).",
    ),
    "members-required": (
        "Hộ phải có ít nhất một thành viên.",
        "A household needs at least one member.",
    ),
    "too-many-members": (
        "Một hộ có tối đa {limit} thành viên.",
        "A household has at most {limit} members.",
    ),
    "duplicate-member": (
        "Mã thành viên {member_id} bị trùng.",
        "Member id {member_id} is used twice.",
    ),
    "commune-not-found": (
        "Không có xã/phường/thị trấn mã {commune_code} vào ngày {date}.",
        "There is no commune with code {commune_code} on {date}.",
    ),
    "commune-ended": (
        "{name} (mã {commune_code}) không còn từ ngày {ended}; nay là: {successors}.",
        "{name} (code {commune_code}) ended on {ended}; it is now: {successors}.",
    ),
    "successor-already-named": (
        "{name} (mã {commune_code}) đã có đơn vị kế thừa từ ngày {ended}: {successors}.",
        "{name} (code {commune_code}) already has its successor from {ended}: {successors}.",
    ),
    "area-ended": (
        "{name} (mã {area_code}) không còn từ ngày {ended}: hãy chọn một đơn vị đang tồn tại.",
        "{name} (code {area_code}) ended on {ended}: choose a unit that exists.",
    ),
    "household-awaiting-assignment": (
        "Hộ thuộc {name} (mã {commune_code}), đơn vị đã chia cho nhiều xã/phường mới từ ngày "
        "{ended}; hãy ghi hộ vào đơn vị mới của hộ trước: {successors}.",
        "The household was in {name} (code {commune_code}), split between several new units "
        "on {ended}; assign it to its new unit first: {successors}.",
    ),
    "not-a-successor": (
        "{commune_code} không phải là đơn vị mới nhận một phần của {old_code}; chọn một trong: "
        "{successors}.",
        "{commune_code} is not a new unit that took part of {old_code}; choose one of: "
        "{successors}.",
    ),
    "nothing-to-assign": (
        "Thôn/tổ dân phố này không còn hộ nào chờ ghi vào đơn vị mới.",
        "No household of this village is still awaiting its new unit.",
    ),
    "household-not-awaiting": (
        "Hộ này không chờ ghi vào đơn vị mới (đơn vị cũ của hộ không bị chia).",
        "This household is not awaiting a new unit (its old unit was not split).",
    ),
    "area-not-found": (
        "Không có đơn vị hành chính mã {area_code}.",
        "There is no administrative unit with code {area_code}.",
    ),
    "household-code-taken": (
        "Mã hộ {household_code} đã được dùng ở xã {commune_code}.",
        "Household code {household_code} is already used in commune {commune_code}.",
    ),
    "household-code-unknown": (
        "Không có hộ nào mang mã {household_code}.",
        "No household has the code {household_code}.",
    ),
    "import-empty": ("Tệp không có dòng nào.", "The file has no rows."),
    "import-format": (
        "Không đọc được tệp {file}: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv, mã UTF-8).",
        "The file {file} cannot be read: only Excel (.xlsx) or CSV (.csv, UTF-8) files are taken.",
    ),
    "views-behind": (
        "Danh bạ hộ chưa cập nhật kịp các ghi nhận mới nhất; xin thử lại sau ít phút.",
        "The household directory has not yet caught up with the latest records; try again in "
        "a few minutes.",
    ),
    "household-code-ambiguous": (
        "{count} hộ ở các xã khác nhau cùng mang mã {household_code}; hãy mở hộ từ danh sách "
        "rồi dùng liên kết của hộ.",
        "{count} households of different communes have the code {household_code}; open the "
        "household from a list and use its link.",
    ),
    "household-not-behind-figure": (
        "Hộ này không nằm trong chỉ tiêu đã chọn ở địa bàn và thời điểm này.",
        "This household does not count in the chosen figure in this area at this point.",
    ),
    "household-not-found": (
        "Không tìm thấy hộ {household_id}.",
        "Household {household_id} was not found.",
    ),
    "household-not-registered-yet": (
        "Hộ chưa được đăng ký vào ngày {date}.",
        "The household was not registered yet on {date}.",
    ),
    "member-not-found": (
        "Hộ không có thành viên {member_id} vào ngày {date}.",
        "The household has no member {member_id} on {date}.",
    ),
    "head-cannot-be-removed": (
        "Không thể xóa chủ hộ; hãy đổi chủ hộ trước.",
        "The head cannot be removed; change the head first.",
    ),
    "already-head": (
        "Thành viên {member_id} đã là chủ hộ.",
        "Member {member_id} is already the head.",
    ),
    "head-relationship-on-add": (
        "Không thể thêm một chủ hộ thứ hai; dùng đổi chủ hộ.",
        "A second head cannot be added; use a change of head.",
    ),
    "same-location": (
        "Hộ đã ở địa chỉ này.",
        "The household already lives at this address.",
    ),
    "figure-not-found": ("Không có chỉ tiêu {figure}.", "There is no figure {figure}."),
    "standard-unknown": (
        "Không có chuẩn nghèo mã {standard_id}.",
        "There is no poverty standard {standard_id}.",
    ),
    "amount-too-large": (
        "“{field}” vượt quá {ceiling} đồng.",
        "“{field}” exceeds {ceiling} VND.",
    ),
    "id-taken": ("Mã {id} đã được dùng.", "The id {id} is already used."),
    "id-not-random": (
        "Mã tự chọn {id} phải là một UUID ngẫu nhiên (phiên bản 4).",
        "A chosen id must be a random UUID (version 4); {id} is not.",
    ),
    "standard-not-found": (
        "Không có chuẩn nghèo nào có hiệu lực vào ngày {date}.",
        "No poverty standard is in force on {date}.",
    ),
    "periodic-review-window": (
        "Rà soát định kỳ chỉ diễn ra từ {start} đến {end} hằng năm; ngày {date} nằm ngoài.",
        "A periodic review runs from {start} to {end} each year; {date} is outside.",
    ),
    "deprivation-keys": (
        "Chuẩn {standard_id} cần đúng các chỉ số thiếu hụt {expected}; thiếu {missing}, thừa {extra}.",
        "Standard {standard_id} needs exactly the deprivation indicators {expected}; "
        "missing {missing}, unknown {extra}.",
    ),
    "survey-id-taken": (
        "Mã phiếu khảo sát {survey_id} đã được dùng.",
        "Survey id {survey_id} is already used.",
    ),
    "survey-not-found": (
        "Không có phiếu khảo sát {survey_id} còn hiệu lực.",
        "There is no standing survey {survey_id}.",
    ),
    "survey-already-classified": (
        "Phiếu khảo sát {survey_id} đã được dùng để xét duyệt.",
        "Survey {survey_id} has already been used for a classification.",
    ),
    "classification-before-survey": (
        "Ngày công nhận {date} trước ngày khảo sát {survey_date}.",
        "The classification date {date} is before the survey date {survey_date}.",
    ),
    "classification-backwards": (
        "Ngày công nhận {date} trước lần công nhận gần nhất ({latest}); ngày công nhận không được lùi.",
        "The classification date {date} is before the latest one ({latest}); "
        "classification dates never go backwards.",
    ),
    "loan-id-taken": ("Mã khoản vay {loan_id} đã được dùng.", "Loan id {loan_id} is already used."),
    "loan-not-found": (
        "Không có khoản vay {loan_id} còn hiệu lực.",
        "There is no standing loan {loan_id}.",
    ),
    "loan-eligibility": (
        "{programme} chỉ dành cho {required} vào ngày giải ngân {date}; hộ đang là {status}.",
        "{programme}: only for {required} households on the disbursement date {date}; "
        "this household is {status}.",
    ),
    "categories-unchanged": (
        "Các diện của hộ đã như vậy vào ngày này: không có gì thay đổi để ghi.",
        "The household's categories are already so on that date: there is no change to record.",
    ),
    "loan-ceiling": (
        "Khoản vay {amount} đồng cùng dư nợ {owed} đồng của hộ (các khoản cùng hạn mức) vượt "
        "mức tối đa {ceiling} đồng một hộ của chương trình {programme}.",
        "A loan of {amount} VND with the {owed} VND the household owes under the same ceiling "
        "exceeds the {ceiling} VND a household may owe under {programme}.",
    ),
    "loan-term": (
        "Thời hạn vay {term} tháng vượt quá {max_term} tháng của chương trình {programme}.",
        "A term of {term} months exceeds the {max_term} months of {programme}.",
    ),
    "loan-rural-only": (
        "{programme} chỉ dành cho hộ cư trú ở địa bàn nông thôn (xã) vào ngày giải ngân {date}.",
        "{programme}: only for households living in a rural commune (xã) on the disbursement "
        "date {date}.",
    ),
    "repayment-exceeds-balance": (
        "Số trả {amount} đồng vượt dư nợ {balance} đồng của khoản vay {loan_id}.",
        "A repayment of {amount} VND exceeds the outstanding balance of {balance} VND "
        "of loan {loan_id}.",
    ),
    "repayment-before-grant": (
        "Ngày trả nợ {date} trước ngày giải ngân {granted}.",
        "The repayment date {date} is before the disbursement date {granted}.",
    ),
    "model-not-found": ("Không có mô hình {model_id}.", "There is no model {model_id}."),
    "model-code-taken": (
        "Mã mô hình {model_code} đã được dùng.",
        "Model code {model_code} is already used.",
    ),
    "model-closed": (
        "Mô hình {model_id} không hoạt động vào ngày {date}.",
        "Model {model_id} is not open on {date}.",
    ),
    "model-already-closed": ("Mô hình đã đóng.", "The model is already closed."),
    "member-required-for-support": (
        "Hỗ trợ loại {kind} phải ghi rõ thành viên được hỗ trợ.",
        "Support of kind {kind} must name the member who received it.",
    ),
    "project-range": (
        "Vào ngày {date}, chương trình mục tiêu quốc gia giai đoạn {years} không có dự án "
        "{project} (các dự án: {components}).",
        "On {date}, the national target programme {years} has no project {project} (its "
        "projects: {components}).",
    ),
    "not-working-age": (
        "Thành viên {member_id} không trong độ tuổi lao động vào ngày {date}.",
        "Member {member_id} is not of working age on {date}.",
    ),
    "already-employed": (
        "Thành viên {member_id} đang có việc làm được ghi nhận.",
        "Member {member_id} already has a standing job.",
    ),
    "not-employed": (
        "Thành viên {member_id} không có việc làm đang tiếp diễn.",
        "Member {member_id} has no standing job.",
    ),
    "employment-end-before-start": (
        "Ngày kết thúc {date} trước ngày bắt đầu {started}.",
        "The end date {date} is before the start date {started}.",
    ),
    "entry-not-found": (
        "Không có mục phiên bản {target_version} trong lịch sử hộ.",
        "There is no entry at version {target_version} in the household's history.",
    ),
    "entry-not-retractable": (
        "Không thể hủy mục “{event_type}”.",
        "An entry “{event_type}” cannot be retracted.",
    ),
    "household-voided": (
        "Đăng ký của hộ đã bị hủy ngày {voided} ({reason}); không ghi thêm được gì. Muốn "
        "khôi phục, hãy hủy mục “Hủy đăng ký hộ” trong lịch sử.",
        "The household's registration was voided on {voided} ({reason}); nothing more can be "
        "recorded. To restore it, retract the entry “Voiding of the registration” in its "
        "history.",
    ),
    "household-erased": (
        "Dữ liệu cá nhân của hộ đã bị xóa ngày {erased} theo yêu cầu; không ghi thêm được gì về "
        "hộ này.",
        "The household's personal data were erased on {erased} at the data subject's request; "
        "nothing more can be recorded about it.",
    ),
    "household-key-erased": (
        "Khóa của hộ {household_id} đã bị hủy cùng dữ liệu cá nhân; không ghi được dữ liệu cá "
        "nhân mới cho hộ.",
        "The key of household {household_id} was destroyed with its personal data; no new "
        "personal data can be recorded for it.",
    ),
    "key-unavailable": (
        "Khóa được bọc bằng khóa chính {kek}, khóa này chưa được cấu hình "
        "(GIAMNGHEO_CIPHER_KEY hoặc GIAMNGHEO_CIPHER_PREVIOUS_KEYS).",
        "A key is wrapped by master key {kek}, which is not configured "
        "(GIAMNGHEO_CIPHER_KEY or GIAMNGHEO_CIPHER_PREVIOUS_KEYS).",
    ),
    "retention-not-set": (
        "Thành phố chưa quy định thời hạn lưu trữ: đặt GIAMNGHEO_RETENTION_YEARS hoặc --years.",
        "The city has set no retention period: set GIAMNGHEO_RETENTION_YEARS or --years.",
    ),
    "erasure-reason-required": (
        "Phải nêu lý do xóa dữ liệu cá nhân (yêu cầu của chủ thể dữ liệu, căn cứ pháp lý).",
        "A reason for the erasure is required (the data subject's request, its legal ground).",
    ),
    "entry-already-retracted": (
        "Mục phiên bản {target_version} đã bị hủy.",
        "The entry at version {target_version} is already retracted.",
    ),
    "classification-not-latest": (
        "Chỉ có thể hủy lần công nhận mới nhất.",
        "Only the latest standing classification can be retracted.",
    ),
    "survey-in-use": (
        "Phiếu khảo sát đang được một lần công nhận sử dụng; hãy hủy lần công nhận trước.",
        "A standing classification uses this survey; retract the classification first.",
    ),
    "loan-has-repayments": (
        "Khoản vay đã có khoản trả nợ; hãy hủy các khoản trả nợ trước.",
        "The loan has standing repayments; retract them first.",
    ),
    "member-in-use": (
        "Thành viên {member_id} đang được dùng trong các mục khác; hãy hủy các mục đó trước.",
        "Member {member_id} is referred to by other standing entries; retract those first.",
    ),
    "reason-required": ("Phải nêu lý do hủy.", "A reason for the correction is required."),
    "official-not-found": ("Không có cán bộ {official_id}.", "There is no official {official_id}."),
    "official-left": (
        "Cán bộ đã nghỉ vào ngày {date}.",
        "The official had left on {date}.",
    ),
    "plan-not-found": ("Không có kế hoạch {plan}.", "There is no plan {plan}."),
    "unknown-target": ("Không có chỉ tiêu {target}.", "There is no target {target}."),
    "plan-period": (
        "Kế hoạch phải theo một giai đoạn kế hoạch ({periods}); {start} – {end} không phải "
        "một giai đoạn.",
        "A plan covers one plan period ({periods}); {start} – {end} is not one.",
    ),
    "chairman-of-a-commune": (
        "Chủ tịch (hoặc người được ủy quyền) ký quyết định của một xã: {area_code} không phải là xã.",
        "A chairman (or delegate) signs the decisions of a commune: {area_code} is not a commune.",
    ),
    "round-exists": (
        "Xã {commune_code} đã mở đợt rà soát định kỳ năm {year}.",
        "Commune {commune_code} has already opened its periodic review of {year}.",
    ),
    "draft-not-found": (
        "Không có dự thảo chuẩn nghèo {draft_id}.",
        "There is no draft standard {draft_id}.",
    ),
    "run-not-found": ("Không có lượt chạy thử {run_id}.", "There is no what-if run {run_id}."),
    "round-not-found": ("Không có đợt rà soát {round_id}.", "There is no review round {round_id}."),
    "round-already-lists": (
        "Hộ {household_code} đã có trong danh sách rà soát của đợt này.",
        "Household {household_code} is already on this round's list.",
    ),
    "round-household-not-listed": (
        "Hộ {household_code} không có trong danh sách rà soát của đợt này.",
        "Household {household_code} is not on this round's list.",
    ),
    "round-no-meeting": (
        "Chưa họp dân thống nhất kết quả rà soát: chưa thể niêm yết.",
        "No village meeting has agreed the results yet: the list cannot be posted.",
    ),
    "round-posted-before-meeting": (
        "Ngày niêm yết phải từ ngày họp dân cuối cùng ({date}) trở đi.",
        "The list is posted on or after the last village meeting ({date}).",
    ),
    "round-not-posted": (
        "Kết quả rà soát chưa được niêm yết công khai.",
        "The review's results have not been posted publicly yet.",
    ),
    "round-posting-open": (
        "Kết quả còn niêm yết đến hết ngày {until}: chỉ ra quyết định sau ngày đó.",
        "The results stay posted until the end of {until}: the decision comes after that day.",
    ),
    "round-complaints-open": (
        "Còn {count} khiếu nại chưa phúc tra xong.",
        "{count} complaints have not been re-checked yet.",
    ),
    "round-district-opinion-missing": (
        "Trước ngày 01/07/2025, xã phải xin ý kiến Chủ tịch UBND cấp huyện trước khi công nhận.",
        "Before 1 July 2025 the commune asked the district chairman's opinion before recognising.",
    ),
    "district-step-ended": (
        "Từ ngày {date} không còn cấp huyện: bước xin ý kiến huyện không còn.",
        "Since {date} there are no districts: the district's opinion is no longer asked.",
    ),
    "round-nothing-agreed": (
        "Chưa có hộ nào được họp dân thống nhất hoặc phúc tra xong để công nhận.",
        "No household has been agreed at a village meeting or re-checked, to be recognised.",
    ),
    "certificate-not-found": (
        "Hộ {household_code} không thuộc danh sách hộ nghèo, hộ cận nghèo vào ngày {date}: không có "
        "giấy chứng nhận.",
        "Household {household_code} is not on the poor or near-poor list on {date}: there is no "
        "certificate.",
    ),
    "round-not-decided": (
        "Đợt rà soát chưa có quyết định công nhận.",
        "The round has no recognition decision yet.",
    ),
    "round-decided": (
        "Đợt rà soát đã kết thúc bằng quyết định {number}.",
        "The round ended with decision {number}.",
    ),
    "round-date-before-step": (
        "Ngày này trước bước trước đó ({date}).",
        "This date is before the step before it ({date}).",
    ),
    "complaint-not-open": (
        "Không có khiếu nại này, hoặc khiếu nại đã được phúc tra.",
        "There is no such complaint, or it has been re-checked already.",
    ),
    "meeting-empty": (
        "Biên bản họp phải ghi kết quả của ít nhất một hộ.",
        "The meeting's minutes must give the result of at least one household.",
    ),
    "meeting-verdict-twice": (
        "Một hộ không thể vừa được thống nhất vừa chưa được thống nhất.",
        "A household cannot be both agreed and not agreed.",
    ),
    "decision-empty": (
        "Quyết định phải công nhận ít nhất một hộ.",
        "A decision must recognise at least one household.",
    ),
    "decision-number-taken": (
        "Xã {commune_code} đã có quyết định số {decision_ref}.",
        "Commune {commune_code} already has a decision numbered {decision_ref}.",
    ),
    "nothing-to-recognise": (
        "Hộ {household_code} không có phiếu rà soát nào đang chờ công nhận vào ngày {date}.",
        "Household {household_code} has no survey awaiting recognition on {date}.",
    ),
    "household-named-twice": (
        "Hộ {household_code} được ghi hai lần trong quyết định.",
        "Household {household_code} is named twice in the decision.",
    ),
    "plan-baseline": (
        "Ngày mốc {date} phải nằm trong giai đoạn {start} – {end} hoặc trong năm trước đó.",
        "The baseline date {date} must lie within the period {start} – {end} or the year "
        "before it.",
    ),
    "plan-exists": (
        "Đã có kế hoạch số {plan}.",
        "A plan numbered {plan} already exists.",
    ),
    "plan-area": (
        "Kế hoạch được ban hành cho tỉnh hoặc thành phố; {area_code} không phải tỉnh, thành "
        "phố đang tồn tại vào ngày {date}.",
        "A plan is adopted for a province or the city; {area_code} is not one standing on {date}.",
    ),
    "plan-standard": (
        "Kế hoạch tính theo chuẩn nghèo quốc gia, trừ khi nêu một chuẩn nghèo của chính tỉnh, "
        "thành phố {area_code} có hiệu lực suốt từ ngày mốc {baseline} (trong giai đoạn của kế "
        "hoạch) đến hết giai đoạn {end}; {standard_id} không phải chuẩn như vậy.",
        "A plan counts by the national standard unless it names one of its own province's "
        "({area_code}) in force from its baseline {baseline}, inside its period, to the "
        "period's end {end}; {standard_id} is not one.",
    ),
    "period-already-closed": (
        "Kỳ đến {date} đã được khóa sổ.",
        "The period up to {date} is already closed.",
    ),
    "date-before-registration": (
        "Ngày {date} trước ngày đăng ký {registered}.",
        "The date {date} is before the registration on {registered}.",
    ),
    "stale-version": (
        "Hộ đã được người khác thay đổi (phiên bản hiện tại {current}, bạn gửi {expected}).",
        "This household was changed by someone else (current version {current}, "
        "you sent {expected}).",
    ),
    "concurrent-write": (
        "Hộ vừa được người khác thay đổi; hãy tải lại và thử lại.",
        "This household was just changed by someone else; reload and try again.",
    ),
    "idempotency-key-reused": (
        "Khóa Idempotency-Key đã được dùng cho một yêu cầu khác.",
        "This Idempotency-Key was already used for a different request.",
    ),
    # An administrator's scope (application/admin_scope.py).
    "account-not-found": ("Không có tài khoản {username}.", "There is no account {username}."),
    "outside-area": (
        "Mã địa bàn {area_code} nằm ngoài địa bàn được giao ({own_area}).",
        "Area {area_code} is outside your assigned area ({own_area}).",
    ),
    "administrator-scope": (
        "Chỉ quản trị viên của địa bàn rộng hơn {area_code} mới được tạo hay thay đổi "
        "tài khoản quản trị của {area_code}.",
        "Only an administrator of an area wider than {area_code} may add or change "
        "an administrator of {area_code}.",
    ),
    "own-account": (
        "Không thể tự khóa, mở khóa hay đặt lại mật khẩu tài khoản của chính mình; hãy nhờ "
        "quản trị viên cấp trên hoặc người vận hành máy chủ.",
        "You cannot disable, enable or reset the password of your own account; ask an "
        "administrator of a wider area or the server's operator.",
    ),
    "plan-whole-area": (
        "Chỉ quản trị viên của toàn địa bàn kế hoạch ({area_code}) mới được điều chỉnh chỉ tiêu.",
        "Only an administrator of the plan's whole area ({area_code}) may revise its targets.",
    ),
    "token-days": (
        "Thời hạn của mã truy cập là từ 1 đến {limit} ngày.",
        "A token lasts from 1 to {limit} days.",
    ),
    "token-not-found": (
        "Không có mã truy cập {token_id}.",
        "There is no token {token_id}.",
    ),
    "backup-exists": (
        "Tệp {path} đã có; bản sao lưu không ghi đè tệp nào, hãy chọn tên khác.",
        "The file {path} already exists; a backup never overwrites a file, choose another name.",
    ),
    "backup-unsupported": (
        "Kho dữ liệu loại {kind} chỉ nằm trong bộ nhớ, không có gì để sao lưu.",
        "A {kind} store lives in memory only: there is nothing to back up.",
    ),
    "pg-dump-missing": (
        "Không tìm thấy chương trình pg_dump của PostgreSQL trên máy này.",
        "PostgreSQL's pg_dump was not found on this machine.",
    ),
    "draft-band-below-line": (
        "Cận trên của khoảng mức sống trung bình phải cao hơn chuẩn nghèo.",
        "The average-living band's upper bound must be above the poverty line.",
    ),
    "draft-deprivations-out-of-range": (
        "Số chỉ số thiếu hụt để là hộ nghèo phải từ 1 đến {most}; đã nhập {value}.",
        "The deprivations that make a household poor must be from 1 to {most}; given {value}.",
    ),
    "draft-indicator-repeated": (
        "Chỉ số {key} đã có trong dự thảo.",
        "The draft already has the indicator {key}.",
    ),
    "draft-indicator-unknown": (
        "Không phiếu rà soát nào hỏi chỉ số {key}.",
        "No survey asks the indicator {key}.",
    ),
    "pg-dump-failed": ("pg_dump báo lỗi: {error}", "pg_dump failed: {error}"),
}


class DomainError(Exception):
    """Base of every refusal: a stable code, the field if one is to blame, and parameters
    for the message."""

    kind = "rule"

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        self.code = code
        self.field = field
        self.params = {key: _shorten(key, value) for key, value in params.items()}
        super().__init__(self.message("en"))

    @property
    def refusals(self) -> tuple[DomainError, ...]:
        """Each refusal this one stands for, one a field (see `InvalidFieldsError`)."""
        return (self,)

    def message(self, lang: str = "vi", label: str | None = None) -> str:
        """The message as a person reads it: the field by its label (`label`: the words of the
        form it was typed into), dates dd/mm/yyyy, money with the language's thousands mark,
        codes of the domain in words."""
        template = in_language(MESSAGES[self.code], lang)
        named = {key: _shown(key, value, lang) for key, value in self.params.items()}
        return template.format(field=label or field_label(self.field, lang), **named)


class ValidationError(DomainError):
    """A field is missing or malformed."""

    kind = "invalid"


class RuleViolationError(DomainError):
    """The input is well-formed but a rule of the programme forbids it."""

    kind = "rule"


class NotFoundError(DomainError):
    """The thing named does not exist (or not on that date)."""

    kind = "not-found"


class ConflictError(DomainError):
    """The command lost a race, or collides with what is already recorded."""

    kind = "conflict"


def _shorten(key: str, value: Any) -> Any:
    """What a caller typed, echoed back in a message, stays readable however long it was."""
    echoed = isinstance(value, str) or key == "value"
    if echoed and len(text := str(value)) > SHOWN_MAX:
        return text[: SHOWN_MAX - 1] + "…"
    return value


SHOWN_MAX = 80


# Parameters that are sums of money; dates are known by their type or their ISO shape.
MONEY_PARAMS = frozenset({"amount", "ceiling", "balance", "owed", "example"})


def _shown(key: str, value: Any, lang: str) -> Any:
    if key == "value":
        return value
    if isinstance(value, date):
        return day(value)
    if key in MONEY_PARAMS and isinstance(value, int):
        return money(value, lang)
    if key == "example" and isinstance(value, str):  # a decimal, with the language's mark
        return value if lang == "en" else value.replace(".", ",")
    if key == "programme":
        return programme_name(value, lang)
    if key == "event_type":
        return entry_name(value, lang)
    if key == "required":  # any one of several conditions
        return in_language((" hoặc ", " or "), lang).join(
            label(part, lang) for part in str(value).split(",")
        )
    if isinstance(value, str):
        if ISO_DAY.fullmatch(value):
            return day(date.fromisoformat(value))
        return label(value, lang)
    return value


class InvalidFieldsError(ValidationError):
    """Several fields refused at once, so that a form marks them all in one round trip; the
    first refusal gives the code and the field, `refusals` has every one."""

    def __init__(self, refusals: Sequence[DomainError]) -> None:
        self._refusals = tuple(refusals)
        first = self._refusals[0]
        super().__init__(first.code, first.field, **first.params)

    @property
    def refusals(self) -> tuple[DomainError, ...]:
        return self._refusals

    def message(self, lang: str = "vi", label: str | None = None) -> str:
        return " ".join(refusal.message(lang, label) for refusal in self._refusals)


T = TypeVar("T")
# What a refused check gives back: the checks that take it as an argument are skipped.
REFUSED: Any = object()


class FieldChecks:
    """Runs the checks of a command's fields and keeps going after a refusal, so that every
    faulty field is named at once. `check(fn, *args)` is `fn(*args)`, or `REFUSED` when it
    refuses a field or one of its arguments was refused; leaving the `with` block raises the
    refusal, or `InvalidFieldsError` for several. Rules about the whole (and races) are not
    kept: they stop at once, as they do outside."""

    def __init__(self) -> None:
        self.refused: list[DomainError] = []

    def __call__(self, check: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if any(arg is REFUSED for arg in (*args, *kwargs.values())):
            return cast(T, REFUSED)
        try:
            return check(*args, **kwargs)
        except DomainError as error:
            if error.field is None or error.kind not in FIELD_KINDS:
                raise
            self.refused.extend(error.refusals)
            return cast(T, REFUSED)

    def __enter__(self) -> FieldChecks:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None and self.refused:
            raise InvalidFieldsError(self.refused) if len(self.refused) > 1 else self.refused[0]


# The refusals that concern one field's value, kept by `FieldChecks`.
FIELD_KINDS = frozenset({"invalid", "rule", "not-found"})
