#!/usr/bin/env python3
"""Index of the shared clinical references that KB items may cite (kb/references/*.json).

The KB loader checks every citation in a `basis` against these indexes: each section and each
reference number must exist in the document. This script writes the indexes from
../shared/reference/{clinical,plan-quality}.md, or with --check compares them and exits 1 when
the committed index no longer matches the documents (the kb.references test).
"""
import json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("EASEL_SHARED", os.path.join(ROOT, "..", "shared", "reference"))


def refs_of(text, heading):
    """Reference numbers, with their lettered parts, from the numbered list under heading."""
    part = text.split(heading, 1)[1]
    out = []
    for m in re.finditer(r"^(\d+)\. (.*)$", part, re.M):
        n, rest = m.group(1), m.group(2)
        out.append(n)
        out += [n + x for x in re.findall(r"\(([a-z])\)", rest)]
    return out


def clinical(text):
    sections = set()
    for m in re.finditer(r"^#{2,3} ([A-F])(\d?)\.", text, re.M):
        sections.add(m.group(1) + m.group(2))
    return sorted(sections), refs_of(text, "## References")


def plan_quality(text):
    sections = set()
    for m in re.finditer(r"^#{2,3} (\d+)(\.\w+)?\.? ", text, re.M):
        sections.add("§" + m.group(1) + (m.group(2) or ""))
    for m in re.finditer(r"^\| \*?\*?([A-J]\d+)\*?\*? \|", text, re.M):
        sections.add(m.group(1))
    return sorted(sections), refs_of(text, "## 8. References")


def index(doc, ident, fn):
    text = open(os.path.join(SHARED, doc), encoding="utf-8").read()
    sections, refs = fn(text)
    return {
        "id": ident, "kind": "reference", "version": 1, "name": doc,
        "sections": sections, "refs": refs,
        "basis": "practice convention: the index of ../shared/reference/%s, written by "
                 "scripts/kb-references.py" % doc,
    }


def main():
    check = "--check" in sys.argv
    bad = 0
    for doc, ident, fn in (("clinical.md", "clinical-md", clinical),
                           ("plan-quality.md", "plan-quality-md", plan_quality)):
        want = json.dumps(index(doc, ident, fn), indent=2, ensure_ascii=False) + "\n"
        path = os.path.join(ROOT, "kb", "references", ident + ".json")
        if check:
            have = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if have != want:
                print("%s is out of date with %s: run scripts/kb-references.py" % (path, doc))
                bad = 1
        else:
            open(path, "w", encoding="utf-8").write(want)
    return bad


if __name__ == "__main__":
    sys.exit(main())
