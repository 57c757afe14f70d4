"""The command line: global options before or after the command, --version, --help."""
from __future__ import annotations

import contextlib
import io

import pytest

from leaflets import __version__, cli
from support import copy_project


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exit_:
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A project whose only problem is a warning, so --strict decides the exit code."""
    return copy_project(tmp_path_factory.mktemp("cli") / "project")


@pytest.mark.parametrize("argv", [
    ["--root", "{root}", "check"], ["check", "--root", "{root}"],
    ["--root", "{root}", "i18n", "status"], ["i18n", "status", "--root", "{root}"], ["i18n", "--root", "{root}", "status"],
])
def test_global_options_work_before_or_after_the_command(broken, argv):
    code, out, err = run([a.format(root=broken) for a in argv])
    assert code == 0, err
    assert "hsg" in out


@pytest.mark.slow
def test_strict_before_or_after_the_command_fails_on_warnings(broken):
    # The project has warnings (reading age), so --strict turns them into a failure wherever it is.
    assert run(["--root", str(broken), "check"])[0] == 0
    assert run(["--root", str(broken), "check", "--strict"])[0] == 1
    assert run(["--root", str(broken), "--strict", "check"])[0] == 1


def test_an_option_after_the_command_wins_over_one_before(broken, tmp_path):
    code, _out, err = run(["--root", str(tmp_path / "nowhere"), "check", "--root", str(broken)])
    assert code == 0, err


def test_version_and_help_list_every_command():
    code, out, _ = run(["--version"])
    assert code == 0 and __version__ in out
    code, out, _ = run(["--help"])
    assert code == 0
    for command in cli.COMMANDS:
        assert f"    {command} " in out, command
    assert "before or after the command" in " ".join(out.split())


def test_help_gives_every_command_its_one_line_of_help(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # argparse wraps at the terminal's width: one line a command
    code, out, _ = run(["--help"])
    assert code == 0
    lines = out.split("\n")
    commands = lines.index("commands:")
    listed = {}
    for line in lines[commands + 2:]:  # after "commands:" and the "COMMAND" line
        if not line.strip():
            break
        name, _, help_line = line.strip().partition(" ")
        listed[name] = help_line.strip()
    assert sorted(listed) == sorted(cli.COMMANDS)
    sub = next(a for a in cli.parser()._actions if a.dest == "command")
    for action in sub._choices_actions:
        assert action.help and listed[action.dest] == action.help, action.dest
