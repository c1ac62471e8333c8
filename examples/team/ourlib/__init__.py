"""Shared helpers of the order service."""
