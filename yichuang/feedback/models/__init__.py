from .rating import Encounter, Rating
from .report import UnresolvedReport
from .tablet import TabletDevice
from .ticket import Rectification, RectificationStep

__all__ = ["Encounter", "Rating", "Rectification", "RectificationStep", "TabletDevice", "UnresolvedReport"]
