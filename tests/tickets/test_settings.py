import os
import subprocess
import sys

import pytest
from django.conf import settings

SETTINGS_ENV = ("SECRET_KEY", "DEBUG", "REDIS_URL", "CACHE_URL")
SHARED_CACHE = {"REDIS_URL": "redis://127.0.0.1:6379/14"}


def run_django_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    environment.update(DJANGO_SETTINGS_MODULE="helpdesk.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_refuses_to_start_without_debug_on_the_default_secret():
    result = run_django_check(DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_starts_without_debug_given_a_secret_and_a_shared_cache():
    result = run_django_check(DEBUG="False", SECRET_KEY="a-real-secret-" * 4, **SHARED_CACHE)
    assert result.returncode == 0, result.stderr


def test_debug_is_off_unless_asked_for():
    result = run_django_check(SECRET_KEY="a-real-secret-" * 4, **SHARED_CACHE)
    assert result.returncode == 0, result.stderr
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import "
            "settings; print(settings.DEBUG)",
        ],
        cwd=settings.BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k not in SETTINGS_ENV},
            "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
            "SECRET_KEY": "a-real-secret-" * 4,
            **SHARED_CACHE,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == "False"


@pytest.mark.parametrize("cache_url", [None, "locmemcache://", "dummycache://"])
def test_refuses_to_start_without_debug_on_a_per_process_cache(cache_url):
    env = {"CACHE_URL": cache_url} if cache_url else {}
    result = run_django_check(DEBUG="False", SECRET_KEY="a-real-secret-" * 4, **env)
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    environment.update(
        DJANGO_SETTINGS_MODULE="helpdesk.settings",
        **SHARED_CACHE,
        DEBUG="False",
        SECRET_KEY="x7#Jq2!vLw9@pZr4$Tn8^Yb6&Hc3*Md5(Kf1)Ge0_Ua-Xs=Wo+Ri|Qe;Nl",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
