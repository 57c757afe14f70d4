"""YAML read strictly, with the line of every key, and pydantic errors mapped to lines.

PyYAML's ``safe_load`` turns ``0123456`` into a number, ``NO`` into false and
``12:30`` into 750. We keep its parser but report, with the real line, every
value the schema did not expect, and refuse anchors and aliases outright.
"""
from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostics


# libyaml's parser where PyYAML was built with it (same events, nodes and marks; much faster).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str, path: str, diags: Diagnostics, first_line: int = 1) -> tuple[Any, dict] | None:
    """Parse one YAML document. Returns (data, lines) or None after reporting why.

    ``lines`` maps each key path, e.g. ``("contacts", 0, "phone")``, to
    ``(line, node)``; ``first_line`` is the file line of the text's first line.
    """
    offset = first_line - 1
    try:
        events = list(yaml.parse(text, Loader=LOADER))
    except yaml.YAMLError as exc:
        _syntax(exc, text, path, diags, first_line)
        return None
    bad = False
    for event in events:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            diags.error(path, event.start_mark.line + 1 + offset,
                        "YAML anchors and aliases are not allowed: write the value out", "yaml.alias")
            bad = True
    if bad:
        return None
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        _syntax(exc, text, path, diags, first_line)
        return None
    if node is None:
        return {}, {(): (first_line, None)}
    lines: dict = {}
    if not _walk(node, (), lines, path, diags, offset):
        return None
    try:
        data = yaml.SafeLoader("").construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # an unknown tag (!!python/object), a date that does not exist (2026-13-45)
        mark = getattr(exc, "problem_mark", None) or _failing_scalar(lines)
        line = mark.line + 1 + offset if mark else first_line
        reason = getattr(exc, "problem", None) or str(exc)
        diags.error(path, line, f"YAML value cannot be read: {reason[:120]}", "yaml.syntax")
        return None
    return data, lines


def _failing_scalar(lines: dict):
    """The start mark of the first scalar that cannot be constructed on its own (a ValueError
    carries no position)."""
    for _line, node in sorted(lines.values(), key=lambda item: item[0]):
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                return node.start_mark
    return None


def _syntax(exc: yaml.YAMLError, text: str, path: str, diags: Diagnostics, first_line: int) -> None:
    """A parse error at its line: marked errors carry it, reader errors (a control character) its offset."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line = mark.line + first_line
    elif isinstance(getattr(exc, "position", None), int):
        line = text[: exc.position].count("\n") + first_line
    else:
        line = first_line
    reason = getattr(exc, "problem", None) or getattr(exc, "reason", None) or type(exc).__name__
    diags.error(path, line, f"YAML does not parse: {reason}", "yaml.syntax")


def _walk(node, loc: tuple, lines: dict, path: str, diags: Diagnostics, offset: int) -> bool:
    lines[loc] = (node.start_mark.line + 1 + offset, node)
    ok = True
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                diags.error(path, key.start_mark.line + 1 + offset, "a key must be plain text, not a list or "
                            "mapping", "yaml.syntax")
                ok = False
                continue
            name = key.value
            if name in seen:
                diags.error(path, key.start_mark.line + 1 + offset, f"key '{name}' is given twice", "yaml.duplicate-key")
                ok = False
            seen.add(name)
            ok &= _walk(value, loc + (name,), lines, path, diags, offset)
            lines[loc + (name,)] = (key.start_mark.line + 1 + offset, value)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            ok &= _walk(item, loc + (i,), lines, path, diags, offset)
    return ok


def nearest(mapping: dict, loc, default):
    """The value of the longest prefix of key path ``loc`` that ``mapping`` knows: a missing
    key is reported where its parent mapping is."""
    loc = tuple(loc)
    while loc and loc not in mapping:
        loc = loc[:-1]
    return mapping.get(loc, default)


def line_of(lines: dict, loc: tuple) -> int:
    return nearest(lines, loc, (1, None))[0]


def validate(model: type[BaseModel], data: Any, lines: dict, path: str, diags: Diagnostics):
    """Validate ``data`` against ``model``; report each problem at its line. Returns the model or None."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, node = nearest(lines, loc, (1, None))
            message, code = _describe(err, loc, node)
            diags.error(path, line, message, code)
        return None


READ_AS = {"int": "a number", "float": "a number", "bool": "true or false", "timestamp": "a date"}


def _describe(err: dict, loc: tuple, node) -> tuple[str, str]:
    where = ".".join(str(p) for p in loc) or "document"
    key = loc[-1] if loc else "document"
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"unknown key '{key}'", "schema.unknown-key"
    if kind == "missing":
        return f"missing required key '{where}'", "schema.missing"
    plain = isinstance(node, yaml.ScalarNode) and not node.style  # None (PyYAML) or "" (libyaml)
    if kind == "string_type" and plain and node.tag != "tag:yaml.org,2002:null":
        read_as = READ_AS.get(node.tag.rsplit(":", 1)[-1], "something other than text")
        if key == "phone":
            return (f"phone number {node.value} must be in quotes: YAML reads it as {read_as}",
                    "schema.phone-number")
        return (f"'{where}' must be text, but YAML reads {node.value} as {read_as}: put it in quotes",
                "schema.type")
    return f"'{where}': {err['msg']}", "schema.type"
