"""Tracking across statements (meetings, threads, mechanisms registry)."""
