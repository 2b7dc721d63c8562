import logging

from bot.web.log_privacy import MaskingFilter, install


def test_emails_and_order_numbers_are_masked_in_log_records(caplog):
    logger = logging.getLogger("bot.test.privacy")
    caplog.handler.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="bot.test.privacy"):
        logger.info("order %s for %s", "418203957", "emily.carter@example.com")
        logger.info("plain line 42")
    assert caplog.messages == ["order ######### for <e-mail>", "plain line 42"]


def test_install_adds_the_filter_once():
    handler = logging.StreamHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        install()
        install()
        assert sum(isinstance(f, MaskingFilter) for f in handler.filters) == 1
    finally:
        root.removeHandler(handler)


def test_uvicorn_access_lines_keep_their_arguments():
    """uvicorn's access formatter unpacks the record's arguments: masking the client's
    port (a long number) must not flatten them, or every request logs an error."""
    from uvicorn.logging import AccessFormatter

    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:54321", "GET", "/orders/418203957", "1.1", 200), None,
    )  # fmt: skip
    assert MaskingFilter().filter(record)
    line = AccessFormatter("%(client_addr)s %(request_line)s %(status_code)s").format(
        record
    )
    assert "418203957" not in line and "54321" not in line
    assert "GET /orders/######### HTTP/1.1 200" in line
