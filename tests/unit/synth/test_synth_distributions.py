"""The published shares and their certificate-holder adjustment."""

from __future__ import annotations

import numpy as np
import pytest

from zhucan.synth import distributions as d


def test_survey_shares_sum_to_one() -> None:
    assert d.SURVEY_CATEGORY_SHARES_2006.sum() == pytest.approx(1.0, abs=0.001)


def test_adjustment_moves_holders_away_from_hearing() -> None:
    survey, holders = d.SURVEY_CATEGORY_SHARES_2006, d.CATEGORY_SHARES
    assert holders.sum() == pytest.approx(1.0)
    assert holders[1] < survey[1]  # 听力
    assert all(holders[i] > survey[i] for i in (3, 4, 5))  # 肢体 智力 精神
    assert holders[1] == pytest.approx(0.242 * 0.5 / (survey * d.CERTIFICATE_ADJUSTMENT).sum())


def test_grade_table() -> None:
    assert np.allclose(d.GRADE_SHARES_BY_CATEGORY.sum(axis=1), 1.0)
    assert np.allclose(d.expected_grade_shares(), [0.12, 0.28, 0.30, 0.30], atol=0.01)
    assert sum(share for _, _, share in d.AGE_BANDS) == pytest.approx(1.0)
    assert d.HOUSEHOLD_SIZE_SHARES.sum() == pytest.approx(1.0)
