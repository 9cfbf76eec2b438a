"""The `*.pstest` transcript format (design.md §6): reading, comparing, diffing and rewriting.

Pure text functions with no runtime and no pytest, so the format rules are tested on their own
and the same code serves the pytest plugin, `python -m pyshell.testing` and update mode.

Format rules:
- lines before the first `PS> ` line are comments;
- `PS> ` starts a command and each directly following `>> ` line continues it (joined with a
  newline, as the console's continuation prompt does);
- everything else up to the next `PS> ` is the expected output of that command;
- trailing white space and blank lines at the start and end of a block are insignificant,
  blank lines inside a block are significant;
- an expected line ending in ` (re)` is a Python regular expression fullmatched against the
  actual line.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Optional, Sequence

from attrs import field, frozen

__all__ = [
    "PROMPT", "CONTINUATION", "RE_SUFFIX",
    "TranscriptEntry", "Transcript", "parse_transcript", "normalize_block", "line_matches",
    "align", "block_matches", "first_mismatch", "render_diff", "update_transcript",
]

def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _entries(items: Iterable[TranscriptEntry]) -> tuple[TranscriptEntry, ...]:
    return tuple(items)


PROMPT = "PS> "
CONTINUATION = ">> "
RE_SUFFIX = " (re)"


@frozen
class TranscriptEntry:
    """One command of a transcript and the raw lines of its expected output."""

    command_lines: tuple[str, ...] = field(converter=_strings)
    expected_raw: tuple[str, ...] = field(converter=_strings)
    line: int  # 1-based line of the `PS> ` line, for messages

    @property
    def command(self) -> str:
        return "\n".join(self.command_lines)

    @property
    def expected(self) -> list[str]:
        return normalize_block(self.expected_raw)

    def source_lines(self) -> list[str]:
        """The command as it is written in the file (`PS> ` first, `>> ` after)."""
        first, *rest = self.command_lines
        return [_prompt_line(PROMPT, first)] + [_prompt_line(CONTINUATION, r) for r in rest]


@frozen
class Transcript:
    path: str
    comments: tuple[str, ...] = field(converter=_strings)
    entries: tuple[TranscriptEntry, ...] = field(converter=_entries)


def _prompt_line(prompt: str, text: str) -> str:
    # A prompt with nothing after it is written without the trailing blank.
    return prompt + text if text else prompt.rstrip()


def _prompt_text(line: str, prompt: str) -> Optional[str]:
    """The text after `prompt` when `line` starts with it (a bare `PS>` counts too)."""
    if line.startswith(prompt):
        return line[len(prompt):]
    if line.rstrip() == prompt.rstrip():
        return ""
    return None


def parse_transcript(text: str, path: str = "<transcript>") -> Transcript:
    """Split a transcript into its comment lines and its entries; never fails."""
    lines = text.splitlines()
    comments: list[str] = []
    entries: list[TranscriptEntry] = []
    i = 0
    while i < len(lines) and _prompt_text(lines[i], PROMPT) is None:
        comments.append(lines[i])
        i += 1
    while i < len(lines):
        start = i
        command = [_prompt_text(lines[i], PROMPT) or ""]
        i += 1
        while i < len(lines):
            more = _prompt_text(lines[i], CONTINUATION)
            if more is None:
                break
            command.append(more)
            i += 1
        expected: list[str] = []
        while i < len(lines) and _prompt_text(lines[i], PROMPT) is None:
            expected.append(lines[i])
            i += 1
        entries.append(TranscriptEntry(command, expected, start + 1))
    return Transcript(path, comments, entries)


def normalize_block(lines: Sequence[str] | str) -> list[str]:
    """Drop trailing white space on each line and blank lines at both ends of the block."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    out = [line.rstrip() for line in lines]
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return out


def _pattern(expected: str) -> Optional[re.Pattern[str]]:
    if not expected.endswith(RE_SUFFIX):
        return None
    try:
        return re.compile(expected[: -len(RE_SUFFIX)])
    except re.error:
        # A broken pattern is compared as plain text, so the failure shows up as a diff
        # instead of an exception inside the test run.
        return None


def line_matches(expected: str, actual: str) -> bool:
    """Whether one normalised expected line accepts one normalised actual line."""
    if expected == actual:
        return True
    pattern = _pattern(expected)
    return pattern is not None and pattern.fullmatch(actual) is not None


