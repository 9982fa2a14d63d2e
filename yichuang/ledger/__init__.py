"""审计日志、事件发件箱 (ledger). Bounded context of the architecture; its models and services arrive with issue 3."""
