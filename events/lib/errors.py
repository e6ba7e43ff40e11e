"""Errors any layer may raise and the web layer turns into answers."""


class BadParameter(ValueError):
    """A parameter the caller gave that cannot be used, naming it: the API answers 400 with
    {"error", "field"}, a command prints it. Raised by the request parser (events.lib.filters) and
    by the reads that check a value against the data (an actor id that is not one)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
