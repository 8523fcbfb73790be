"""Employer subsidies: the worked examples of docs/subsidies.md, version selection, the rule
files' validation and `kohtaanto subsidy calculate`.

The examples are read from the document itself, so the calculator is checked against exactly
the numbers a reader derives by hand there.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import tokenize
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from kohtaanto.cli import main
from kohtaanto.domain.subsidies import (
    NoRulesInForce,
    RuleDataError,
    SubsidyCase,
    calculate,
    describe_errors,
    load_rules,
    payment_application_deadline,
    rules_in_force,
)
from kohtaanto.domain.subsidies.case import Period
from kohtaanto.domain.subsidies.facts import grant_months, unemployed_days
from kohtaanto.domain.subsidies.rules import DATA_DIR

DOC = Path(__file__).resolve().parents[2] / "docs" / "subsidies.md"
CODE_DIR = Path(__file__).resolve().parents[2] / "kohtaanto" / "domain" / "subsidies"


def worked_examples() -> list[tuple[dict, dict]]:
    """(case, expected result) pairs from the json blocks under '### Example' headings."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Worked examples") :]
    blocks = [json.loads(b, parse_float=Decimal) for b in re.findall(r"```json\n(.*?)\n```", section, re.S)]
    cases = {b["id"]: b for b in blocks if "start_date" in b}
    expected = {b["id"]: b for b in blocks if "eligible" in b}
    assert cases.keys() == expected.keys(), "every example needs a case and a result block"
    return [(cases[i], expected[i]) for i in cases]


EXAMPLES = worked_examples()


def as_documented(result_dict: dict) -> dict:
    """The command line's object with the reasons as their codes, as the document writes it."""
    out = dict(result_dict, reasons=[r["code"] for r in result_dict["reasons"]])
    if out["rate"] is not None:
        out["rate"] = Decimal(str(out["rate"]))
    return out


@pytest.mark.parametrize(("case", "expected"), EXAMPLES, ids=[c["id"] for c, _ in EXAMPLES])
def test_worked_example(case, expected):
    result = calculate(SubsidyCase.model_validate(case))
    assert as_documented(result.to_dict()) == expected
    assert result.lines and result.lines[-1].startswith("total" if expected["eligible"] else "not eligible")


def test_the_examples_cover_what_the_issue_asks_for():
    results = [calculate(SubsidyCase.model_validate(c)) for c, _ in EXAMPLES]
    codes = {code for r in results for code in r.codes}
    assert len(EXAMPLES) >= 8
    assert {r.benefit for r in results} == {"palkkatuki", "helsinki_lisa", "tyokokeilu", "starttiraha"}
    assert {Decimal("0.5"), Decimal("0.7"), Decimal("1")} <= {
        r.rate for r in results if r.benefit == "palkkatuki"
    }
    assert {"working_time_limit", "cap_applied", "three_year_rule", "de_minimis_ceiling"} <= codes
    assert any(r.benefit == "palkkatuki" and r.eligible and "cap_applied" not in r.codes for r in results)
    helsinki = {r.rule_version for r in results if r.benefit == "helsinki_lisa"}
    assert helsinki == {"helsinki-lisa-2023-09", "helsinki-lisa-2026"}


# --- version selection --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("benefit", "on", "version"),
    [
        ("palkkatuki", "2023-07-01", "palkkatuki-2023-07"),
        ("palkkatuki", "2024-12-31", "palkkatuki-2023-07"),
        ("palkkatuki", "2025-01-01", "palkkatuki-2025"),
        ("helsinki_lisa", "2023-09-11", "helsinki-lisa-2023-09"),
        ("helsinki_lisa", "2025-12-31", "helsinki-lisa-2023-09"),
        ("helsinki_lisa", "2026-01-01", "helsinki-lisa-2026"),
        ("starttiraha", "2024-12-31", "starttiraha-2023"),
        ("starttiraha", "2025-01-01", "starttiraha-2025"),
        ("de_minimis", "2023-12-31", "de-minimis-1407-2013"),
        ("de_minimis", "2024-01-01", "de-minimis-2023-2831"),
        ("tyokokeilu", "2030-06-01", "tyokokeilu-2025"),
    ],
)
def test_the_version_in_force_on_the_start_date(benefit, on, version):
    assert rules_in_force(benefit, dt.date.fromisoformat(on)).id == version


