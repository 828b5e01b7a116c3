"""Load and validate every source into an Archive, collecting all problems in one run.

Layout of the sources directory (`plans/` by default):
    <id>.yaml                 plans with full text          (schema/plan.schema.json)
    directives/<id>.yaml      directives and cited documents (schema/directive.schema.json)
    reference/units.yaml      2021 administrative units and their 2025 successors
    reference/awards.yaml     award forms (hình thức khen thưởng)
    reference/practices.yaml  named practices; reference/themes.yaml: themes
    cases/<id>.md             exemplary cases (schema/case.schema.json; see cases.py)
Field checks come from the JSON Schemas (schema.py); links between documents are
checked once everything is read (graph.py).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path

from thidua import model as m
from thidua.cache import BuildCache, code_key, digest
from thidua.errors import ArchiveError, Problem
from thidua.sources import reference
from thidua.sources.cases import load_cases
from thidua.sources.checks import check_graph
from thidua.sources.documents import build_document
from thidua.sources.reader import Source, read_source
from thidua.sources.question_words import load_question_words
from thidua.sources.synonyms import load_synonyms
from thidua.sources.schema import ID_RE, validate_schema


def load_archive(plans_dir: Path, display_root: Path | None = None, cache: BuildCache | None = None) -> m.Archive:
    """Read, validate and link every source under `plans_dir`.

    With a `cache`, a plan or directive whose bytes were read before is not parsed or
    validated again (the links between documents are always checked anew).
    Raises ArchiveError listing every problem found; never returns a partial archive.
    """
    plans_dir = Path(plans_dir)
    root = display_root or plans_dir.parent
    if not plans_dir.is_dir():
        raise ArchiveError([Problem(str(plans_dir), None, "", "the sources directory does not exist")])

    def show(p: Path) -> str:
        try:
            return str(p.relative_to(root))
        except ValueError:
            return str(p)

    problems: list[Problem] = []
    ref = plans_dir / "reference"
    # Under `mkdocs serve` unchanged lists and documents are kept as built (the same objects
    # from one build to the next, which later stages use to skip work on them).
    lists_key = digest(*(p.read_bytes() if p.is_file() else b"" for p in (ref / name for name in REFERENCE_FILES)))
    lists = cache.recall(("reference", lists_key)) if cache else None
    if lists is None:
        lists = (reference.load_units(ref / "units.yaml", show, problems),
                 reference.load_awards(ref / "awards.yaml", show, problems),
                 reference.load_practices(ref / "practices.yaml", show, problems),
                 reference.load_themes(ref / "themes.yaml", show, problems),
                 load_synonyms(ref / "synonyms.yaml", show, problems),
                 load_question_words(ref / "question-words.yaml", show, problems))
        if cache and not problems:
            cache.remember(("reference", lists_key), lists)
    units, awards, practices, themes, synonyms, question_words = lists
    # A broken list would make every reference to it look wrong: report the list alone
    # (documents are still read and checked against their schemas).
    lists_ok = not problems

    documents: dict[str, m.Document] = {}
    wanted = _document_files(plans_dir, show, problems)
    for (path, _, _), (key, read) in zip(wanted, _read_all(wanted, cache)):
        doc = cache.recall(("document", key, lists_key)) if cache and lists_ok else None
        if doc is None:
            src, errs = read()
            problems += src.problems + errs
            if src.data is None or src.problems or errs or not lists_ok:
                continue
            doc = build_document(path.stem, src, units, awards, problems)
            if doc and cache:
                cache.remember(("document", key, lists_key), doc)
        if doc:
            documents[path.stem] = doc

    cases = load_cases(plans_dir / "cases", show, documents, units, awards, themes, problems) if lists_ok else {}
    archive = m.Archive(documents, units, awards, cases, practices, themes, synonyms=synonyms,
                         question_words=question_words)
    if not problems:
        problems += check_graph(archive)
    if problems:
        raise ArchiveError(problems)
    return archive


def _document_files(plans_dir: Path, show, problems: list[Problem]) -> list[tuple[Path, str, str]]:
    """(path, path as shown, schema) of every plan and directive whose file name is a new, valid id."""
    files = [(p, "plan") for p in sorted(plans_dir.glob("*.yaml"))]
    files += [(p, "directive") for p in sorted((plans_dir / "directives").glob("*.yaml"))]
    for p in sorted(plans_dir.glob("*.yml")) + sorted((plans_dir / "directives").glob("*.yml")):
        problems.append(Problem(show(p), None, "", "sources must end in .yaml (rename the file)"))
    seen: dict[str, str] = {}
    wanted = []
    for path, schema in files:
        doc_id = path.stem
        if not ID_RE.match(doc_id):
            problems.append(Problem(show(path), None, "", f"file name '{path.name}' is not a valid id: "
                                    "use lowercase ASCII words joined by '-', e.g. ha-noi-ubnd-kh-61-2021.yaml"))
        elif doc_id in seen:
            problems.append(Problem(show(path), None, "", f"duplicate id '{doc_id}': {seen[doc_id]} has the same file name"))
        else:
            seen[doc_id] = show(path)
            wanted.append((path, show(path), schema))
    return wanted


REFERENCE_FILES = ("units.yaml", "awards.yaml", "practices.yaml", "themes.yaml", "synonyms.yaml", "question-words.yaml")
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


def _read_and_validate(item: tuple[Path, str, str]) -> tuple[Source, list[Problem]]:
    path, display, schema = item
    src = read_source(path, display)
    if src.data is None or src.problems:
        return src, []
    return src, validate_schema(src, schema)


def _read_all(items: list[tuple[Path, str, str]], cache: BuildCache | None = None) -> list[tuple[str | None, Callable]]:
    """(content key, a function giving (source, problems)) of each file; thousands of plans are
    spread over every core.

    Files are independent until they are linked, and parsing and schema checks are most of
    the loading time: with a cache, only files whose bytes are new are parsed, and a cached
    result is unpacked only when asked for (not when its document is kept in memory).
    """
    if cache is None:
        return [(None, lambda result=result: result) for result in _parse(items)]
    keys = [digest(code_key(), schema, display, path.read_bytes()) for path, display, schema in items]
    missing = [i for i, key in enumerate(keys) if key not in cache.sources]
    for i, result in zip(missing, _parse([items[i] for i in missing])):
        cache.put_source(keys[i], result)
    cache.keep_sources(set(keys))
    return [(key, lambda key=key: cache.source(key)) for key in keys]


def _parse(items: list[tuple[Path, str, str]]) -> list[tuple[Source, list[Problem]]]:
    if len(items) < PARALLEL_FROM or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_read_and_validate(i) for i in items]
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        return pool.map(_read_and_validate, items, chunksize=16)


