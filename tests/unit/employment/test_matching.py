"""Job matching: hard conditions, scoring, ranking and reasons."""

from __future__ import annotations

import polars as pl

from zhucan.employment.matching import match

SEEKERS = pl.DataFrame(
    {
        "seeker_id": [1, 2],
        "region": ["331102001001", "331102002001"],
        "category": [4, 2],
        "grade": [3, 4],
        "skills": [["电脑操作", "客服"], ["缝纫"]],
        "needs": [["barrier_free"], ["sign_language"]],
    }
)
POSTINGS = pl.DataFrame(
    {
        "posting_id": [10, 11, 12, 13],
        "region": ["331102001001", "331121001001", "331102002001", "330102001001"],
        "categories": [[4], [2, 4], [1, 2, 4], [4]],
        "grades": [[3, 4], [3, 4], [4], [3, 4]],
        "skills": [["电脑操作", "客服"], ["缝纫"], [], ["电脑操作"]],
        "accommodations": [["barrier_free"], [], ["sign_language", "barrier_free"], []],
    }
)


def test_ranked_matches_with_reasons() -> None:
    result = match(SEEKERS, POSTINGS)
    one = result.filter(pl.col("seeker_id") == 1)
    # 13 is in another city; 12 does not suit grade 3.
    assert one["posting_id"].to_list() == [10, 11]
    assert one["score"].to_list() == [100, 10]  # 10 + 30 + 40 + 20;  10 + 0 + 0 + 0
    assert one["reasons"][0] == (
        "残疾类别和等级符合岗位要求；同村（社区）；技能匹配 2/2：电脑操作、客服；"
        "提供所需便利：无障碍通道与卫生间"
    )
    assert "缺少便利：无障碍通道与卫生间" in one["reasons"][1]
    two = result.filter(pl.col("seeker_id") == 2)
    assert two["posting_id"].to_list() == [12, 11]
    assert two["rank"].to_list() == [1, 2]


def test_top_limits_each_seeker() -> None:
    assert match(SEEKERS, POSTINGS, top=1).height == 2
