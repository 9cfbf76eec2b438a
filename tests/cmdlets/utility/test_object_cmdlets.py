"""Select-Object, Sort-Object, Group-Object, Measure-Object, Compare-Object and friends."""

from __future__ import annotations


def values(session, script):
    return list(session.invoke(script))


def test_select_object_properties_and_type_name(session):
    out = values(session, "[pscustomobject]@{a=1;b=2;c=3} | Select-Object a, c*")
    obj = out[0]
    assert [m.name for m in obj.members] == ["a", "c"]
    assert obj.type_names[0] == "Selected.System.Management.Automation.PSCustomObject"


def test_select_object_calculated_and_missing_properties(session):
    out = values(session, "1 | Select-Object @{n='Twice';e={$_ * 2}}, Nope")
    assert out[0].member("Twice").value == 2 and out[0].member("Nope").value is None


def test_select_object_positions(session):
    assert values(session, "1..10 | Select-Object -First 2 -Skip 1") == [2, 3]
    assert values(session, "1..10 | Select-Object -Last 2") == [9, 10]
    assert values(session, "1..5 | Select-Object -SkipLast 3") == [1, 2]
    assert values(session, "0..10 | Select-Object -Index 1, 3") == [1, 3]
    assert values(session, "'a','b','a','A' | Select-Object -Unique") == ["a", "b", "A"]


def test_select_object_expand_property(session):
    assert values(session, "[pscustomobject]@{L=1,2,3} | Select-Object -ExpandProperty L") == \
        [1, 2, 3]


def test_sort_object(session):
    assert values(session, "3,1,2 | Sort-Object") == [1, 2, 3]
    assert values(session, "3,1,2 | Sort-Object -Descending") == [3, 2, 1]
    assert values(session, "'b','A','c' | Sort-Object") == ["A", "b", "c"]
    assert values(session, "1..20 | Sort-Object {$_ % 3} -Stable -Unique") == [3, 1, 2]
    assert values(session, "5,1,4,2 | Sort-Object -Top 2") == [1, 2]
    out = values(session, "@{n='a';w=7},@{n='b';w=1} | Sort-Object -Property "
                          "@{Expression='w'; Descending=$true} | ForEach-Object { $_.n }")
    assert out == ["a", "b"]


def test_group_object(session):
    groups = values(session, "'a','b','a' | Group-Object")
    assert [(g.name, g.count) for g in groups] == [("a", 2), ("b", 1)]
    table = values(session, "1..6 | Group-Object { $_ % 2 } -AsHashTable")[0]
    assert len(table[0]) == 3


def test_measure_object(session):
    m = values(session, "1..5 | Measure-Object -Sum -Average -Maximum -Minimum")[0]
    assert (m.count, m.sum, m.average, m.maximum, m.minimum) == (5, 15, 3, 5, 1)
    t = values(session, "'one two','three' | Measure-Object -Word -Line -Character")[0]
    assert (t.lines, t.words, t.characters) == (2, 3, 12)


def test_compare_object(session):
    out = values(session, "Compare-Object 'a','b' 'b','c' | ForEach-Object "
                          "{ '{0}{1}' -f $_.InputObject, $_.SideIndicator }")
    assert out == ["c=>", "a<="]


def test_join_string_and_json(session):
    assert values(session, "1..3 | Join-String -Separator '-' -OutputPrefix '['") == ["[1-2-3"]
    assert values(session, "[pscustomobject]@{a=1} | ConvertTo-Json -Compress") == ['{"a":1}']
    out = values(session, "'[{\"a\":1},{\"a\":2}]' | ConvertFrom-Json | ForEach-Object { $_.a }")
    assert out == [1, 2]


def test_csv_round_trip(session):
    out = values(session, "[pscustomobject]@{First=1;Second=2} | ConvertTo-Csv")
    assert out == ['"First","Second"', '"1","2"']
    back = values(session, "'\"a\",\"b\"','\"1\",\"2\"' | ConvertFrom-Csv | ForEach-Object { $_.b }")
    assert back == ["2"]


def test_add_member_and_tee(session):
    out = values(session, "$o = [pscustomobject]@{a=1}; $o | Add-Member -NotePropertyName b "
                          "-NotePropertyValue 2; $o.b")
    assert out == [2]
    assert values(session, "1,2 | Tee-Object -Variable t | Out-Null; $t.Count") == [2]


def test_write_cmdlets(session, host):
    assert values(session, "Write-Output 1,2 -NoEnumerate | ForEach-Object { $_.Count }") == [2]
    mark = host.mark()
    session.run("Write-Host a b -Separator ','; Write-Warning 'careful'")
    text = host.text_since(mark)
    assert "a,b" in text and "WARNING: careful" in text
    out = values(session, "try { Write-Error 'x' -ErrorAction Stop } catch "
                          "{ $_.FullyQualifiedErrorId }")
    assert out == ["Microsoft.PowerShell.Commands.WriteErrorException"]
