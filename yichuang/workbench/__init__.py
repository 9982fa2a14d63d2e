"""工作台 (workbench). Bounded context of the architecture; its models and services arrive with issue 4."""
