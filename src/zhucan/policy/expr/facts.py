"""The default fact schema: the per-person columns of an as-of registry snapshot."""

from __future__ import annotations

import polars as pl

from zhucan.policy.expr.ast_nodes import Type
from zhucan.policy.expr.types import Fact, FactSchema
from zhucan.registry.snapshot import SNAPSHOT_SCHEMA

LABELS: dict[str, tuple[str, str]] = {
    "sex": ("性别", "sex"),
    "birth_date": ("出生日期", "date of birth"),
    "age": ("年龄", "age"),
    "hukou_region": ("户籍地", "hukou region"),
    "hukou_type": ("户籍性质", "hukou type"),
    "urban": ("城镇户籍", "urban hukou"),
    "residence_region": ("居住地", "residence region"),
    "assistance": ("低保状态", "social assistance status"),
    "needs_long_term_care": ("需长期照护", "needs long-term care"),
    "institutional_care": ("机构托养", "in institutional care"),
    "other_benefits": ("其他待遇", "other benefits"),
    "death_date": ("死亡日期", "date of death"),
    "alive": ("在世", "alive"),
    "category": ("残疾类别", "disability category"),
    "grade": ("残疾等级", "disability grade"),
    "certificate_issued": ("残疾证发证日期", "certificate issue date"),
    "certificate_valid_until": ("残疾证有效期至", "certificate valid until"),
    "certificate_status": ("残疾证状态", "certificate status"),
    "certificate_valid": ("残疾证有效", "certificate valid"),
    "household_income_per_head": ("家庭人均月收入", "household income per head (yuan/month)"),
    "personal_income": ("个人月收入", "personal income (yuan/month)"),
    "self_care": ("自理能力", "self-care ability"),
    "similar_allowance": ("已领同类护理补贴", "similar care allowance received (yuan/month)"),
}


def type_of(dtype: pl.DataType) -> Type:
    """The language type of a Polars column type.

    >>> type_of(pl.Int8()), type_of(pl.List(pl.String()))
    (<Type.INT: 'int'>, <Type.LIST_STR: 'list[str]'>)
    """
    if dtype.is_integer():
        return Type.INT
    if isinstance(dtype, pl.Decimal):
        return Type.DECIMAL
    simple = {pl.Boolean(): Type.BOOL, pl.String(): Type.STR, pl.Date(): Type.DATE}
    if dtype in simple:
        return simple[dtype]
    if dtype == pl.List(pl.String()):
        return Type.LIST_STR
    raise ValueError(f"no language type for {dtype}")


def schema_from(dtypes: dict[str, pl.DataType], labels: dict[str, tuple[str, str]]) -> FactSchema:
    """A fact schema from column types, keeping only the labelled columns."""
    return {
        name: Fact(name, type_of(dtypes[name]), zh, en)
        for name, (zh, en) in labels.items()
        if name in dtypes
    }


FACTS: FactSchema = schema_from(SNAPSHOT_SCHEMA, LABELS)

EMPLOYER_SCHEMA: dict[str, pl.DataType] = {
    "employer_id": pl.Int64(),
    "region": pl.String(),
    "year": pl.Int32(),
    "staff": pl.Int64(),
    "disabled_employees": pl.Int64(),  # grade 1–2 employees already counted twice
    "average_wage": pl.Decimal(38, 4),  # yuan per year
    "local_average_wage": pl.Decimal(38, 4),  # yuan per year
}
EMPLOYER_LABELS: dict[str, tuple[str, str]] = {
    "region": ("单位所在地", "employer region"),
    "year": ("年度", "year"),
    "staff": ("在职职工人数", "staff"),
    "disabled_employees": ("安排残疾人就业人数", "disabled employees (grade 1–2 counted twice)"),
    "average_wage": ("职工年平均工资", "average annual wage"),
    "local_average_wage": ("当地社会平均工资", "local average annual wage"),
}
EMPLOYER_FACTS: FactSchema = schema_from(EMPLOYER_SCHEMA, EMPLOYER_LABELS)
