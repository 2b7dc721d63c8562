"""Small commands behind make targets (``python -m bot.cli demo-json``)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys

from sqlalchemy.orm import Session, sessionmaker

from bot.services.ledger_json import ledger_entry_json
from bot.settings import load_settings
from bot.store.db import make_engine, make_session_factory
from bot.store.seed import export_demo
from bot.store.setup import prepare_store
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web.auth import new_agent


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


def add_agent(argv: list[str]) -> int:
    """A support-team account; the password comes from AGENT_PASSWORD or a prompt."""
    parser = argparse.ArgumentParser(prog="python -m bot.cli add-agent")
    parser.add_argument("username")
    parser.add_argument("--name", required=True, help="shown to shoppers")
    parser.add_argument("--languages", required=True, help="e.g. de,en")
    parser.add_argument("--role", choices=("agent", "admin"), default="agent")
    args = parser.parse_args(argv)
    settings = load_settings()
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    unknown = [code for code in languages if code not in settings.languages]
    if unknown or not languages:
        print(
            f"unsupported languages: {', '.join(unknown) or '(none)'}", file=sys.stderr
        )
        return 2
    password = os.environ.get("AGENT_PASSWORD") or getpass.getpass("Password: ")
    with SqlUnitOfWork(_ready_store()) as uow:
        if uow.agents.by_username(args.username):
            print(f"{args.username} exists already", file=sys.stderr)
            return 2
        try:
            agent = new_agent(
                args.username,
                args.name,
                password,
                args.role,
                languages,
                dt.datetime.now(dt.timezone.utc),
            )
        except ValueError as error:
            print(error, file=sys.stderr)
            return 2
        uow.agents.add(agent)
        uow.commit()
    print(f"added {args.role} {args.username} ({', '.join(languages)})")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["add-agent"]:
        return add_agent(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    commands = {"demo-json": demo_json, "ledger-json": ledger_json}
    parser.add_argument("command", choices=[*sorted(commands), "add-agent"])
    args = parser.parse_args(argv)
    return commands[args.command]()


if __name__ == "__main__":
    sys.exit(main())
