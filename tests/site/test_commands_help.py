"""Every command of the project's own apps answers `--help` (a lazy help text crashed argparse)."""

import pytest
from django.core.management import get_commands, load_command_class

PROJECT_APPS = {
    "coopsite.foundation",
    "coopsite.sitewide",
    "governance",
    "governance.assembly",
    "training",
    "partnerships",
}


def project_commands():
    return sorted(name for name, app in get_commands().items() if app in PROJECT_APPS)


def test_the_project_commands_are_found():
    # The discovery itself: a new command in one of the apps joins the test below by itself.
    assert {
        "load_demo",
        "privacy_audit",
        "backup_site",
        "restore_site",
        "rebuild_search_index",
        "import_register",
        "send_assembly_reminders",
    } <= set(project_commands())


@pytest.mark.parametrize("name", project_commands())
def test_every_project_command_answers_help(name, capsys):
    command = load_command_class(get_commands()[name], name)
    with pytest.raises(SystemExit) as exit_:
        command.run_from_argv(["manage.py", name, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: manage.py {name}" in out
    assert command.help.split()[0] in out
