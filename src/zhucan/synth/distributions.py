"""Published and assumed shares that shape the synthetic population of certificate holders.

Sources. The category shares, the share aged 60+ and the rural share come from the
*第二次全国残疾人抽样调查主要数据公报* (国家统计局、第二次全国残疾人抽样调查领导小组,
2006-12-01; the survey counted 8,296 万 disabled people). Everything marked *assumed* is a
round number chosen to look like a county's 残疾人证 register, not a published figure.

Adjustment to certificate holders. The survey counts everyone with a disability; the register
holds only people who applied for a 残疾人证. Many elderly hard-of-hearing people never apply,
while people with physical, intellectual and mental disabilities apply to reach subsidies,
rehabilitation and special education. Each survey share is multiplied by
``CERTIFICATE_ADJUSTMENT`` (听力 ×0.5, 肢体 ×1.2, 智力 ×1.3, 精神 ×1.4, others ×1) and the result
is renormalized to sum to 1, giving about 视力 15.1%, 听力 12.2%, 言语 1.5%, 肢体 35.3%,
智力 8.8%, 精神 10.5%, 多重 16.5% (``CATEGORY_SHARES``).
"""

from __future__ import annotations

import numpy as np

# Category codes as on the certificate (GB/T 26341-2010): 1 视力 2 听力 3 言语 4 肢体 5 智力
# 6 精神 7 多重 (see zhucan.core.disability.Category).
CATEGORIES = np.arange(1, 8, dtype=np.int8)

# 2006 survey 公报, 各类残疾人数及所占比例: 视力 1233 万 14.86%, 听力 2004 万 24.16%,
# 言语 127 万 1.53%, 肢体 2412 万 29.07%, 智力 554 万 6.68%, 精神 614 万 7.40%,
# 多重 1352 万 16.30%.
SURVEY_CATEGORY_SHARES_2006 = np.array([0.149, 0.242, 0.015, 0.291, 0.067, 0.074, 0.163])

# Assumed: the certificate-holder adjustment explained in the module docstring.
CERTIFICATE_ADJUSTMENT = np.array([1.0, 0.5, 1.0, 1.2, 1.3, 1.4, 1.0])

_ADJUSTED = SURVEY_CATEGORY_SHARES_2006 * CERTIFICATE_ADJUSTMENT
CATEGORY_SHARES = _ADJUSTED / _ADJUSTED.sum()

# Assumed grade shares (一级, 二级, 三级, 四级) per category; with CATEGORY_SHARES they give about
# 11.6% / 28.4% / 30.0% / 30.0% overall. 智力/精神 lean to 二级/三级, 听力 to 三级/四级,
# 多重 is more often severe.
GRADE_SHARES_BY_CATEGORY = np.array(
    [
        [0.15, 0.25, 0.25, 0.35],  # 1 视力
        [0.05, 0.15, 0.35, 0.45],  # 2 听力
        [0.10, 0.20, 0.35, 0.35],  # 3 言语
        [0.10, 0.25, 0.30, 0.35],  # 4 肢体
        [0.10, 0.40, 0.35, 0.15],  # 5 智力
        [0.08, 0.42, 0.35, 0.15],  # 6 精神
        [0.20, 0.35, 0.25, 0.20],  # 7 多重
    ]
)

# Age bands (lower bound, upper bound exclusive, share). 2006 survey: 60 岁及以上 4416 万,
# 53.24%; certificate holders are a little younger (assumed 50%). Under 18: assumed 6%.
AGE_BANDS = ((1.0, 18.0, 0.06), (18.0, 60.0, 0.44), (60.0, 105.0, 0.50))
# Assumed shape of the 60+ band: 60 + a gamma(2, 7.5) draw (mode 67, mean 75), wrapped at 105.
OLD_AGE_GAMMA = (2.0, 7.5)

# Assumed: certificate holders skew male (the 2006 survey had 51.55% men among all disabled).
MALE_SHARE = 0.57

# 2006 survey: 农村残疾人口 6225 万, 75.04%.
RURAL_SHARE = 0.75

# Assumed shares of social assistance (低保, 低保边缘, 特困); the rest receive none.
ASSISTANCE_SHARES = {"dibao": 0.22, "dibao_edge": 0.06, "tekun": 0.03}
# Assumed relative risk of assistance: severe (grade 1–2) vs. grade 3–4, rural vs. urban.
# The generator divides by the population mean so the overall shares above hold.
ASSISTANCE_RISK_SEVERE = (1.5, 0.75)
ASSISTANCE_RISK_RURAL = (1.15, 0.55)

# Assumed: needs long-term care, by severity.
LONG_TERM_CARE_SEVERE = 0.60
LONG_TERM_CARE_OTHER = 0.05

# Assumed: ~2.5% of holders die each year; the generator marks 3% as dead within the last
# three years (not yet purged from the register), older and severe people more often.
DEAD_SHARE = 0.03
DEATH_WINDOW_DAYS = 3 * 365

# Certificates are valid 10 years (第二代残疾人证). Issue dates are uniform over a window a little
# longer than 10 years so that EXPIRED_SHARE of them have passed their valid-until date.
CERTIFICATE_VALIDITY_YEARS = 10
EXPIRED_SHARE = 0.04
ISSUE_WINDOW_DAYS = round(CERTIFICATE_VALIDITY_YEARS * 365.2425 / (1 - EXPIRED_SHARE))
CANCELLED_SHARE = 0.01

# Assumed: 20% of people share a registry household with other disabled people.
HOUSEHOLD_GROUPED_SHARE = 0.20
HOUSEHOLD_SIZES = np.array([2, 3, 4, 5])
HOUSEHOLD_SIZE_SHARES = np.array([0.60, 0.25, 0.10, 0.05])

# Assumed: residence differs from 户籍 (another village of the same county).
RESIDENCE_ELSEWHERE_SHARE = 0.08

# Assumed phone coverage: mobile, landline, else none. Household members sometimes give the
# head's number.
MOBILE_SHARE = 0.85
LANDLINE_SHARE = 0.04
SHARED_PHONE_SHARE = 0.5
# Second digit of mobile numbers (13x, 15x, 18x are the oldest and most common ranges).
MOBILE_SECOND_DIGITS = np.array([3, 5, 7, 8, 9])
MOBILE_SECOND_DIGIT_SHARES = np.array([0.35, 0.25, 0.05, 0.30, 0.05])

# Assumed: one-character given names (older generations have more of them).
SINGLE_GIVEN_NAME_SHARE = 0.25


def expected_grade_shares() -> np.ndarray:
    """Overall grade shares implied by CATEGORY_SHARES and GRADE_SHARES_BY_CATEGORY.

    >>> [round(float(s), 2) for s in expected_grade_shares()]
    [0.12, 0.28, 0.3, 0.3]
    """
    return np.asarray(CATEGORY_SHARES @ GRADE_SHARES_BY_CATEGORY)
