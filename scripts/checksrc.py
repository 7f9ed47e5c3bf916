#!/usr/bin/env python3
"""checksrc: the layers of docs/architecture.md, checked in the source (curl's checksrc is the
model). The build already refuses a header of a layer a library does not depend on (per-layer
include directories, include/LAYER/easel/*.h); this check adds what include paths cannot see:

  * system and third-party headers: each third-party library's headers only in its own layer
    (jansson in formats, kb, fhir, exchange and web; sqlite3 and libpq in store; libmicrohttpd
    in web; libsodium in crypto; libturbojpeg, libspng and libexif in image; cairo, pango and
    fontconfig in render), and core includes nothing outside the C library; an easel header
    that hands out a library's types (easel/jread.h: jansson) counts as that library's header;
  * relative includes that climb out of a layer ("../store/store_int.h");
  * calls of a third-party library's functions outside its layer (json_*, sqlite3_*, PQ*,
    MHD_*, sodium_* and crypto_*, tj*, spng_*, exif_*, cairo_*, pango_*, Fc*, g_object_*);
  * calls of banned functions anywhere (git's banned.h: sprintf, strcpy, strcat, strncpy,
    strncat, atoi, atol, atof, gets, strtok, vsprintf, asctime, ctime, gmtime, localtime,
    tmpnam).

Usage: checksrc.py [SOURCE_DIR] [FILE...]   (files default to every src/**/*.[ch])
Exit 1 naming file:line and the rule for every finding, 0 when clean.
"""
import os
import re
import sys

# the layers each layer may use (itself included); from docs/architecture.md
USES = {
    "core": {"core"},
    "util": {"util", "core"},
    "formats": {"formats", "util", "core"},
    "kb": {"kb", "formats", "util", "core"},
    "store": {"store", "util", "core"},
    "crypto": {"crypto", "util", "core"},
    "image": {"image", "core"},
    "render": {"render", "util", "core"},
    "exchange": {"exchange", "store", "util", "core"},
    "app": {"app", "store", "kb", "formats", "crypto", "image", "render", "util", "core"},
    "fhir": {"fhir", "app", "store", "kb", "formats", "crypto", "image", "util", "core"},
    "web": {"web", "app", "fhir", "store", "kb", "formats", "crypto", "image", "render", "util",
            "core"},
    "cli": {"cli", "web", "app", "fhir", "exchange", "store", "kb", "formats", "crypto", "image",
            "render", "util", "core"},
}

# third-party headers (by their include name's first path part or file) and their layers
THIRD = {
    "jansson.h": {"formats", "kb", "fhir", "exchange", "web"},
    "sqlite3.h": {"store"},
    "libpq-fe.h": {"store"},
    "microhttpd.h": {"web"},
    "sodium.h": {"crypto"},
    "turbojpeg.h": {"image"},
    "spng.h": {"image"},
    "libexif": {"image"},
    "cairo.h": {"render"},
    "cairo-pdf.h": {"render"},
    "cairo-svg.h": {"render"},
    "pango": {"render"},
    "fontconfig": {"render"},
    "glib.h": {"render"},
}

# easel headers that include a third-party header in their interface: including one counts as
# including that header (easel/jread.h hands out jansson's json_t)
EXPOSES = {
    "easel/jread.h": "jansson.h",
}

# the C library (C17) and POSIX headers every layer but core may use; core: C only
C_HEADERS = {
    "assert.h", "ctype.h", "errno.h", "float.h", "inttypes.h", "limits.h", "math.h",
    "stdarg.h", "stdbool.h", "stddef.h", "stdint.h", "stdio.h", "stdlib.h", "string.h",
    "time.h",
}
POSIX_HEADERS = {
    "dirent.h", "fcntl.h", "unistd.h", "sys/stat.h", "sys/types.h", "sys/time.h",
    "sys/resource.h", "sys/socket.h", "sys/wait.h", "pthread.h", "signal.h", "strings.h",
    "arpa/inet.h", "netinet/in.h", "netdb.h", "poll.h", "malloc.h", "sys/mman.h",
    "semaphore.h", "stdatomic.h",
}

