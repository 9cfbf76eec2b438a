""".NET formatting: composite `-f`, standard and custom numeric formats, DateTime and
TimeSpan formats, the default text of doubles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pyshell.runtime.conversion import dotnet_string
from pyshell.runtime.dotnet_format import (
    FormatStringError, composite_format, format_datetime, format_double, format_number,
    format_single, format_timespan,
)
from pyshell.runtime.values import Int64, Single


def fmt(template: str, *args: object) -> str:
    return composite_format(template, list(args), dotnet_string)


class TestComposite:
    def test_alignment_and_format(self) -> None:
        assert fmt("{0,5:0.00}", 5) == " 5.00"
        assert fmt("[{0,-6}]", "ab") == "[ab    ]"
        assert fmt("{0} vs. {{0}}", "foo") == "foo vs. {0}"

    def test_arguments_use_dotnet_tostring(self) -> None:
        assert fmt("{0}|{1}|{2}", None, True, [1, 2]) == "|True|System.Object[]"

    def test_errors(self) -> None:
        with pytest.raises(FormatStringError, match="Index"):
            fmt("{1}", 1)
        with pytest.raises(FormatStringError):
            fmt("{0", 1)
        with pytest.raises(FormatStringError):
            fmt("}", 1)


class TestStandardNumeric:
    @pytest.mark.parametrize("value, spec, text", [
        (123455, "x8", "0001e23f"), (255, "X", "FF"), (-1, "X", "FFFFFFFF"),
        (Int64(-1), "X", "FFFFFFFFFFFFFFFF"), (42, "D5", "00042"), (-42, "D5", "-00042"),
        (1234.5678, "N2", "1,234.57"), (1234.5678, "N0", "1,235"), (1234567, "N", "1,234,567.00"),
        (0.5, "P", "50.00%"), (0.1234, "P1", "12.3%"), (2.5, "F0", "3"), (0.125, "F2", "0.13"),
        (1.005, "F2", "1.00"), (3, "F", "3.00"), (1234.5, "C", "$1,234.50"),
        (-1234.5, "C", "-$1,234.50"), (1234.5678, "E", "1.234568E+003"),
        (1234.5678, "e2", "1.23e+003"), (1234.5678, "G3", "1.23E+03"), (0.5, "G", "0.5"),
        (Decimal("1.50"), "G", "1.50"), (0.1 + 0.2, "R", "0.30000000000000004"),
    ])
    def test_formats(self, value: object, spec: str, text: str) -> None:
        assert format_number(value, spec) == text

    def test_d_on_a_double_is_invalid(self) -> None:
        with pytest.raises(FormatStringError):
            format_number(1.5, "D")


class TestCustomNumeric:
    @pytest.mark.parametrize("value, spec, text", [
        (5, "0.00", "5.00"), (1234567.891, "#,##0.00", "1,234,567.89"), (5, "000", "005"),
        (3.14159, "#.##", "3.14"), (0.5, "0%", "50%"), (1234, "#,##0", "1,234"),
        (0, "#.##", ""), (-5.5, "0.0", "-5.5"), (12345, "0.0e+00", "1.2e+04"),
        (1500000, "#,##0,,", "2"), (5, "0.0;(0.0)", "5.0"), (-5, "0.0;(0.0)", "(5.0)"),
        (0, "0.0;(0.0);zero", "zero"), (42, "'#'0", "#42"), (7, r"\#0", "#7"),
        (1.5, "0.###", "1.5"), (1.005, "0.00", "1.01"), (2.25, "0.0", "2.3"),
    ])
    def test_formats(self, value: object, spec: str, text: str) -> None:
        assert format_number(value, spec) == text


class TestDefaultDoubleText:
    @pytest.mark.parametrize("value, text", [
        (0.1 + 0.2, "0.30000000000000004"), (1e20, "1E+20"), (1e15, "1E+15"),
        (123456789012345.0, "123456789012345"), (1e-7, "1E-07"), (0.0001, "0.0001"),
        (-0.0, "-0"), (float("inf"), "∞"), (2.5e-300, "2.5E-300"),
    ])
    def test_double(self, value: float, text: str) -> None:
        assert format_double(value) == text

    def test_single(self) -> None:
        assert format_single(Single(0.1)) == "0.1"
        assert format_single(Single(3.14159)) == "3.14159"
        assert format_single(Single(1e7)) == "1E+07"


class TestDateTime:
    moment = dt.datetime(2022, 11, 23, 9, 5, 3, 120000)

    @pytest.mark.parametrize("spec, text", [
        ("yyyy-MM-dd HH:mm:ss", "2022-11-23 09:05:03"), ("d", "11/23/2022"),
        ("s", "2022-11-23T09:05:03"), ("o", "2022-11-23T09:05:03.1200000"),
        ("U", "Wednesday, 23 November 2022 09:05:03"), ("D", "Wednesday, 23 November 2022"),
        ("dddd MMM d, yy h:mm tt", "Wednesday Nov 23, 22 9:05 AM"), ("fff", "120"),
        ("FFFF", "12"), ("HH'h'mm", "09h05"), (r"HH\:mm", "09:05"), ("t", "09:05"),
        ("M", "November 23"), ("y", "2022 November"),
    ])
    def test_formats(self, spec: str, text: str) -> None:
        assert format_datetime(self.moment, spec) == text

    def test_default(self) -> None:
        assert format_datetime(self.moment) == "11/23/2022 09:05:03"

    def test_utc_offset(self) -> None:
        aware = dt.datetime(2022, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
        assert format_datetime(aware, "zzz") == "-05:00"
        assert format_datetime(aware, "o").endswith("-05:00")


class TestTimeSpan:
    @pytest.mark.parametrize("span, spec, text", [
        (dt.timedelta(days=1, hours=2, seconds=3.5), None, "1.02:00:03.5000000"),
        (dt.timedelta(minutes=90), None, "01:30:00"), (-dt.timedelta(seconds=5), None, "-00:00:05"),
        (dt.timedelta(minutes=90), r"hh\:mm\:ss", "01:30:00"),
        (dt.timedelta(seconds=5.25), "g", "0:00:05.25"),
        (dt.timedelta(days=2, hours=3), "G", "2:03:00:00.0000000"),
        (dt.timedelta(hours=26), "%d", "1"), (dt.timedelta(minutes=3), "mm' min'", "03 min"),
    ])
    def test_formats(self, span: dt.timedelta, spec: str, text: str) -> None:
        assert format_timespan(span, spec) == text

    def test_unescaped_literal_is_an_error(self) -> None:
        with pytest.raises(FormatStringError):
            format_timespan(dt.timedelta(0), "hh:mm")


# --------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(0, 6))
@settings(max_examples=100)
def test_fixed_point_agrees_with_python_except_on_exact_ties(value: float, places: int) -> None:
    exact = Decimal(value).scaleb(places)
    if exact - exact.to_integral_value(rounding="ROUND_FLOOR") == Decimal("0.5"):
        return  # .NET rounds exact ties away from zero, Python to even
    # Both keep the sign of a negative value that rounds to zero ("-0.00").
    assert format_number(value, f"F{places}") == format(value, f".{places}f")


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=30))
@settings(max_examples=60)
def test_text_without_placeholders_is_unchanged(text: str) -> None:
    assert fmt(text) == text
    assert fmt(text.replace("x", "{{x}}")) == text.replace("x", "{x}")


@given(st.integers(-2**31, 2**31 - 1))
@settings(max_examples=60)
def test_group_separators_match_python(number: int) -> None:
    assert format_number(number, "N0") == f"{number:,}"
    assert format_number(number, "D") == str(number)
