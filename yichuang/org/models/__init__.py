from .calendar import CalendarDay, CalendarYear
from .people import Leave, Post, StaffRole, User
from .structure import Department, Region, Site, Window

__all__ = [
    "CalendarDay",
    "CalendarYear",
    "Department",
    "Leave",
    "Post",
    "Region",
    "Site",
    "StaffRole",
    "User",
    "Window",
]
