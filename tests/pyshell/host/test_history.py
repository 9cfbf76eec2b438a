"""History: consecutive duplicates dropped, secrets kept in memory but never on disk."""

from __future__ import annotations

import pytest

from pyshell.host.history import ShellHistory, history_path, is_sensitive


@pytest.mark.parametrize("line", [
    "Set-KeyUnit -Key 0011",
    "Program-Key -KeyMaterial $k",
    "$password = 'hunter2'",
    "$env:API_TOKEN = 'x'",
    "Connect -Secret abc",
    "$k = '00112233445566778899aabbccddeeff00112233'",
    "$b = 'aGVsbG8gd29ybGQgdGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0'",
])
def test_lines_with_secrets_are_sensitive(line):
    assert is_sensitive(line)


@pytest.mark.parametrize("line", [
    "Get-VM", "Get-VMHostKeyId -KeyId 3", "pwd", "Get-VMMemory -VMName web1 | fl *",
    "Read-PhysicalMemory -Address 0x10000 -Count 64",
])
def test_ordinary_lines_are_not_sensitive(line):
    assert not is_sensitive(line)


def test_sensitive_lines_stay_in_memory_but_not_in_the_file(tmp_path):
    path = tmp_path / "h.txt"
    history = ShellHistory(path)
    history.append_string("Get-VM")
    history.append_string("$password = 'x'")
    assert history.get_strings()[-1] == "$password = 'x'"
    assert "password" not in path.read_text()
    reloaded = list(ShellHistory(path).load_history_strings())
    assert reloaded == ["Get-VM"]


def test_consecutive_duplicates_are_kept_once(tmp_path):
    history = ShellHistory(tmp_path / "h.txt")
    for line in ("Get-VM", "Get-VM", "Start-VM a", "Get-VM"):
        history.append_string(line)
    assert history.get_strings() == ["Get-VM", "Start-VM a", "Get-VM"]


def test_history_location_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PYSHELL_HISTORY", str(tmp_path / "custom.txt"))
    assert history_path() == tmp_path / "custom.txt"
    monkeypatch.delenv("PYSHELL_HISTORY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert history_path() == tmp_path / "pyshell" / "history.txt"
