"""Run the test cases a policy document carries, through the explainer and through Polars."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from zhucan.core.dates import add_years
from zhucan.policy.document import DocTest, PolicyDocument
from zhucan.policy.evaluate import EMPLOYER, PERSON, Subject, evaluate_subject
from zhucan.policy.explain import explain_key
from zhucan.policy.expr.facts import EMPLOYER_SCHEMA
from zhucan.policy.fields import decimal_text
from zhucan.policy.policy_set import PolicySet, TestFailure
from zhucan.policy.resolve import key_for
from zhucan.registry.snapshot import SNAPSHOT_SCHEMA

DEFAULT_AGE = 40


def default_person(as_of: date) -> dict[str, Any]:
    """An alive adult with a valid certificate and nothing else (facts not given are null)."""
    return {
        "birth_date": add_years(as_of, -DEFAULT_AGE),
        "age": DEFAULT_AGE,
        "alive": True,
        "certificate_status": "valid",
        "certificate_valid": True,
        "assistance": "none",
        "other_benefits": [],
        "needs_long_term_care": False,
        "institutional_care": False,
    }


def facts_frame(rows: list[Mapping[str, Any]], subject: Subject = PERSON) -> pl.DataFrame:
    """A snapshot-shaped frame (all columns, ids 1…n) from fact dicts."""
    schema = SNAPSHOT_SCHEMA if subject is PERSON else EMPLOYER_SCHEMA
    data = [{**{c: r.get(c) for c in schema}, subject.id_column: i + 1} for i, r in enumerate(rows)]
    return pl.DataFrame(data, schema=schema, orient="row")


def run_document_tests(doc: PolicyDocument) -> list[TestFailure]:
    """The failed tests of one document (evaluated on that document alone)."""
    return [f for t in doc.tests if (f := _run(doc, t)) is not None]


def _run(doc: PolicyDocument, test: DocTest) -> TestFailure | None:
    subject = EMPLOYER if doc.subject == "employer" else PERSON
    facts = {**(default_person(test.as_of) if subject is PERSON else {}), **test.person}

    def fail(zh: str, en: str) -> TestFailure:
        return TestFailure(doc.id, test.name, doc.file, test.line, zh, en)

    key = key_for(
        [doc] if doc.version_on(test.as_of) else [],
        str(facts.get(subject.region_column) or ""),
        test.as_of,
    )
    if key is None:
        return fail("测试对象不在本文件辖区或日期无有效版本", "the test is outside the document")
    got = explain_key(key, facts, test.as_of, subject)
    frame = evaluate_subject(
        PolicySet((doc,)),
        facts_frame([facts], subject),
        test.as_of,
        subject,
        [doc.program],
        [doc.id],
    )
    row = frame.row(0, named=True)
    if (row["eligible"], row["amount_fen"], row["failed"]) != (
        got.eligible,
        got.amount_fen,
        got.failed,
    ):
        return fail(
            f"向量化结果与解释不一致：{row} ≠ {got.eligible, got.amount_fen, got.failed}",
            "the vectorized result differs from the explanation",
        )
    return _compare(test.expect, got.eligible, got.amount_fen, got.failed, fail)


def _compare(
    expect: Mapping[str, Any],
    eligible: bool,
    fen: int,
    failed: list[str],
    fail: Callable[[str, str], TestFailure],
) -> TestFailure | None:
    if "eligible" in expect and expect["eligible"] != eligible:
        return fail(
            f"期望 eligible={expect['eligible']}，实为 {eligible}（未通过：{failed}）",
            f"expected eligible={expect['eligible']}, got {eligible} (failed: {failed})",
        )
    if "amount" in expect:
        want = decimal_text(expect["amount"])
        got = Decimal(fen).scaleb(-2)
        if want is None or want != got:
            return fail(
                f"期望金额 {expect['amount']}，实为 {got}",
                f"expected amount {expect['amount']}, got {got}",
            )
    if "failed" in expect and sorted(expect["failed"] or []) != sorted(failed):
        return fail(
            f"期望未通过 {expect['failed']}，实为 {failed}",
            f"expected failed {expect['failed']}, got {failed}",
        )
    return None
