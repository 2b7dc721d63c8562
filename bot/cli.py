"""Small commands behind make targets (``python -m bot.cli demo-json``)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from sqlalchemy.orm import Session, sessionmaker

from bot.services.ledger_json import ledger_entry_json
from bot.settings import load_settings
from bot.store.db import make_engine, make_session_factory
from bot.store.seed import export_demo
from bot.store.setup import prepare_store
from bot.store.unit_of_work import SqlUnitOfWork


def _print_json(data: object) -> int:
    try:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
    return 0


def _ready_store() -> sessionmaker[Session]:
    """Sessions on the configured store, migrated and holding the demo data."""
    engine = make_engine(load_settings().database_url)
    prepare_store(engine)
    return make_session_factory(engine)


def demo_json() -> int:
    return _print_json(
        export_demo(_ready_store(), dt.datetime.now(dt.timezone.utc).date())
    )


def ledger_json() -> int:
    """Every ledger entry, oldest first: what was refunded, issued or authorised."""
    with SqlUnitOfWork(_ready_store()) as uow:
        records = uow.ledger.all()
    return _print_json({"entries": [ledger_entry_json(r) for r in records]})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    commands = {"demo-json": demo_json, "ledger-json": ledger_json}
    parser.add_argument("command", choices=sorted(commands))
    args = parser.parse_args(argv)
    return commands[args.command]()


if __name__ == "__main__":
    sys.exit(main())
