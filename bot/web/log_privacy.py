"""Logs never carry a shopper's e-mail or a full order number: a filter on the web app's
log handlers masks them in every record before it is written."""

from __future__ import annotations

import logging

from bot.text.identifiers import mask_personal

LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "bot")


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, as it is
            return True
        masked = mask_personal(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install() -> None:
    """Adds the filter to the handlers of the loggers the web app writes through
    (idempotent: a second call adds nothing)."""
    for name in LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, MaskingFilter) for f in handler.filters):
                handler.addFilter(MaskingFilter())
