"""The synthetic population: determinism, valid unique IDs, realistic shares, households."""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from zhucan.registry.frame import (
    ASSISTANCE_VALUES,
    CERTIFICATE_STATUSES,
    HUKOU_TYPES,
    PERSON_FRAME_SCHEMA,
)
from zhucan.synth import distributions as d
from zhucan.synth.names import SURNAMES
from zhucan.synth.population import certificate_number, check_chars, generate

AS_OF = date(2025, 6, 30)
N = 50_000
GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def share(frame: pl.DataFrame, condition: pl.Expr) -> float:
    """The share of rows meeting ``condition``."""
    return float(frame.select(condition.fill_null(False).cast(pl.Float64).mean()).item())


def test_same_seed_same_frame(villages: pl.DataFrame) -> None:
    first = generate(villages, 5_000, 7, AS_OF)
    assert first.equals(generate(villages, 5_000, 7, AS_OF))
    assert not first.equals(generate(villages, 5_000, 8, AS_OF))


def test_village_order_does_not_matter(villages: pl.DataFrame) -> None:
    shuffled = villages.sample(fraction=1.0, shuffle=True, seed=3)
    assert generate(villages, 2_000, 7, AS_OF).equals(generate(shuffled, 2_000, 7, AS_OF))


def test_canonical_schema(people: pl.DataFrame) -> None:
    assert people.schema == pl.Schema(PERSON_FRAME_SCHEMA)
    assert people.height == N
    required = ["citizen_id", "name", "sex", "birth_date", "category", "grade", "hukou_region"]
    assert people.select(pl.col(required).null_count().sum()).row(0) == (0,) * len(required)
    assert set(people["assistance"]) <= set(ASSISTANCE_VALUES)
    assert set(people["hukou_type"]) <= set(HUKOU_TYPES)
    assert set(people["certificate_status"]) <= set(CERTIFICATE_STATUSES)


def test_zero_people_and_bad_villages(villages: pl.DataFrame) -> None:
    assert generate(villages, 0, 1, AS_OF).schema == pl.Schema(PERSON_FRAME_SCHEMA)
    with pytest.raises(ValueError, match="empty"):
        generate(villages.clear(), 10, 1, AS_OF)
    with pytest.raises(ValueError, match="12 digits"):
        generate(pl.DataFrame({"code": ["3311"], "urban": [None]}), 10, 1, AS_OF)


def test_citizen_ids_unique_and_valid(people: pl.DataFrame) -> None:
    ids = people["citizen_id"]
    assert ids.n_unique() == people.height
    assert ids.str.contains(r"^[0-9]{17}[0-9X]$").all()
    digits = np.array([list(map(int, s[:17])) for s in ids.to_list()])
    expected = np.array(list("10X98765432"))[(digits @ GB11643_WEIGHTS) % 11]
    assert (ids.str.slice(17, 1).to_numpy() == expected).all()
    assert (ids.str.slice(0, 6) == people["hukou_region"].str.slice(0, 6)).all()
    assert (ids.str.slice(6, 8) == people["birth_date"].dt.strftime("%Y%m%d")).all()
    odd = ids.str.slice(16, 1).cast(pl.Int8) % 2 == 1
    assert (odd == (people["sex"] == "M")).all()


def test_check_digits_agree_with_core(people: pl.DataFrame) -> None:
    core = pytest.importorskip("zhucan.core.citizen_id")
    for cid in people["citizen_id"].sample(2_000, seed=1).to_list():
        assert core.check_digit(cid[:17]) == cid[17]
        assert core.normalize_citizen_id(cid, today=AS_OF) == cid
    assert check_chars(np.array([11010519491231002])).tolist() == ["X"]


def test_ids_stay_unique_when_crowded() -> None:
    one_village = pl.DataFrame({"code": ["331102001001"], "urban": [None]})
    crowded = generate(one_village, 60_000, 1, AS_OF)
    assert crowded["citizen_id"].n_unique() == crowded.height


def test_category_grade_and_people_shares(people: pl.DataFrame) -> None:
    categories = people["category"].value_counts(normalize=True).sort("category")
    assert categories["category"].to_list() == list(range(1, 8))
    assert np.allclose(categories["proportion"].to_numpy(), d.CATEGORY_SHARES, atol=0.01)
    grades = people["grade"].value_counts(normalize=True).sort("grade")["proportion"]
    assert np.allclose(grades.to_numpy(), [0.12, 0.28, 0.30, 0.30], atol=0.015)
    mental = people.filter(pl.col("category") == 6)["grade"]
    assert share(mental.to_frame(), pl.col("grade").is_in([2, 3])) > 0.7
    age = (pl.lit(AS_OF) - pl.col("birth_date")).dt.total_days() / 365.2425
    assert share(people, age >= 60) == pytest.approx(0.50, abs=0.02)
    assert share(people, age < 18) == pytest.approx(0.06, abs=0.01)
    assert share(people, pl.col("sex") == "M") == pytest.approx(0.57, abs=0.01)
    assert share(people, pl.col("hukou_type") == "rural") == pytest.approx(0.75, abs=0.02)


