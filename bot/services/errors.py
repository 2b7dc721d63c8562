"""Domain exceptions; actions turn them into replies."""


class DomainError(Exception):
    """Base of every rule the assistant refuses to break."""


class VerificationFailed(DomainError):
    """Order number and e-mail/postcode do not match an order (or the order is unknown).

    Deliberately the same exception for both, so no reply can tell them apart.
    """


class VerificationLocked(DomainError):
    """Too many failed verification attempts in this conversation."""


class NotVerified(DomainError):
    """Order details were asked for before the shopper proved who they are."""
