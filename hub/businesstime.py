"""Business hours: response targets count the brand's working time, not the wall clock.

The brand's timezone, working days and opening hours are settings (AGORA_BUSINESS_*). A
question asked on Friday evening with a 24-hour target is due on Wednesday at 15:00 with the
default calendar (9:00 to 18:00, Monday to Friday: 9 hours on Monday, 9 on Tuesday, 6 on
Wednesday).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def _calendar():
    zone = ZoneInfo(settings.AGORA_BUSINESS_TIMEZONE)
    start, end = settings.AGORA_BUSINESS_HOURS
    return zone, set(settings.AGORA_BUSINESS_DAYS), time(start), time(end)


def _open_span(day, zone, opens, closes) -> tuple[datetime, datetime]:
    return (
        datetime.combine(day, opens, tzinfo=zone),
        datetime.combine(day, closes, tzinfo=zone),
    )


def add_business_hours(start: datetime, hours: float) -> datetime:
    """The moment ``hours`` of working time after ``start``."""
    zone, days, opens, closes = _calendar()
    left = timedelta(hours=hours)
    moment = start.astimezone(zone)
    day = moment.date()
    for _ in range(3660):  # ten years of days: ends for any sane target
        if day.weekday() in days:
            day_open, day_close = _open_span(day, zone, opens, closes)
            begin = max(moment, day_open)
            if begin < day_close:
                available = day_close - begin
                if left <= available:
                    return begin + left
                left -= available
        day += timedelta(days=1)
    raise ValueError("The business calendar has no working hours.")


def business_hours_between(start: datetime, end: datetime) -> float:
    """Working hours from ``start`` to ``end`` (negative when ``end`` comes first)."""
    if end < start:
        return -business_hours_between(end, start)
    zone, days, opens, closes = _calendar()
    start, end = start.astimezone(zone), end.astimezone(zone)
    total = timedelta()
    day = start.date()
    while day <= end.date():
        if day.weekday() in days:
            day_open, day_close = _open_span(day, zone, opens, closes)
            begin, finish = max(start, day_open), min(end, day_close)
            if finish > begin:
                total += finish - begin
        day += timedelta(days=1)
    return total.total_seconds() / 3600
