"""The OpenAPI document turned into plain rows a server-rendered page can show.

Pure functions over the dict ``app.openapi()`` returns: operations with their
parameters, bodies and responses, and the named schemas with their fields.
"""

from __future__ import annotations

from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")
_REF = "#/components/schemas/"


def type_of(schema: dict[str, Any]) -> tuple[str, list[str]]:
    """A schema's type in words, and the named schemas it refers to.

    >>> type_of({"type": "array", "items": {"$ref": "#/components/schemas/Row"}})
    ('array of Row', ['Row'])
    >>> type_of({"anyOf": [{"type": "string"}, {"type": "null"}]})
    ('string | null', [])
    >>> type_of({"type": "string", "format": "date"})
    ('string (date)', [])
    """
    if "$ref" in schema:
        name = str(schema["$ref"]).removeprefix(_REF)
        return name, [name]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            parts = [type_of(s) for s in schema[key]]
            joiner = " & " if key == "allOf" else " | "
            return joiner.join(t for t, _r in parts), [r for _t, refs in parts for r in refs]
    kind = str(schema.get("type", "any"))
    if kind == "array":
        inner, refs = type_of(schema.get("items", {}))
        return f"array of {inner}", refs
    if "format" in schema:
        return f"{kind} ({schema['format']})", []
    if "enum" in schema:
        return f"{kind}: " + ", ".join(str(v) for v in schema["enum"]), []
    return kind, []


def _parameter(p: dict[str, Any]) -> dict[str, Any]:
    text, refs = type_of(p.get("schema", {}))
    return {
        "name": p["name"],
        "where": p.get("in", ""),
        "required": bool(p.get("required")),
        "type": text,
        "refs": refs,
        "description": p.get("description") or p.get("schema", {}).get("description", ""),
    }


def _contents(content: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for media, body in content.items():
        text, refs = type_of(body.get("schema", {}))
        out.append({"media": media, "type": text, "refs": refs})
    return out


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation in path order: method, path, summary, parameters, body, responses."""
    out = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody")
            out.append(
                {
                    "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "secured": bool(op.get("security")),
                    "parameters": [_parameter(p) for p in op.get("parameters", [])],
                    "body": _contents(body.get("content", {})) if body else [],
                    "body_required": bool(body and body.get("required")),
                    "responses": [
                        {
                            "status": status,
                            "description": r.get("description", ""),
                            "content": _contents(r.get("content", {})),
                        }
                        for status, r in op.get("responses", {}).items()
                    ],
                }
            )
    return out


def schemas(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The named schemas, by name, each with its fields (type, required, description)."""
    out = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        fields = []
        for field, sub in schema.get("properties", {}).items():
            text, refs = type_of(sub)
            fields.append(
                {
                    "name": field,
                    "type": text,
                    "refs": refs,
                    "required": field in required,
                    "description": sub.get("description", ""),
                }
            )
        out.append({"name": name, "description": schema.get("description", ""), "fields": fields})
    return out
