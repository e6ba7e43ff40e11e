"""Draft events from a news report: rules and the project's own gazetteer, actor aliases and
resolver, no statistical model (nothing to download, nothing that guesses a place or a number).
`propose_events` is the one entry point, so that a better extractor can replace it."""

from events.drafting.propose import propose_events

__all__ = ["propose_events"]
