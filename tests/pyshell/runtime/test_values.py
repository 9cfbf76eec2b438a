"""The value classes: hashtables, typed ints, AutomationNull, collections, Version."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyshell.runtime.values import (
    AUTOMATION_NULL, Byte, Char, GenericDictionary, GenericHashSet, Hashtable, Int64,
    OrderedDictionary, Version, is_collection, is_null, iter_collection, make_integer,
    numeric_kind,
)
from pyshell.runtime.values import NumericKind as K


class TestHashtable:
    def test_keys_are_case_insensitive_and_keep_their_first_spelling(self) -> None:
        h = Hashtable(FirstName="James")
        h["FIRSTNAME"] = "John"
        assert h["firstname"] == "John"
        assert list(h) == ["FirstName"]
        assert "firstNAME" in h

    def test_insertion_order_and_plain_dict_views(self) -> None:
        h = Hashtable([("b", 1), ("a", 2)])
        assert list(h.items()) == [("b", 1), ("a", 2)]
        assert dict(h) == {"b": 1, "a": 2}
        assert json.dumps(h) == '{"b": 1, "a": 2}'

    def test_delete_pop_and_get(self) -> None:
        h = Hashtable(Key=1, Other=2)
        del h["KEY"]
        assert "key" not in h
        assert h.pop("OTHER") == 2
        assert h.get("missing", "d") == "d"
        with pytest.raises(KeyError):
            h["missing"]

    def test_copy_is_a_hashtable(self) -> None:
        h = Hashtable(a=1)
        clone = h.copy()
        assert isinstance(clone, Hashtable) and clone["A"] == 1 and clone is not h

    def test_ordered_dictionary_by_position(self) -> None:
        o = OrderedDictionary([("x", 10), ("y", 20)])
        assert o.value_at(1) == 20

    def test_generic_dictionary_is_case_sensitive(self) -> None:
        d = GenericDictionary()
        d["a"] = 1
        assert "A" not in d

    @given(st.lists(st.tuples(st.text(min_size=1, max_size=5), st.integers()), max_size=20))
    @settings(max_examples=60)
    def test_behaves_like_a_dict_of_folded_keys(self, pairs: list) -> None:
        h = Hashtable()
        model: dict = {}
        for key, value in pairs:
            h[key] = value
            model[key.upper()] = value
        assert len(h) == len(model)
        for key, value in model.items():
            assert h[key.upper()] == value


class TestNumbers:
    def test_plain_ints_are_int32_then_int64(self) -> None:
        assert numeric_kind(5) is K.Int32
        assert numeric_kind(2**31) is K.Int64
        assert numeric_kind(2**63) is K.BigInteger
        assert numeric_kind(True) is None
        assert numeric_kind(1.5) is K.Double

    def test_typed_ints_keep_their_type_and_range(self) -> None:
        assert numeric_kind(Int64(5)) is K.Int64
        assert numeric_kind(Byte(5)) is K.Byte
        with pytest.raises(OverflowError):
            Byte(256)

    def test_make_integer(self) -> None:
        assert type(make_integer(5, K.Int32)) is int
        assert isinstance(make_integer(5, K.Int64), Int64)

    def test_char(self) -> None:
        assert Char(65) == "A"
        with pytest.raises(ValueError):
            Char("ab")


class TestCollections:
    def test_what_enumerates(self) -> None:
        assert is_collection([1]) and is_collection((1,)) and is_collection(iter([]))
        assert not is_collection("abc")
        assert not is_collection(Hashtable())
        assert not is_collection(5)

    def test_iter_collection(self) -> None:
        assert list(iter_collection([1, 2])) == [1, 2]
        assert list(iter_collection(5)) == [5]
        assert list(iter_collection(AUTOMATION_NULL)) == []
        assert list(iter_collection(None)) == [None]

    def test_hashset_keeps_unique_items_in_order(self) -> None:
        s = GenericHashSet([3, 1, 3, 2])
        assert list(s) == [3, 1, 2]
        assert s.add(1) is False


def test_automation_null() -> None:
    assert not AUTOMATION_NULL
    assert is_null(AUTOMATION_NULL) and is_null(None) and not is_null(0)


def test_version() -> None:
    assert str(Version.parse("1.2.3")) == "1.2.3"
    assert Version.parse("1.2") < Version.parse("1.10")
    with pytest.raises(ValueError):
        Version.parse("1")