CALLS = [
    (re.compile(r"\bjson_[a-z_]+\s*\("), THIRD["jansson.h"], "jansson"),
    (re.compile(r"\bsqlite3_[a-z_0-9]+\s*\("), {"store"}, "sqlite3"),
    (re.compile(r"\bPQ[a-z][A-Za-z]*\s*\("), {"store"}, "libpq"),
    (re.compile(r"\bMHD_[a-z_]+\s*\("), {"web"}, "libmicrohttpd"),
    (re.compile(r"\b(sodium_[a-z_]+|crypto_[a-z_0-9]+|randombytes_[a-z_]+)\s*\("), {"crypto"},
     "libsodium"),
    (re.compile(r"\btj[A-Z][A-Za-z0-9]*\s*\("), {"image"}, "libturbojpeg"),
    (re.compile(r"\bspng_[a-z_]+\s*\("), {"image"}, "libspng"),
    (re.compile(r"\bexif_[a-z_]+\s*\("), {"image"}, "libexif"),
    (re.compile(r"\b(cairo_[a-z_]+|pango_[a-z_]+|Fc[A-Z][A-Za-z]*|g_object_[a-z_]+)\s*\("),
     {"render"}, "cairo/pango/fontconfig"),
]

BANNED = re.compile(
    r"(?<![\w.>])(sprintf|vsprintf|strcpy|strcat|strncpy|strncat|atoi|atol|atoll|atof|gets|"
    r"strtok|asctime|ctime|gmtime|localtime|tmpnam)\s*\(")

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def strip(text):
    """The code without comments, string and character literals (same line numbers)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + re.sub(r"[^\n]", " ", text[i + 1:j]) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def header_owner(root, name):
    """The layer whose include/LAYER/easel/ holds easel/NAME, or None."""
    for layer in USES:
        if os.path.isfile(os.path.join(root, "include", layer, name)):
            return layer
    return None


def check(root, path, findings):
    rel = os.path.relpath(path, root)
    parts = rel.split(os.sep)
    if parts[0] == "src":
        layer = parts[1]
    elif parts[0] == "include":
        layer = parts[1]
    else:
        return
    if layer not in USES:
        findings.append(f"{rel}:1: layer '{layer}' is not in docs/architecture.md")
        return
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for no, line in enumerate(text.split("\n"), 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        kind, name = m.groups()
        if kind == '"' and name.startswith("easel/"):
            owner = header_owner(root, name)
            if owner is None:
                findings.append(f"{rel}:{no}: {name} is in no layer's include/LAYER/easel/")
            elif owner not in USES[layer]:
                findings.append(f"{rel}:{no}: {layer} may not include {name} (layer {owner})")
            elif name in EXPOSES and layer not in THIRD[EXPOSES[name]]:
                findings.append(f"{rel}:{no}: {layer} may not include {name}: it exposes "
                                f"<{EXPOSES[name]}> (only "
                                f"{', '.join(sorted(THIRD[EXPOSES[name]]))})")
        elif kind == '"':
            if "/" in name or ".." in name:
                findings.append(f"{rel}:{no}: {name}: a private header from outside the layer")
        else:
            first = name.split("/")[0]
            third = THIRD.get(name) or THIRD.get(first)
            if third is not None:
                if layer not in third:
                    findings.append(f"{rel}:{no}: {layer} may not include <{name}> (only "
                                    f"{', '.join(sorted(third))})")
            elif name in C_HEADERS:
                pass
            elif name in POSIX_HEADERS:
                if layer == "core":
                    findings.append(f"{rel}:{no}: core is pure C: <{name}> is not allowed")
            else:
                findings.append(f"{rel}:{no}: <{name}> is not an allowed header")
    code = strip(text)
    for no, line in enumerate(code.split("\n"), 1):
        if INCLUDE.match(line):
            continue
        for rx, layers, lib in CALLS:
            if layer not in layers and rx.search(line):
                findings.append(f"{rel}:{no}: {layer} calls {lib} "
                                f"({rx.search(line).group(0).rstrip('( ')})")
        m = BANNED.search(line)
        if m:
            findings.append(f"{rel}:{no}: banned call {m.group(1)}()")


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    files = sys.argv[2:]
    if not files:
        for top in ("src", "include"):
            for d, _, names in os.walk(os.path.join(root, top)):
                files += [os.path.join(d, x) for x in sorted(names) if x.endswith((".c", ".h"))]
    findings = []
    for f in files:
        check(root, os.path.abspath(f), findings)
    for line in findings:
        print(line)
    print(f"checksrc: {len(files)} files, {len(findings)} findings", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
