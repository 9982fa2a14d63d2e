from .rating import Encounter, Rating
from .report import UnresolvedReport
from .ticket import Rectification, RectificationStep

__all__ = ["Encounter", "Rating", "Rectification", "RectificationStep", "UnresolvedReport"]
