from django.urls import register_converter


class IdConverter:
    """A database id in a URL: 1 to 18 digits, so that an absurd number is a 404 rather than
    an overflow of PostgreSQL's bigint."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
