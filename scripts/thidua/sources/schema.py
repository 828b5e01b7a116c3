"""Validation shared by every kind of source: the JSON Schemas, ids and dates.

The schemas in plans/schema/ describe the fields once: editors with the YAML
language server complete and check them as a clerk types, and this module checks
them at build time, turning each error into a sentence with file, line and field.
"""

from __future__ import annotations

import calendar
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

from thidua import model as m
from thidua.errors import Problem, did_you_mean
from thidua.sources.reader import Source, format_key

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "plans" / "schema"
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# -- Schema validation ------------------------------------------------------


@lru_cache(maxsize=None)
def _validators() -> dict[str, jsonschema.Draft202012Validator]:
    resources = {path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
                 for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}
    registry = Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema)) for name, schema in resources.items()
    )
    return {name: jsonschema.Draft202012Validator(s, registry=registry) for name, s in resources.items()}


def validate_schema(src: Source, schema: str) -> list[Problem]:
    validator = _validators()[schema]
    out = []
    for err in validator.iter_errors(src.data):
        out += _explain(src, err)
    # One message per field is enough: a wrong type also fails its pattern.
    unique: dict[tuple, Problem] = {}
    for p in out:
        unique.setdefault((p.line, p.field), p)
    return list(unique.values())


def _explain(src: Source, err: jsonschema.ValidationError) -> list[Problem]:
    key = tuple(err.absolute_path)
    field = format_key(key)
    line = src.line_of(key)
    v, schema, inst = err.validator, err.schema, err.instance
    if "propertyNames" in err.absolute_schema_path:
        # The key itself is wrong: keys become URLs and references, so they are ids.
        return [Problem(src.path, src.line_of(key + (inst,)), format_key(key + (inst,)),
                        f"key {_show(inst)} is not a valid id: use lowercase ASCII words joined by '-', e.g. \"bang-khen-thu-tuong\"")]
    if v == "anyOf" and isinstance(inst, dict) and "label" in inst:
        return [Problem(src.path, line, field, "a body item needs a 'title' (heading) or a 'text' (item)")]
    if v in ("oneOf", "anyOf") and err.context:
        # Report the alternative that got furthest, as jsonschema's best_match does.
        best = jsonschema.exceptions.best_match(err.context)
        if best is not None and v == "oneOf":
            return _explain(src, best)
    if v == "required":
        missing = re.findall(r"'([^']+)' is a required property", err.message)
        name = missing[0] if missing else "?"
        return [Problem(src.path, line, format_key(key + (name,)), "required field is missing")]
    if v == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed]
        out = []
        for k in extra:
            hint = did_you_mean(k, allowed) or f"; allowed: {', '.join(allowed)}"
            out.append(Problem(src.path, src.line_of(key + (k,)), format_key(key + (k,)), f"unknown field '{k}'{hint}"))
        return out
    if v == "enum":
        choices = ", ".join(f'"{c}"' for c in schema["enum"])
        return [Problem(src.path, line, field, f"expected one of {choices}; got {_show(inst)}")]
    if v == "type":
        want = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        hint = " (put quotes around it)" if "string" in want and isinstance(inst, (int, float, bool)) else ""
        return [Problem(src.path, line, field, f"expected {' or '.join(_TYPE_NAMES[t] for t in want)}; got {_type_name(inst)} {_show(inst)}{hint}")]
    if v == "pattern":
        want = schema.get("x-expected") or f"text matching {schema['pattern']}"
        return [Problem(src.path, line, field, f"expected {want}; got {_show(inst)}")]
    if v in ("minLength", "minItems", "minProperties"):
        return [Problem(src.path, line, field, "must not be empty")]
    if v == "maxLength":
        return [Problem(src.path, line, field, f"is {len(inst)} characters long; at most {schema['maxLength']} are allowed (split it into paragraphs)")]
    return [Problem(src.path, line, field, err.message)]


_TYPE_NAMES = {"string": "text", "object": "a mapping (key: value)", "array": "a list", "null": "null",
               "boolean": "true or false", "integer": "a whole number", "number": "a number"}


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "a boolean", int: "a number",
            float: "a number", type(None): "nothing (null)"}.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else ""
    return text if len(text) <= 80 else text[:77] + '…"'


def parse_date(text: str) -> m.DocDate | None:
    """"2021-10-26" -> DocDate(2021, 10, 26); None if the date does not exist."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return m.DocDate(year, month, day)
