"""Reading the tables of a Markdown report back into rows of cells."""

from __future__ import annotations


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    """Markdown tables keyed by their header's first cell, or by `|a|b…` (the whole header)
    when that cell is empty; body rows only."""
    tables: dict[str, list[list[str]]] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("|") and index + 1 < len(lines) and lines[index + 1].startswith("|---"):
            header = [c.strip() for c in line.strip("|").split("|")]
            rows = []
            for row in lines[index + 2 :]:
                if not row.startswith("|"):
                    break
                rows.append([c.strip() for c in row.strip("|").split("|")])
            tables[header[0] or "|".join(header)] = rows
    return tables
