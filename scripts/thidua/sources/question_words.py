"""The question and function words a search may leave out (plans/reference/question-words.yaml).

Optional: an archive without the file has none. Checked against
plans/schema/question-words.schema.json with the same file:line:field messages as plans,
then for what a schema cannot say: an entry listed twice once accents are folded
("nào" and "nao") would be one entry, so the second is reported.
"""

from __future__ import annotations

from pathlib import Path

from thidua import model as m
from thidua.errors import Problem
from thidua.sources.reader import read_source
from thidua.sources.schema import validate_schema
from thidua.text import fold, words


def load_question_words(path: Path, show, problems: list[Problem]) -> m.QuestionWords:
    """The list as written; empty when the file is absent or wrong (problems say why)."""
    if not path.exists():
        return m.QuestionWords()
    src = read_source(path, show(path))
    if src.problems or src.data is None:
        problems += src.problems
        return m.QuestionWords()
    found = validate_schema(src, "question-words")
    if found:
        problems += found
        return m.QuestionWords()
    seen: dict[str, tuple[str, int]] = {}
    for name in ("words", "frames"):
        for n, entry in enumerate(src.data.get(name, [])):
            key = " ".join(fold(w) for w in words(entry))
            if key in seen:
                first, at = seen[key]
                problems.append(Problem(src.path, src.line_of((name, n)), f"{name}[{n}]",
                                        f"'{entry}' is '{first}' (line {at}) again once accents are left out; list it once"))
            seen.setdefault(key, (entry, src.line_of((name, n))))
    frames = tuple(tuple(part.strip() for part in f.split("…")) for f in src.data.get("frames", []))
    return m.QuestionWords(tuple(src.data["words"]), frames)
