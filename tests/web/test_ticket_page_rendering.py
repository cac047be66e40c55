"""The agent ticket page's cheap rendering gives what Django's own machinery gives."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse

from tickets.web.agent import TICKET_ACTIONS, ticket_action_urls
from tickets.web.forms import FastHiddenInput, FastTextInput, OptionsSelect


def tags(html: str) -> list[tuple[str, dict]]:
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Parser().feed(html)
    return found


@pytest.mark.parametrize("pk", [1, 42, 987654321, 123456789012])
def test_ticket_action_urls_are_the_reversed_urls(pk):
    urls = ticket_action_urls(pk)
    for name in TICKET_ACTIONS:
        assert urls[name.replace("-", "_")] == reverse(f"agent:{name}", args=[pk])


@pytest.mark.parametrize(
    ("fast", "django"),
    [(FastTextInput, forms.TextInput), (FastHiddenInput, forms.HiddenInput)],
)
@pytest.mark.parametrize("value", ["", None, 'sam "the" <agent> & co', 7])
def test_fast_inputs_render_as_django_does(fast, django, value):
    attrs = {"class": "form-control", "list": "x", "required": True, "disabled": False}
    ours = fast(attrs=attrs).render("assignee", value, attrs={"id": "a", "maxlength": 150})
    theirs = django(attrs=attrs).render("assignee", value, attrs={"id": "a", "maxlength": 150})
    assert tags(ours) == tags(theirs)


def test_options_select_renders_as_django_does():
    choices = [("", "None"), ("a&b", 'A "quoted" <one>'), ("2", "Two")]
    ours = OptionsSelect(attrs={"class": "form-select"}, choices=choices)
    theirs = forms.Select(attrs={"class": "form-select"}, choices=choices)
    for value in ("a&b", "2", ""):
        assert tags(ours.render("pick", value, attrs={"id": "p"})) == tags(
            theirs.render("pick", value, attrs={"id": "p"})
        )
