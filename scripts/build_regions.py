"""Build the shipped region-code data under ``src/zhucan/registry/data/``.

Source: the 2022 statistical division codes (国家统计局《统计用区划和城乡划分代码》2022),
as flattened CSVs (provinces.csv, cities.csv, areas.csv, streets.csv, villages.csv) in
``/work/shared/data/divisions/``. Licence of those CSVs: WTFPL (Do What The Fuck You Want
To Public License, version 2; see the LICENSE file next to them).

Output (gzip level 9, mtime 0, so rebuilds are byte-identical), columns
``code,name,level,parent_code,urban``:

* ``regions_towns.csv.gz`` — levels 1–4 (province, city, county, town) for all of China;
* ``villages_<pp>.csv.gz`` — level 5 (village/community) for provinces 33, 50 and 14.

Codes are right-padded with zeros to 12 digits; ``parent_code`` is empty for provinces.
Three county rows (东莞市 441900, 中山市 442000, 儋州市 460400) repeat their city's code and
the town row 金门县 350527000 repeats its county's code; those duplicates are dropped, so
the towns of those cities hang directly under the city.

``urban`` is only filled for villages and is derived from the name: a name ending in
居委会/居民委员会/社区/社区居委会 is urban (1); one ending in 村委会/村民委员会/村 is rural (0).
Names matching neither (typos such as "东南村村委", or 生活区/管理区) fall back to: containing
社区/居委/居民 → 1, else containing 村 → 0, else empty (unknown).

Usage: ``python scripts/build_regions.py [SOURCE_DIR]``.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

SOURCE_DIR = Path("/work/shared/data/divisions")
OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "zhucan" / "registry" / "data"
VILLAGE_PROVINCES = ("33", "50", "14")
HEADER = ("code", "name", "level", "parent_code", "urban")

URBAN_SUFFIXES = ("居委会", "居民委员会", "社区", "社区居委会")
RURAL_SUFFIXES = ("村委会", "村民委员会", "村")

Row = tuple[str, str, int, str, str]


def pad(code: str) -> str:
    """Right-pad a 2/4/6/9/12-digit code with zeros to 12 digits."""
    return code.strip().ljust(12, "0")


def urban_flag(name: str) -> str:
    """'1' for a residents' committee (urban), '0' for a village committee, '' if unknown."""
    if name.endswith(URBAN_SUFFIXES):
        return "1"
    if name.endswith(RURAL_SUFFIXES):
        return "0"
    if any(s in name for s in ("社区", "居委", "居民")):
        return "1"
    if "村" in name:
        return "0"
    return ""


def _read(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def town_rows(src: Path) -> list[Row]:
    """Levels 1–4 for all provinces, duplicates of a higher level's code dropped."""
    rows: list[Row] = []
    seen: set[str] = set()

    def add(code: str, name: str, level: int, parent: str) -> None:
        c = pad(code)
        if c in seen:
            return
        seen.add(c)
        rows.append((c, name.strip(), level, pad(parent) if parent else "", ""))

    for r in _read(src / "provinces.csv"):
        add(r["code"], r["name"], 1, "")
    for r in _read(src / "cities.csv"):
        add(r["code"], r["name"], 2, r["provinceCode"])
    for r in _read(src / "areas.csv"):
        add(r["code"], r["name"], 3, r["cityCode"])
    for r in _read(src / "streets.csv"):
        parent = pad(r["areaCode"])
        if parent not in seen:  # the county was a duplicate of its city
            parent = pad(r["cityCode"])
        add(r["code"], r["name"], 4, parent)
    rows.sort(key=lambda row: row[0])
    return rows


def village_rows(src: Path, provinces: Iterable[str]) -> dict[str, list[Row]]:
    """Level-5 rows grouped by province for the given provinces."""
    wanted = set(provinces)
    out: dict[str, list[Row]] = {p: [] for p in wanted}
    for r in _read(src / "villages.csv"):
        prov = r["code"][:2]
        if prov in wanted:
            name = r["name"].strip()
            out[prov].append((pad(r["code"]), name, 5, pad(r["streetCode"]), urban_flag(name)))
    for rows in out.values():
        rows.sort(key=lambda row: row[0])
    return out


def write_gz(path: Path, rows: list[Row]) -> int:
    """Write rows as a deterministic gzip-9 CSV; return the file size in bytes."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz,
    ):
        gz.write(data)
    return path.stat().st_size


def main(argv: list[str]) -> None:
    """Build every shipped file from the source CSVs."""
    src = Path(argv[1]) if len(argv) > 1 else SOURCE_DIR
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    towns = town_rows(src)
    size = write_gz(OUT_DIR / "regions_towns.csv.gz", towns)
    print(f"regions_towns.csv.gz: {len(towns)} rows, {size} bytes")
    for prov, rows in sorted(village_rows(src, VILLAGE_PROVINCES).items()):
        name = f"villages_{prov}.csv.gz"
        size = write_gz(OUT_DIR / name, rows)
        print(f"{name}: {len(rows)} rows, {size} bytes")


if __name__ == "__main__":
    main(sys.argv)
