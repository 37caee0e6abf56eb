"""Benchmarks behind ``make bench`` / ``zhucan bench``; figures go to docs/performance.md."""
