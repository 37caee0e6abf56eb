"""``zhucan bench``: measure the performance targets."""

from __future__ import annotations

from typing import Annotated

import typer

from zhucan.cli.common import Format, FormatOpt, emit, out


def bench_cmd(
    suite: Annotated[str, typer.Argument(help="registry")] = "registry",
    persons: Annotated[int, typer.Option(help="人数")] = 1_000_000,
    import_rows: Annotated[int, typer.Option(help="导入表行数")] = 100_000,
    postgres: Annotated[bool, typer.Option(help="也测 PostgreSQL")] = True,
    fmt: FormatOpt = Format.text,
) -> None:
    """性能基准 Run a benchmark suite and print its timings."""
    from zhucan.bench import registry

    results = {"registry": registry.run}[suite](persons, import_rows, postgres)
    if not emit(results, fmt):
        for name, seconds in results.items():
            out.print(f"{name:45s} {seconds:8.3f} s")
