Feature: Refusals a caseworker can act on
  As a caseworker filling in a form
  I want every mistake named at once, each by the label the form shows and in my language,
  with dates and sums written as the pages write them
  So that I correct them all in one go, and nothing is recorded until they are

  The API keeps the field's path (members[0].sex) and the rule's stable code beside the
  message, for programs; people read the label ("Giới tính (thành viên thứ 1)").

  Background:
    Given today is 2026-12-04

  Scenario Outline: One mistake, named by its label in the caseworker's language
    When a household is registered on 2026-11-20 with <field> set to "<value>"
    Then the registration is refused and nothing is recorded
    And in <language> the refusal of <field> says "<message>"

    Examples: a field left empty, an impossible date, a date in the future, a wrong choice, a slip of the year
      | field                 | value      | language   | message                                                                                 |
      | household_code        |            | Vietnamese | Cần nhập “Mã hộ”.                                                                       |
      | household_code        |            | English    | “Household code” is required.                                                           |
      | village               |            | Vietnamese | Cần nhập “Thôn/tổ dân phố”.                                                             |
      | effective_date        | 2024-13-25 | Vietnamese | “Ngày hiệu lực” phải là một ngày có thật, viết ngày/tháng/năm như 25/12/2024.           |
      | effective_date        | 2027-06-01 | Vietnamese | Ngày hiệu lực 01/06/2027 nằm trong tương lai.                                           |
      | effective_date        | 2027-06-01 | English    | The effective date 01/06/2027 is in the future.                                         |
      | members[0].sex        | X          | Vietnamese | “Giới tính (thành viên thứ 1)” không nhận giá trị X.                                    |
      | members[1].birth_date | 1990-02-30 | English    | “Date of birth (member 2)” must be a real date, written day/month/year as 25/12/2024.  |
      | members[1].national_id | 12345     | Vietnamese | Số định danh cá nhân phải gồm đúng 12 chữ số.                                           |
      | members[1].birth_date | 1090-05-01 | Vietnamese | “Ngày sinh (thành viên thứ 2)” là 01/05/1090, trước 01/01/1900: hãy kiểm tra lại năm sinh. |

  Scenario: Four mistakes in one registration are named at once
    When a household is registered on 2026-11-20 with these mistakes
      | field                | value |
      | household_code       |       |
      | village              |       |
      | members[0].full_name |       |
      | members[1].sex       | X     |
    Then the registration is refused and nothing is recorded
    And the refusal names these fields, each with its message in Vietnamese
      | field                | message                                              |
      | household_code       | Cần nhập “Mã hộ”.                                    |
      | village              | Cần nhập “Thôn/tổ dân phố”.                          |
      | members[0].full_name | Cần nhập “Họ và tên (thành viên thứ 1)”.             |
      | members[1].sex       | “Giới tính (thành viên thứ 2)” không nhận giá trị X. |

  Scenario Outline: Sums and dates in a refusal are written as the pages write them
    Given a household registered on 2022-01-10
    And the household was recognised yearly from 2022-03-10 as POOR
    When a POOR loan of 150,000,000 VND over 60 months is disbursed on 2025-06-01
    Then in <language> the refusal of amount_vnd says "<message>"

    Examples:
      | language   | message |
      | Vietnamese | Khoản vay 150.000.000 đồng cùng dư nợ 0 đồng của hộ (các khoản cùng hạn mức) vượt mức tối đa 100.000.000 đồng một hộ của chương trình Cho vay hộ nghèo. |
      | English    | A loan of 150,000,000 VND with the 0 VND the household owes under the same ceiling exceeds the 100,000,000 VND a household may owe under Loans to poor households. |

  Scenario Outline: A number's refusal gives an example of the field's own kind
    Given a household registered on 2022-01-10
    When a JOB_CREATION loan is asked for on 2025-06-01 with <field> set to "<value>"
    Then in <language> the refusal of <field> says "<message>"

    Examples:
      | field           | value     | language   | message                                                      |
      | amount_vnd      | -5        | Vietnamese | “Số tiền” phải là số nguyên không âm, như 1.500.000.         |
      | amount_vnd      | -5        | English    | “Amount” must be a whole number, zero or more, such as 1,500,000. |
      | term_months     | ba năm    | Vietnamese | “Thời hạn (tháng)” phải là số nguyên không âm, như 36.       |
      | annual_rate_pct | sáu phẩy  | Vietnamese | “Lãi suất (%/năm)” phải là một số từ 0 đến 100, như 6,6.     |
      | annual_rate_pct | 120       | English    | “Rate (% a year)” must be a number from 0 to 100, such as 6.6. |
