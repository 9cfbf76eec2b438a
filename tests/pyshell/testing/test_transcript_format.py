"""The *.pstest format of design.md §6: reading, matching, diffs and update mode."""

from __future__ import annotations

from hypothesis import given, strategies as st

from pyshell.testing.transcript_format import (
    align, block_matches, first_mismatch, line_matches, normalize_block, parse_transcript,
    render_diff, update_transcript,
)

SAMPLE = """\
# Lines before the first prompt are comments.
# So is this one.
PS> $vm = New-VM -Name web1 -Generation 2
PS> Get-VM web1 | Select-Object Name, State,
>>     Generation

Name State Generation
---- ----- ----------
web1   Off          2

PS> Write-Output 'done'
done
"""


def test_lines_before_the_first_prompt_are_comments():
    t = parse_transcript(SAMPLE, "sample.pstest")
    assert t.comments == ("# Lines before the first prompt are comments.", "# So is this one.")
    assert [e.line for e in t.entries] == [3, 4, 11]


def test_continuation_lines_join_the_command_with_newlines():
    t = parse_transcript(SAMPLE)
    assert t.entries[1].command == "Get-VM web1 | Select-Object Name, State,\n    Generation"
    assert t.entries[0].command == "$vm = New-VM -Name web1 -Generation 2"


def test_expected_output_runs_to_the_next_prompt_without_outer_blank_lines():
    t = parse_transcript(SAMPLE)
    assert t.entries[0].expected == []
    assert t.entries[1].expected == ["Name State Generation", "---- ----- ----------",
                                     "web1   Off          2"]
    assert t.entries[2].expected == ["done"]


def test_a_continuation_marker_after_output_is_output():
    t = parse_transcript("PS> a\nout\n>> not a continuation\n")
    assert t.entries[0].command == "a"
    assert t.entries[0].expected == ["out", ">> not a continuation"]


def test_a_bare_prompt_is_an_empty_command():
    t = parse_transcript("PS>\nPS> b\n")
    assert [e.command for e in t.entries] == ["", "b"]


def test_crlf_files_read_like_lf_files():
    assert parse_transcript(SAMPLE.replace("\n", "\r\n")) == parse_transcript(SAMPLE)


def test_no_prompt_means_no_entries():
    t = parse_transcript("# only a comment\n")
    assert t.entries == () and t.comments == ("# only a comment",)


def test_trailing_white_space_and_outer_blank_lines_are_insignificant():
    assert normalize_block(["", "  ", "a  ", "", "b\t", "", ""]) == ["a", "", "b"]
    assert block_matches(["a", "b"], "\n\na   \nb\n\n\n")


def test_blank_lines_inside_a_block_are_significant():
    assert not block_matches(["a", "b"], "a\n\nb\n")
    assert not block_matches(["a", "", "b"], "a\nb\n")
    assert block_matches(["a", "", "b"], "a\n\nb\n")


def test_a_re_line_fullmatches_the_actual_line():
    assert line_matches(r"Id : [0-9a-f]{4} (re)", "Id : 3fa9")
    assert not line_matches(r"Id : [0-9a-f]{4} (re)", "Id : 3fa9x")  # fullmatch, not search
    assert not line_matches(r"Id : [0-9a-f]{4} (re)", "xId : 3fa9")


def test_a_line_without_the_suffix_is_literal():
    assert not line_matches(r"a.c", "abc")
    assert line_matches("a.c", "a.c")


def test_a_re_line_also_matches_itself_literally_and_a_broken_pattern_is_no_error():
    assert line_matches("([ (re)", "([ (re)")
    assert not line_matches("([ (re)", "([")


def test_the_suffix_needs_its_leading_space():
    assert not line_matches("a.c(re)", "abc")


def test_first_mismatch_names_the_first_differing_entry():
    t = parse_transcript(SAMPLE)
    table = "\nName State Generation\n---- ----- ----------\nweb1   Off          2\n\n"
    assert first_mismatch(t, ["", table, "done\n"]) is None
    assert first_mismatch(t, ["", table, "oops\n"]) == 2
    assert first_mismatch(t, ["x\n", table, "oops\n"]) == 0


