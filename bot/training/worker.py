"""The process a training job started from the browser runs in:
``python -m bot.training.worker JOB_ID ACTOR``."""

from __future__ import annotations

import logging
import sys

from bot.settings import load_settings
from bot.store.db import make_engine, make_session_factory
from bot.training.jobs import run_job


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or not args[0].isdigit():
        print("usage: python -m bot.training.worker JOB_ID ACTOR", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO)
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        model_id = run_job(
            settings, make_session_factory(engine), int(args[0]), args[1]
        )
    finally:
        engine.dispose()
    return 0 if model_id is not None else 1


if __name__ == "__main__":
    sys.exit(main())
