"""Small commands behind make targets (``python -m bot.cli demo-json``)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from bot.settings import load_settings
from bot.store.db import make_engine, make_session_factory
from bot.store.seed import export_demo
from bot.store.setup import prepare_store


def demo_json() -> int:
    settings = load_settings()
    engine = make_engine(settings.database_url)
    prepare_store(engine)
    data = export_demo(
        make_session_factory(engine), dt.datetime.now(dt.timezone.utc).date()
    )
    try:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    parser.add_argument("command", choices=["demo-json"])
    args = parser.parse_args(argv)
    return {"demo-json": demo_json}[args.command]()


if __name__ == "__main__":
    sys.exit(main())
