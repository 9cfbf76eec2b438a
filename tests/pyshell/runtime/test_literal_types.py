"""Number literals keep the .NET type their suffix or size gives them."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("literal, type_name", [
    ("5", "Int32"), ("5L", "Int64"), ("0x10L", "Int64"), ("10uy", "Byte"), ("5s", "Int16"),
    ("7ul", "UInt64"), ("5n", "BigInteger"), ("1GB", "Int32"), ("4GB", "Int64"),
    ("3000000000", "Int64"), ("1.5", "Double"), ("1d", "Decimal"),
])
def test_literal_types(session, literal, type_name):
    assert session.invoke(f"({literal}).GetType().Name") == [type_name]


def test_long_arithmetic_stays_long(session):
    assert session.invoke("(5L + 1).GetType().Name; (5L * 2).GetType().Name") == ["Int64", "Int64"]


def test_error_is_an_array_list_that_clears(session):
    session.invoke("Write-Error x -ErrorAction SilentlyContinue")
    assert session.invoke("$Error.Count; $Error.Clear(); $Error.Count; $Error.GetType().Name") \
        == [1, 0, "ArrayList"]


def test_an_object_without_properties_is_an_empty_string(session):
    assert session.invoke("\"[$([pscustomobject]@{})]\"; \"[$([pscustomobject]@{a=1})]\"") \
        == ["[]", "[@{a=1}]"]


def test_ranges_with_any_numeric_ends_stream(session):
    # A double end streams too (1e9 would not fit in memory as an array).
    assert session.invoke("1..1e9 | Select-Object -First 2") == [1, 2]
    assert session.invoke("foreach ($i in 1..2.5) { $i }") == [1, 2]
    assert session.invoke("5L..3 | ForEach-Object { $_ }") == [5, 4, 3]


def test_allow_null_lets_a_mandatory_parameter_take_null(session):
    assert session.invoke("function f { param([Parameter(Mandatory)][AllowNull()]$x) "
                          "\"[$x]\" }; f -x $null") == ["[]"]
    assert session.invoke("$null | Write-Output | ForEach-Object { 'seen' }") == ["seen"]
    from pyshell.runtime.errors import RuntimeException
    import pytest as _pytest
    with _pytest.raises(RuntimeException) as caught:
        session.invoke("function g { param([Parameter(Mandatory)]$x) $x }; g -x $null")
    assert caught.value.error_record.error_id == "ParameterArgumentValidationErrorNullNotAllowed"


def test_host_variable_describes_the_console_host(session):
    assert session.invoke("$Host.Name; $Host.Version.Major; $Host.UI.RawUI.WindowSize.Width") \
        == ["ConsoleHost", 7, 120]
