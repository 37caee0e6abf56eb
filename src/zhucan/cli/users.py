"""``zhucan users``: add, list and disable user accounts; issue API tokens."""

from __future__ import annotations

import getpass
import secrets
import sys
from typing import Annotated

import typer

from zhucan.access.scope import Role
from zhucan.access.tokens import issue_token
from zhucan.access.users import add_user, check_password, get_user_by_name, list_users, set_active
from zhucan.cli.common import Format, FormatOpt, cli_actor, emit, err, out, ready_engine
from zhucan.registry.queries import find_person_id
from zhucan.web.labels import role_label

app = typer.Typer(help="用户 Users", no_args_is_help=True)


def _read_password(from_stdin: bool, generate: bool) -> str:
    if generate:
        return secrets.token_urlsafe(12)
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码 password: ")
    check_password(first)
    if getpass.getpass("再次输入 again: ") != first:
        err.print("两次输入的密码不一致 passwords differ")
        raise typer.Exit(1)
    return first


@app.command("add")
def add_cmd(
    username: str,
    role: Annotated[Role, typer.Option("--role", help="角色 role")],
    jurisdiction: Annotated[
        str, typer.Option("--jurisdiction", help="辖区区划代码，全国为 0（本人账号不需要）")
    ] = "",
    person: Annotated[
        str,
        typer.Option("--person", help="本人账号关联的人员：身份证号或残疾证号 (role person)"),
    ] = "",
    person_access: Annotated[
        bool, typer.Option("--person-access", help="规划人员可查看个人档案")
    ] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取密码")
    ] = False,
    generate: Annotated[bool, typer.Option("--generate", help="生成随机密码并显示")] = False,
    replace: Annotated[bool, typer.Option("--replace", help="用户已存在时重设")] = False,
    fmt: FormatOpt = Format.text,
) -> None:
    """添加用户 Add a user with a role and a jurisdiction (password from a prompt or stdin).

    A person account (``--role person``) names its person with ``--person``; its
    jurisdiction is that person's 户籍 region.
    """
    if (role == Role.PERSON) != bool(person) or (role != Role.PERSON) != bool(jurisdiction):
        err.print(
            "本人账号用 --person 指定人员，其他角色用 --jurisdiction 指定辖区 "
            "a person account takes --person, every other role --jurisdiction"
        )
        raise typer.Exit(2)
    engine, actor = ready_engine(), cli_actor()
    person_id = None
    if person:
        with engine.connect() as conn:
            person_id = find_person_id(conn, actor, person)
    password = _read_password(password_stdin, generate)
    user = add_user(
        engine,
        actor,
        username,
        password,
        role,
        jurisdiction,
        person_access=person_access,
        replace=replace,
        person_id=person_id,
    )
    data: dict[str, object] = {
        "username": user.username,
        "role": user.role.value,
        "jurisdiction": user.jurisdiction,
    }
    if user.person_id is not None:
        data["person_id"] = user.person_id
    if generate:
        data["password"] = password
    if not emit(data, fmt):
        label = role_label(user.role)
        out.print(f"已添加用户 user added: {user.username}（{label}，{user.jurisdiction}）")
        if generate:
            out.print(f"密码 password: {password}")


@app.command("list")
def list_cmd(fmt: FormatOpt = Format.text) -> None:
    """列出用户 List users."""
    with ready_engine().connect() as conn:
        users = list_users(conn)
    data = [
        {
            "username": u.username,
            "role": u.role.value,
            "jurisdiction": u.jurisdiction,
            "person_access": u.person_access,
            "person_id": u.person_id,
            "active": u.active,
        }
        for u in users
    ]
    if not emit(data, fmt):
        for u in users:
            state = "" if u.active else "（已停用 disabled）"
            out.print(f"{u.username}\t{role_label(u.role)}\t{u.jurisdiction}{state}")


@app.command("disable")
def disable_cmd(username: str) -> None:
    """停用用户 Disable a user: their sessions and tokens stop working."""
    set_active(ready_engine(), cli_actor(), username, False)
    out.print(f"已停用 disabled: {username}")


@app.command("token")
def token_cmd(username: str, label: str = "api") -> None:
    """签发 API 令牌 Issue a personal API token (shown once)."""
    with ready_engine().begin() as conn:
        token, expires = issue_token(conn, get_user_by_name(conn, username), label)
    out.print(token)
    err.print(f"有效期至 expires {expires:%Y-%m-%d}")
