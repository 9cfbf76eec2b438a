"""The core cmdlets driven through Session.invoke/run, as a user types them."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any

import pytest

from cmdlets.core import MODULE
from pyshell.runtime import ModuleSpec
from pyshell.runtime.commands import Cmdlet, cmdlet
from pyshell.runtime.errors import PipelineStoppedException, RuntimeException
from pyshell.runtime.parameters import Parameter


def run_text(session, host, text: str) -> str:
    mark = host.mark()
    session.run(text)
    return host.text_since(mark)


def error_id(session, text: str) -> str:
    [fqid] = session.invoke(f"try {{ {text} }} catch {{ $_.FullyQualifiedErrorId }}")
    return fqid


# ---------------------------------------------------------------- ForEach-Object

def test_foreach_object_positional_blocks_are_begin_process_end(session):
    assert session.invoke("1..2 | ForEach-Object { 'b' } { \"p$_\" } { 'e' }") == \
        ["b", "p1", "p2", "e"]
    assert session.invoke("1..2 | ForEach-Object { 'b' } { 'x' } { 'y' } { 'e' }") == \
        ["b", "x", "y", "x", "y", "e"]
    assert session.invoke("1..3 | % -Begin { $t = 0 } -Process { $t += $_ } -End { $t }") == [6]


def test_foreach_object_runs_in_the_callers_scope(session):
    assert session.invoke("$null = 1..2 | ForEach-Object { $bar = 'bar' }; $bar") == ["bar"]


def test_foreach_object_member_name(session):
    assert session.invoke("'a.b' | ForEach-Object -MemberName Split -ArgumentList '.'") == \
        ["a", "b"]
    assert session.invoke("'abc', 'de' | ForEach-Object Length") == [3, 2]


def test_foreach_object_without_input_runs_once(session):
    assert session.invoke("ForEach-Object { 'once' }") == ["once"]


# ---------------------------------------------------------------- Where-Object

def test_where_object_script_block_and_simplified_syntax(session):
    assert session.invoke("1..6 | Where-Object { $_ % 2 -eq 0 }") == [2, 4, 6]
    assert session.invoke("1..6 | ? { $_ -gt 4 }") == [5, 6]
    session.invoke("$p = [pscustomobject]@{N='a';V=1}, [pscustomobject]@{N='b';V=2}")
    assert session.invoke("$p | Where-Object V -GT 1 | ForEach-Object N") == ["b"]
    assert session.invoke("$p | where N -in 'a','c' | % N") == ["a"]
    assert session.invoke("$p | Where-Object -Not N | % N") == []


# ---------------------------------------------------------------- Get-Member

def test_get_member_output_matches_powershell(session, host):
    text = run_text(session, host, "[pscustomobject]@{one=1;two=2} | Get-Member")
    assert text == (
        "\n   TypeName: System.Management.Automation.PSCustomObject\n\n"
        "Name        MemberType   Definition\n"
        "----        ----------   ----------\n"
        "Equals      Method       bool Equals(System.Object obj)\n"
        "GetHashCode Method       int GetHashCode()\n"
        "GetType     Method       type GetType()\n"
        "ToString    Method       string ToString()\n"
        "one         NoteProperty int one=1\n"
        "two         NoteProperty int two=2\n\n")


def test_get_member_filters_by_name_and_type(session):
    assert session.invoke("'x' | Get-Member -MemberType Property | % Name") == ["Length"]
    assert session.invoke("[pscustomobject]@{ab=1;b=2} | gm a* | % Name") == ["ab"]


# ---------------------------------------------------------------- commands and help

def test_get_command_table(session, host):
    text = run_text(session, host, "Get-Command Get-Help, gcm")
    assert text.splitlines() == [
        "",
        "CommandType     Name                                               Version    Source",
        "-----------     ----                                               -------    ------",
        "Cmdlet          Get-Help                                           7.5.0.0    "
        "Microsoft.PowerShell.Core",
        "Alias           gcm -> Get-Command",
        ""]


def test_get_command_filters(session):
    assert session.invoke("Get-Command -Verb Get -Noun Location | % Name") == ["Get-Location"]
    assert session.invoke("(Get-Command Where-Object).ParameterSets.Count") != [0]
    assert error_id(session, "Get-Command Nope-Nothing -ErrorAction Stop") == \
        "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand"


def test_get_help_shows_generated_syntax(session, host):
    text = run_text(session, host, "Get-Help Get-Alias")
    assert "\nSYNTAX\n    Get-Alias [[-Name] <String[]>]" in text
    assert 'To see the examples, type: "Get-Help Get-Alias -Examples"' in text
    text = run_text(session, host, "Get-Help ForEach-Object -Examples")
    assert "PS > 1..3 | ForEach-Object { $_ * 2 }" in text


# ---------------------------------------------------------------- variables and aliases

def test_variable_cmdlets(session):
    session.invoke("Set-Variable -Name v1 -Value 5")
    assert session.invoke("$v1") == [5]
    assert session.invoke("Get-Variable v1 -ValueOnly") == [5]
    assert session.invoke("(Get-Variable v1).Value") == [5]
    assert error_id(session, "New-Variable v1 6 -ErrorAction Stop") == \
        "VariableAlreadyExists,Microsoft.PowerShell.Commands.NewVariableCommand"
    session.invoke("Clear-Variable v1")
    assert session.invoke("$null -eq $v1") == [True]
    session.invoke("Remove-Variable v1")
    assert error_id(session, "Get-Variable v1 -ErrorAction Stop") == \
        "VariableNotFound,Microsoft.PowerShell.Commands.GetVariableCommand"


def test_alias_cmdlets(session):
    session.invoke("Set-Alias -Name say -Value Write-Output")
    assert session.invoke("say hi") == ["hi"]
    assert session.invoke("(Get-Alias say).Definition") == ["Write-Output"]
    assert "ForEach-Object" in session.invoke("Get-Alias % | % Definition")


# ---------------------------------------------------------------- modules, invoke, location

def test_modules(session):
    names = session.invoke("Get-Module | % Name")
    assert "Microsoft.PowerShell.Core" in names
    assert error_id(session, "Import-Module NoSuchModule -ErrorAction Stop") == \
        "Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand"


def test_invoke_cmdlets(session):
    assert session.invoke("Invoke-Expression '1 + 2'") == [3]
    assert session.invoke("iex '$a = 5'; $a") == [5]
    assert error_id(session, "Invoke-Expression '1 +'").endswith("ParseException")
    assert session.invoke("Invoke-Command { param($a) $a * 2 } -ArgumentList 21") == [42]
    [elapsed] = session.invoke("Measure-Command { Start-Sleep -Seconds 2 }")
    assert elapsed == _dt.timedelta(seconds=2)  # the deterministic session's virtual clock


def test_locations(session, tmp_path):
    session.invoke(f"Set-Location '{tmp_path}'")
    assert str(session.invoke("Get-Location")[0]) == str(tmp_path)
    assert session.invoke("Test-Path .") == [True]
    assert error_id(session, "Set-Location ./missing -ErrorAction Stop") == \
        "PathNotFound,Microsoft.PowerShell.Commands.SetLocationCommand"


# ---------------------------------------------------------------- binding errors as users see them

def test_binding_errors_show_in_the_concise_view(session, host):
    # On a later line of the input the concise view shows where (on line 1: one line).
    text = run_text(session, host, "$null\nGet-Command -Bogus 1")
    assert text.splitlines()[-3:] == [
        "   2 |  Get-Command -Bogus 1",
        "     |              ~~~~~~",     # the argument, not the whole command
        "     | A parameter cannot be found that matches parameter name 'Bogus'."]
    assert error_id(session, "Get-Member -MemberType Nope") == \
        "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.GetMemberCommand"


def test_advanced_function_binds_through_the_same_binder(session):
    session.invoke("function f { [CmdletBinding()] param([Parameter(Mandatory, "
                   "ValueFromPipelineByPropertyName)][string[]]$ComputerName) "
                   "process { \"saw $ComputerName\" } }")
    assert session.invoke("[pscustomobject]@{ ComputerName = 'h1' } | f") == ["saw h1"]
    assert error_id(session, "f -Nope 1") == "NamedParameterNotFound,f"


# ---------------------------------------------------------------- every example runs

@pytest.mark.parametrize("example", [
    pytest.param(example, id=f"{klass.metadata.name}-{i}")
    for klass in MODULE.cmdlets for i, example in enumerate(klass.metadata.examples)
    if "Hyper-V" not in example.code and "Get-VM" not in example.code
])
def test_every_example_runs(session, example, tmp_path):
    session.invoke(f"Set-Location '{tmp_path}'")
    try:
        session.invoke(example.code)
    except RuntimeException as exc:  # an example must not fail
        pytest.fail(f"{example.code}: {exc}")


# ---------------------------------------------------------------- script block fast path

@pytest.mark.parametrize("script, expected", [
    ("1..2 | % { $_; $_ * 10 } | % { \"[$_]\" }", ["[1]", "[10]", "[2]", "[20]"]),
    ("1..2 | % { $o = $_; 'a','b' | % { \"$o$_\" } }", ["1a", "1b", "2a", "2b"]),
    ("1..3 | % { if ($_ -eq 2) { return }; $_ }", [1, 3]),
    ("1..4 | ? { return $_ -gt 2 }", [3, 4]),
    ("1..3 | ? { $_ -gt 1 } | % { $PSItem * 2 }", [4, 6]),
    ("$_ = 'outer'; 1 | % { $_ }; $_", [1, "outer"]),
    ("1..2 | % -Process { param($x) \"$x/$_\" }", ["/1", "/2"]),
])
def test_foreach_and_where_blocks_see_their_own_dollar_under(session, script, expected):
    assert session.invoke(script) == expected


def test_script_block_arguments_are_evaluated_per_pipeline_object(session):
    session.invoke("function Show-Name { [CmdletBinding()] param([Parameter(Mandatory, "
                   "ValueFromPipelineByPropertyName)][string]$Name, [Parameter(ValueFromPipeline)]"
                   "$InputObject) process { \"<$Name>\" } }")
    assert session.invoke("'ab', 'cde' | Show-Name -Name { $_.ToUpper() }") == ["<AB>", "<CDE>"]
    assert error_id(session, "Show-Name -Name { 'x' }") == "ScriptBlockArgumentNoInput,Show-Name"


def test_test_path_filters(session, tmp_path):
    (tmp_path / "a.txt").write_text("x")
    root = str(tmp_path)
    assert session.invoke(f"Test-Path '{root}/*' -Filter *.txt") == [True]
    assert session.invoke(f"Test-Path '{root}/*' -Exclude *.txt") == [False]
    assert session.invoke(f"Test-Path '{root}/a.txt' -OlderThan '2000-01-01'") == [False]


def test_get_command_syntax_and_full_help(session, host):
    [syntax] = session.invoke("Get-Command Get-Alias -Syntax")
    assert syntax.splitlines()[1] == ("Get-Alias [[-Name] <String[]>] [-Exclude <String[]>] "
                                      "[-Scope <String>] [<CommonParameters>]")
    assert session.invoke("Get-Command gcm -Syntax") == ["Get-Command"]
    text = run_text(session, host, "Get-Help Get-Alias -Full")
    assert "\nPARAMETERS\n    -Name <String[]>\n" in text
    assert "        Accept pipeline input?       True (ByValue, ByPropertyName)\n" in text
    assert "    <CommonParameters>\n" in text


@cmdlet("Request", "Stop", dotnet_class="Test.RequestStop")
class RequestStopCommand(Cmdlet):
    """Asks the session to stop when it sees 3, then passes every object on."""

    input_object: Annotated[Any, Parameter(from_pipeline=True)] = None

    def process_record(self) -> None:
        if self.input_object == 3:
            self.session.stopping = True
        self.write_object(self.input_object)


def test_a_stop_request_reaches_direct_stages(session):
    session.register_module(ModuleSpec(name="StopTest", cmdlets=(RequestStopCommand,)))
    session.invoke("$global:seen = 0")
    try:
        with pytest.raises(PipelineStoppedException):
            session.invoke("1 | ForEach-Object { 1..5 } | Request-Stop | "
                           "Where-Object { $global:seen += 1; $true }")
    finally:
        session.stopping = False
    assert session.invoke("$global:seen") == [2]  # 3 never reached Where-Object


def test_common_parameters_still_apply_to_direct_stages(session):
    assert session.invoke("1..4 | Where-Object { $_ -gt 2 } -OutVariable kept | "
                          "ForEach-Object { $_ * 10 } -PipelineVariable last | "
                          "ForEach-Object { $last }") == [30, 40]
    assert session.invoke("$kept") == [3, 4]
