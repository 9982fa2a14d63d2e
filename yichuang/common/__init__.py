"""Shared plumbing: structured errors, identity-number validators, health check."""
