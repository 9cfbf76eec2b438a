"""Parameters of the utility cmdlets beyond the common case, through the shell."""

from __future__ import annotations

import pytest


def values(session, script):
    return list(session.invoke(script))


def shown(session, host, script):
    mark = host.mark()
    session.run(script)
    return host.text_since(mark)


# ---------------------------------------------------------------- files

def test_out_file_append_and_encoding(session, tmp_path):
    target = tmp_path / "a.txt"
    session.invoke(f"'one' | Out-File '{target}'; 'two' | Out-File '{target}' -Append")
    assert target.read_text() == "one\ntwo\n"
    session.invoke(f"'x' | Out-File '{target}' -Encoding unicode")
    assert target.read_bytes() == b"\xff\xfex\x00\n\x00"


def test_export_and_import_csv(session, tmp_path):
    target = tmp_path / "a.csv"
    session.invoke(f"[pscustomobject]@{{Name='a'; N=1}},[pscustomobject]@{{Name='b'; N=2}} | "
                   f"Export-Csv '{target}'")
    assert target.read_text() == '"Name","N"\n"a","1"\n"b","2"\n'
    assert values(session, f"Import-Csv '{target}' | ForEach-Object {{ $_.Name + $_.N }}") == \
        ["a1", "b2"]


def test_tee_object_to_a_file(session, tmp_path):
    target = tmp_path / "t.txt"
    assert values(session, f"'a','b' | Tee-Object -FilePath '{target}'") == ["a", "b"]
    assert target.read_text() == "a\nb\n"


def test_select_string_in_files_with_context(session, tmp_path):
    (tmp_path / "f.txt").write_text("alpha\nbeta\ngamma\n")
    out = values(session, f"Select-String -Path '{tmp_path / 'f.txt'}' -Pattern beta "
                          "-Context 1 | ForEach-Object { $_.LineNumber }")
    assert out == [2]
    text = values(session, f"Select-String -Path '{tmp_path / 'f.txt'}' beta -Context 1 | "
                           "Out-String")[0]
    assert "> " in text and "f.txt:2:beta" in text and "f.txt:1:alpha" in text


def test_select_string_switches(session):
    assert values(session, "'a1','b2' | Select-String -Pattern '\\d' -NotMatch") == []
    assert values(session, "'a1','b2' | Select-String -Pattern 'b' -Quiet") == [True]
    assert values(session, "'A' | Select-String -Pattern 'a' -CaseSensitive") == []
    assert values(session, "'a.b' | Select-String -Pattern '.' -SimpleMatch -Raw") == ["a.b"]
    assert values(session, "'aaa' | Select-String a -AllMatches | ForEach-Object "
                           "{ $_.Matches.Count }") == [3]


# ---------------------------------------------------------------- objects

def test_sort_object_more(session):
    assert values(session, "5,1,4,2 | Sort-Object -Bottom 2") == [4, 5]
    assert values(session, "'b','B','a' | Sort-Object -CaseSensitive") == ["a", "b", "B"]
    assert values(session, "'b','B','a' | Sort-Object -Unique") == ["a", "b"]
    assert values(session, "-2, $null, 8, 1 | Sort-Object") == [-2, None, 1, 8]


def test_group_object_more(session):
    groups = values(session, "'a','b','a' | Group-Object -NoElement")
    assert [(g.name, g.count) for g in groups] == [("a", 2), ("b", 1)]
    table = values(session, "1,2,1 | Group-Object -AsHashTable -AsString")[0]
    assert sorted(table.keys()) == ["1", "2"]
    text = values(session, "'a','b','a' | Group-Object -NoElement | Out-String")[0]
    assert text.splitlines()[1:3] == ["Count Name", "----- ----"]


def test_measure_object_more(session):
    m = values(session, "1..5 | Measure-Object -AllStats")[0]
    assert m.standard_deviation == pytest.approx(1.5811388300841898)
    text = values(session, "1..5 | Measure-Object -AllStats | Out-String")[0]
    assert "StandardDeviation : 1.5811388300841898" in text
    strings = values(session, "'b','a','c' | Measure-Object -Maximum -Minimum")[0]
    assert (strings.maximum, strings.minimum) == ("c", "a")


def test_get_unique(session):
    assert values(session, "1,1,2,2,1 | Get-Unique") == [1, 2, 1]
    assert values(session, "'a','A' | Get-Unique -CaseInsensitive") == ["a"]


