"""The conformance runner: compare modes of ../shared/conformance/README.md, the report, time
limits; cases run on a stand-in session so only the runner is under test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyshell.testing import conformance
from pyshell.testing.conformance import (
    Case, compare_output, load_cases, main as conformance_main, normalize_actual, run_case,
    run_cases,
)


def test_actual_output_loses_crlf_and_one_trailing_newline():
    assert normalize_actual("a\r\nb\r\n") == "a\nb"
    assert normalize_actual("a\n\n") == "a\n"


def test_exact_compares_everything():
    assert compare_output("a\nb", "a\nb", "exact")
    assert not compare_output("a\nb", "a \nb", "exact")
    assert not compare_output("a", "\na", "exact")


def test_trim_drops_outer_blank_lines_and_trailing_spaces_only():
    assert compare_output("a\nb", "\n\na  \nb\n\n", "trim")
    assert not compare_output("a\nb", "a\n\nb", "trim")
    assert not compare_output("a", " a", "trim")


TABLE = "Name Value\n---- -----\nb    2\na    1"


def test_unordered_rows_compare_rows_as_a_multiset_after_the_header():
    assert compare_output(TABLE, "\nName Value\n---- -----\na    1\nb    2\n\n",
                          "trim-unordered-rows")
    assert not compare_output(TABLE, "Value Name\n---- -----\na    1\nb    2",
                              "trim-unordered-rows")
    assert not compare_output(TABLE, "Name Value\n---- -----\na    1\na    1",
                              "trim-unordered-rows")


def test_an_unknown_mode_is_an_error():
    with pytest.raises(ValueError):
        compare_output("a", "a", "fuzzy")


def _case(script: str, expected: str, compare: str = "exact", id: str = "ps-x-1",
          category: str = "demo") -> Case:
    return Case(id=id, script=script, expected=expected, category=category, compare=compare)


def test_a_case_passes_on_its_standard_output_only(fake_sessions):
    result = run_case(_case("say 1\nwarn w\nfail e\nsay 2", "1\n2"))
    assert result.passed and result.actual == "1\n2"


def test_a_case_that_crashes_fails_with_the_reason(fake_sessions):
    result = run_case(_case("crash", ""))
    assert not result.passed
    assert "ZeroDivisionError" in result.problem and "Traceback" in result.detail


def test_a_slow_case_is_stopped_at_the_time_limit(fake_sessions):
    result = run_case(_case("hang", "stopped"), time_limit=0.2)
    assert result.passed


def test_a_case_that_ignores_stop_is_abandoned(fake_sessions, monkeypatch):
    monkeypatch.setattr(conformance, "GRACE", 0.2)
    result = run_case(_case("ignore-stop", ""), time_limit=0.1)
    assert not result.passed and "did not finish" in result.problem


def test_the_report_counts_per_category_and_source_and_ends_with_the_total(fake_sessions):
    report = run_cases([_case("say a", "a", id="ps-1", category="ops"),
                        _case("say b", "x", id="doc-2", category="ops"),
                        _case("say c", "c", id="doc-3", category="format")])
    lines = report.summary_lines()
    assert lines[-1] == "passed 2 of 3"
    assert any(line.split() == ["ops", "1", "2", "50.0%"] for line in lines)
    assert any(line.split() == ["doc", "1", "2", "50.0%"] for line in lines)
    failures = "\n".join(report.failure_lines())
    assert "FAIL doc-2 [ops, exact]" in failures and "    x" in failures and "    b" in failures


def test_main_runs_a_file_and_prints_failures_on_request(fake_sessions, tmp_path: Path,
                                                        capsys):
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in [
        {"id": "ps-a", "script": "say 1", "expected": "1", "category": "c", "compare": "exact"},
        {"id": "pash-b", "script": "say 2", "expected": "3", "category": "c",
         "compare": "trim"},
    ]) + "\n")
    assert [c.id for c in load_cases(path)] == ["ps-a", "pash-b"]
    assert conformance_main([str(path), "--failures"]) == 0
    out = capsys.readouterr().out
    assert "FAIL pash-b" in out
    assert out.rstrip().splitlines()[-1] == "passed 1 of 2"
    assert conformance_main([str(path), "--id", "ps-a"]) == 0
    assert capsys.readouterr().out.rstrip().splitlines()[-1] == "passed 1 of 1"


def test_main_refuses_an_unreadable_file(tmp_path: Path, capsys):
    assert conformance_main([str(tmp_path / "none.jsonl")]) == 2
