"""Plain text (as saved from a browser or a crawler) and Markdown renderings."""

from __future__ import annotations

from .layout import Block, Heading, Paragraph, Table


def _cell_text(text: str, joiner: str) -> str:
    return text.replace("\n", joiner)


def table_tsv(table: Table, *, flattened: bool) -> list[str]:
    """One line per table row with the cells that start in it; flattened rows lose every separator."""
    lines = []
    for row in table.rows:
        texts = [_cell_text(c.text, "") for c in row]
        lines.append("".join(texts) if flattened else "\t".join(texts))
    return lines


def render_txt(blocks: list[Block], *, flattened: bool = False) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out += ["", b.text if b.level else b.text.center(40).rstrip(), ""] if b.level < 2 else [b.text]
        elif isinstance(b, Paragraph):
            out.append("　　" + b.text)
        elif isinstance(b, Table):
            out += table_tsv(b, flattened=flattened)
    return "\n".join(out).strip("\n") + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_md(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out += ["#" * (b.level + 1) + " " + b.text, ""]
        elif isinstance(b, Paragraph):
            out += [b.text, ""]
        elif isinstance(b, Table):
            # Pipe tables cannot merge cells: a merged cell's text stays in its first position and the
            # covered positions are left empty, as converters such as pandoc do.
            for i, row in enumerate(b.grid()):
                cells = [_md_escape(_cell_text(c.text, "<br>")) if origin else "" for c, origin in row]
                out.append("| " + " | ".join(cells) + " |")
                if i == 0:
                    out.append("|" + "---|" * len(row))
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
