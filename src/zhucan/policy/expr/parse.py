"""Parse the expression language: a whitelisted subset of Python expressions, via ``ast``.

Nothing is ever evaluated by Python; every construct not listed here is refused with
its position and a reason in Chinese and English.
"""

from __future__ import annotations

import ast
from decimal import Decimal, InvalidOperation

from zhucan.policy.expr import ast_nodes as n
from zhucan.policy.expr.errors import ExpressionError
from zhucan.policy.expr.fixed import MAX_INT, SCALE

ARITY: dict[str, tuple[int, int]] = {
    "min": (2, 8),
    "max": (2, 8),
    "round_yuan": (1, 1),
    "starts_with": (2, 2),
    "months_between": (2, 2),
    "has": (2, 2),
}
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_FORBIDDEN: dict[type, tuple[str, str]] = {
    ast.Attribute: ("不支持属性访问（.）", "attribute access is not allowed"),
    ast.Subscript: ("不支持下标（[]）", "subscripts are not allowed"),
    ast.Lambda: ("不支持 lambda", "lambdas are not allowed"),
    ast.ListComp: ("不支持推导式", "comprehensions are not allowed"),
    ast.SetComp: ("不支持推导式", "comprehensions are not allowed"),
    ast.DictComp: ("不支持推导式", "comprehensions are not allowed"),
    ast.GeneratorExp: ("不支持推导式", "comprehensions are not allowed"),
    ast.NamedExpr: ("不支持赋值表达式（:=）", "assignment expressions (:=) are not allowed"),
    ast.JoinedStr: ("不支持 f-string", "f-strings are not allowed"),
    ast.Dict: ("不支持字典", "dicts are not allowed"),
    ast.Set: ("不支持集合", "sets are not allowed"),
    ast.Starred: ("不支持 * 展开", "starred expressions are not allowed"),
    ast.Await: ("不支持 await", "await is not allowed"),
}


