"""Calibration of the synthetic needs, services and facilities: shares by year.

Service shares move in a straight line from near the seeds' 2020 baselines (丽水市 2020
column) to a little past the 2025 targets; each county's shortfall is scaled by its own
factor, so some counties lag and pull their city down.
"""

from __future__ import annotations

#: Share of people with a need (or in the group) who are served: (2020, 2025).
SERVED: dict[str, tuple[float, float]] = {
    "rehabilitation": (0.982, 0.995),
    "assistive_device": (0.965, 0.993),
    "home_accessibility": (0.905, 0.96),
    "care": (0.60, 0.80),
    "employment": (0.50, 0.70),
    "training": (0.60, 0.80),
    "culture_sport": (0.87, 0.96),
    "family_doctor": (0.62, 0.83),  # of everyone living at home
    "psychiatric_medication": (0.95, 0.998),  # of mental-disability holders
    "education": (0.95, 0.975),  # ages 6–15
    "upper_secondary": (0.67, 0.87),  # ages 16–18
}
#: Share enrolled or employed on a date of the year: (2020, 2025).
ENROLLED: dict[str, tuple[float, float]] = {
    "pension": (0.988, 0.993),
    "medical": (0.979, 0.994),
    "accident": (0.55, 0.96),
    "employed": (0.55, 0.63),  # ages 16–59, grade 3–4
}
#: Share of towns (counties for child_rehab) with at least one facility: (2020, 2025).
COVERED: dict[str, tuple[float, float]] = {
    "disability_home": (0.68, 0.88),
    "care_institution": (0.54, 0.92),
    "child_rehab": (0.60, 0.95),
}
#: Facilities or created places per town by 2020 and by 2025 (counts grow linearly).
PER_TOWN: dict[str, tuple[float, float]] = {
    "blind_massage": (0.18, 0.32),
    "accessible_community": (0.0, 0.3),
    "accessible_village": (0.0, 0.3),
    "accessible_scenic_area": (0.0, 0.15),
}


def share(pair: tuple[float, float], year: int) -> float:
    """The share in ``year`` on the straight line from 2020 to 2025 (held outside).

    >>> round(share((0.5, 1.0), 2023), 2), share((0.5, 1.0), 2030)
    (0.8, 1.0)
    """
    t = min(max(year - 2020, 0), 5) / 5
    return pair[0] + (pair[1] - pair[0]) * t
