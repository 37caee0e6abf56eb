"""A tiny stopwatch that records named timings."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console

err = Console(stderr=True, highlight=False)


@dataclass
class Timings:
    """Named wall-clock timings in seconds, in the order measured."""

    results: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def measure(self, name: str) -> Iterator[None]:
        """Time the block and print the figure to standard error as it lands."""
        started = time.perf_counter()
        yield
        self.results[name] = round(time.perf_counter() - started, 3)
        err.print(f"  {name}: {self.results[name]:.3f} s")
