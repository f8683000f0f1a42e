import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

from portal.settings.base import cache_from_url

STRONG_KEY = "k3y-" + "abcdefghij" * 6


def run(args, env):
    """manage.py or python in a fresh process, under the production settings unless env says."""
    environment = {
        key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production", **env})
    environment = {key: value for key, value in environment.items() if value is not None}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_check(env):
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check({"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


@pytest.mark.parametrize("key", ["change-me", "dev-only-insecure-key-change-me", "short-key-1234"])
def test_production_refuses_an_example_or_weak_secret_key(key):
    result = run_check({"SECRET_KEY": key, "ALLOWED_HOSTS": "nckh.example.vn"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_check({"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "nckh.example.vn"})
    assert result.returncode == 0, result.stderr


def test_the_wsgi_entry_point_defaults_to_production_without_debug():
    # gunicorn portal.wsgi without DJANGO_SETTINGS_MODULE once ran the development settings,
    # whose debug page showed DATABASE_URL with its password.
    code = (
        "import portal.wsgi; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG)"
    )
    for module in ("portal.wsgi", "portal.asgi"):
        result = run(
            ["-c", code.replace("portal.wsgi", module)],
            {"DJANGO_SETTINGS_MODULE": None, "SECRET_KEY": STRONG_KEY},
        )
        assert result.stdout.split() == ["portal.settings.production", "False"], result.stderr


def test_the_wsgi_entry_point_refuses_the_example_key():
    result = run(
        ["-c", "import portal.wsgi"], {"DJANGO_SETTINGS_MODULE": None, "SECRET_KEY": "change-me"}
    )
    assert result.returncode != 0
    assert "SECRET_KEY is an example value" in result.stderr


@pytest.mark.parametrize("command", ["load_demo_data", "load_demo_site"])
def test_the_demo_loaders_refuse_to_run_in_production(command, tmp_path):
    result = run(
        ["manage.py", command],
        {"SECRET_KEY": STRONG_KEY, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"},
    )
    assert result.returncode != 0
    assert "Demo data is never loaded under production settings" in result.stderr
    assert "Traceback" not in result.stderr


def test_cache_url_selects_a_shared_backend():
    assert cache_from_url("db://portal_cache") == {
        "BACKEND": "portal.cache.DatabaseCache",
        "LOCATION": "portal_cache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
    assert cache_from_url("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    with pytest.raises(ValueError, match="CACHE_URL must start with"):
        cache_from_url("memcached://127.0.0.1")


def test_every_environment_variable_is_in_the_administrators_reference():
    read = set()
    for module in (settings.BASE_DIR / "portal" / "settings").glob("*.py"):
        read |= set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', module.read_text()))
    reference = (settings.BASE_DIR / "docs" / "deploy" / "portal.env").read_text()
    listed = set(re.findall(r"^#? ?([A-Z_]+)=", reference, re.MULTILINE))
    assert read - listed == set()
    assert {"SECRET_KEY", "DATABASE_URL", "CACHE_URL", "SENTRY_DSN"} <= read