def align(expected: Sequence[str], actual: Sequence[str]) -> list[tuple[Optional[int], Optional[int]]]:
    """Pair expected and actual lines along a longest common subsequence under
    `line_matches`, so a regex line lines up with the actual line it accepts even when other
    lines were added or lost. Unpaired lines have None on the other side."""
    n, m = len(expected), len(actual)
    # lcs[i][j]: the longest match of expected[i:] and actual[j:]
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if line_matches(expected[i], actual[j]):
                lcs[i][j] = lcs[i + 1][j + 1] + 1
            else:
                lcs[i][j] = max(lcs[i + 1][j], lcs[i][j + 1])
    pairs: list[tuple[Optional[int], Optional[int]]] = []
    i = j = 0
    while i < n and j < m:
        if line_matches(expected[i], actual[j]) and lcs[i][j] == lcs[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i += 1
            j += 1
        elif lcs[i + 1][j] >= lcs[i][j + 1]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs.extend((k, None) for k in range(i, n))
    pairs.extend((None, k) for k in range(j, m))
    return pairs


def block_matches(expected: Sequence[str], actual: Sequence[str] | str) -> bool:
    """Whether an entry's expected block accepts the actual console text."""
    exp = normalize_block(expected)
    act = normalize_block(actual)
    return len(exp) == len(act) and all(line_matches(e, a) for e, a in zip(exp, act))


def first_mismatch(transcript: Transcript, actuals: Sequence[str]) -> Optional[int]:
    """The index of the first entry whose output differs, or None when all match."""
    for index, (entry, actual) in enumerate(zip(transcript.entries, actuals)):
        if not block_matches(entry.expected_raw, actual):
            return index
    return None


def _shown_actual(expected: Sequence[str], actual: Sequence[str]) -> list[str]:
    """The actual lines, with each one a regex line accepts shown as that regex line: a diff
    then shows only real differences, and update mode keeps the regexes that still match."""
    shown = list(actual)
    for e, a in align(expected, actual):
        if e is not None and a is not None:
            shown[a] = expected[e]
    return shown


def render_diff(transcript: Transcript, actuals: Sequence[str]) -> str:
    """A unified diff of the whole transcript, expected against actual, led by a line that
    names the file and the first command whose output differs. Empty when all match."""
    index = first_mismatch(transcript, actuals)
    if index is None:
        return ""
    expected_doc: list[str] = []
    actual_doc: list[str] = []
    for entry, actual in zip(transcript.entries, actuals):
        exp = entry.expected
        act = normalize_block(actual)
        head = entry.source_lines()
        expected_doc += head + exp
        actual_doc += head + _shown_actual(exp, act)
    entry = transcript.entries[index]
    header = (f"{transcript.path}:{entry.line}: output differs for command "
              f"{entry.source_lines()[0]!r}")
    diff = difflib.unified_diff(expected_doc, actual_doc, f"{transcript.path} (expected)",
                                f"{transcript.path} (actual)", lineterm="", n=3)
    return header + "\n" + "\n".join(diff)


def update_transcript(transcript: Transcript, actuals: Sequence[str]) -> str:
    """The transcript text with every differing block replaced by the actual output.

    Comments and commands stay as written; a block that still matches is kept byte for
    byte, and in a rewritten block the ` (re)` lines that still accept their line stay."""
    out = list(transcript.comments)
    for entry, actual in zip(transcript.entries, actuals):
        out += entry.source_lines()
        if block_matches(entry.expected_raw, actual):
            out += entry.expected_raw
            continue
        raw = [line.rstrip() for line in actual.splitlines()]
        act = normalize_block(raw)
        lead = 0
        while lead < len(raw) and not raw[lead]:
            lead += 1
        shown = _shown_actual(entry.expected, act)
        block = raw[:lead] + shown
        if block and _prompt_text(block[0], CONTINUATION) is not None:
            # Output that starts like a continuation line would be read as part of the
            # command; a blank line first keeps it output (outer blank lines don't count).
            block.insert(0, "")
        # Keep a blank line before the next prompt when the console showed one.
        if act and len(raw) > lead + len(act):
            block.append("")
        out += block
    return "\n".join(out) + "\n"
