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
