"""Deterministic synthetic certificate holders as a canonical person frame, fully vectorized.

Every attribute is drawn for all people at once with numpy from one seeded generator, in a
fixed order, so the same villages, ``n``, seed and as-of date give the same frame. Shares come
from :mod:`zhucan.synth.distributions`. Citizen IDs are county prefix of the 户籍 village +
birth date + a 3-digit sequence (odd for men) + the GB 11643 check character; equal IDs are
made unique by stepping the later one to the next free sequence number of the same sex.
People alone in their household are their own ``household_head_id``; in a shared household
(2–5 people of one village) the oldest member is the head. Rows are sorted by 户籍 village,
then citizen ID.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from zhucan.registry.frame import ASSISTANCE_VALUES, conform, empty_person_frame
from zhucan.synth import distributions as d
from zhucan.synth.names import FEMALE_GIVEN, MALE_GIVEN, SURNAME_SHARES, SURNAMES

ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
CHECK_CHARS = "10X98765432"
_DAYS_PER_YEAR = 365.2425
_EPOCH = date(1970, 1, 1)
_NO_DAY = np.iinfo(np.int64).min

# Telephone area codes (区号) by city (first 4 digits of the region code) for the provinces whose
# regions ship with Zhucan; other cities get a made-up 4-digit area code.
AREA_CODES = {
    "3301": "0571", "3302": "0574", "3303": "0577", "3304": "0573", "3305": "0572",
    "3306": "0575", "3307": "0579", "3308": "0570", "3309": "0580", "3310": "0576",
    "3311": "0578", "5001": "023", "5002": "023", "1401": "0351", "1402": "0352",
    "1403": "0353", "1404": "0355", "1405": "0356", "1406": "0349", "1407": "0354",
    "1408": "0359", "1409": "0350", "1410": "0357", "1411": "0358",
}  # fmt: skip


def generate(villages: pl.DataFrame, n: int, seed: int, as_of: date) -> pl.DataFrame:
    """``n`` synthetic certificate holders living in ``villages`` (columns ``code``, ``urban``)."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    places = _places(villages)
    if n == 0:
        return empty_person_frame()
    rng = np.random.default_rng(seed)
    today = (as_of - _EPOCH).days
    rural = rng.random(n) < d.RURAL_SHARE
    village = _pick_villages(places, rural, rng)
    male = rng.random(n) < d.MALE_SHARE
    age = _ages(n, rng)
    birth = today - np.floor(age * _DAYS_PER_YEAR).astype(np.int64)
    category = _draw(d.CATEGORY_SHARES, n, rng) + 1
    cum_grades = np.cumsum(d.GRADE_SHARES_BY_CATEGORY, axis=1)[category - 1]
    grade = (rng.random(n)[:, None] > cum_grades[:, :3]).sum(axis=1) + 1
    severe = grade <= 2
    death = _deaths(age, severe, today, rng)
    issued = _issue_dates(birth, death, today, rng)
    first17 = _first17(places["prefix"].to_numpy()[village], birth, male, rng)
    # Sort once here (by 户籍 village, then ID) so the string columns are built in order.
    order = np.lexsort((first17, village))
    village, rural, male, birth, category, grade, severe, death, issued, first17 = _take(
        order, village, rural, male, birth, category, grade, severe, death, issued, first17
    )
    head = _household_heads(_households(village, len(places), rng), birth, first17)
    rural = rural[head]  # a household shares its head's 户籍 type
    citizen_id = _citizen_id_strings(first17)
    phone = _phones(places, village, rng)
    shared = (head != np.arange(n)) & (rng.random(n) < d.SHARED_PHONE_SHARE)
    frame = pl.DataFrame(
        {
            "citizen_id": citizen_id,
            "name": _names(male, rng),
            "sex": _labels(("F", "M"), male),
            "birth_date": _dates(birth),
            "category": category.astype(np.int8),
            "grade": grade.astype(np.int8),
            "certificate_issued": _dates(issued),
            "certificate_status": _labels(
                ("valid", "cancelled"), rng.random(n) < d.CANCELLED_SHARE
            ),
            "hukou_region": places["code"].gather(village),
            "hukou_type": _labels(("urban", "rural"), rural),
            "residence_region": places["code"].gather(_residences(places, village, rng)),
            "phone": pl.select(
                pl.when(pl.Series(shared)).then(phone.gather(head)).otherwise(phone)
            ).to_series(),
            "assistance": _labels(ASSISTANCE_VALUES, _assistance(severe, rural, rng)),
            "household_head_id": citizen_id.gather(head),
            "needs_long_term_care": rng.random(n)
            < np.where(severe, d.LONG_TERM_CARE_SEVERE, d.LONG_TERM_CARE_OTHER),
            "death_date": _dates(death, death != _NO_DAY),
        }
    )
    valid_for = f"{d.CERTIFICATE_VALIDITY_YEARS}y"
    return conform(
        frame.with_columns(
            certificate_valid_until=pl.col("certificate_issued").dt.offset_by(valid_for),
            since=pl.col("certificate_issued"),
        )
    )


