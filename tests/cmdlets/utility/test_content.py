"""Get-Content, Set-Content, Add-Content: what a script reads back from what it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdlets.utility.content import read_text, split_lines
from pyshell.runtime.errors import RuntimeException


def q(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def test_lines_end_at_any_line_break_and_a_final_one_adds_nothing():
    assert split_lines("a\r\nb\nc\rd\n") == ["a", "b", "c", "d"]
    assert split_lines("a\n\n") == ["a", ""]
    assert split_lines("") == []


def test_a_byte_order_mark_decides_the_encoding():
    assert read_text(b"\xef\xbb\xbfhi") == "hi"
    assert read_text("hi".encode("utf-16-le"), "utf8") != "hi"
    assert read_text(b"\xff\xfe" + "hi".encode("utf-16-le")) == "hi"
    assert read_text("é".encode("latin-1"), "latin1") == "é"


def test_set_then_get_gives_the_lines_back(session, tmp_path):
    path = tmp_path / "a.txt"
    session.invoke(f"Set-Content -Path {q(path)} -Value 'one', 'two'")
    assert path.read_bytes() == b"one\ntwo\n"  # UTF-8, no BOM, LF
    assert session.invoke(f"Get-Content {q(path)}") == ["one", "two"]


def test_pipeline_input_is_written_one_line_an_object(session, tmp_path):
    path = tmp_path / "n.txt"
    session.invoke(f"1..3 | Set-Content {q(path)}")
    assert path.read_text() == "1\n2\n3\n"


def test_add_content_appends_without_adding_a_line_break(session, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("no newline")
    session.invoke(f"Add-Content -Path {q(path)} -Value ' more'")
    assert path.read_text() == "no newline more\n"
    session.invoke(f"Add-Content -Path {q(path)} -Value 'x' -NoNewline")
    assert path.read_text() == "no newline more\nx"


def test_no_newline_joins_the_values(session, tmp_path):
    path = tmp_path / "a.txt"
    session.invoke(f"Set-Content {q(path)} -Value 'a','b' -NoNewline")
    assert path.read_text() == "ab"


def test_raw_total_count_and_tail(session, tmp_path):
    path = tmp_path / "l.txt"
    path.write_text("1\n2\n3\n4\n")
    assert session.invoke(f"Get-Content {q(path)} -Raw") == ["1\n2\n3\n4\n"]
    assert session.invoke(f"Get-Content {q(path)} -TotalCount 2") == ["1", "2"]
    assert session.invoke(f"Get-Content {q(path)} -Head 1") == ["1"]
    assert session.invoke(f"Get-Content {q(path)} -Tail 2") == ["3", "4"]
    assert session.invoke(f"(Get-Content {q(path)}).Count") == [4]


def test_a_missing_file_is_a_path_not_found_error(session, host, tmp_path):
    path = tmp_path / "missing.txt"
    assert session.invoke(f"Get-Content {q(path)} -ErrorAction SilentlyContinue") == []
    ids = session.invoke(f"try {{ Get-Content {q(path)} -ErrorAction Stop }} "
                         "catch { $_.FullyQualifiedErrorId }")
    assert ids == ["PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand"]


def test_a_missing_file_stops_the_script_only_with_stop(session, tmp_path):
    with pytest.raises(RuntimeException):
        session.invoke(f"Get-Content {q(tmp_path / 'x.txt')} -ErrorAction Stop")


def test_wildcards_read_every_matching_file_in_order(session, tmp_path):
    (tmp_path / "b.log").write_text("b\n")
    (tmp_path / "a.log").write_text("a\n")
    assert session.invoke(f"Get-Content {q(tmp_path / '*.log')}") == ["a", "b"]


def test_what_if_writes_nothing(session, host, tmp_path):
    path = tmp_path / "w.txt"
    session.invoke(f"Set-Content {q(path)} -Value x -WhatIf")
    assert not path.exists()
    assert 'What if: Performing the operation "Set Content" on target "Path: ' in host.text


def test_a_null_path_is_refused_as_the_binder_refuses_it(session):
    messages = session.invoke("try { Set-Content -Path $null -Value x } "
                              "catch { $_.Exception.Message }")
    assert messages == ["Cannot bind argument to parameter 'Path' because it is null."]
