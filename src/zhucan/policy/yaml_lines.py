"""Read YAML keeping line numbers: mappings and lists that know where each item sits.

Numbers with a fraction become ``Decimal`` from their source text (never a float), so
``0.3`` stays exactly 0.3; a key given twice in one mapping is an error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml


class LineDict(dict[Any, Any]):
    """A mapping with its own line and the line of each value (1-based)."""

    line: int = 0
    lines: dict[Any, int]  # where each value starts
    key_lines: dict[Any, int]  # where each key is


class LineList(list[Any]):
    """A list with its own line and the line of each item (1-based)."""

    line: int = 0
    lines: list[int]


class DuplicateKey(ValueError):
    """A key given twice in one mapping."""

    def __init__(self, key: object, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


def _line(node: yaml.Node) -> int:
    """Where the node's content starts: a block scalar (``|``, ``>``) starts a line lower."""
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    return int(node.start_mark.line) + 1 + block


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader (libyaml's parser where installed, ~5× faster) recording lines; floats
    as Decimal."""


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line, out.lines, out.key_lines = _line(node), {}, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise DuplicateKey(key, _line(key_node))
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = _line(value_node)
        out.key_lines[key] = _line(key_node)
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(item, deep=True) for item in node.value)
    out.line, out.lines = _line(node), [_line(item) for item in node.value]
    return out


def _decimal(loader: _Loader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def load_yaml(text: str) -> Any:
    """Parse one YAML document with line numbers.

    >>> doc = load_yaml("a: 1\\nb:\\n  - 0.3\\n")
    >>> doc["b"][0], doc.lines["b"], doc["b"].lines
    (Decimal('0.3'), 3, [3])
    """
    return yaml.load(text, Loader=_Loader)
