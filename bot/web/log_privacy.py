"""Logs never carry a shopper's e-mail or a full order number: a filter on the web app's
log handlers masks them in every record before it is written."""

from __future__ import annotations

import logging

from bot.text.identifiers import mask_personal

LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "bot")


def _masked(value: object) -> object:
    return mask_personal(value) if isinstance(value, str) else value


class MaskingFilter(logging.Filter):
    """Masks the template and each argument, keeping the arguments' shape: formatters
    such as uvicorn's access log unpack them."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, as it is
            return True
        if mask_personal(message) == message:
            return True
        record.msg = _masked(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _masked(arg) for key, arg in record.args.items()}
        if mask_personal(record.getMessage()) != record.getMessage():
            record.msg, record.args = mask_personal(record.getMessage()), None
        return True


def install() -> None:
    """Adds the filter to the handlers of the loggers the web app writes through
    (idempotent: a second call adds nothing)."""
    for name in LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, MaskingFilter) for f in handler.filters):
                handler.addFilter(MaskingFilter())
