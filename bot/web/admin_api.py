"""The admin area's service-quality figures: JSON for the dashboard, CSV for export.
Admins only; filters by date range, language and intent."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.service_quality import (
    Durations,
    Filters,
    QualityReport,
    quality_report,
)
from bot.store.models import AuditEntry
from bot.store.privacy import erase_shopper, shopper_export
from bot.store.quality_queries import conversation_facts
from bot.store.unit_of_work import SqlUnitOfWork
from bot.web import auth
from bot.web.console_api import Admin, current
from bot.web.desk import ConversationDesk


async def admin_reader(login: Annotated[auth.Login, Depends(current)]) -> auth.Login:
    if login.agent.role != "admin":
        raise HTTPException(403, "Admins only.")
    return login


AdminReader = Annotated[auth.Login, Depends(admin_reader)]
Start = Annotated[dt.date | None, Query(alias="from")]
End = Annotated[dt.date | None, Query(alias="to")]


def report_json(report: QualityReport) -> dict[str, Any]:
    data = dataclasses.asdict(report)
    data["top_intents"] = [{"intent": i, "count": n} for i, n in report.top_intents]
    data["top_fallbacks"] = [{"text": t, "count": n} for t, n in report.top_fallbacks]
    return data


def report_rows(report: QualityReport) -> list[tuple[str, str, object]]:
    """(section, figure, value): the same numbers as the JSON, one per line."""
    rows: list[tuple[str, str, object]] = [
        ("volume", "conversations", report.conversations),
        ("satisfaction", "rated", report.rated),
        ("satisfaction", "mean_rating", report.mean_rating),
    ]
    rows += [("satisfaction", level, n) for level, n in report.ratings.items()]
    for name in ("containment_rate", "handoff_rate", "complaint_rate",
                 "repeat_contact_rate"):  # fmt: skip
        rows.append(("rates", name, getattr(report, name)))
    for name in ("bot_first_response", "agent_first_response", "bot_resolution",
                 "agent_resolution"):  # fmt: skip
        durations: Durations = getattr(report, name)
        rows += [
            (name, "count", durations.count),
            (name, "median_seconds", durations.median),
            (name, "p90_seconds", durations.p90),
        ]
    rows += [("top_intents", intent, n) for intent, n in report.top_intents]
    rows += [("top_fallbacks", text, n) for text, n in report.top_fallbacks]
    return rows


def admin_router(desk: ConversationDesk) -> APIRouter:
    router = APIRouter()

    async def figures(
        start: dt.date | None,
        end: dt.date | None,
        language: str | None,
        intent: str | None,
    ) -> QualityReport:
        if language is not None and language not in desk.settings.languages:
            raise HTTPException(422, "Unsupported language.")
        if start and end and end < start:
            raise HTTPException(422, "The range ends before it starts.")
        filters = Filters(start, end, language or None, intent or None)

        def work(uow: SqlUnitOfWork) -> QualityReport:
            assert uow.session is not None
            return quality_report(conversation_facts(uow.session, start, end), filters)

        return await desk.db(work)

    @router.get("/api/admin/quality")
    async def quality(
        login: AdminReader,
        start: Start = None,
        end: End = None,
        language: str | None = None,
        intent: str | None = None,
    ) -> dict[str, Any]:
        return report_json(await figures(start, end, language, intent))

    @router.get("/api/admin/quality.csv")
    async def quality_csv(
        login: AdminReader,
        start: Start = None,
        end: End = None,
        language: str | None = None,
        intent: str | None = None,
    ) -> Response:
        report = await figures(start, end, language, intent)
        await desk.db(
            lambda uow: uow.audit(
                login.agent.username,
                "export_quality_csv",
                "service_quality",
                start=str(start or ""),
                end=str(end or ""),
                language=language or "",
                intent=intent or "",
            )
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(("section", "figure", "value"))
        for section, figure, value in report_rows(report):
            writer.writerow((section, figure, "" if value is None else value))
        return Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": 'attachment; filename="service-quality.csv"'
            },
        )

    @router.get("/api/admin/shoppers/{shopper_id}/export")
    async def export_shopper(shopper_id: int, login: AdminReader) -> dict[str, Any]:
        """Everything stored about a shopper, Rasa's trackers of their conversations
        included. Exporting is itself logged."""

        def work(uow: SqlUnitOfWork) -> dict[str, Any] | None:
            data = shopper_export(_session(uow), shopper_id)
            if data is not None:
                uow.audit(
                    login.agent.username, "export_shopper", f"shopper:{shopper_id}"
                )
            return data

        data = await desk.db(work)
        if data is None:
            raise HTTPException(404, "No such shopper.")
        data["trackers"] = {
            cid: await desk.rasa.tracker(cid) for cid in data["conversations"]
        }
        return data

    @router.post("/api/admin/shoppers/{shopper_id}/erase")
    async def erase(shopper_id: int, login: Admin) -> dict[str, Any]:
        """Deletes what the shopper said and their personal fields; the ledger and
        orders stay under a pseudonym. Rasa's trackers of their conversations are
        emptied."""

        def work(uow: SqlUnitOfWork) -> dict[str, Any] | None:
            erased = erase_shopper(_session(uow), shopper_id)
            if erased is None:
                return None
            uow.audit(
                login.agent.username,
                "erase_shopper",
                f"shopper:{shopper_id}",
                pseudonym=erased.pseudonym,
                conversations=len(erased.conversations),
            )
            return dataclasses.asdict(erased)

        erased = await desk.db(work)
        if erased is None:
            raise HTTPException(404, "No such shopper.")
        erased["trackers_emptied"] = sum(
            [await desk.rasa.forget(cid) for cid in erased["conversations"]]
        )
        return erased

    @router.get("/api/admin/held")
    async def held(login: AdminReader) -> dict[str, Any]:
        """Conversations agents hold now, oldest claim first, with each agent's status
        (admins free the ones whose agent has gone)."""
        now = desk.clock()

        def work(uow: SqlUnitOfWork) -> list[dict[str, Any]]:
            rows = []
            for conversation in uow.conversations.held_by_agents():
                agent = uow.agents.get(conversation.agent_id or 0)
                latest = uow.handoffs.latest_for(conversation.id)
                claimed = (latest and latest.claimed_at) or conversation.updated_at
                rows.append({
                    "conversation_id": conversation.id,
                    "language": conversation.language,
                    "agent": agent.display_name if agent else None,
                    "agent_username": agent.username if agent else None,
                    "agent_status": agent.status if agent else None,
                    "agent_connected": agent is not None
                    and desk.hub.console_open(agent.id),
                    "claimed_at": claimed.isoformat(),
                    "last_message_at": conversation.updated_at.isoformat(),
                    "idle_seconds": int((now - conversation.updated_at).total_seconds()),
                })  # fmt: skip
            return sorted(rows, key=lambda row: row["claimed_at"])

        return {"held": await desk.db(work)}

    @router.get("/api/admin/audit")
    async def audit_log(login: AdminReader, limit: int = 200) -> dict[str, Any]:
        def work(uow: SqlUnitOfWork) -> dict[str, Any]:
            entries = _session(uow).scalars(
                select(AuditEntry)
                .order_by(AuditEntry.id.desc())
                .limit(max(1, min(limit, 1000)))
            )
            return {
                "entries": [
                    {
                        "at": e.at.isoformat(),
                        "actor": e.actor,
                        "action": e.action,
                        "target": e.target,
                        "details": dict(e.details or {}),
                    }
                    for e in entries
                ]
            }

        return await desk.db(work)

    return router


def _session(uow: SqlUnitOfWork) -> Session:
    assert uow.session is not None
    return uow.session
