"""English month names and the date formats pages show, independent of the machine's locale.

The one table of month names: pages format dates with it, the digest reader recognises date lines
by it ("Mar 14", "March 14") and the synthetic corpus writes them with it.
"""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_abbr(month: int) -> str:
    """Return a month's three-letter name: 3 -> "Mar"."""
    return MONTHS[month - 1][:3]


def long_date(date: dt.date) -> str:
    """Format a date as "14 March 2024"."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def short_date(date: dt.date) -> str:
    """Format a date as "14 Mar 2024"."""
    return f"{date.day} {month_abbr(date.month)} {date.year}"


def month_year(date: dt.date) -> str:
    """Format a date's month as "March 2024"."""
    return f"{MONTHS[date.month - 1]} {date.year}"


def week_start(date: dt.date) -> dt.date:
    """Return the Monday of the ISO 8601 week a date falls in."""
    return date - dt.timedelta(days=date.weekday())
