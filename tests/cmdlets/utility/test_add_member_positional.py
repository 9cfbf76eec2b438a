"""Add-Member's positional forms: `Add-Member NoteProperty b 2` is -MemberType -Name -Value
(a member type name is no -NotePropertyName), `Add-Member b 2` is a note property."""

from __future__ import annotations

import pytest

from pyshell.runtime.errors import RuntimeException


def test_member_type_name_and_value_by_position(session):
    out = session.invoke("$o = [pscustomobject]@{a=1}; "
                         "Add-Member -InputObject $o NoteProperty b 2; $o.b")
    assert out == [2]


def test_member_type_name_and_value_by_position_with_piped_object(session):
    out = session.invoke("$o = [pscustomobject]@{a=1}; $o | Add-Member NoteProperty c 3; "
                         "$o | Add-Member noteproperty d 4 -PassThru | ForEach-Object d; $o.c")
    assert out == [4, 3]


def test_script_property_by_position(session):
    out = session.invoke("[pscustomobject]@{a=2} | "
                         "Add-Member ScriptProperty twice { $this.a * 2 } -PassThru | "
                         "ForEach-Object twice")
    assert out == [4]


def test_name_and_value_by_position_is_a_note_property(session):
    out = session.invoke("[pscustomobject]@{a=1} | Add-Member x 5 -PassThru | ForEach-Object x")
    assert out == [5]
    out = session.invoke("[pscustomobject]@{a=1} | Add-Member @{y=6} -PassThru | "
                         "ForEach-Object y")
    assert out == [6]


def test_member_type_name_as_note_property_name_is_refused(session):
    with pytest.raises(RuntimeException) as info:
        session.invoke("[pscustomobject]@{a=1} | Add-Member -NotePropertyName NoteProperty "
                       "-NotePropertyValue 1 -ErrorAction Stop")
    assert info.value.error_record.fully_qualified_error_id.startswith(
        "ParameterArgumentValidationError,")
