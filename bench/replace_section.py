"""Replaces one generated section of docs/BENCHMARKS.md, leaving the others as they are.

A section starts at its marker line (an HTML comment naming the script that writes it), then a line with the SHA-256
of the section's text as the script wrote it, and ends before the next marker or at the end of the file; a missing
section is appended. The digest lets a check (BenchmarksAreGeneratedTest) tell any hand edit from what a script wrote.
    python3 bench/replace_section.py docs/BENCHMARKS.md "<!-- demo section: bench/demo.sh -->" section.md
"""
import hashlib
import os
import sys


def stamped(marker, section):
    body = section.strip()
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return marker + "\n<!-- sha256 " + digest + " -->\n" + body + "\n"


def replace(text, marker, section):
    lines = text.splitlines()
    if marker not in lines:
        return text.rstrip() + "\n\n" + stamped(marker, section)
    start = lines.index(marker)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("<!-- ") and "section:" in lines[i]),
               len(lines))
    before = "\n".join(lines[:start]).rstrip()
    after = "\n".join(lines[end:]).strip()
    return (before + "\n\n" if before else "") + stamped(marker, section) + ("\n" + after + "\n" if after else "")


if __name__ == "__main__":
    doc, marker, section_file = sys.argv[1:]
    text = open(doc).read() if os.path.exists(doc) else "# Benchmarks\n"
    with open(doc, "w") as out:
        out.write(replace(text, marker, open(section_file).read()))
