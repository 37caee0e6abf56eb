"""Loading the shipped regions into a SQLite file database and querying them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from zhucan.core.errors import InvalidValue
from zhucan.registry import regions as r
from zhucan.registry.regions_data import read_regions
from zhucan.storage.engine import make_engine
from zhucan.storage.metadata import load_all_tables


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path: Path = tmp_path_factory.mktemp("regions") / "zhucan.db"
    eng = make_engine(f"sqlite:///{path}")
    load_all_tables().create_all(eng)
    with eng.connect() as conn:
        assert not r.regions_loaded(conn)
    assert r.load_regions(eng) == read_regions().height
    return eng


def test_loaded(engine: Engine) -> None:
    with engine.connect() as conn:
        assert r.regions_loaded(conn)
        assert r.count_regions(conn) == read_regions().height


def test_lookups(engine: Engine) -> None:
    with engine.connect() as conn:
        assert r.region_name(conn, "331102") == "莲都区"
        assert r.region_name(conn, "331102999") is None
        liandu = r.get_region(conn, "331102000000")
        assert liandu == {
            "code": "331102000000",
            "name": "莲都区",
            "level": 3,
            "parent_code": "331100000000",
            "urban": None,
        }
        with pytest.raises(InvalidValue):
            r.get_region(conn, "33110")


def test_children(engine: Engine) -> None:
    with engine.connect() as conn:
        kids = r.children(conn, "331100000000")
        codes = [k["code"] for k in kids]
        assert codes == sorted(codes)
        assert {"code": "331102000000", "name": "莲都区"}.items() <= kids[0].items()
        assert all(k["level"] == 3 for k in kids)
        towns = r.children(conn, "441900")  # 东莞: towns directly under the city
        assert towns and all(t["level"] == 4 for t in towns)
        assert r.children(conn, "331102001001") == []


def test_ancestors_and_full_name(engine: Engine) -> None:
    with engine.connect() as conn:
        chain = r.ancestors(conn, "331102001001")
        assert [a["code"] for a in chain] == [
            "330000000000",
            "331100000000",
            "331102000000",
            "331102001000",
        ]
        assert [a["level"] for a in chain] == [1, 2, 3, 4]
        assert r.ancestors(conn, "33") == []
        assert r.ancestors(conn, "331102999999") == []
        assert r.full_name(conn, "331102") == "浙江省丽水市莲都区"
        assert r.full_name(conn, "331102001001") == "浙江省丽水市莲都区紫金街道永晖社区居委会"
        assert r.full_name(conn, "110101") == "北京市东城区"
        assert r.full_name(conn, "441900003") == "广东省东莞市东城街道"
        assert r.full_name(conn, "331102999") == ""


def test_exists_many(engine: Engine) -> None:
    with engine.connect() as conn:
        codes = ["331102", "331102001001", "331102999999", "110101001000", "abc", "33110"]
        assert r.region_exists_many(conn, codes) == {
            "331102000000",
            "331102001001",
            "110101001000",
        }
        many = [f"3311020010{i:02d}" for i in range(100)] * 20
        assert len(r.region_exists_many(conn, many)) > 0


def test_subtree(engine: Engine) -> None:
    with engine.connect() as conn:
        sub = r.subtree_codes(conn, "331102")
        assert sub[0] == "331102000000"
        assert all(c.startswith("331102") for c in sub)
        towns = r.subtree_codes(conn, "331102", level=4)
        assert towns == [t["code"] for t in r.children(conn, "331102")]
        assert len(r.subtree_codes(conn, "4419", level=4)) == len(r.children(conn, "4419"))


def test_reload_is_idempotent(engine: Engine) -> None:
    with engine.connect() as conn:
        before = r.count_regions(conn)
    assert r.load_regions(engine) == before
    n33 = r.load_regions(engine, ["33"])
    assert n33 == read_regions(["33"]).height
    with engine.connect() as conn:
        assert r.count_regions(conn) == before
        assert r.full_name(conn, "331102") == "浙江省丽水市莲都区"
