"""The loaded policy documents, checked as a whole, and their own test cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zhucan.policy.document import PolicyDocument, PolicyError


@dataclass(frozen=True)
class TestFailure:
    """A document test whose outcome differs from what it expects."""

    __test__ = False  # not a pytest class

    document: str
    test: str
    file: Path
    line: int
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.document}「{self.test}」{self.zh}"


@dataclass(frozen=True)
class PolicySet:
    """All documents, in file order."""

    documents: tuple[PolicyDocument, ...]

    @classmethod
    def of(cls, documents: Sequence[PolicyDocument]) -> PolicySet:
        """A set from documents: ids unique, one in-force document per program and region."""
        seen: dict[str, PolicyDocument] = {}
        places: dict[tuple[str, str], PolicyDocument] = {}
        subjects: dict[str, PolicyDocument] = {}
        for doc in documents:
            if doc.id in seen:
                first = seen[doc.id]
                raise PolicyError(
                    doc.file,
                    doc.line,
                    f"政策 id 重复：{doc.id}（已见于 {first.file}:{first.line}）",
                    f"duplicate policy id {doc.id} (also in {first.file}:{first.line})",
                )
            seen[doc.id] = doc
            other = subjects.setdefault(doc.program, doc)
            if other.subject != doc.subject:
                raise PolicyError(
                    doc.file,
                    doc.line,
                    f"项目 {doc.program} 的对象应一致：{other.id} 是 {other.subject}",
                    f"program {doc.program} mixes subjects: {other.id} is {other.subject}",
                )
            if doc.status == "in_force":
                key = (doc.program, doc.jurisdiction)
                if key in places:
                    first = places[key]
                    raise PolicyError(
                        doc.file,
                        doc.line,
                        f"{doc.program} 在辖区 {doc.jurisdiction or '全国'} 已有生效文件 {first.id}"
                        f"（{first.file}）；新版本请写在同一文件的 versions 里",
                        f"{doc.program} already has an in-force document {first.id} for "
                        f"{doc.jurisdiction or 'China'}; add a version to it instead",
                    )
                places[key] = doc
        return cls(tuple(documents))

    def get(self, doc_id: str) -> PolicyDocument:
        """The document with id ``doc_id``."""
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def programs(self, subject: str = "person") -> list[str]:
        """The program ids of ``subject``, sorted."""
        return sorted({d.program for d in self.documents if d.subject == subject})

    def run_tests(self) -> list[TestFailure]:
        """Run every document's own tests; the failures (empty when all pass)."""
        from zhucan.policy.doctests import run_document_tests

        return [f for doc in self.documents for f in run_document_tests(doc)]
