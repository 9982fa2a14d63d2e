from .alerts import Alert, TicketWatch
from .linkage import Notice, SupervisionResult, SupervisionRoute
from .rollups import CUBE_DIMS, METRICS, DailyCube, DailyRollup, MonthlyCube, MonthlyRollup

__all__ = [
    "Alert",
    "CUBE_DIMS",
    "DailyCube",
    "DailyRollup",
    "MonthlyCube",
    "METRICS",
    "MonthlyRollup",
    "Notice",
    "SupervisionResult",
    "SupervisionRoute",
    "TicketWatch",
]
