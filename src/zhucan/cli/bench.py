"""``zhucan bench``: measure the performance targets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from zhucan.cli.common import Format, FormatOpt, emit, out


def bench_cmd(
    suite: Annotated[
        str, typer.Argument(help="registry | policy | benefits | employment | indicators | web")
    ] = "registry",
    persons: Annotated[int, typer.Option(help="人数")] = 1_000_000,
    import_rows: Annotated[int, typer.Option(help="导入表行数 (registry)")] = 100_000,
    postgres: Annotated[bool, typer.Option(help="也测 PostgreSQL")] = True,
    openfisca: Annotated[
        bool, typer.Option(help="也测 OpenFisca (policy；首次使用时创建 .venv-openfisca)")
    ] = True,
    per_person: Annotated[
        int, typer.Option(help="OpenFisca 逐人情形与 policy eval 的人数 (policy)")
    ] = 10_000,
    eval_rows: Annotated[int, typer.Option(help="policy eval 大样本人数 (policy)")] = 100_000,
    clients: Annotated[int, typer.Option(help="并发客户端数 (web)")] = 50,
    requests: Annotated[int, typer.Option(help="每个场景的请求数 (web)")] = 3000,
    workers: Annotated[int, typer.Option(help="uvicorn 进程数 (web)")] = 2,
    scenarios: Annotated[str, typer.Option(help="场景 search,file,dashboard (web)")] = (
        "search,file,dashboard"
    ),
    think: Annotated[str, typer.Option(help="请求间隔秒数，逗号分隔，0 为闭环压测 (web)")] = "1,0",
    db: Annotated[
        Path | None, typer.Option(help="保留并复用的 SQLite 库，缺失时才建 (indicators)")
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """性能基准 Run a benchmark suite and print its timings."""
    results: dict[str, Any]
    if suite == "policy":
        from zhucan.bench import policy

        results = policy.run(persons, postgres, openfisca, per_person, eval_rows)
    elif suite == "registry":
        from zhucan.bench import registry

        results = registry.run(persons, import_rows, postgres)
    elif suite == "benefits":
        from zhucan.bench import benefits

        results = benefits.run(persons, import_rows, postgres)
    elif suite == "employment":
        from zhucan.bench import employment

        results = employment.run()
    elif suite == "indicators":
        from zhucan.bench import indicators

        results = indicators.run(persons, db=db)
    elif suite == "web":
        from zhucan.bench import web

        results = web.run(
            persons, clients, requests, workers, scenarios, [float(x) for x in think.split(",")]
        )
    else:
        raise typer.BadParameter(
            f"unknown suite {suite} (registry | policy | benefits | employment | indicators | web)"
        )
    if not emit(results, fmt):
        for name, value in results.items():
            unit = "" if name.startswith(("ratio", "agree")) or name.endswith(")") else "s"
            out.print(f"{name:60s} {value:10.3f} {unit}".rstrip(), markup=False)
