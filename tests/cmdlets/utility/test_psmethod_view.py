"""A method named without parentheses prints PowerShell's OverloadDefinitions table."""

from __future__ import annotations


def shown(session, host, script: str) -> str:
    mark = host.mark()
    session.run(script)
    return host.text_since(mark)


def test_a_method_shows_its_overloads_one_a_line(session, host):
    assert shown(session, host, "'abc'.ToUpper") == (
        "\nOverloadDefinitions\n-------------------\n"
        "string ToUpper()\nstring ToUpper(cultureinfo culture)\n\n")


def test_several_methods_share_one_table(session, host):
    text = shown(session, host, "'abc'.ToUpper, 'abc'.ToLower")
    lines = text.splitlines()
    assert lines.count("OverloadDefinitions") == 1
    assert lines[3:7] == ["string ToUpper()", "string ToUpper(cultureinfo culture)",
                          "string ToLower()", "string ToLower(cultureinfo culture)"]


def test_format_table_uses_the_view_too(session, host):
    text = shown(session, host, "'abc'.ToUpper | Format-Table")
    assert text.splitlines()[1:4] == ["OverloadDefinitions", "-------------------",
                                      "string ToUpper()"]
