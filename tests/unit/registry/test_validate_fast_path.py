"""The vectorized fast paths of import validation accept exactly what the parsers keep as is."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from zhucan.core.citizen_id import check_digit, normalize_citizen_id
from zhucan.core.errors import InvalidValue
from zhucan.registry.importing.fast_paths import (
    mobiles,
    plain_names,
    well_formed_citizen_ids,
)
from zhucan.registry.importing.values import parse_name, parse_phone

TODAY = date(2025, 6, 30)


def _slow(value: str) -> bool:
    try:
        return normalize_citizen_id(value, today=TODAY) == value
    except InvalidValue:
        return False


def _ids(n: int, seed: int) -> list[str]:
    """Valid IDs and near misses: wrong check digit, bad date, bad province, x, short."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        first = f"{rng.choice(['33', '50', '14', '11', '00', '99'])}0102"
        day = f"{rng.integers(1890, 2030)}{rng.integers(0, 14):02d}{rng.integers(0, 33):02d}"
        first17 = f"{first}{day}{rng.integers(0, 1000):03d}"
        cid = first17 + check_digit(first17)
        kind = i % 6
        if kind == 1:
            cid = cid[:17] + ("0" if cid[17] != "0" else "1")
        elif kind == 2:
            cid = cid.replace("X", "x")
        elif kind == 3:
            cid = cid[:16]
        elif kind == 4:
            cid = " " + cid
        out.append(cid)
    return out


def test_citizen_ids_fast_path_agrees_with_the_parser() -> None:
    values = [*_ids(3000, 1), "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", ""]
    fast = well_formed_citizen_ids(pl.Series(values), TODAY).to_list()
    assert fast == [_slow(v) for v in values]
    assert sum(fast) > 200


@settings(max_examples=200)
@given(st.text(alphabet="0123456789Xx ", min_size=16, max_size=19))
def test_no_odd_text_takes_the_fast_path_wrongly(value: str) -> None:
    assert well_formed_citizen_ids(pl.Series([value]), TODAY).item() == _slow(value)


def test_names_andmobiles_accepted_as_is() -> None:
    names = ["张三", "买买提·艾力", "张 三", "John", "张3", "欧阳娜娜", "一" * 51]
    accepted = plain_names(pl.Series(names)).to_list()
    assert accepted == [True, True, False, False, False, True, False]
    assert all(parse_name(n) == n for n, ok in zip(names, accepted, strict=True) if ok)
    phones = ["13812345678", "12812345678", "138 1234 5678", "0578-1234567"]
    ok_phones = mobiles(pl.Series(phones)).to_list()
    assert ok_phones == [True, False, False, False]
    assert parse_phone(phones[0]) == phones[0]


def testvillage_codes_accepted_as_is() -> None:
    from zhucan.registry.importing.fast_paths import village_codes
    from zhucan.registry.importing.values import parse_region

    codes = ["331102001001", "991102001001", "331102", "33110200100１", " 331102001001"]
    accepted = village_codes(pl.Series(codes)).to_list()
    assert accepted == [True, False, False, False, False]
    assert parse_region(codes[0]) == codes[0]
