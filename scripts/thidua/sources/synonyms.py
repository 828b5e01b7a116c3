"""The list of equivalent spellings (plans/reference/synonyms.yaml) that search expands.

Optional: an archive without the file simply has no variants. Checked against
plans/schema/synonyms.schema.json with the same file:line:field messages as plans,
then for what a schema cannot say: a spelling in two groups would make the groups one.
"""

from __future__ import annotations

from pathlib import Path

from thidua.errors import Problem
from thidua.sources.reader import read_source
from thidua.sources.schema import validate_schema
from thidua.text import fold, words


def load_synonyms(path: Path, show, problems: list[Problem]) -> tuple[tuple[str, ...], ...]:
    """Each group's spellings as written; () when the file is absent or wrong (problems say why)."""
    if not path.exists():
        return ()
    src = read_source(path, show(path))
    if src.problems or src.data is None:
        problems += src.problems
        return ()
    found = validate_schema(src, "synonyms")
    if found:
        problems += found
        return ()
    seen: dict[str, str] = {}
    groups = []
    for name, group in src.data.items():
        for w, spelling in enumerate(group["words"]):
            key = " ".join(fold(x) for x in words(spelling))
            if seen.get(key, name) != name:
                problems.append(Problem(src.path, src.line_of((name, "words", w)), f"{name}.words[{w}]",
                                        f"'{spelling}' is already a spelling of '{seen[key]}' (line "
                                        f"{src.line_of((seen[key], 'words'))}); a spelling belongs to one group"))
            seen.setdefault(key, name)
        groups.append(tuple(group["words"]))
    return tuple(groups)
