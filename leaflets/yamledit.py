"""Small edits of a YAML source file that keep its comments and layout: ``i18n init LANG --add``.

Loading and dumping YAML again would lose the comments, the quoting and the order the
authors chose; instead the new item is written into the text where the list's own node
says it ends (PyYAML's marks), in the list's own style: ``languages: [en, pl]`` becomes
``languages: [en, pl, fa]``, and a block list gets one more ``- fa`` line with the
indentation of the others. The result is parsed again and must hold the new item.
"""
from __future__ import annotations

import yaml

from .diagnostics import Diagnostics
from .yamlsource import parse


class EditError(ValueError):
    """The edit could not be made safely; ``line`` is where the list is (1-based)."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def _scalar(value: str) -> str:
    """``value`` as YAML reads it back unchanged: plain when it can be (``fa``), quoted otherwise (``"no"``)."""
    try:
        if yaml.safe_load(value) == value and value.strip() == value:
            return value
    except yaml.YAMLError:
        pass
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def append_to_list(text: str, key: str, value: str) -> str:
    """``text`` with ``value`` added at the end of the top-level list ``key``; unchanged if it is there.

    Raises :class:`EditError` when ``key`` is missing or not a list, or the edit does not read back.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the file is not a YAML mapping", 1)
    found = next(((k, v) for k, v in root.value if k.value == key), None)
    if found is None:
        raise EditError(f"there is no '{key}:' list", 1)
    key_node, node = found
    line = key_node.start_mark.line + 1
    if not isinstance(node, yaml.SequenceNode):
        raise EditError(f"'{key}:' is not a list", line)
    if any(isinstance(item, yaml.ScalarNode) and item.value == value for item in node.value):
        return text
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for text_line in lines:
        offsets.append(offsets[-1] + len(text_line))
    item = _scalar(value)
    if node.flow_style:
        close = offsets[node.end_mark.line] + node.end_mark.column - 1  # the "]"
        if text[close] != "]":
            raise EditError(f"'{key}:' does not end with ']' where YAML says it does", line)
        if not node.value:
            new = text[:close] + item + text[close:]
        else:  # right after the last item (before a trailing comma, if any)
            end = offsets[node.value[-1].end_mark.line] + node.value[-1].end_mark.column
            new = text[:end] + ", " + item + text[end:]
    elif node.value:
        last = node.value[-1]
        prefix = lines[last.start_mark.line][:last.start_mark.column]  # "  - "
        after = offsets[last.end_mark.line + (1 if last.end_mark.column else 0)]
        if after == len(text) and not text.endswith("\n"):
            text, after = text + "\n", len(text) + 1
        new = text[:after] + prefix + item + "\n" + text[after:]
    else:
        raise EditError(f"'{key}:' is an empty block list: write [{value}] by hand", line)
    data = parse(new, "", Diagnostics())
    if data is None or not isinstance(data[0], dict) or value not in (data[0].get(key) or []):
        raise EditError(f"adding {value} to '{key}:' would not read back as a list item", line)
    return new
