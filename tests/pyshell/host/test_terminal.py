"""The real `pyshell` program in a pseudo terminal, as a person uses it (pexpect)."""

from __future__ import annotations

import os
import sys
import time

import pytest

pexpect = pytest.importorskip("pexpect")

PROMPT = r"PS [^\r\n]*>"


@pytest.fixture
def shell(tmp_path):
    env = dict(os.environ, PYSHELL_HISTORY=str(tmp_path / "history.txt"),
               PYSHELL_HOST_DIR=str(tmp_path / "host"), TERM="xterm", NO_COLOR="1",
               PROMPT_TOOLKIT_NO_CPR="1")
    child = pexpect.spawn(sys.executable, ["-m", "pyshell", "-NoProfile", "-NoLogo"],
                          env=env, encoding="utf-8", timeout=60, dimensions=(40, 160))
    child.expect(PROMPT)
    yield child
    if child.isalive():
        child.terminate(force=True)


def test_a_session_at_the_terminal(shell):
    # Tab completes the command name from the metadata.
    shell.send("Get-VMMe\t")
    shell.expect("Get-VMMemory")
    shell.send("\x15")           # Ctrl-U: clear the line (closes the menu too)
    shell.sendcontrol("c")
    shell.expect(PROMPT)

    # A multi-line foreach: Enter inside the open block asks for more.
    shell.send("foreach ($i in 1..3) {\r")
    shell.expect(">>")
    shell.send("'item' + $i }\r")
    shell.expect("item3")
    shell.expect(PROMPT)

    # Ctrl-C stops a long pipeline and the prompt comes back.
    shell.send("1..100000000 | ForEach-Object { $_ } | Out-Null\r")
    shell.expect("Out-Null")
    time.sleep(1.0)              # let it start running
    shell.sendcontrol("c")
    shell.expect(PROMPT, timeout=30)
    shell.send("'still here'\r")
    shell.expect("still here")
    shell.expect(PROMPT)

    # Ctrl-D on an empty line ends the shell.
    shell.sendcontrol("d")
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 0
