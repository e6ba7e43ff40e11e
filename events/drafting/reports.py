"""A report's text from an uploaded or fetched file: plain text as it is, HTML as the text a
reader sees (paragraphs kept as lines; scripts, styles and navigation dropped)."""

from html.parser import HTMLParser

BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "article"}
SKIPPED = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "figure"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def report_text(raw: bytes, *, name: str = "") -> str:
    text = raw.decode("utf-8-sig", errors="replace")
    if name.lower().endswith((".html", ".htm")) or text.lstrip()[:15].lower().startswith(
        ("<!doctype", "<html")
    ):
        parser = _Text()
        parser.feed(text)
        lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
        return "\n\n".join(line for line in lines if line)
    return text.replace("\r\n", "\n")
