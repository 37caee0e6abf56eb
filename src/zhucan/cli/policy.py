"""``zhucan policy``: list, test, explain, evaluate and simulate the policy documents."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, err, out, ready_engine
from zhucan.core.errors import InvalidValue
from zhucan.policy.document import PolicyDocument
from zhucan.policy.explain import ProgramExplanation
from zhucan.policy.policy_set import PolicySet

app = typer.Typer(help="政策规则 Policy rules", no_args_is_help=True)

AsOfOpt = Annotated[str, typer.Option("--as-of", help="截至日期 YYYY-MM-DD")]


def say(text: str) -> None:
    """Print one line of data as is (no Rich markup)."""
    out.print(text, markup=False)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"日期应为 YYYY-MM-DD：{text}", f"expected YYYY-MM-DD: {text}") from None


def document_json(doc: PolicyDocument) -> dict[str, Any]:
    """One document as ``policy list`` shows it."""
    return {
        "id": doc.id,
        "program": doc.program,
        "name": doc.name_zh,
        "kind": doc.kind,
        "subject": doc.subject,
        "jurisdiction": doc.jurisdiction,
        "status": doc.status,
        "versions": [
            {
                "id": v.id,
                "effective_from": v.effective_from.isoformat(),
                "effective_to": v.effective_to.isoformat() if v.effective_to else None,
            }
            for v in doc.versions
        ],
        "example_parameters": [n for n, p in doc.parameters.items() if p.example],
        "parameters": list(doc.parameters),
        "legal_basis": [b.document for b in doc.legal_basis],
        "tests": len(doc.tests),
        "file": str(doc.file),
    }


@app.command("list")
def list_cmd(fmt: FormatOpt = Format.text) -> None:
    """列出政策文件 Programs, documents, jurisdictions, versions and example parameters."""
    from zhucan.policy.loader import load_policies

    docs = [document_json(d) for d in load_policies().documents]
    if emit(docs, fmt):
        return
    for program in sorted({d["program"] for d in docs}):
        out.print(f"[bold]{program}[/bold]")  # markup only here
        for d in (d for d in docs if d["program"] == program):
            versions = "，".join(
                f"{v['id']}（{v['effective_from']}–{v['effective_to'] or ''}）"
                for v in d["versions"]
            )
            status = "【改革方案】" if d["status"] == "reform" else ""
            say(f"  {d['id']} {status}{d['name']}  辖区 {d['jurisdiction'] or '全国'}")
            say(f"      版本 {versions}")
            if d["example_parameters"]:
                say(f"      示例参数（须本地设定）：{'、'.join(d['example_parameters'])}")


@app.command("test")
def test_cmd(fmt: FormatOpt = Format.text) -> None:
    """运行政策文件自带的测试 Run every document's own tests (exit 1 on a failure)."""
    from zhucan.policy.loader import load_policies

    policies = load_policies()
    failures = policies.run_tests()
    total = sum(len(d.tests) for d in policies.documents)
    data = {
        "documents": len(policies.documents),
        "tests": total,
        "passed": total - len(failures),
        "failures": [
            {
                "document": f.document,
                "test": f.test,
                "file": str(f.file),
                "line": f.line,
                "reason": f.zh,
                "reason_en": f.en,
            }
            for f in failures
        ],
    }
    if not emit(data, fmt):
        for f in failures:
            say(f"失败 FAIL {f}")
        say(
            f"{len(policies.documents)} 个文件，{total} 个测试，"
            f"通过 {data['passed']}，失败 {len(failures)}"
        )
    raise typer.Exit(1 if failures else 0)


def explanation_json(e: ProgramExplanation) -> dict[str, Any]:
    """An explanation as JSON, with its readable Chinese lines."""
    return {
        "program": e.program,
        "policy": e.policy,
        "policy_name": e.policy_name,
        "version": e.version,
        "eligible": e.eligible,
        "amount": e.amount_fen / 100,
        "failed": e.failed,
        "legal_basis": [
            {"document": b.document, "title": b.title, "effective": b.effective}
            for b in e.legal_basis
        ],
        "parameters": [
            {
                "name": p.name,
                "zh": p.zh,
                "value": p.value,
                "unit": p.unit,
                "example": p.example,
                "region": p.region,
            }
            for p in e.parameters
        ],
        "checks": [
            {
                "id": c.id,
                "zh": c.zh,
                "exclusion": c.exclusion,
                "holds": c.holds,
                "failed": c.failed,
                "reason": c.reason_zh,
                "details": list(c.details_zh),
            }
            for c in e.checks
        ],
        "formula": e.formula,
        "formula_numbers": e.formula_numbers,
        "lines": e.lines_zh(),
    }


