"""The layout's links, resolved once per process: static files and URLs without arguments.

The base layout links about twenty of them on every page; resolving each again through
the static storage and the URL resolver was a sixteenth of a ticket page's calls. They
change only with the settings (tests override them) and with the script prefix a server
is mounted at, which is part of the key.
"""

import functools

from django import template
from django.core.signals import setting_changed
from django.templatetags.static import static as static_path
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@functools.cache
def _static(path: str, script_prefix: str) -> str:
    return static_path(path)


@functools.cache
def _url(name: str, script_prefix: str, urlconf: object) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def static(path: str) -> str:
    """As Django's {% static %}: the URL of a static file."""
    return _static(path, get_script_prefix())


@register.simple_tag
def page_url(name: str) -> str:
    """As {% url %} for a view that takes no arguments."""
    return _url(name, get_script_prefix(), get_urlconf())


def _forget(**kwargs) -> None:
    _static.cache_clear()
    _url.cache_clear()


setting_changed.connect(_forget)