def certificate_number(frame: pl.DataFrame) -> pl.Series:
    """The 20-character 残疾证号 of each row: citizen ID + category digit + grade digit."""
    return frame.select(
        pl.concat_str("citizen_id", pl.col("category").cast(pl.String), pl.col("grade"))
        .cast(pl.String)
        .alias("certificate_no")
    ).to_series()


def check_chars(first17: np.ndarray) -> np.ndarray:
    """GB 11643 check characters of an int64 array of 17-digit numbers, vectorized."""
    total = np.zeros(first17.shape, dtype=np.int64)
    rest = first17.astype(np.int64, copy=True)
    for weight in ID_WEIGHTS[::-1]:
        total += (rest % 10) * weight
        rest //= 10
    return np.array(list(CHECK_CHARS))[total % 11]


def _places(villages: pl.DataFrame) -> pl.DataFrame:
    """Distinct villages sorted by code, with county prefix and telephone area code."""
    if villages.height == 0:
        raise ValueError("villages is empty")
    urban = pl.col("urban").cast(pl.Boolean) if "urban" in villages.columns else pl.lit(None)
    places = (
        villages.select(pl.col("code").cast(pl.String), urban.cast(pl.Boolean).alias("urban"))
        .unique("code", keep="first")
        .sort("code")
    )
    bad = places.filter(~pl.col("code").str.contains(r"^[0-9]{12}$"))
    if bad.height:
        raise ValueError(f"village codes must have 12 digits, e.g. {bad['code'][0]!r}")
    city = pl.col("code").str.slice(0, 4)
    # A made-up area code 0300–0999 (valid in form: 0 and a digit 3–9, then two digits).
    made_up = pl.lit("0") + (pl.col("code").str.slice(1, 3).cast(pl.Int64) % 700 + 300).cast(
        pl.String
    )
    return places.with_columns(
        prefix=pl.col("code").str.slice(0, 6).cast(pl.Int64),
        area=city.replace_strict(AREA_CODES, default=None, return_dtype=pl.String).fill_null(
            made_up
        ),
    )


