"""好差评、办不成事 (feedback). Bounded context of the architecture; its models and services arrive with issue 6."""
