"""印章、签章 (seals). Bounded context of the architecture; its models and services arrive with issue 5."""