def test_diff_names_the_file_the_line_and_the_command():
    t = parse_transcript(SAMPLE, "tests/x.pstest")
    table = "\nName State Generation\n---- ----- ----------\nweb1   Off          2\n\n"
    diff = render_diff(t, ["", table, "oops\n"])
    first = diff.splitlines()[0]
    assert first.startswith("tests/x.pstest:11:")
    assert "PS> Write-Output 'done'" in first
    assert "--- tests/x.pstest (expected)" in diff
    assert "+++ tests/x.pstest (actual)" in diff
    assert "-done" in diff.splitlines() and "+oops" in diff.splitlines()


def test_diff_is_empty_when_everything_matches():
    t = parse_transcript("PS> a\nb\n")
    assert render_diff(t, ["b\n"]) == ""


def test_diff_does_not_flag_lines_a_regex_accepted():
    t = parse_transcript("PS> a\nid [0-9]+ (re)\nname x\n")
    diff = render_diff(t, ["id 42\nname y\n"])
    lines = diff.splitlines()
    assert "-name x" in lines and "+name y" in lines
    assert not any(line.startswith(("+id", "-id")) for line in lines)


def test_alignment_pairs_a_regex_line_across_an_inserted_line():
    pairs = align(["a", r"\d+ (re)", "c"], ["a", "extra", "42", "c"])
    assert (1, 2) in pairs and (None, 1) in pairs


def test_update_rewrites_only_differing_blocks_and_keeps_comments_and_commands():
    text = "# head\nPS> one\n1   \nPS> two\n>> more\n2\n"
    t = parse_transcript(text)
    updated = update_transcript(t, ["1\n", "3\n"])
    assert updated == "# head\nPS> one\n1   \nPS> two\n>> more\n3\n"


def test_update_keeps_regex_lines_that_still_match():
    t = parse_transcript("PS> a\nid [0-9]+ (re)\nname x\n")
    assert update_transcript(t, ["id 7\nname y\n"]) == "PS> a\nid [0-9]+ (re)\nname y\n"


def test_update_replaces_regex_lines_that_no_longer_match():
    t = parse_transcript("PS> a\nid [0-9]+ (re)\n")
    assert update_transcript(t, ["id seven\n"]) == "PS> a\nid seven\n"


def test_update_writes_the_console_text_with_its_blank_lines():
    t = parse_transcript("PS> a\nold\nPS> b\n")
    updated = update_transcript(t, ["\nName\n----\nx\n\n", ""])
    assert updated == "PS> a\n\nName\n----\nx\n\nPS> b\n"
    # and the result reads back to the same expectations
    again = parse_transcript(updated)
    assert first_mismatch(again, ["\nName\n----\nx\n\n", ""]) is None


def test_update_of_a_matching_transcript_is_the_same_text():
    assert update_transcript(parse_transcript(SAMPLE), [
        "", "\nName State Generation\n---- ----- ----------\nweb1   Off          2\n\n",
        "done\n"]) == SAMPLE


_line = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=12)


@given(st.lists(_line, max_size=8))
def test_updating_with_any_output_gives_a_transcript_that_expects_it(lines):
    actual = "\n".join(lines) + "\n"
    t = parse_transcript("PS> cmd\nsomething else\n")
    if any(line.startswith("PS>") or line.rstrip() == "PS>" for line in lines):
        return  # output that looks like a prompt cannot be written as expected output
    again = parse_transcript(update_transcript(t, [actual]))
    assert first_mismatch(again, [actual]) is None


def test_update_keeps_output_that_looks_like_a_continuation_as_output():
    t = parse_transcript("PS> cmd\nold\n")
    updated = update_transcript(t, [">> 5\n"])
    assert parse_transcript(updated).entries[0].command == "cmd"
    assert parse_transcript(updated).entries[0].expected == [">> 5"]


def test_leading_white_space_is_significant():
    assert not block_matches(["  a"], "a\n")
