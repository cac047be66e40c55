import os
import subprocess
import sys

from django.conf import settings


def run_django_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
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


def test_starts_without_debug_given_a_secret():
    assert run_django_check(DEBUG="False", SECRET_KEY="a-real-secret-" * 4).returncode == 0


def test_deploy_check_is_clean_with_production_settings():
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    environment.update(
        DJANGO_SETTINGS_MODULE="helpdesk.settings",
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
