"""``zhucan regions``: load and look up statistical division codes."""

from __future__ import annotations

from typing import Annotated

import typer

from zhucan.cli.common import Format, FormatOpt, emit, out, ready_engine
from zhucan.registry import regions as reg

app = typer.Typer(help="行政区划 Region codes", no_args_is_help=True)


@app.command("load")
def load_cmd(
    province: Annotated[
        list[str] | None, typer.Option(help="省级代码，如 33 50 14；默认全部")
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """载入随包提供的区划代码 Load the shipped region codes."""
    engine = ready_engine()
    provinces = [p for item in province or [] for p in item.split()] or None
    n = reg.load_regions(engine, provinces)
    if not emit({"loaded": n, "provinces": provinces}, fmt):
        out.print(f"已载入区划 {n} 条 loaded {n} regions")


@app.command("show")
def show_cmd(code: str, fmt: FormatOpt = Format.text) -> None:
    """显示一个区划及其下级 Show a region and its direct sub-regions."""
    engine = ready_engine()
    with engine.connect() as conn:
        region = reg.get_region(conn, code)
        if region is None:
            from zhucan.core.errors import NotFound

            raise NotFound(f"区划代码不存在：{code}", f"unknown region code: {code}")
        full_name = reg.full_name(conn, code)
        kids = reg.children(conn, code)
    if not emit({"region": region, "full_name": full_name, "children": kids}, fmt):
        out.print(f"{full_name} ({region['code']})")
        for child in kids:
            out.print(f"  {child['code']}  {child['name']}")
