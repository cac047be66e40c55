"""The README's Rules section is the rulebook rendered from the workflow and permission
tables: change a rule and this fails until `make rules` is run."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from tickets import rulebook, workflow
from tickets.models import Status
from tickets.permissions import Action


def test_readme_rules_section_matches_the_tables():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert rulebook.BEGIN in readme
    assert rulebook.END in readme
    assert rulebook.readme_with_rules(readme) == readme, "run: make rules"


def test_the_rendered_rules_follow_a_changed_table(monkeypatch):
    before = rulebook.render()
    monkeypatch.setitem(workflow.TAKEN_IN, Action.RATE, frozenset({Status.RESOLVED}))
    after = rulebook.render()
    assert before != after
    assert "| Rate (1 to 5, with a comment) | the customer side | resolved | none |" in after


def test_rules_command_prints_the_section(capsys):
    call_command("rules")
    assert capsys.readouterr().out.strip() == rulebook.render()
