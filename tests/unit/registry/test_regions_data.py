"""The shipped region-code files, read without a database."""

from __future__ import annotations

import polars as pl
import pytest

from zhucan.registry.regions_data import read_regions, shipped_provinces_with_villages


@pytest.fixture(scope="module")
def everything() -> pl.DataFrame:
    return read_regions()


def _row(df: pl.DataFrame, code: str) -> dict[str, object]:
    rows = df.filter(pl.col("code") == code).to_dicts()
    assert len(rows) == 1, code
    return rows[0]


def test_shipped_village_provinces() -> None:
    assert shipped_provinces_with_villages() == ["14", "33", "50"]


def test_schema(everything: pl.DataFrame) -> None:
    assert everything.schema == pl.Schema(
        {
            "code": pl.String,
            "name": pl.String,
            "level": pl.Int8,
            "parent_code": pl.String,
            "urban": pl.Boolean,
        }
    )
    assert everything["code"].str.len_chars().unique().to_list() == [12]
    assert not everything["code"].is_duplicated().any()
    assert everything.filter(pl.col("parent_code").is_null())["level"].unique().to_list() == [1]


def test_every_parent_exists(everything: pl.DataFrame) -> None:
    parents = everything["parent_code"].drop_nulls().unique()
    assert parents.is_in(everything["code"].implode()).all()


def test_liandu(everything: pl.DataFrame) -> None:
    liandu = _row(everything, "331102000000")
    assert liandu["name"] == "莲都区"
    assert liandu["level"] == 3
    assert liandu["parent_code"] == "331100000000"
    assert liandu["urban"] is None
    towns = everything.filter(pl.col("parent_code") == "331102000000")
    assert towns.height > 5
    assert set(towns["level"].to_list()) == {4}
    villages = everything.filter(pl.col("code").str.starts_with("331102") & (pl.col("level") == 5))
    assert villages.height > 50
    assert villages["parent_code"].is_in(towns["code"].implode()).all()


def test_urban_flag(everything: pl.DataFrame) -> None:
    community = _row(everything, "331102001001")
    assert str(community["name"]).endswith("社区居委会")
    assert community["urban"] is True
    villages = everything.filter(pl.col("code").str.starts_with("331102") & (pl.col("level") == 5))
    rural = villages.filter(
        pl.col("name").str.ends_with("村委会") | pl.col("name").str.ends_with("村")
    )
    assert rural.height > 0
    assert rural["urban"].to_list() == [False] * rural.height
    assert (
        everything.filter(pl.col("level") < 5)["urban"].null_count()
        == everything.filter(pl.col("level") < 5).height
    )


@pytest.mark.parametrize("prov", ["50", "14"])
def test_other_village_provinces(everything: pl.DataFrame, prov: str) -> None:
    sub = everything.filter(pl.col("code").str.starts_with(prov))
    assert sub.filter(pl.col("level") == 5).height > 1000
    assert sub.filter(pl.col("level") == 5)["urban"].sum() > 100


def test_beijing_has_towns_but_no_villages() -> None:
    bj = read_regions(["11"])
    assert set(bj["code"].str.slice(0, 2).to_list()) == {"11"}
    assert bj.filter(pl.col("level") == 4).height > 100
    assert bj.filter(pl.col("level") == 5).height == 0
    assert _row(bj, "110101000000")["name"] == "东城区"


def test_province_filter_and_villages_switch() -> None:
    zj = read_regions(["33"], villages=False)
    assert set(zj["level"].to_list()) == {1, 2, 3, 4}
    assert read_regions(["33"]).filter(pl.col("level") == 5).height > 20_000
    assert read_regions([]).height == 0


def test_code_clashes_resolved(everything: pl.DataFrame) -> None:
    # 东莞市 has no counties: its county row duplicated the city's code and was dropped.
    dongguan = _row(everything, "441900000000")
    assert (dongguan["name"], dongguan["level"]) == ("东莞市", 2)
    assert _row(everything, "441900003000")["parent_code"] == "441900000000"
    assert _row(everything, "350527000000")["level"] == 3
