""".NET regular expressions and PowerShell wildcards, the engines under -match, -replace,
-split, -like and every wildcard parameter."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyshell.runtime.errors import RuntimeException, WildcardPatternException
from pyshell.runtime.regex import (
    Regex, RegexOptions, expand_replacement, matches_table, parse_options, translate_pattern,
)
from pyshell.runtime.wildcard import (
    WildcardPattern, escape_wildcards, has_wildcards, unescape_wildcards, wildcard_match,
)


class TestTranslation:
    def test_named_groups_and_back_references(self) -> None:
        assert translate_pattern(r"(?<year>\d{4})-\k<year>")[0] == r"(?P<year>\d{4})-(?P=year)"
        assert translate_pattern(r"(?'w'\w+)")[0] == r"(?P<w>\w+)"

    def test_lookbehind_is_untouched(self) -> None:
        assert translate_pattern(r"(?<=a)b(?<!c)")[0] == r"(?<=a)b(?<!c)"

    def test_dash_after_a_class_shorthand_is_literal(self) -> None:
        assert Regex(r"^[\w-.]+$").is_match("a-b.c")

    def test_end_anchors(self) -> None:
        assert Regex(r"a\Z").is_match("a\n")
        assert not Regex(r"a\z").is_match("a\n")

    def test_inline_options_anywhere(self) -> None:
        assert Regex(r"a(?i)B").is_match("ab")

    def test_unicode_categories(self) -> None:
        assert Regex(r"^\p{Lu}\p{L}+$").is_match("Hello")
        assert not Regex(r"^\p{Lu}").is_match("hello")

    def test_group_numbering_puts_named_groups_last(self) -> None:
        match = Regex(r"(?<n>a)(b)").match("ab")
        assert [(g.name, g.value) for g in match.groups] == [("0", "ab"), ("1", "b"),
                                                              ("n", "a")]

    def test_invalid_pattern(self) -> None:
        with pytest.raises(RuntimeException, match="is not valid"):
            Regex("(unclosed")


class TestMatches:
    def test_matches_table_has_successful_groups(self) -> None:
        table = matches_table(Regex(r"(?<key>\w+)=(\d+)?").match("x="))
        assert table[0] == "x=" and table["key"] == "x" and 1 not in table

    def test_options(self) -> None:
        assert parse_options("IgnoreCase, Multiline") == (RegexOptions.IgnoreCase
                                                          | RegexOptions.Multiline)
        assert Regex("^b", "Multiline").is_match("a\nb")
        assert not Regex("B").is_match("b")
        assert Regex("B", RegexOptions.IgnoreCase).is_match("b")


class TestReplacement:
    @pytest.mark.parametrize("replacement, expected", [
        ("$1", "b"), ("${n}", "a"), ("$0", "ab"), ("$&", "ab"), ("$$", "$"), ("$`", "<"),
        ("$'", ">"), ("$+", "a"), ("$_", "<ab>"), ("$9", "$9"), ("x$1x", "xbx"),
    ])
    def test_substitutions(self, replacement: str, expected: str) -> None:
        match = Regex(r"(?<n>a)(b)").match("<ab>")
        assert expand_replacement(replacement, match, "<ab>") == expected

    def test_split_keeps_captures_and_counts(self) -> None:
        assert Regex(",").split("a,b,c", 2) == ["a", "b,c"]
        assert Regex("(,)").split("a,b") == ["a", ",", "b"]


class TestWildcards:
    @pytest.mark.parametrize("text, pattern, expected", [
        ("web1", "web*", True), ("WEB1", "web?", True), ("web12", "web?", False),
        ("b", "[abc]", True), ("d", "[a-c]", False), ("x]", "x`]", True),
        ("a*b", "a`*b", True), ("axb", "a`*b", False), ("", "*", True), ("abc", "a*c*", True),
    ])
    def test_matching(self, text: str, pattern: str, expected: bool) -> None:
        assert wildcard_match(text, pattern) is expected

    def test_case_sensitivity(self) -> None:
        assert WildcardPattern("A*").is_match("abc")
        assert not WildcardPattern("A*", case_sensitive=True).is_match("abc")

    def test_invalid_bracket(self) -> None:
        with pytest.raises(WildcardPatternException,
                           match="The specified wildcard character pattern is not valid: a\\["):
            wildcard_match("a", "a[")

    def test_has_wildcards(self) -> None:
        assert has_wildcards("web*") and has_wildcards("a[bc]")
        assert not has_wildcards("plain") and not has_wildcards("a`*b")

    @given(st.text(max_size=20))
    @settings(max_examples=80)
    def test_an_escaped_text_matches_only_itself(self, text: str) -> None:
        pattern = escape_wildcards(text)
        assert wildcard_match(text, pattern, case_sensitive=True)
        assert unescape_wildcards(pattern) == text
        assert not has_wildcards(pattern)

    @given(st.text(alphabet="ab*?", max_size=8), st.text(alphabet="ab", max_size=8))
    @settings(max_examples=80)
    def test_agrees_with_fnmatch_on_simple_patterns(self, pattern: str, text: str) -> None:
        import fnmatch
        assert wildcard_match(text, pattern, case_sensitive=True) == bool(
            re.fullmatch(fnmatch.translate(pattern), text, re.S))
