"""``zhucan import|export|person``: the person file from the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, err, out, ready_engine
from zhucan.registry.export import export_persons
from zhucan.registry.importing.errors import UnusableFile
from zhucan.registry.service import IMPORT_STAGES, import_persons

LARGE_FILE_BYTES = 1_000_000


@contextmanager
def import_progress(file: Path) -> Iterator[Callable[[str], None]]:
    """A Rich progress bar over the import stages, on standard error, for large files."""
    large = file.exists() and file.stat().st_size >= LARGE_FILE_BYTES
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not large,
    ) as bar:
        task = bar.add_task("导入 importing", total=len(IMPORT_STAGES))
        seen: list[str] = []

        def on_stage(stage: str) -> None:
            bar.update(task, description=stage, completed=len(seen))
            seen.append(stage)

        yield on_stage
        bar.update(task, completed=len(IMPORT_STAGES))


import_app = typer.Typer(help="导入 Import", no_args_is_help=True)
export_app = typer.Typer(help="导出 Export", no_args_is_help=True)
person_app = typer.Typer(help="一人一档 Person file", no_args_is_help=True)


@import_app.command("persons")
def import_persons_cmd(
    file: Annotated[Path, typer.Argument(help="xlsx / xls / csv 文件")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，不写入")] = False,
    report: Annotated[Path | None, typer.Option(help="被拒行及原因写入此 xlsx")] = None,
    lang: Annotated[str, typer.Option(help="zh | en")] = "zh",
    fmt: FormatOpt = Format.text,
) -> None:
    """导入残疾人名册 Import a person sheet (exit 0 all in, 1 some rejected, 2 unusable)."""
    engine = ready_engine()
    try:
        with import_progress(file) as on_stage:
            summary = import_persons(
                engine,
                file,
                cli_actor(),
                dry_run=dry_run,
                report=report,
                lang=lang,
                on_stage=on_stage,
            )
    except UnusableFile as exc:
        if fmt is Format.json:
            emit({"error": exc.message(lang)}, fmt)
        err.print(f"文件无法使用 unusable file: {exc.message(lang)}")
        raise typer.Exit(2) from None
    if not emit(summary.as_json(), fmt):
        verb = "检查（未写入）" if dry_run else "导入"
        out.print(
            f"{verb}完成：读取 {summary.read} 行，新增 {summary.created}，"
            f"更新 {summary.updated}，未变 {summary.unchanged}，"
            f"拒绝 {len({r['row'] for r in summary.rejected})} 行"
        )
        for r in summary.rejected[:50]:
            out.print(f"  第{r['row']}行 [{r['column']}] {r['value']!r}: {r['reason']}")
        if len(summary.rejected) > 50:
            out.print(
                f"  …… 共 {len(summary.rejected)} 条错误"
                + ("，详见报告" if report else "，用 --report 导出全部")
            )
        if summary.unknown_columns:
            out.print(f"未识别的列（已忽略）：{'、'.join(summary.unknown_columns)}")
    raise typer.Exit(summary.exit_code)


@export_app.command("persons")
def export_persons_cmd(
    out_file: Annotated[Path, typer.Option("--out", help="输出文件")],
    region: Annotated[str | None, typer.Option(help="区划代码")] = None,
    file_format: Annotated[str, typer.Option("--format", help="xlsx | csv")] = "xlsx",
    unmask: Annotated[bool, typer.Option("--unmask", help="不脱敏（需权限，记审计）")] = False,
    as_of: Annotated[str | None, typer.Option(help="截至日期 YYYY-MM-DD")] = None,
) -> None:
    """导出残疾人名册（默认脱敏）Export people, masked by default."""
    engine = ready_engine()
    n = export_persons(
        engine,
        cli_actor(),
        out_file,
        region=region,
        file_format=file_format,
        unmask=unmask,
        as_of=date.fromisoformat(as_of) if as_of else None,
    )
    err.print(f"已导出 {n} 人 exported {n} people → {out_file}")


@person_app.command("counts")
def counts_cmd(
    region: Annotated[str | None, typer.Option(help="区划代码")] = None,
    as_of: Annotated[str | None, typer.Option(help="截至日期 YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """持证人数统计 Certificate holders by sub-region, category and grade."""
    from zhucan.registry.counts import registry_counts

    engine = ready_engine()
    data = registry_counts(
        engine, cli_actor(), region, date.fromisoformat(as_of) if as_of else date.today()
    )
    if not emit(data, fmt):
        out.print(f"{data['region_name']}：持证 {data['total']} 人（截至 {data['as_of']}）")
        for row in data["by_region"]:
            out.print(f"  {row['code']} {row['name']}: {row['count']}")


@person_app.command("show")
def show_cmd(
    citizen_id: Annotated[str, typer.Argument(help="身份证号或残疾证号")],
    as_of: Annotated[str | None, typer.Option(help="截至日期 YYYY-MM-DD")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """查看一人一档（脱敏）Show one person's state on a date and their history."""
    from zhucan.registry.queries import find_person_id, person_as_of, person_timeline

    engine = ready_engine()
    actor = cli_actor()
    with engine.connect() as conn:
        person_id = find_person_id(conn, actor, citizen_id)
    day = date.fromisoformat(as_of) if as_of else date.today()
    state = person_as_of(engine, actor, person_id, day)
    timeline = person_timeline(engine, actor, person_id)
    if not emit({"state": state, "timeline": timeline}, fmt):
        out.print(f"{state['name']} {state['citizen_id_masked']}（截至 {day}）")
        for key, value in state.items():
            out.print(f"  {key}: {value}")
        out.print("历史 history:")
        for row in timeline:
            out.print(
                f"  {row['valid_from']} {row['what']} = {row['value']}"
                f"  〔{row['source']}，{row['recorded_by']}〕"
            )


@person_app.command("fact")
def fact_cmd(
    citizen_id: Annotated[str, typer.Argument(help="身份证号或残疾证号")],
    kind: Annotated[str, typer.Option(help="事实类型，如 other_benefit、assistance")],
    value: Annotated[str, typer.Option(help="值")],
    valid_from: Annotated[str, typer.Option("--from", help="生效日期 YYYY-MM-DD")],
    valid_to: Annotated[str | None, typer.Option("--to", help="结束日期（不含）")] = None,
    source: Annotated[str, typer.Option(help="来源，如 入户核实")] = "manual",
) -> None:
    """登记一条有生效期的事实 Record an effective-dated fact about a person."""
    from zhucan.registry.service import add_fact

    fact_id = add_fact(
        ready_engine(),
        cli_actor(),
        citizen_id,
        kind,
        value,
        date.fromisoformat(valid_from),
        date.fromisoformat(valid_to) if valid_to else None,
        source,
    )
    out.print(f"已登记 recorded fact #{fact_id}")
