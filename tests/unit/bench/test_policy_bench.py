"""The policy benchmark's hand-written rules agree with the engine on the shipped YAML."""

from __future__ import annotations

import numpy as np
import polars as pl

from zhucan.bench import policy_data as data
from zhucan.bench.policy import AS_OF, _eval_rows, engine_amounts
from zhucan.bench.policy_floor import loop_rules, numpy_rules
from zhucan.bench.timer import Timings
from zhucan.policy.evaluate import evaluate
from zhucan.policy.loader import load_policies

VILLAGES = pl.DataFrame(
    {
        "code": ["331102001001", "331121001001", "330402001001", "330102001001"],
        "urban": [True, False, False, True],
    }
)


def test_numpy_loop_and_eval_agree_with_the_engine() -> None:
    policies = load_policies()
    params = data.rule_parameters(policies, AS_OF)
    assert params["living"]["dibao_331102"] == 1080
    frame = data.people(VILLAGES, 3000, AS_OF)
    snap = data.snapshot(frame, AS_OF)
    want = engine_amounts(evaluate(policies, snap, AS_OF))
    assert (want[0] > 0).sum() > 100 and (want[1] > 0).sum() > 100
    arrays = data.arrays(snap)
    for got in (numpy_rules(arrays, params), loop_rules(arrays, params)):
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    rows = np.flatnonzero(snap.get_column("certificate_status").to_numpy() == "valid")[:500]
    assert _eval_rows(Timings(), policies, frame, rows, want)
