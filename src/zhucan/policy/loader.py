"""Load policy documents from a folder of YAML files, rejecting bad ones with file and line."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path
from typing import Any

import yaml

from zhucan.policy.document import (
    KINDS,
    STATUSES,
    SUBJECTS,
    LegalBasis,
    PolicyDocument,
    PolicyError,
)
from zhucan.policy.expr.facts import EMPLOYER_FACTS, FACTS
from zhucan.policy.expr.types import FactSchema
from zhucan.policy.fields import Where
from zhucan.policy.parse_parts import doc_test, parameter, version
from zhucan.policy.policy_set import PolicySet
from zhucan.policy.yaml_lines import DuplicateKey, LineDict, load_yaml

POLICY_DIR = Path(__file__).resolve().parent / "policies"
_REQUIRED = ("id", "program", "kind", "subject", "name", "jurisdiction", "versions")
_OPTIONAL = ("status", "legal_basis", "parameters", "tests", "notes")


def facts_for(subject: str) -> FactSchema:
    """The fact schema of a document's subject (person or employer)."""
    return EMPLOYER_FACTS if subject == "employer" else FACTS


def load_policies(folder: Path | None = None) -> PolicySet:
    """Every ``*.yaml``/``*.yml`` under ``folder`` (default: the shipped policies), checked."""
    root = POLICY_DIR if folder is None else folder
    if not root.exists():
        return PolicySet(())
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return PolicySet.of([load_document(p) for p in files])


@functools.cache
def shipped_policies() -> PolicySet:
    """The shipped policy documents, loaded once per process (for the web and the
    indicators; commands read the folder afresh with :func:`load_policies`)."""
    return load_policies()


def load_document(path: Path) -> PolicyDocument:
    """One policy document from its YAML file."""
    return parse_document(path.read_text(encoding="utf-8"), path)


def parse_document(text: str, path: Path | str = "<text>") -> PolicyDocument:
    """One policy document from YAML text (``path`` names it in errors)."""
    w = Where(Path(path))
    try:
        raw = load_yaml(text)
    except DuplicateKey as e:
        raise w.error(e.line, f"键重复：{e.key}", f"duplicate key: {e.key}") from None
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 1
        raise w.error(
            line, f"YAML 语法错误：{e.problem}", f"YAML syntax error: {e.problem}"
        ) from None
    return _document(w, raw)


def _document(w: Where, raw: Any) -> PolicyDocument:
    m = w.mapping(raw, 1, "政策文件", _REQUIRED, _OPTIONAL)
    subject = w.choice(m, "subject", "政策文件", SUBJECTS, "person")
    kind = w.choice(m, "kind", "政策文件", KINDS, "payment")
    facts = facts_for(subject)
    jurisdiction = w.region_prefix(m["jurisdiction"], m.lines["jurisdiction"], "jurisdiction ")
    name = w.mapping(m["name"], m.lines["name"], "name", ("zh",), ("en",))
    params_raw = m.get("parameters") or LineDict()
    if not isinstance(params_raw, LineDict):
        raise w.error(m.lines["parameters"], "parameters 应为映射", "parameters must be a mapping")
    params = {
        name_: parameter(w, name_, value, params_raw.lines[name_], facts, jurisdiction)
        for name_, value in params_raw.items()
    }
    types = {p.name: p.type for p in params.values()}
    versions = [
        version(w, item, line, facts, types, needs_amount=kind != "referral")
        for item, line in w.items(m["versions"], m.lines["versions"], "versions")
    ]
    if not versions:
        raise w.error(m.lines["versions"], "versions 不能为空", "versions must not be empty")
    _check_versions(w, versions)
    tests = tuple(
        doc_test(w, item, line, facts)
        for item, line in w.items(m.get("tests"), m.lines.get("tests", 1), "tests")
    )
    return PolicyDocument(
        id=w.ident(m, "id", "政策文件"),
        program=w.ident(m, "program", "政策文件"),
        kind=kind,
        subject=subject,
        name_zh=w.text(name, "zh", "name"),
        name_en=w.text(name, "en", "name", ""),
        jurisdiction=jurisdiction,
        status=w.choice(m, "status", "政策文件", STATUSES, "in_force"),
        legal_basis=_legal_basis(w, m),
        parameters=params,
        versions=tuple(sorted(versions, key=lambda v: v.effective_from)),
        tests=tests,
        file=w.file,
        line=m.lines["id"],
    )


def _check_versions(w: Where, versions: list[Any]) -> None:
    ids: set[str] = set()
    for v in versions:
        if v.id in ids:
            raise w.error(v.line, f"版本 id 重复：{v.id}", f"duplicate version id {v.id}")
        ids.add(v.id)
    ordered = sorted(versions, key=lambda v: v.effective_from)
    for a, b in itertools.pairwise(ordered):
        if a.effective_to is None or a.effective_to > b.effective_from:
            raise w.error(
                b.line,
                f"版本 {b.id}（{b.effective_from} 起）与版本 {a.id} 的有效期重叠",
                f"version {b.id} (from {b.effective_from}) overlaps version {a.id}",
            )


def _legal_basis(w: Where, m: LineDict) -> tuple[LegalBasis, ...]:
    out = []
    for item, line in w.items(m.get("legal_basis"), m.lines.get("legal_basis", 1), "legal_basis"):
        b = w.mapping(item, line, "legal_basis", ("document",), ("title", "effective", "url"))
        effective = w.day(b, "effective", "legal_basis", optional=True)
        out.append(
            LegalBasis(w.text(b, "document", "legal_basis"), w.text(b, "title", "", ""), effective)
        )
    return tuple(out)


__all__ = ["POLICY_DIR", "PolicyError", "load_document", "load_policies", "parse_document"]
