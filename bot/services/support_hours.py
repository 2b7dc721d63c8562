"""When the support team answers: weekly opening hours in the team's time zone.

Written as ``mon-fri 08:00-20:00, sat 10:00-16:00`` (or ``always``) in the SUPPORT_HOURS
setting. Outside them a hand-off becomes a ticket answered by e-mail."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PART = re.compile(
    r"^(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+"
    r"(?P<start>\d{2}:\d{2})-(?P<end>\d{2}:\d{2})$"
)


class SupportHoursError(ValueError):
    """The opening hours cannot be read; the message says which part."""


@dataclass(frozen=True)
class Window:
    weekday: int  # Monday is 0
    start: dt.time
    end_minutes: int  # minutes after midnight, up to 1440 for "24:00"


def _minutes(text: str, part: str) -> int:
    hours, minutes = (int(p) for p in text.split(":"))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise SupportHoursError(f"bad time {text!r} in {part!r}")
    return hours * 60 + minutes


@dataclass(frozen=True)
class SupportHours:
    timezone: ZoneInfo
    windows: tuple[Window, ...]
    always: bool = False

    @classmethod
    def parse(cls, text: str, timezone: str) -> SupportHours:
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SupportHoursError(f"unknown time zone {timezone!r}") from exc
        if text.strip().lower() == "always":
            return cls(zone, (), always=True)
        windows: list[Window] = []
        for part in (p.strip().lower() for p in text.split(",")):
            match = _PART.match(part)
            if not match or match["first"] not in DAYS:
                raise SupportHoursError(
                    f"cannot read {part!r}: write e.g. 'mon-fri 08:00-20:00'"
                )
            last = match["last"] or match["first"]
            if last not in DAYS or DAYS.index(last) < DAYS.index(match["first"]):
                raise SupportHoursError(f"bad day range in {part!r}")
            start = _minutes(match["start"], part)
            end = _minutes(match["end"], part)
            if end <= start:
                raise SupportHoursError(f"closing time before opening in {part!r}")
            for day in range(DAYS.index(match["first"]), DAYS.index(last) + 1):
                windows.append(Window(day, dt.time(start // 60, start % 60), end))
        if not windows:
            raise SupportHoursError("no opening hours given")
        return cls(zone, tuple(windows))

    def is_open(self, now: dt.datetime) -> bool:
        if self.always:
            return True
        local = now.astimezone(self.timezone)
        minute = local.hour * 60 + local.minute
        return any(
            w.weekday == local.weekday()
            and w.start.hour * 60 + w.start.minute <= minute < w.end_minutes
            for w in self.windows
        )

    def next_opening(self, now: dt.datetime) -> dt.datetime:
        """The next moment the team opens (now itself when it is open)."""
        if self.is_open(now):
            return now
        local = now.astimezone(self.timezone)
        openings = []
        for days_ahead in range(8):
            day = local.date() + dt.timedelta(days=days_ahead)
            for window in self.windows:
                if window.weekday != day.weekday():
                    continue
                opening = dt.datetime.combine(day, window.start, self.timezone)
                if opening > local:
                    openings.append(opening)
            if openings:
                return min(openings)
        raise SupportHoursError("no opening in the coming week")
