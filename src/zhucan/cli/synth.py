"""``zhucan synth``: a realistic, deterministic synthetic population."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, out, ready_engine


def synth_cmd(
    region: Annotated[str, typer.Option(help="区划代码，如 331102")],
    persons: Annotated[int, typer.Option(help="人数")] = 20_000,
    seed: Annotated[int, typer.Option(help="随机种子")] = 1,
    as_of: Annotated[str | None, typer.Option(help="生成截至日期 YYYY-MM-DD")] = None,
    messy: Annotated[Path | None, typer.Option(help="另写一份带常见错误的导入表 (xlsx)")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """生成合成残疾人口并写入名册 Generate synthetic people into the registry."""
    from zhucan.registry.service import generate_population, villages_of

    engine = ready_engine()
    day = date.fromisoformat(as_of) if as_of else date.today()
    started = time.perf_counter()
    if messy is not None:
        from zhucan.synth.messy import write_messy_sheet
        from zhucan.synth.population import generate

        frame = generate(villages_of(engine, region), persons, seed, day)
        key = write_messy_sheet(frame, messy, seed)
        data = {"messy": str(messy), "rows": key.rows, "bad_rows": key.bad_rows}
        if not emit(data, fmt):
            out.print(f"已写出导入练习表 {messy}：{key.rows} 行，其中 {len(key.bad_rows)} 行有错")
        return
    result = generate_population(engine, region, persons, seed, day, cli_actor())
    seconds = round(time.perf_counter() - started, 2)
    data = {
        "created": len(result.created),
        "updated": len(result.updated),
        "unchanged": len(result.unchanged),
        "seconds": seconds,
    }
    if not emit(data, fmt):
        out.print(
            f"已生成 {data['created']} 人（更新 {data['updated']}，未变 "
            f"{data['unchanged']}），用时 {seconds} 秒"
        )
