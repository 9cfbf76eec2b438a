"""Join-Path, Split-Path and Read-Host as scripts use them."""

from __future__ import annotations

import pytest

from pyshell.host.console import TextHost
from pyshell.runtime.errors import RuntimeException
from pyshell.testing.sessions import deterministic_session


def test_join_path_builds_paths_for_this_machine(session, tmp_path):
    assert session.invoke("Join-Path /tmp a b.txt") == ["/tmp/a/b.txt"]
    assert session.invoke("Join-Path 'C:\\Scripts' 'lib\\x.ps1'") == ["C:\\Scripts\\lib\\x.ps1"]
    assert session.invoke("'/a', '/b' | Join-Path -ChildPath c") == ["/a/c", "/b/c"]
    (tmp_path / "there").write_text("x")
    assert session.invoke(f"Join-Path '{tmp_path}' there -Resolve") == [str(tmp_path / "there")]


def test_join_path_resolve_of_a_missing_path_is_an_error(session):
    with pytest.raises(RuntimeException) as caught:
        session.invoke("Join-Path /nonexistent x -Resolve -ErrorAction Stop")
    assert caught.value.error_record.error_id.startswith("PathNotFound")


@pytest.mark.parametrize("args, expected", [
    ("/var/log/syslog", "/var/log"), ("/var/log/syslog -Leaf", "syslog"),
    ("/tmp/a.tar.gz -LeafBase", "a.tar"), ("/tmp/a.tar.gz -Extension", ".gz"),
    ("C:\\Scripts\\deploy.ps1", "C:\\Scripts"), ("C:\\Scripts\\deploy.ps1 -Qualifier", "C:"),
    ("C:\\Scripts\\deploy.ps1 -NoQualifier", "\\Scripts\\deploy.ps1"),
    ("/x -IsAbsolute", True), ("x/y -IsAbsolute", False),
])
def test_split_path(session, args, expected):
    assert session.invoke(f"Split-Path {args}") == [expected]


def test_read_host_reads_a_line_after_its_prompt():
    host = TextHost(input_lines=["web1"], interactive=True)
    with deterministic_session(host) as session:
        assert session.invoke("Read-Host -Prompt 'VM name'") == ["web1"]
    assert "VM name: web1" in host.text


def test_read_host_without_a_console_is_an_error_not_a_wait(session):
    with pytest.raises(RuntimeException) as caught:
        session.invoke("Read-Host 'Name' -ErrorAction Stop")
    assert "NonInteractive" in caught.value.error_record.message