def _draw(shares: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Indices drawn with the given shares."""
    cum = np.cumsum(shares) / np.sum(shares)
    return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(shares) - 1)


def _pick_villages(places: pl.DataFrame, rural: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A 户籍 village per person; rural people in villages not flagged urban and vice versa."""
    weights = rng.gamma(2.0, 1.0, size=places.height)
    flag = places["urban"]
    village = np.empty(rural.shape, dtype=np.int64)
    for mask, allowed in ((rural, flag.ne_missing(True)), (~rural, flag.ne_missing(False))):
        candidates = np.flatnonzero(allowed.to_numpy())
        if candidates.size == 0:
            candidates = np.arange(places.height)
        village[mask] = candidates[_draw(weights[candidates], int(mask.sum()), rng)]
    return village


def _ages(n: int, rng: np.random.Generator) -> np.ndarray:
    """Ages in years (fractional) following the age bands."""
    band = _draw(np.array([share for _, _, share in d.AGE_BANDS]), n, rng)
    (y_lo, y_hi, _), (m_lo, m_hi, _), (o_lo, o_hi, _) = d.AGE_BANDS
    u = rng.random(n)
    shape, scale = d.OLD_AGE_GAMMA
    old = o_lo + rng.gamma(shape, scale, n) % (o_hi - o_lo)
    young = y_lo + (y_hi - y_lo) * u
    middle = m_lo + (m_hi - m_lo) * u**0.7  # density rising with age
    return np.choose(band, [young, middle, old])


def _deaths(
    age: np.ndarray, severe: np.ndarray, today: int, rng: np.random.Generator
) -> np.ndarray:
    """Death day numbers (days since 1970) or _NO_DAY; the old and severe die more often."""
    risk = np.where(age >= 60, 3.0, 1.0) * np.where(severe, 1.5, 1.0) * (age >= 4)
    dead = rng.random(age.shape) < d.DEAD_SHARE * risk / risk.mean()
    when = today - rng.integers(0, d.DEATH_WINDOW_DAYS, age.shape)
    return np.where(dead, when, _NO_DAY)


def _issue_dates(
    birth: np.ndarray, death: np.ndarray, today: int, rng: np.random.Generator
) -> np.ndarray:
    """Certificate issue days, uniform over the issue window, after birth and before death."""
    latest = np.where(death != _NO_DAY, death, today)
    earliest = np.minimum(np.maximum(today - d.ISSUE_WINDOW_DAYS, birth + 180), latest)
    issued: np.ndarray = earliest + np.floor(rng.random(len(birth)) * (latest - earliest + 1))
    return issued.astype(np.int64)


def _ymd(days: np.ndarray) -> np.ndarray:
    """Day numbers as YYYYMMDD integers."""
    day = days.astype("datetime64[D]")
    month = day.astype("datetime64[M]")
    year = month.astype("datetime64[Y]").astype(np.int64) + 1970
    ymd: np.ndarray = (
        year * 10000 + (month.astype(np.int64) % 12 + 1) * 100 + (day - month).astype(np.int64) + 1
    )
    return ymd


def _first17(
    prefix: np.ndarray, birth: np.ndarray, male: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Unique 17-digit ID bodies: county, birth date, 3-digit sequence (odd for men)."""
    base = (prefix * 100_000_000 + _ymd(birth)) * 1000
    n = len(male)
    seq = np.where(male, 2 * rng.integers(0, 500, n) + 1, 2 * rng.integers(1, 500, n))
    rows = np.arange(n)
    for _ in range(2000):
        key = base[rows] + seq[rows]
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        clash = rows[order[np.flatnonzero(ordered[1:] == ordered[:-1]) + 1]]
        if clash.size == 0:
            first17: np.ndarray = base + seq
            return first17
        # Move the later of two equal IDs to the next sequence number of the same sex; only
        # people sharing a county and birth date with a clash can clash again.
        following = seq[clash] + 2
        seq[clash] = np.where(following > 999, np.where(male[clash], 1, 2), following)
        rows = rows[np.isin(base[rows], base[clash])]
    raise ValueError("too many people share a county and birth date to give unique IDs")


def _citizen_id_strings(first17: np.ndarray) -> pl.Series:
    """18-character citizen IDs from their 17-digit bodies."""
    body = pl.Series(first17).cast(pl.String).str.zfill(17)
    return body + pl.Series(check_chars(first17))


def _names(male: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """Surname + one or two given-name characters chosen by sex."""
    n = len(male)
    given = pl.Series([*MALE_GIVEN, *FEMALE_GIVEN, ""])
    n_m, n_f = len(MALE_GIVEN), len(FEMALE_GIVEN)

    def pick() -> np.ndarray:
        return np.where(male, rng.integers(0, n_m, n), n_m + rng.integers(0, n_f, n))

    first, second = pick(), pick()
    second = np.where(rng.random(n) < d.SINGLE_GIVEN_NAME_SHARE, n_m + n_f, second)
    surname = pl.Series(SURNAMES).gather(_draw(SURNAME_SHARES, n, rng))
    return surname + given.gather(first) + given.gather(second)


def _dates(days: np.ndarray, known: np.ndarray | None = None) -> pl.Series:
    """Day numbers (since 1970) as a Date series, null where ``known`` is False."""
    if known is None:
        return pl.Series(days, dtype=pl.Int32).cast(pl.Date)
    series = pl.Series(np.where(known, days, 0), dtype=pl.Int32).cast(pl.Date)
    return pl.select(pl.when(pl.Series(known)).then(series)).to_series()


def _residences(places: pl.DataFrame, village: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Residence village: the 户籍 one, or for some another village of the same county."""
    _, start, count = np.unique(places["prefix"].to_numpy(), return_index=True, return_counts=True)
    county = np.searchsorted(start, village, side="right") - 1
    other = start[county] + np.floor(rng.random(village.shape) * (count[county] - 1)).astype(
        np.int64
    )
    other = np.where(other >= village, other + 1, other)
    move = (rng.random(village.shape) < d.RESIDENCE_ELSEWHERE_SHARE) & (count[county] > 1)
    return np.where(move, other, village)


def _phones(places: pl.DataFrame, village: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """Mobile numbers, a few landlines with the city's area code, else null."""
    n = len(village)
    second = d.MOBILE_SECOND_DIGITS[_draw(d.MOBILE_SECOND_DIGIT_SHARES, n, rng)]
    mobile = pl.Series(10**10 + second * 10**9 + rng.integers(0, 10**9, n)).cast(pl.String)
    area = places["area"].gather(village)
    # Local numbers have 8 digits after a 3-character area code, else 7; they start with 2–8.
    local_digits = np.where(places["area"].str.len_chars().to_numpy()[village] == 3, 8, 7)
    first = rng.integers(2, 9, n) * 10 ** (local_digits - 1)
    local = first + rng.integers(0, 10 ** (local_digits - 1), n)
    landline = area + "-" + pl.Series(local).cast(pl.String)
    kind = rng.random(n)
    is_mobile = pl.Series(kind < d.MOBILE_SHARE)
    is_landline = pl.Series((kind >= d.MOBILE_SHARE) & (kind < d.MOBILE_SHARE + d.LANDLINE_SHARE))
    return (
        pl.select(pl.when(is_mobile).then(mobile).when(is_landline).then(landline).otherwise(None))
        .to_series()
        .alias("phone")
    )


def _assistance(severe: np.ndarray, rural: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Indices into ASSISTANCE_VALUES; assistance is likelier for severe and rural people."""
    risk = np.where(severe, *d.ASSISTANCE_RISK_SEVERE) * np.where(rural, *d.ASSISTANCE_RISK_RURAL)
    risk = risk / risk.mean()
    shares = d.ASSISTANCE_SHARES
    u = rng.random(severe.shape)
    t_tekun = shares["tekun"] * risk
    t_dibao = t_tekun + shares["dibao"] * risk
    t_edge = t_dibao + shares["dibao_edge"] * risk
    codes = [ASSISTANCE_VALUES.index(v) for v in ("tekun", "dibao", "dibao_edge", "none")]
    return np.select([u < t_tekun, u < t_dibao, u < t_edge], codes[:3], codes[3])


def _households(village: np.ndarray, n_villages: int, rng: np.random.Generator) -> np.ndarray:
    """Household keys: most people alone, some in households of 2–5 within one village."""
    n = len(village)
    household = -np.arange(1, n + 1, dtype=np.int64)  # alone: a key of one's own
    grouped = np.flatnonzero(rng.random(n) < d.HOUSEHOLD_GROUPED_SHARE)
    if grouped.size == 0:
        return household
    grouped = grouped[np.lexsort((rng.random(grouped.size), village[grouped]))]
    in_village = village[grouped]
    run_start = np.flatnonzero(np.r_[True, in_village[1:] != in_village[:-1]])
    run_index = np.cumsum(np.r_[True, in_village[1:] != in_village[:-1]]) - 1
    position = np.arange(grouped.size) - run_start[run_index]
    sizes = d.HOUSEHOLD_SIZES[_draw(d.HOUSEHOLD_SIZE_SHARES, grouped.size // 2 + 8, rng)]
    bounds = np.cumsum(sizes)
    offset = rng.integers(0, d.HOUSEHOLD_SIZES.max(), n_villages)[in_village]
    local = np.searchsorted(bounds, position + offset, side="right")
    household[grouped] = in_village * (len(bounds) + 1) + local
    return household


def _household_heads(household: np.ndarray, birth: np.ndarray, first17: np.ndarray) -> np.ndarray:
    """Index of each person's household head: the oldest member (lowest ID among equals)."""
    head = np.arange(household.shape[0])
    grouped = np.flatnonzero(household >= 0)
    order = grouped[np.lexsort((first17[grouped], birth[grouped], household[grouped]))]
    key = household[order]
    new_run = np.r_[True, key[1:] != key[:-1]]
    head[order] = order[np.flatnonzero(new_run)[np.cumsum(new_run) - 1]]
    return head


def _take(order: np.ndarray, *arrays: np.ndarray) -> list[np.ndarray]:
    """Each array reordered by ``order``."""
    return [a[order] for a in arrays]


def _labels(labels: tuple[str, ...], index: np.ndarray) -> pl.Series:
    """``labels[index]`` as a string series (index may be a boolean array)."""
    return pl.Series(labels).gather(index.astype(np.int64))
