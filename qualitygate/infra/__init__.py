"""Plumbing under the story: the embedded broker's transport and the worker's CPU priority."""