def parse(source: str) -> n.Node:
    """Parse ``source`` into an (untyped) expression tree.

    >>> parse("1 <= grade <= 2").text
    '1 <= grade <= 2'
    >>> parse("income * 0.3").right.value
    Decimal('0.3')
    >>> parse("person.age")
    Traceback (most recent call last):
    zhucan.policy.expr.errors.ExpressionError: 第 1 行第 1 列：不支持属性访问（.）
    """
    wrapped = f"(\n{source.strip()}\n)"  # parentheses let an expression span lines
    try:
        tree = ast.parse(wrapped, mode="eval")
    except SyntaxError as e:
        line = min(max((e.lineno or 2) - 1, 1), len(source.strip().splitlines()) or 1)
        raise ExpressionError(
            f"语法错误：{e.msg}", f"syntax error: {e.msg}", line, e.offset or 1
        ) from None
    return _Parser(wrapped).node(tree.body)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.splitlines()

    def _col(self, line: int, byte_col: int) -> int:
        return len(self.lines[line - 1].encode()[:byte_col].decode(errors="ignore")) + 1

    def span(self, first: ast.expr, last: ast.expr | None = None) -> n.Span:
        last = last or first
        start = (first.lineno, first.col_offset)
        end = (last.end_lineno or first.lineno, last.end_col_offset or 0)
        lines = [line.encode() for line in self.lines[start[0] - 1 : end[0]]]
        if len(lines) == 1:
            text = lines[0][start[1] : end[1]].decode()
        else:
            middle = [line.decode() for line in lines[1:-1]]
            head, tail = lines[0][start[1] :].decode(), lines[-1][: end[1]].decode()
            text = "\n".join([head, *middle, tail])
        return n.Span(start[0] - 1, self._col(*start), text)

    def error(self, node: ast.expr, zh: str, en: str) -> ExpressionError:
        col = self._col(node.lineno, node.col_offset)
        return ExpressionError(zh, en, node.lineno - 1, col)

    def node(self, e: ast.expr) -> n.Node:
        span = self.span(e)
        if type(e) in _FORBIDDEN:
            raise self.error(e, *_FORBIDDEN[type(e)])
        if isinstance(e, ast.Constant):
            if e.value is None:
                raise self.error(
                    e, "None 只能用于 is None / is not None", "None only in `is (not) None`"
                )
            return n.Const(span, self.literal(e))
        if isinstance(e, ast.Name):
            return n.Name(span, e.id)
        if isinstance(e, ast.BoolOp):
            op = "and" if isinstance(e.op, ast.And) else "or"
            return n.BoolOp(span, op, tuple(self.node(v) for v in e.values))
        if isinstance(e, ast.UnaryOp):
            return self.unary(e, span)
        if isinstance(e, ast.BinOp):
            if type(e.op) not in _ARITH:
                raise self.error(e, "只支持 + - * / 运算", "only + - * / are allowed")
            return n.BinOp(span, _ARITH[type(e.op)], self.node(e.left), self.node(e.right))
        if isinstance(e, ast.IfExp):
            return n.IfElse(span, self.node(e.test), self.node(e.body), self.node(e.orelse))
        if isinstance(e, ast.Compare):
            return self.compare(e, span)
        if isinstance(e, ast.Call):
            return self.call(e, span)
        if isinstance(e, ast.List | ast.Tuple):
            raise self.error(e, "列表只能用在 in / not in 右边", "lists only after `in`/`not in`")
        name = type(e).__name__
        raise self.error(e, f"不支持的语法：{name}", f"unsupported syntax: {name}")

    def literal(self, e: ast.Constant) -> n.Literal:
        v = e.value
        if isinstance(v, bool | str):
            return v
        if isinstance(v, int):
            if abs(v) > MAX_INT:
                raise self.error(e, f"整数过大：{v}", f"integer too large: {v}")
            return v
        if isinstance(v, float):
            try:
                d = Decimal(self.span(e).text)
            except InvalidOperation:
                raise self.error(e, "无法识别的数字", "unrecognised number") from None
            if d.as_tuple().exponent < -SCALE or abs(d) > MAX_INT:  # type: ignore[operator]
                raise self.error(
                    e, f"小数最多 {SCALE} 位且不能过大：{d}", f"at most {SCALE} places: {d}"
                )
            return d
        raise self.error(e, f"不支持的常量：{v!r}", f"unsupported constant: {v!r}")

    def unary(self, e: ast.UnaryOp, span: n.Span) -> n.Node:
        if isinstance(e.op, ast.Not):
            return n.Not(span, self.node(e.operand))
        if isinstance(e.op, ast.USub):
            return n.Neg(span, self.node(e.operand))
        if isinstance(e.op, ast.UAdd):
            return self.node(e.operand)
        raise self.error(e, "不支持按位取反（~）", "bitwise inversion (~) is not allowed")

    def compare(self, e: ast.Compare, span: n.Span) -> n.Node:
        parts: list[n.Node] = []
        left = e.left
        for op, right in zip(e.ops, e.comparators, strict=True):
            parts.append(self.comparison(left, op, right))
            left = right
        return parts[0] if len(parts) == 1 else n.BoolOp(span, "and", tuple(parts))

    def comparison(self, left: ast.expr, op: ast.cmpop, right: ast.expr) -> n.Node:
        span = self.span(left, right)
        if isinstance(op, ast.Is | ast.IsNot):
            if not (isinstance(right, ast.Constant) and right.value is None):
                raise self.error(right, "is 只能与 None 连用", "`is` only with None")
            return n.IsNull(span, self.node(left), isinstance(op, ast.IsNot))
        if isinstance(op, ast.In | ast.NotIn):
            return n.InList(span, self.node(left), self.items(right), isinstance(op, ast.NotIn))
        if isinstance(right, ast.Constant) and right.value is None:
            raise self.error(right, "与 None 比较请用 is None", "compare with None using `is`")
        return n.Compare(span, _CMP[type(op)], self.node(left), self.node(right))

    def items(self, e: ast.expr) -> tuple[n.Const, ...]:
        if not isinstance(e, ast.List | ast.Tuple):
            raise self.error(
                e,
                'in 右边须是常量列表，如 ("a", "b")；列表型事实请用 has(...)',
                'the right of `in` must be a literal list like ("a", "b"); for lists use has()',
            )
        if not e.elts:
            raise self.error(e, "列表不能为空", "the list must not be empty")
        out = []
        for item in e.elts:
            node = self.node(item)
            if isinstance(node, n.Neg) and isinstance(node.operand, n.Const):
                value = node.operand.value
                if isinstance(value, int | Decimal) and not isinstance(value, bool):
                    node = n.Const(node.span, -value)
            if not isinstance(node, n.Const):
                raise self.error(item, "列表元素须是常量", "list items must be literals")
            out.append(node)
        return tuple(out)

    def call(self, e: ast.Call, span: n.Span) -> n.Node:
        if not isinstance(e.func, ast.Name) or e.func.id not in ARITY:
            known = "、".join(ARITY)
            raise self.error(e, f"只能调用 {known}", f"only these functions: {', '.join(ARITY)}")
        name = e.func.id
        if e.keywords:
            raise self.error(e, "不支持关键字参数", "keyword arguments are not allowed")
        low, high = ARITY[name]
        if not low <= len(e.args) <= high:
            want = str(low) if low == high else f"{low}–{high}"
            raise self.error(e, f"{name} 需要 {want} 个参数", f"{name} takes {want} arguments")
        return n.Call(span, name, tuple(self.node(a) for a in e.args))
