"""Assigning a value a type-constrained variable cannot take: PowerShell's
ArgumentTransformationMetadataException, FullyQualifiedErrorId RuntimeException."""

from __future__ import annotations

import pytest

ERROR = ("try { %s } catch { $_.FullyQualifiedErrorId; \"$($_.CategoryInfo.Category)\"; "
         "$_.Exception.GetType().Name }")
EXPECTED = ["RuntimeException", "MetadataError", "ArgumentTransformationMetadataException"]


def test_a_later_assignment_converts_or_fails_with_a_metadata_error(session):
    assert session.invoke('[int]$n = 8; $n = "12345"; $n') == [12345]
    assert session.invoke(ERROR % '$n = "Hello"') == EXPECTED
    assert session.invoke("$n") == [12345]  # the variable keeps its value


@pytest.mark.parametrize("statement", [
    "[int]$m = 'Hello'",
    "[datetime]$d = '2020-01-01'; $d = 'not a date'",
    "[int]$script:s = 1; $script:s = 'bad'",
    "[int]$a = 1; $a, $b = 'x', 'y'",
    "[int[]]$arr = 1, 2; $arr = 'a', 'b'",
])
def test_every_assignment_form_gives_the_same_error(session, statement):
    assert session.invoke(ERROR % statement) == EXPECTED


def test_a_typed_parameter_variable_is_constrained_too(session):
    out = session.invoke("function f([int]$p) { " + ERROR % "$p = 'bad'" + " }; f 1")
    assert out == EXPECTED


def test_the_message_is_the_conversion_message(session):
    [message] = session.invoke("[int]$n = 1; try { $n = 'Hello' } catch { $_.Exception.Message }")
    assert message.startswith('Cannot convert value "Hello" to type "System.Int32".')
