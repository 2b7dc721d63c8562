"""The processes `make run` starts: a token that starts with "-" still reaches Rasa
as the token (a random development token did, and Rasa refused to start)."""

from pathlib import Path

from bot.launcher import commands
from bot.settings import load_settings


def test_rasa_gets_the_api_token_as_one_argument(tmp_path):
    settings = load_settings(
        {"VAR_DIR": str(tmp_path), "RASA_API_TOKEN": "-starts-with-a-dash-" + "x" * 20}
    )
    started = commands(settings, Path("m.tar.gz"), Path("rasa"), Path("python"), {})
    rasa, _ = started["rasa"]
    assert f"--auth-token={settings.rasa_api_token}" in rasa
    web, env = started["web"]
    assert env["SERVICE_TOKEN"] == settings.service_token
    assert env["WEB_URL"] == f"http://127.0.0.1:{settings.web_port}"


def test_development_secrets_never_start_with_a_dash(tmp_path):
    for n in range(30):
        settings = load_settings({"VAR_DIR": str(tmp_path / str(n))})
        assert not settings.rasa_api_token.startswith("-")
        assert not settings.service_token.startswith("-")
        assert len(settings.rasa_api_token) >= 32
