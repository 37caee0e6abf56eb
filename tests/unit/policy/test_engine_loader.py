"""Loading policy documents: the fixtures load and pass their tests; bad ones fail with a line."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhucan.policy.document import PolicyError
from zhucan.policy.loader import load_policies, parse_document
from zhucan.policy.policy_set import PolicySet

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "policies"

GOOD = """\
id: t.living
program: living_subsidy
kind: payment
subject: person
name: {zh: 测试}
jurisdiction: "33"
parameters:
  standard:
    zh: 标准
    type: decimal
    values:
      - {from: 2020-01-01, value: 100}
      - {from: 2024-01-01, value: 120}
    by_region:
      "3311":
        - {from: 2020-01-01, value: 110}
versions:
  - id: "1"
    effective_from: 2020-01-01
    eligibility:
      - {id: valid, when: certificate_valid, zh: 持证}
    amount: standard
"""


def _error(text: str) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        parse_document(text, "bad.yaml")
    assert info.value.file == Path("bad.yaml")
    assert info.value.zh.startswith(f"bad.yaml:{info.value.line}:")
    return info.value


def test_fixtures_load_and_pass_their_tests() -> None:
    policies = load_policies(FIXTURES)
    assert {d.program for d in policies.documents} >= {"living_subsidy", "nursing_subsidy"}
    assert policies.run_tests() == []


def test_default_folder_loads() -> None:
    assert isinstance(load_policies(), PolicySet)


def test_good_document() -> None:
    doc = parse_document(GOOD)
    assert doc.parameters["standard"].values[0].end is not None
    assert doc.region_keys == ("3311",)


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("when: certificate_valid", "when: certificate_vaild", 21, "certificate_valid"),
        ("amount: standard", "amount: standrd", 22, "未知的事实或参数"),
        ("when: certificate_valid", "when: grade + 1", 21, "真假值"),
        ("amount: standard", 'amount: standard + "a"', 22, "数值"),
        ("value: 120}", "value: 一百二}", 13, "金额"),
        ("{from: 2024-01-01, value: 120}", "{from: 2024-01-01}", 13, "缺少必填的键：value"),
        ('"3311":', '"3311":\n        - {from: 2020-01-01, value: 1}\n      "3311":', 17, "键重复"),
        ('"3311":', '"331":', 15, "区划代码前缀"),
        ('"3311":', '"44":', 15, "辖区"),
        ("kind: payment", "kind: payment\ncolour: red", 4, "未知的键"),
        ("name: {zh: 测试}\n", "", 1, "缺少必填的键"),
        (
            "      - {from: 2024-01-01, value: 120}",
            "      - {from: 2019-01-01, value: 120}",
            13,
            "重叠",
        ),
    ],
)
def test_errors_have_file_and_line(old: str, new: str, line: int, words: str) -> None:
    assert old in GOOD
    e = _error(GOOD.replace(old, new, 1))
    assert words in e.zh
    if line:
        assert e.line == line, e.zh


def test_parameter_gap_and_overlap() -> None:
    gap = GOOD.replace(
        "{from: 2020-01-01, value: 100}", "{from: 2020-01-01, to: 2023-01-01, value: 100}"
    )
    assert "空档" in _error(gap).zh and _error(gap).line == 13
    overlap = GOOD.replace(
        "{from: 2020-01-01, value: 100}", "{from: 2020-01-01, to: 2025-01-01, value: 100}"
    )
    assert "重叠" in _error(overlap).zh


def test_overlapping_versions_and_duplicate_ids() -> None:
    text = GOOD + '  - id: "2"\n    effective_from: 2023-01-01\n    amount: standard\n'
    e = _error(text)
    assert "重叠" in e.zh and e.line == 23
    twice = GOOD.replace('  - id: "1"', '  - id: "1"\n    effective_to: 2021-01-01').replace(
        "    amount: standard\n",
        '    amount: standard\n  - id: "1"\n    effective_from: 2022-01-01\n    amount: 1\n',
    )
    assert "版本 id 重复" in _error(twice).zh
    doc = parse_document(GOOD, "a.yaml")
    with pytest.raises(PolicyError) as info:
        PolicySet.of([doc, parse_document(GOOD, "b.yaml")])
    assert info.value.file == Path("b.yaml") and info.value.line == 1


def test_failing_document_test_is_reported() -> None:
    text = GOOD + (
        "tests:\n  - name: 错的期望\n    as_of: 2024-06-01\n"
        '    person: {hukou_region: "331102001001"}\n    expect: {eligible: true, amount: 1}\n'
    )
    failures = PolicySet.of([parse_document(text, "t.yaml")]).run_tests()
    assert len(failures) == 1 and failures[0].line == 24 and "110" in failures[0].zh


def test_expression_error_inside_a_block_scalar() -> None:
    text = GOOD.replace("amount: standard", "amount: |\n      standard *\n      (1 +)")
    e = _error(text)
    assert e.line == 24 and "语法错误" in e.zh
