from django.template import engines
from django.templatetags.static import static as django_static
from django.urls import reverse, set_script_prefix


def render(text: str) -> str:
    return engines["django"].from_string("{% load site_paths %}" + text).render()


def test_static_is_djangos_and_follows_a_changed_static_url(settings):
    assert render("{% static 'web/app.js' %}") == django_static("web/app.js")
    settings.STATIC_URL = "/assets/"
    assert render("{% static 'web/app.js' %}") == "/assets/web/app.js"


def test_page_url_is_the_views_url_under_the_current_script_prefix():
    queue = reverse("agent:queue")
    assert render("{% page_url 'agent:queue' %}") == queue
    set_script_prefix("/helpdesk/")
    try:
        assert render("{% page_url 'agent:queue' %}") == "/helpdesk" + queue
    finally:
        set_script_prefix("/")
    assert render("{% page_url 'agent:queue' %}") == queue
