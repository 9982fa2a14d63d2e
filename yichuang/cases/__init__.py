"""办件 (cases). Bounded context of the architecture; its models and services arrive with issue 3."""
