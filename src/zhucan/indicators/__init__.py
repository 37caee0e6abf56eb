"""Indicators: definitions, the plans' targets, computation over regions and dates.

The plans' quantified targets (2020 baseline, target, binding or expected) are data, one
YAML file per plan in ``plans/``; :mod:`zhucan.indicators.targets` loads and checks them.
"""
