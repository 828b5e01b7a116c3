"""A save through the desk changes only what was edited: every source file (plans, directives, cases,
reference lists) is read and written back by the desk's own format code (desk/keep.js, run in Node
exactly as the browser runs it) with one field changed, and the diff must be that field's lines.

Each file gets up to three edits, one at a time: a text made longer, and an item added to a list
(a practice's wording, a plan's award...)."""

from __future__ import annotations

import copy
import difflib
import json
import subprocess

import yaml

from conftest import ROOT

HARNESS = ROOT / "tests" / "js" / "desk-save.mjs"
SOURCES = sorted([*ROOT.glob("plans/*.yaml"), *ROOT.glob("plans/directives/*.yaml"), *ROOT.glob("plans/cases/*.md"),
                  *ROOT.glob("plans/reference/*.yaml")])


def _head(text: str, front_matter: bool) -> tuple[str, int]:
    """The YAML part of a file and the line it starts on."""
    if not front_matter:
        return text, 0
    return text.split("---\n", 2)[1], 1


def _edits(node: yaml.MappingNode, path=(), depth=0):
    """(path, kind, first line, last line) of texts and lists of texts, in file order."""
    for key, value in node.value:
        at = (*path, key.value)
        last = value.end_mark.line if value.end_mark.column > 0 else value.end_mark.line - 1
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":str") and value.value:
            yield at, "text", key.start_mark.line, last
        elif isinstance(value, yaml.SequenceNode) and value.value and all(
                isinstance(v, yaml.ScalarNode) and v.tag.endswith(":str") for v in value.value):
            yield at, "list", key.start_mark.line, last
        elif isinstance(value, yaml.MappingNode) and depth < 2:
            yield from _edits(value, at, depth + 1)


def _cases():
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        front = path.suffix == ".md"
        head, offset = _head(text, front)
        root = yaml.compose(head)
        data = yaml.safe_load(head)
        found = list(_edits(root))
        picked = [e for e in found if e[1] == "text"][:2] + [e for e in found if e[1] == "list"][:1]
        for at, kind, first, last in picked:
            value = copy.deepcopy(data)
            parent = value
            for key in at[:-1]:
                parent = parent[key]
            old = parent[at[-1]]
            new = old + " (đã sửa)" if kind == "text" else [*old, "mục thêm"]
            yield path, text, front, list(at), new, first + offset, last + offset


def test_a_one_field_save_of_every_source_changes_only_that_fields_lines():
    cases = list(_cases())
    assert len({c[0] for c in cases}) == len(SOURCES) > 20
    result = subprocess.run(["node", str(HARNESS)], input=json.dumps(
        [{"text": text, "frontMatter": front, "path": at, "value": new} for _, text, front, at, new, _, _ in cases]),
        capture_output=True, text=True, check=True)
    saved = json.loads(result.stdout)
    bad = []
    for (path, text, front, at, new, first, last), out in zip(cases, saved):
        before, after = text.splitlines(), out.splitlines()
        outside = [(tag, i1, i2) for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
                   if tag != "equal" and not (first <= i1 and (i2 - 1 <= last or (tag == "insert" and i1 <= last + 1)))]
        expected = yaml.safe_load(_head(text, front)[0])
        parent = expected
        for key in at[:-1]:
            parent = parent[key]
        parent[at[-1]] = new
        changed = sum(1 for line in difflib.ndiff(before, after) if line[:1] in "+-")
        if outside or yaml.safe_load(_head(out, front)[0]) != expected:
            bad.append(f"{path.relative_to(ROOT)} {'.'.join(at)}: {changed} lines changed, "
                       f"field on lines {first + 1}-{last + 1}")
    assert not bad, f"{len(bad)} of {len(cases)} one-field saves changed other lines:\n" + "\n".join(bad)
