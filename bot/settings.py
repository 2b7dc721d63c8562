"""One typed settings object, read from the environment when a process starts.

Only the standard library is used so that Rasa's environment can read it too.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from bot.services.support_hours import SupportHours, SupportHoursError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SUPPORTED_LANGUAGES: tuple[str, ...] = (
    "en",
    "es",
    "pt",
    "fr",
    "de",
    "it",
    "ru",
    "ar",
    "ja",
    "zh",
)

_ENVIRONMENTS = ("development", "test", "production")


class SettingsError(ValueError):
    """A setting is missing or unsafe; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    environment: str
    database_url: str
    rasa_url: str
    rasa_api_token: str
    action_server_url: str
    bind_host: str
    web_port: int
    rasa_port: int
    action_port: int
    var_dir: Path
    models_dir: Path
    policy_path: Path = PROJECT_ROOT / "policies.yml"
    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    default_language: str = "en"
    max_verification_attempts: int = 3
    max_message_chars: int = 1000
    service_token: str = ""
    web_url: str = "http://127.0.0.1:8000"
    support_hours: str = "always"
    support_timezone: str = "UTC"
    address_messages_per_second: int = 5
    data_dir: Path = PROJECT_ROOT / "data"
    heldout_dir: Path = PROJECT_ROOT / "eval" / "heldout"
    rasa_bin: Path = PROJECT_ROOT / ".venv" / "rasa" / "bin" / "rasa"
    rasa_model_urls: tuple[str, ...] = ()  # every Rasa process a promotion must reach
    promotion_tolerance: float = 0.01
    training_threads: int = 1
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def tracker_db_path(self) -> Path:
        return self.var_dir / "rasa_tracker.db"


def dev_secret(var_dir: Path, name: str = "rasa_api_token") -> str:
    """A random development secret, kept under var/ so every process agrees on it.

    Processes starting together (Rasa, actions, web app, several action servers) take
    a lock around read-create-write, so they never read a half-written file nor make
    two different secrets; the file is replaced whole."""
    path = var_dir / "dev_secrets.json"
    var_dir.mkdir(parents=True, exist_ok=True)
    with (var_dir / "dev_secrets.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stored: dict[str, object] = {}
        if path.exists():
            stored = json.loads(path.read_text(encoding="utf-8"))
            token = stored.get(name)
            if isinstance(token, str) and len(token) >= 32:
                return token
        token = secrets.token_hex(24)  # never starts with "-" (a command line option)
        draft = path.with_suffix(".tmp")
        draft.write_text(json.dumps(stored | {name: token}), encoding="utf-8")
        draft.chmod(0o600)
        os.replace(draft, path)
        return token


def _secret(env: dict[str, str], name: str, environment: str, var_dir: Path) -> str:
    token = env.get(name, "")
    if not token:
        if environment == "production":
            raise SettingsError(f"{name} must be set in production")
        return dev_secret(var_dir, name.lower())
    if environment == "production" and len(token) < 32:
        raise SettingsError(f"{name} must be at least 32 characters in production")
    return token


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from exc


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from exc


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build settings from environment variables (or the mapping given)."""
    env = dict(os.environ if environ is None else environ)
    environment = env.get("APP_ENV", "development")
    if environment not in _ENVIRONMENTS:
        raise SettingsError(f"APP_ENV must be one of {', '.join(_ENVIRONMENTS)}")
    var_dir = Path(env.get("VAR_DIR", PROJECT_ROOT / "var")).resolve()
    models_dir = Path(env.get("MODELS_DIR", PROJECT_ROOT / "models")).resolve()
    database_url = env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'store.db'}"
    token = _secret(env, "RASA_API_TOKEN", environment, var_dir)
    service_token = _secret(env, "SERVICE_TOKEN", environment, var_dir)
    web_port = _int(env, "WEB_PORT", 8000)
    support_hours = env.get("SUPPORT_HOURS", "mon-fri 08:00-20:00, sat 10:00-16:00")
    support_timezone = env.get("SUPPORT_TIMEZONE", "Europe/Berlin")
    try:
        SupportHours.parse(support_hours, support_timezone)
    except SupportHoursError as exc:
        raise SettingsError(f"SUPPORT_HOURS/SUPPORT_TIMEZONE: {exc}") from exc
    rasa_port = _int(env, "RASA_PORT", 5005)
    action_port = _int(env, "ACTION_PORT", 5055)
    languages = tuple(
        code.strip()
        for code in env.get("LANGUAGES", ",".join(SUPPORTED_LANGUAGES)).split(",")
        if code.strip()
    )
    unknown = [code for code in languages if code not in SUPPORTED_LANGUAGES]
    if unknown:
        raise SettingsError(f"LANGUAGES names unsupported codes: {', '.join(unknown)}")
    rasa_url = env.get("RASA_URL", f"http://127.0.0.1:{rasa_port}")
    tolerance = _float(env, "PROMOTION_TOLERANCE", 0.01)
    if not 0 <= tolerance < 1:
        raise SettingsError("PROMOTION_TOLERANCE must be between 0 and 1 (e.g. 0.01)")
    return Settings(
        environment=environment,
        database_url=database_url,
        rasa_url=rasa_url,
        rasa_api_token=token,
        action_server_url=env.get(
            "ACTION_SERVER_URL", f"http://127.0.0.1:{action_port}/webhook"
        ),
        bind_host=env.get("BIND_HOST", "127.0.0.1"),
        web_port=web_port,
        rasa_port=rasa_port,
        action_port=action_port,
        var_dir=var_dir,
        models_dir=models_dir,
        policy_path=Path(
            env.get("POLICY_FILE", PROJECT_ROOT / "policies.yml")
        ).resolve(),
        languages=languages,
        max_verification_attempts=_int(env, "MAX_VERIFICATION_ATTEMPTS", 3),
        max_message_chars=_int(env, "MAX_MESSAGE_CHARS", 1000),
        service_token=service_token,
        web_url=env.get("WEB_URL", f"http://127.0.0.1:{web_port}"),
        support_hours=support_hours,
        support_timezone=support_timezone,
        address_messages_per_second=_int(env, "ADDRESS_MESSAGES_PER_SECOND", 5),
        data_dir=Path(env.get("DATA_DIR", PROJECT_ROOT / "data")).resolve(),
        heldout_dir=Path(
            env.get("HELDOUT_DIR", PROJECT_ROOT / "eval" / "heldout")
        ).resolve(),
        rasa_bin=Path(
            env.get("RASA_BIN", PROJECT_ROOT / ".venv/rasa/bin/rasa")
        ).absolute(),
        rasa_model_urls=tuple(
            url.strip().rstrip("/")
            for url in env.get("RASA_URLS", rasa_url).split(",")
            if url.strip()
        ),
        promotion_tolerance=tolerance,
        training_threads=max(1, _int(env, "TRAINING_THREADS", 1)),
    )
