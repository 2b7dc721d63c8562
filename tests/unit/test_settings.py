import pytest

from bot.settings import SettingsError, load_settings


def test_development_generates_and_keeps_a_token(tmp_path):
    first = load_settings({"VAR_DIR": str(tmp_path)})
    second = load_settings({"VAR_DIR": str(tmp_path)})
    assert len(first.rasa_api_token) >= 32
    assert first.rasa_api_token == second.rasa_api_token
    assert first.database_url == f"sqlite:///{tmp_path / 'store.db'}"
    assert (first.rasa_port, first.action_port, first.web_port) == (5005, 5055, 8000)


def test_production_refuses_default_or_weak_secrets(tmp_path):
    with pytest.raises(SettingsError, match="RASA_API_TOKEN"):
        load_settings({"APP_ENV": "production", "VAR_DIR": str(tmp_path)})
    with pytest.raises(SettingsError, match="RASA_API_TOKEN"):
        load_settings({"APP_ENV": "production", "RASA_API_TOKEN": "short"})


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"APP_ENV": "staging"}, "APP_ENV"),
        ({"WEB_PORT": "eighty"}, "WEB_PORT"),
        ({"LANGUAGES": "en,xx"}, "LANGUAGES"),
    ],
)
def test_bad_values_name_the_variable(tmp_path, env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings({"VAR_DIR": str(tmp_path), **env})


def test_environment_overrides(tmp_path):
    settings = load_settings(
        {
            "VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgresql://u@h/db",
            "RASA_API_TOKEN": "x" * 40,
        }
    )
    assert settings.database_url == "postgresql://u@h/db"
    assert not settings.is_sqlite


def _secret_after(barrier, var_dir, found):
    from pathlib import Path

    from bot.settings import dev_secret

    barrier.wait()  # all processes ask at the same moment
    found.put(dev_secret(Path(var_dir), "service_token"))


def test_processes_starting_together_agree_on_development_secrets(tmp_path):
    """Action servers read settings at the same moment: one secret for all, never a
    half-written file (this raced once, as a 500 from the second server)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    barrier, found = context.Barrier(8), context.Queue()
    workers = [
        context.Process(target=_secret_after, args=(barrier, str(tmp_path), found))
        for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    tokens = [found.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert len(set(tokens)) == 1 and len(tokens[0]) >= 32
