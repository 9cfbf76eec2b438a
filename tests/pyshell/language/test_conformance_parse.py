"""Every script of the shared conformance cases parses (unless its expected behaviour is a
parse error), and prints back to text that parses to the same tree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pyshell.language import ParseError, parse
from pyshell.language.unparse import unparse

__all__: list[str] = []

CASES_PATH = Path(__file__).resolve().parents[3] / ".." / "shared" / "conformance" / "cases.jsonl"


def _load() -> list[dict[str, Any]]:
    if not CASES_PATH.exists():
        return []
    with CASES_PATH.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


CASES = _load()


def _expects_parse_error(case: dict[str, Any]) -> bool:
    expected = case.get("expected", "")
    return case.get("kind") == "error" and ("ParseException" in expected
                                            or "ParserError" in expected
                                            or "IncompleteParseException" in expected)


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["id"] for c in cases]


pytestmark = pytest.mark.skipif(not CASES, reason="../shared/conformance/cases.jsonl is absent")


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_conformance_script_parses(case: dict[str, Any]) -> None:
    if _expects_parse_error(case):
        with pytest.raises(ParseError):
            parse(case["script"])
    else:
        parse(case["script"])


@pytest.mark.parametrize("case", [c for c in CASES if not _expects_parse_error(c)],
                         ids=_ids([c for c in CASES if not _expects_parse_error(c)]))
def test_conformance_script_round_trips(case: dict[str, Any]) -> None:
    ast = parse(case["script"])
    assert parse(unparse(ast)) == ast
