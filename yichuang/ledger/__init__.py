"""审计日志、事件发件箱 (ledger): the record of everything that happened. Every app writes to
it; it imports none of them (architecture: apps depend downward, ledger is at the bottom)."""
