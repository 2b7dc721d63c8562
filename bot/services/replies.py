"""What the services answer with: response names from the domain, their values and any
buttons (a title in the shopper's language and the message a tap sends)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    response: str
    values: dict[str, str] = field(default_factory=dict)
    buttons: tuple[Button, ...] = ()
