"""Read YAML sources keeping the line of every value, and refusing what PyYAML lets pass.

PyYAML silently keeps the last of two duplicate keys and turns `2021-10-26` into a
date object; an archive must report the first and keep dates as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from thidua.errors import Problem
from thidua.text import strip_invisible

# Paths into a document: ("body", 3, "children", 0, "label")
Key = tuple


# libyaml's parser when PyYAML has it: several times faster on thousands of plans.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader without the implicit timestamp type: dates stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}



@dataclass
class Source:
    """A parsed YAML file: its data and the line where each value starts."""

    path: str
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    offset: int = 0  # lines before the YAML in its file (front matter starts after "---")

    def line_of(self, key: Key) -> int:
        return line_of(self.lines, key)


def line_of(lines: dict[Key, int], key: Key) -> int:
    """Line of the value at `key`, or of its nearest ancestor that has one (1 at worst)."""
    key = tuple(key)
    while key and key not in lines:
        key = key[:-1]
    return lines.get(key, 1)


def format_key(key: Key) -> str:
    """("body", 3, "label") -> "body[3].label"."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# Unicode's control characters (category Cc) but tab and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0a-\x0c\x0e-\x1f\x7f-\x9f]")


def read_text(path: Path, display: str, problems: list[Problem]) -> str | None:
    """A source file's text: UTF-8, a byte-order mark dropped (Notepad and Excel write one).

    Not UTF-8: None, with a Problem at the line of the first bad byte."""
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, raw[: exc.start].count(b"\n") + 1, "", "the file is not UTF-8 text; save it as UTF-8"))
        return None


def read_source(path: Path, display: str) -> Source:
    """Parse one YAML file; syntax and encoding problems come back as Problems."""
    problems: list[Problem] = []
    text = read_text(path, display, problems)
    if text is None:
        return Source(display, None, problems=problems)
    if not text.strip():
        return Source(display, None, problems=[Problem(display, 1, "", "the file is empty; expected a YAML mapping of fields")])
    return parse_source(text, display)


def parse_source(text: str, display: str, first_line: int = 1) -> Source:
    """Parse YAML text that starts at `first_line` of its file (front matter starts at 2)."""
    src = Source(display, None, offset=first_line - 1)
    if not text.strip():
        src.problems.append(Problem(display, first_line, "", "no fields: expected a YAML mapping of fields"))
        return src
    for n, line in enumerate(text.split("\n"), first_line):
        if line.lstrip(" ").startswith("\t"):
            src.problems.append(Problem(display, n, "", "a tab indents this line; YAML indentation must use spaces"))
            return src
        bad = _CONTROL.search(line)
        if bad:
            src.problems.append(Problem(display, n, "", f"control character U+{ord(bad.group()):04X} in the text; delete it"))
    if src.problems:
        return src
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            src.problems.append(Problem(display, first_line, "", "no fields: expected a YAML mapping of fields"))
            return src
        src.data = _construct(loader, node, (), src)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        msg = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        src.problems.append(Problem(display, line, "", f"YAML syntax error: {msg}"))
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + first_line
        src.problems.append(Problem(display, line, "", f"character U+{exc.character:04X} is not allowed in YAML; delete it"))
    except yaml.YAMLError as exc:
        src.problems.append(Problem(display, None, "", f"YAML error: {exc}"))
    finally:
        if loader:
            loader.dispose()
    if src.data is not None and not isinstance(src.data, dict):
        src.problems.append(Problem(display, first_line, "", "expected a YAML mapping of fields (key: value) at the top"))
        src.data = None
    return src


def _construct(loader: _Loader, node: yaml.Node, key: Key, src: Source) -> Any:
    src.lines[key] = node.start_mark.line + 1 + src.offset
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for k_node, v_node in node.value:
            k = loader.construct_object(k_node, deep=True)
            if not isinstance(k, str):
                k = str(k)
            if k in out:
                src.problems.append(
                    Problem(src.path, k_node.start_mark.line + 1 + src.offset, format_key(key + (k,)),
                            f"duplicate key '{k}' (first at line {src.lines[key + (k,)]}); keep only one")
                )
                continue
            out[k] = _construct(loader, v_node, key + (k,), src)
            src.lines[key + (k,)] = k_node.start_mark.line + 1 + src.offset
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, key + (i,), src) for i, item in enumerate(node.value)]
    value = loader.construct_object(node, deep=True)
    if isinstance(value, str):
        value = clean_text(value)
    return value


def clean_text(value: str) -> str:
    """NFC, without invisible characters: NFD text from a Mac or a PDF is accepted as is."""
    return unicodedata.normalize("NFC", strip_invisible(value))