def test_compare_object_more(session):
    out = values(session, "Compare-Object @([pscustomobject]@{n=1}) @([pscustomobject]@{n=2}) "
                          "-Property n | ForEach-Object { '{0}{1}' -f $_.n, $_.SideIndicator }")
    assert out == ["2=>", "1<="]
    assert values(session, "Compare-Object 1,2 2,3 -ExcludeDifferent | ForEach-Object "
                           "{ $_.InputObject }") == [2]
    assert values(session, "Compare-Object 1 2 -PassThru | ForEach-Object "
                           "{ $_.SideIndicator }") == ["=>", "<="]


def test_join_string_more(session):
    assert values(session, "'a','b' | Join-String -SingleQuote -Separator ','") == ["'a','b'"]
    assert values(session, "'a','b' | Join-String -DoubleQuote -Separator ','") == ['"a","b"']
    assert values(session, "1,2 | Join-String -FormatString '[{0}]'") == ["[1][2]"]
    assert values(session, "[pscustomobject]@{n='x'},[pscustomobject]@{n='y'} | "
                           "Join-String -Property n -Separator '+'") == ["x+y"]


def test_add_member_kinds(session):
    out = values(session, "$o = [pscustomobject]@{a=2}; "
                          "$o | Add-Member -MemberType AliasProperty -Name b -Value a; "
                          "$o | Add-Member -MemberType ScriptProperty -Name c -Value { $this.a * 3 }; "
                          "$o | Add-Member -MemberType ScriptMethod -Name d -Value { $this.a + 1 }; "
                          "$o.b; $o.c; $o.d()")
    assert out == [2, 6, 3]
    out = values(session, "[pscustomobject]@{} | Add-Member -NotePropertyMembers @{x=1} "
                          "-TypeName My.Type -PassThru | ForEach-Object { $_.x; "
                          "$_.psobject.TypeNames[0] }")
    assert out == [1, "My.Type"]


# ---------------------------------------------------------------- conversion

def test_json_more(session):
    out = values(session, "'{\"a\":{\"b\":1}}' | ConvertFrom-Json -AsHashtable | "
                          "ForEach-Object { $_['a']['b'] }")
    assert out == [1]
    assert values(session, "1 | ConvertTo-Json -AsArray -Compress") == ["[1]"]
    assert values(session, "[pscustomobject]@{s=[System.DayOfWeek]::Monday} | "
                           "ConvertTo-Json -Compress -EnumsAsStrings") == ['{"s":"Monday"}']


def test_csv_more(session):
    out = values(session, "[pscustomobject]@{a='x,y';b=1} | ConvertTo-Csv -UseQuotes AsNeeded")
    assert out == ["a,b", '"x,y",1']
    out = values(session, "[pscustomobject]@{a=1;b=2} | ConvertTo-Csv -Delimiter ';' "
                          "-UseQuotes Never")
    assert out == ["a;b", "1;2"]
    back = values(session, "'1;2' | ConvertFrom-Csv -Delimiter ';' -Header x, y | "
                           "ForEach-Object { $_.y }")
    assert back == ["2"]


# ---------------------------------------------------------------- streams

def test_write_error_parameters(session):
    out = values(session, "try { Write-Error -Message m -ErrorId MyId -Category InvalidData "
                          "-TargetObject 5 -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; "
                          "$_.CategoryInfo.Category.ToString(); $_.TargetObject }")
    assert out == ["MyId", "InvalidData", 5]


def test_write_information_and_progress(session, host):
    assert "shown" in shown(session, host,
                            "Write-Information shown -InformationAction Continue")
    assert "hidden" not in shown(session, host, "Write-Information hidden")
    assert shown(session, host, "Write-Progress -Activity a -Status b") == ""
    assert "VERBOSE: v" in shown(session, host, "Write-Verbose v -Verbose")


def test_write_error_in_a_function_is_reported_against_the_function(session, host):
    out = values(session, "function g { Write-Error 'x' -ErrorAction Stop }; "
                          "try { g } catch { $_.FullyQualifiedErrorId }")
    assert out == ["Microsoft.PowerShell.Commands.WriteErrorException,g"]
    text = shown(session, host, "function h { Write-Error 'oops' }; h")
    assert text.splitlines()[0].startswith("h:")
