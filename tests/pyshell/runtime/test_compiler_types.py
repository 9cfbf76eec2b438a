"""Script classes and enums (about_Classes, about_Enum)."""

from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from _language import Shell  # noqa: E402

PERSON = ("class Person { [string]$Name = 'anon'; [int]$Age; Person() {} "
          "Person([string]$n) { $this.Name = $n } "
          "[string] Greet([int]$times) { 'not output'; return \"hi $($this.Name);\" * $times } "
          "static [int] Twice($v) { return $v * 2 } }; ")


@pytest.fixture
def ps() -> Shell:
    return Shell()


def test_properties_defaults_and_constructors(ps):
    assert ps(PERSON + "$p = [Person]::new(); $p.Name; $p.Age; [Person]::new('bob').Name") == \
        ["anon", 0, "bob"]


def test_methods_return_only_their_return_value(ps):
    assert ps(PERSON + "[Person]::new('al').Greet(2)") == ["hi al;hi al;"]


def test_static_methods_and_type_tests(ps):
    assert ps(PERSON + "[Person]::Twice(4); [Person]::new() -is [Person]") == [8, True]


def test_hashtable_conversion_sets_properties_and_types(ps):
    assert ps(PERSON + "$p = [Person]@{Name = 'h'; Age = '7'}; $p.Age.GetType().Name; $p.Name") \
        == ["Int32", "h"]


def test_instances_compare_by_reference(ps):
    assert ps(PERSON + "$a = [Person]@{Age = 1}; $b = [Person]@{Age = 1}; $a -eq $b; $a -eq $a") \
        == [False, True]


def test_inheritance_and_overrides(ps):
    assert ps("class A { [string] Who() { return 'A' } }; class B : A { [string] Who() "
              "{ return 'B' } }; [B]::new().Who(); [B]::new() -is [A]") == ["B", True]


def test_classes_are_usable_before_their_definition(ps):
    assert ps("[Later]::new().V; class Later { [int]$V = 3 }") == [3]


def test_wrong_constructor_argument_count_is_an_error(ps):
    with pytest.raises(Exception) as info:
        ps(PERSON + "[Person]::new(1, 2, 3)")
    assert 'Cannot find an overload for "new"' in str(info.value)


def test_enums(ps):
    assert ps("enum Color { Red; Green = 5; Blue }; [int][Color]::Blue; "
              "([Color]'green').ToString(); \"$([Color]::Red)\"") == [6, "Green", "Red"]