@pytest.mark.parametrize(
    ("benefit", "on"),
    [("palkkatuki", "2023-06-30"), ("helsinki_lisa", "2023-09-10"), ("tyokokeilu", "2024-12-31")],
)
def test_no_version_in_force_is_an_error_not_a_refusal(benefit, on):
    with pytest.raises(NoRulesInForce, match=f"{benefit}: no rule version in force on {on}"):
        rules_in_force(benefit, dt.date.fromisoformat(on))


def start_up_case(start: str, **startup) -> SubsidyCase:
    return SubsidyCase.model_validate(
        {"id": "s", "benefit": "starttiraha", "start_date": start, "planned_months": 1,
         "startup": {"full_time": True, "skills": True, **startup}}
    )  # fmt: skip


def test_starting_before_the_decision_depends_on_the_version():
    before = calculate(start_up_case("2024-12-02", started_before_decision=True))
    after = calculate(start_up_case("2025-01-02", started_before_decision=True))
    assert (before.rule_version, before.eligible, before.codes[0]) == (
        "starttiraha-2023",
        False,
        "started_before_decision",
    )
    assert (after.rule_version, after.eligible, after.codes[0]) == (
        "starttiraha-2025",
        True,
        "started_at_own_risk",
    )


def test_de_minimis_before_2024_uses_the_old_ceiling_and_fiscal_years():
    aid = [{"granted_on": "2021-01-01", "amount": 199_500}, {"granted_on": "2020-12-31", "amount": 90_000}]
    case = SubsidyCase.model_validate(dict(start_up_case("2023-06-01").model_dump(), de_minimis_received=aid))
    result = calculate(case)  # 199 500 (2021-2023) + 37.21 x 22 working days = 200 318.62 > 200 000
    assert result.codes == ["de_minimis_ceiling"] and not result.eligible
    assert any("de-minimis-1407-2013" in line and "since 2021-01-01" in line for line in result.lines)


@pytest.mark.parametrize(
    ("period_end", "deadline"),
    [("2025-03-31", "2025-05-31"), ("2025-04-15", "2025-06-30"), ("2025-11-30", "2026-01-31"),
     ("2025-12-31", "2026-02-28")],
)  # fmt: skip
def test_payment_application_deadline(period_end, deadline):
    last = payment_application_deadline(dt.date(2025, 1, 1), dt.date.fromisoformat(period_end))
    assert last == dt.date.fromisoformat(deadline)


def test_unemployment_and_grant_months_conventions():
    periods = [
        Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31)),
        Period(start=dt.date(2025, 1, 20)),
    ]
    assert unemployed_days(periods, dt.date(2025, 3, 1), 90) == 59  # 1.1.-28.2., the overlap once
    assert unemployed_days(periods, dt.date(2025, 3, 1), 10) == 10
    assert grant_months(dt.date(2025, 1, 1), dt.date(2025, 4, 30)) == 4
    assert grant_months(dt.date(2025, 1, 15), dt.date(2025, 2, 15)) == 2  # a started month counts


# --- the rule files -----------------------------------------------------------------------


def copy_rules(tmp_path: Path) -> Path:
    for f in DATA_DIR.glob("*.json"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_the_shipped_rules_load_and_name_their_sources():
    book = load_rules()
    for versions in book.versions.values():
        for v in versions:
            assert v.source.act and v.source.url.startswith("https://")


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("palkkatuki.json", lambda d: d["versions"][1]["grounds"]["lack_of_skills"].update(rate=1.5),
         "palkkatuki.json: version 'palkkatuki-2025': field 'grounds.lack_of_skills.rate': Input should be less than or equal to 1"),
        ("palkkatuki.json", lambda d: d["versions"][0].update(valid_until="2025-06-30"),
         "palkkatuki.json: versions 'palkkatuki-2023-07' and 'palkkatuki-2025' overlap"),
        ("helsinki_lisa.json", lambda d: d["versions"][0].update(monthly_cap=None),
         "helsinki_lisa.json: version 'helsinki-lisa-2023-09': field 'monthly_cap'"),
        ("starttiraha.json", lambda d: d["versions"][1].pop("daily_amount"),
         "starttiraha.json: version 'starttiraha-2025': field 'daily_amount': Field required"),
        ("de_minimis.json", lambda d: d["versions"][1].update(ceilng=1),
         "de_minimis.json: version 'de-minimis-2023-2831': field 'ceilng': Extra inputs are not permitted"),
        ("tyokokeilu.json", lambda d: d.update(benefit="palkkatuki"),
         "tyokokeilu.json: field 'benefit' is 'palkkatuki', expected 'tyokokeilu'"),
        ("palkkatuki.json", lambda d: d["versions"][1].update(valid_from="2026-01-01", valid_until="2025-12-31"),
         "palkkatuki.json: version 'palkkatuki-2025': field '(version)': valid_until is before valid_from"),
    ],
)  # fmt: skip
def test_a_wrong_rule_file_names_the_file_version_and_field(tmp_path, file, change, message):
    edit(copy_rules(tmp_path) / file, change)
    with pytest.raises(RuleDataError) as exc:
        load_rules(tmp_path)
    assert str(exc.value).startswith(message)


