"""事项、实施清单、材料、收费、环节、一件事、办事指南 (catalog): what can be applied for, and its guides."""
