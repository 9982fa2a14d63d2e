"""网上办事大厅 (portal). Bounded context of the architecture; its models and services arrive with issue 6."""