@app.command("explain")
def explain_cmd(
    person: Annotated[str, typer.Option("--person", help="身份证号或残疾证号")],
    program: Annotated[str, typer.Option("--program", help="项目 id，如 nursing_subsidy")],
    as_of: AsOfOpt,
    reform: Annotated[str | None, typer.Option(help="按改革方案解释（文件或 id）")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """解释一人的补贴结果 Explain one registered person's decision, condition by condition."""
    from zhucan.policy.explain import explain_person
    from zhucan.policy.loader import load_policies
    from zhucan.policy.simulate import reform_set
    from zhucan.registry.queries import find_person_id, person_as_of

    day = _day(as_of)
    policies = load_policies()
    reforms: list[str] = []
    if reform:
        policies, doc = reform_set(policies, reform)
        reforms = [doc.id]
    if program not in policies.programs("person"):
        raise InvalidValue(
            f"没有这个项目：{program}（可用：{'、'.join(policies.programs('person'))}）",
            f"no such program: {program}",
        )
    engine = ready_engine()
    actor = cli_actor()
    with engine.connect() as conn:
        person_id = find_person_id(conn, actor, person)
    facts = person_as_of(engine, actor, person_id, day)
    explanation = explain_person(policies, facts, day, program, reforms)
    data = {
        "person_id": person_id,
        "citizen_id_masked": facts.get("citizen_id_masked"),
        "as_of": day.isoformat(),
        **explanation_json(explanation),
    }
    if not emit(data, fmt):
        say(f"{facts.get('citizen_id_masked')}  截至 {day}")
        for line in explanation.lines_zh():
            say(line)


def _read_people(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidValue(
            f"无法读取人员 JSON 文件 {path}：{exc}", f"cannot read the people JSON {path}: {exc}"
        ) from None
    if not isinstance(data, list) or not all(isinstance(p, dict) for p in data):
        raise InvalidValue(f"{path} 应为对象的 JSON 列表", f"{path} must be a JSON list of objects")
    return data


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large result is built.

    Hundreds of thousands of small dicts make Python's collector rescan the whole heap again
    and again (about 2 s of 5 for 100,000 people); a short-lived command need not collect.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def evaluate_json_people(
    policies: PolicySet, path: Path, day: date, reforms: list[str]
) -> list[dict[str, Any]]:
    """Read the people of ``path`` and evaluate them (CONTRACTS §3), collector paused."""
    from zhucan.policy.people_json import eval_people

    with gc_paused():
        return eval_people(policies, _read_people(path), day, reforms)


@app.command("eval")
def eval_cmd(
    input_file: Annotated[Path, typer.Option("--input", help="人员 JSON 列表（CONTRACTS §3）")],
    as_of: AsOfOpt,
    reform: Annotated[str | None, typer.Option(help="同时按改革方案计算（文件或 id）")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """按给定人员计算补贴 Evaluate every program for people given as JSON (no database).

    Exit 0 when every person was evaluated, 1 when some had bad fields (they get an
    ``errors`` entry and no programs), 2 when the file is unusable.
    """
    from zhucan.policy.loader import load_policies
    from zhucan.policy.simulate import reform_set

    day = _day(as_of)
    policies = load_policies()
    reforms: list[str] = []
    if reform:
        policies, doc = reform_set(policies, reform)
        reforms = [doc.id]
    if fmt is Format.json:
        from zhucan.policy.people_json import eval_people_json

        people = _read_people(input_file)
        with gc_paused():
            text, bad = eval_people_json(policies, people, day, reforms)
        typer.echo(text)
    else:
        result = evaluate_json_people(policies, input_file, day, reforms)
        bad = sum(1 for r in result if r.get("errors"))
        for r in result:
            if r.get("errors"):
                problems = "；".join(f"{e['field']}: {e['reason']}" for e in r["errors"])
                say(f"{r['citizen_id']}  错误：{problems}")
                continue
            parts = [
                f"{name} {p['amount']:.2f}" if p["eligible"] else f"{name} 否"
                for name, p in r["programs"].items()
            ]
            say(f"{r['citizen_id']}  " + "  ".join(parts))
    if bad:
        err.print(f"{bad} 人的数据有误，未计算 {bad} people had bad fields")
    raise typer.Exit(1 if bad else 0)


@app.command("simulate")
def simulate_cmd(
    reform: Annotated[str, typer.Option("--reform", help="改革方案 YAML 文件或已发布方案的 id")],
    region: Annotated[str, typer.Option("--region", help="区划代码")],
    as_of: AsOfOpt,
    limit: Annotated[int, typer.Option(help="列出受益/受损人员的上限")] = 20,
    out_file: Annotated[Path | None, typer.Option("--out", help="另存为 xlsx")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """测算改革方案 Price a reform on the registry: who gains or loses, cost by town."""
    from zhucan.policy.loader import load_policies
    from zhucan.policy.simulate import simulate, table_lines, write_xlsx

    day = _day(as_of)
    engine = ready_engine()
    sim = simulate(engine, cli_actor(), load_policies(), reform, region, day, limit)
    if out_file is not None:
        write_xlsx(sim, out_file)
        err.print(f"已写出 written: {out_file}")
    if emit(sim.as_json(), fmt):
        return
    for line in table_lines(sim):
        say(line)
    for title, rows in (("受益人员", sim.gainers), ("受损人员", sim.losers)):
        if not rows:
            continue
        count = sim.totals["gainers" if title == "受益人员" else "losers"]
        say(f"{title}（共 {count} 人，列出前 {len(rows)} 人）：")
        for r in rows:
            say(
                f"  {r['citizen_id_masked']} {r['name_masked']} {r['town']} "
                f"类别{r['category']} {r['grade']}级  {r['before']:.2f} → {r['after']:.2f}"
            )
