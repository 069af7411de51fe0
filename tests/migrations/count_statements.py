#!/usr/bin/env python3
"""count_statements.py FILE — the number of SQL statements in a migration file.

A simple splitter: ';' ends a statement unless it is inside a string ('…',
E'…', "…"), a dollar-quoted body ($$…$$, $tag$…$tag$), a -- line comment or a
/* … */ block comment (nested). Chunks holding only whitespace and comments are
not statements. Good enough for the migration corpus; not a SQL parser."""
import re
import sys

DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")


def count(text: str) -> int:
    n = 0
    i = 0
    has_code = False
    size = len(text)
    while i < size:
        c = text[i]
        if c == "-" and text.startswith("--", i):
            j = text.find("\n", i)
            i = size if j < 0 else j + 1
            continue
        if c == "/" and text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < size and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            continue
        if c in "'\"":
            # E'…' strings: a backslash escapes the next character
            escapes = c == "'" and i > 0 and text[i - 1] in "eE" and \
                not (i > 1 and (text[i - 2].isalnum() or text[i - 2] == "_"))
            has_code = True
            i += 1
            while i < size:
                if text[i] == c:
                    if i + 1 < size and text[i + 1] == c:  # doubled quote
                        i += 2
                        continue
                    i += 1
                    break
                i += 2 if escapes and text[i] == "\\" else 1
            continue
        if c == "$":
            m = DOLLAR.match(text, i)
            if m and not (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
                tag = m.group(0)
                j = text.find(tag, m.end())
                i = size if j < 0 else j + len(tag)
                has_code = True
                continue
        if c == ";":
            if has_code:
                n += 1
            has_code = False
            i += 1
            continue
        if not c.isspace():
            has_code = True
        i += 1
    if has_code:
        n += 1
    return n


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        print(count(f.read()))
