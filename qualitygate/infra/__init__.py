"""Plumbing under the story: the embedded broker's transport, the worker's CPU priority and
its frozen heap."""