def test_assistance_care_and_deaths(people: pl.DataFrame) -> None:
    for value, expected in d.ASSISTANCE_SHARES.items():
        assert share(people, pl.col("assistance") == value) == pytest.approx(expected, abs=0.01)
    severe, mild = pl.col("grade") <= 2, pl.col("grade") >= 3
    on_dibao = pl.col("assistance") != "none"
    assert share(people.filter(severe), on_dibao) > share(people.filter(mild), on_dibao)
    rural = pl.col("hukou_type") == "rural"
    assert share(people.filter(rural), on_dibao) > share(people.filter(~rural), on_dibao)
    care = pl.col("needs_long_term_care")
    assert share(people.filter(severe), care) == pytest.approx(0.60, abs=0.02)
    assert share(people.filter(mild), care) == pytest.approx(0.05, abs=0.01)
    assert share(people, pl.col("death_date").is_not_null()) == pytest.approx(0.03, abs=0.004)


def test_dates_consistent(people: pl.DataFrame) -> None:
    issued, until = pl.col("certificate_issued"), pl.col("certificate_valid_until")
    death = pl.col("death_date")
    assert share(people, issued.is_between(pl.col("birth_date"), pl.lit(AS_OF))) == 1.0
    assert (
        people["certificate_valid_until"] == people["certificate_issued"].dt.offset_by("10y")
    ).all()
    assert (people["since"] == people["certificate_issued"]).all()
    dead = people.filter(death.is_not_null())
    assert (
        share(dead, death.is_between(pl.lit(AS_OF - timedelta(days=3 * 365)), pl.lit(AS_OF))) == 1
    )
    assert share(dead, issued <= death) == 1.0
    assert share(people, issued >= pl.lit(AS_OF - timedelta(days=3660 + 200))) == 1.0
    assert share(people, until < pl.lit(AS_OF)) == pytest.approx(0.04, abs=0.01)
    cancelled = pl.col("certificate_status") == "cancelled"
    assert share(people, cancelled) == pytest.approx(0.01, abs=0.003)


def test_places(people: pl.DataFrame, villages: pl.DataFrame) -> None:
    urban_codes = set(villages.filter("urban")["code"])
    in_urban = pl.col("hukou_region").is_in(list(urban_codes))
    assert (people["hukou_type"] == "urban").equals(
        people.select(in_urban).to_series(), check_names=False
    )
    moved = people.filter(pl.col("residence_region") != pl.col("hukou_region"))
    assert moved.height / people.height == pytest.approx(0.08, abs=0.01)
    assert (moved["residence_region"].str.slice(0, 6) == "331102").all()
    assert set(people["residence_region"]) <= set(villages["code"])
    per_village = people["hukou_region"].value_counts()
    assert per_village.height == villages.height
    counts = per_village["count"].to_numpy()
    assert counts.max() > 2 * counts.min()  # village weights vary


def test_households(people: pl.DataFrame) -> None:
    households = people.group_by("household_head_id").agg(
        pl.len().alias("size"),
        pl.col("citizen_id"),
        pl.col("hukou_region").n_unique().alias("villages"),
        pl.col("birth_date").min().alias("oldest"),
    )
    assert households["size"].is_between(1, 5).all()
    assert (households["villages"] == 1).all()
    heads_are_members = [
        h in m for h, m in households.select("household_head_id", "citizen_id").iter_rows()
    ]
    assert all(heads_are_members)
    head_birth = people.select("citizen_id", "birth_date").rename(
        {"citizen_id": "household_head_id"}
    )
    joined = households.join(head_birth, on="household_head_id")
    assert (joined["birth_date"] == joined["oldest"]).all()  # the head is the oldest member
    grouped = households.filter(pl.col("size") > 1)["size"].sum() / people.height
    assert 0.15 < grouped <= 0.20
    assert set(households["size"]) == {1, 2, 3, 4, 5}


def test_names_and_phones(people: pl.DataFrame) -> None:
    names = people["name"]
    assert names.str.len_chars().is_between(2, 3).all()
    assert names.str.slice(0, 1).is_in(list(SURNAMES)).all()
    assert share(people, pl.col("name").str.len_chars() == 2) == pytest.approx(0.25, abs=0.02)
    assert names.n_unique() > 10_000
    phone = pl.col("phone")
    assert share(people, phone.str.contains(r"^1[3-9][0-9]{9}$")) == pytest.approx(0.85, abs=0.02)
    landline = people.filter(phone.str.starts_with("0"))["phone"]
    assert landline.len() > 0
    assert all(re.fullmatch(r"0578-[2-8][0-9]{6}", p) for p in landline)


def test_certificate_numbers_agree(people: pl.DataFrame) -> None:
    numbers = certificate_number(people)
    assert numbers.str.len_chars().eq(20).all()
    assert (numbers.str.slice(0, 18) == people["citizen_id"]).all()
    assert (numbers.str.slice(18, 1).cast(pl.Int8) == people["category"]).all()
    assert (numbers.str.slice(19, 1).cast(pl.Int8) == people["grade"]).all()
    core = pytest.importorskip("zhucan.core.certificate_no")
    for number, category, grade in zip(
        numbers[:500], people["category"][:500], people["grade"][:500], strict=True
    ):
        parsed = core.CertificateNo.parse(number)
        assert (int(parsed.category), int(parsed.grade)) == (category, grade)


def test_unknown_urban_flags(villages: pl.DataFrame) -> None:
    unknown = villages.with_columns(urban=pl.lit(None, dtype=pl.Boolean))
    frame = generate(unknown, 5_000, 4, AS_OF)
    assert share(frame, pl.col("hukou_type") == "rural") == pytest.approx(0.75, abs=0.03)
    members = frame.join(
        frame.select(
            pl.col("citizen_id").alias("household_head_id"), pl.col("hukou_type").alias("head_type")
        ),
        on="household_head_id",
    )
    assert (members["hukou_type"] == members["head_type"]).all()