def test_a_missing_rule_file_is_named(tmp_path):
    (copy_rules(tmp_path) / "de_minimis.json").unlink()
    with pytest.raises(RuleDataError, match="de_minimis.json: missing"):
        load_rules(tmp_path)


def test_no_rule_value_is_a_constant_in_the_code():
    """Every cap, rate and amount lives in the data: none of them may reappear as a literal."""
    values: set[Decimal] = set()

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, Decimal | int) and not isinstance(node, bool):
            values.add(Decimal(node))

    for f in DATA_DIR.glob("*.json"):
        walk(json.loads(f.read_text(encoding="utf-8"), parse_float=Decimal))
    telling = {v for v in values if v != v.to_integral_value() or v > 100}
    assert Decimal("1260") in telling and Decimal("0.65") in telling
    for module in CODE_DIR.glob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(module.read_text(encoding="utf-8")).readline)
        literals = {Decimal(t.string.replace("_", "")) for t in tokens if t.type == tokenize.NUMBER}
        assert not literals & telling, f"{module.name} repeats rule values {sorted(literals & telling)}"


# --- the case -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ground": None}, "ground: required for benefit palkkatuki"),
        ({"monthly_pay": -5}, "field 'monthly_pay': Input should be greater than or equal to 0"),
        ({"employer_kind": "association", "aid_basis": "de_minimis"}, "aid_basis: only a business's aid"),
        ({"client": {"age": 200}}, "field 'client.age': Input should be less than or equal to 120"),
        ({"ground": "age_55_plus"}, "weekly_hours: required for benefit palkkatuki"),
        ({"montly_pay": 1}, "field 'montly_pay': Extra inputs are not permitted"),
    ],
)
def test_a_wrong_case_says_which_field(change, message):
    case = dict(EXAMPLES[0][0], **change)
    with pytest.raises(ValidationError) as exc:
        SubsidyCase.model_validate(case)
    assert message in describe_errors(exc.value)


# --- the command line ---------------------------------------------------------------------


def run_cli(capsys, path: Path) -> tuple[int, str, str]:
    code = main(["subsidy", "calculate", "--input", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


def jsonl(cases) -> str:
    return "".join(json.dumps(c, default=str) + "\n" for c in cases)


def test_cli_prints_the_worked_examples(tmp_path, capsys):
    path = tmp_path / "cases.jsonl"
    path.write_text(jsonl(c for c, _ in EXAMPLES) + "\n", encoding="utf-8")  # a blank line is skipped
    code, out, err = run_cli(capsys, path)
    assert code == 0, err
    lines = [json.loads(line, parse_float=Decimal) for line in out.splitlines()]
    assert [as_documented(line) for line in lines] == [e for _, e in EXAMPLES]
    assert set(lines[0]) == {"id", "benefit", "eligible", "reasons", "rate", "monthly_cap", "months",
                             "monthly_amounts", "total", "aid_basis", "rule_version"}  # fmt: skip


def test_cli_bad_lines_are_named_and_nothing_is_printed(tmp_path, capsys):
    good = EXAMPLES[0][0]
    bad_pay = dict(good, id="b", monthly_pay=-1)
    too_early = dict(good, id="c", start_date="2023-06-30")
    path = tmp_path / "cases.jsonl"
    path.write_text(jsonl([good, bad_pay]) + "{not json\n" + jsonl([good, too_early]), encoding="utf-8")
    code, out, err = run_cli(capsys, path)
    assert code == 2 and out == ""
    assert "cases.jsonl: 4 bad line(s), nothing calculated" in err
    assert "line 2: field 'monthly_pay': Input should be greater than or equal to 0" in err
    assert "line 3: not valid JSON" in err
    assert "line 4: field 'id': 'ex1' is already used on line 1" in err
    assert "line 5: field 'start_date': palkkatuki: no rule version in force on 2023-06-30" in err


def test_cli_missing_file(tmp_path, capsys):
    code, out, err = run_cli(capsys, tmp_path / "nope.jsonl")
    assert code == 2 and out == "" and "cannot read" in err
