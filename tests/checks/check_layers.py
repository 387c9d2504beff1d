#!/usr/bin/env python3
"""The shape of src/, emulator/ and tools/openai-ft: the layer rules of their includes, no
circle of calls, and small files and functions.

    check_layers.py [--emulator | --cli] SRC_DIR INTERNAL_LIB.a [--expect TEXT]...

With --emulator, SRC_DIR is the emulator's tree and the rules are its own
(EMULATOR below): its layers from the top, server/, routes/, control/,
persist/, state/, base/, each including only itself and the layers below it
(and the emulator's public header, emulator.h, which stands alone at the
top, and the library's public headers); only server/ includes <microhttpd.h> and only persist/ <sqlite3.h>; its
call graph is read from the emu_ and oft_emu symbols.

With --cli, SRC_DIR is the command-line tool's tree (tools/openai-ft) and
INTERNAL_LIB.a its static library: its layers from the top, cmd/, app/, ui/,
args/, base/ (tools/openai-ft/LAYERS.md), each including only itself and
the layers below it (and the library's public headers); only app/ includes
<jq.h> (jq's engine); its call graph is read from the cli_, sweep_ and svg_
symbols.

1. Includes. Only src/net/ includes <curl/...> and only src/json/ includes
   <jansson.h>. Every quoted include names its layer ("core/common.h") and
   follows the table below: calls go only downward. No file includes
   itself, directly or through others (an include circle, named by the
   lines that close it).
2. Calls. The file-level call graph is read from the objects of the internal
   static library with nm: file A depends on file B when A uses an oft_ or
   oft__ symbol that B defines. Two files that depend on each other, directly
   or through others (a strongly connected component of more than one file),
   fail, naming the files and the symbols that close the circle.
3. Sizes (issue 8). No file over 600 lines and no function over 80. A
   function is a definition whose opening brace stands alone at the start of
   a line (the house style, BreakBeforeBraces: Linux); its length runs from
   the first line of its signature to its closing brace.
4. No call goes up: a file may use a symbol of another file only when it
   may include that file's header (the include rules of 1, applied to the
   header beside the .c that defines the symbol).

Exits 1 naming every violation, 0 when there is none. With --expect (the
check's own test, on a tree made to break the rules), exits 0 only when
every TEXT is found among the problems.
"""
import os
import re
import subprocess
import sys

# What each folder may include besides libc and itself ("openai_ft/" is the
# public headers; jsonl/ may use only its own public header and what it
# includes). net/ reaches two headers of json/, neither of which calls net/:
# the redaction of JSON strings as decoded, and the merge of a call's extra
# body into a request's JSON body. (It reads API error bodies through the
# client's reader, which api/client.c sets.)
PUBLIC = "openai_ft/"
ALLOWED = {
    "util": {"util", PUBLIC},
    "core": {"util", "core", PUBLIC},
    "json": {"util", "core", "json", PUBLIC},
    "net": {"util", "core", "net", "json/merge.h", "json/redact.h", PUBLIC},
    "api": {"util", "core", "json", "net", "api", PUBLIC},
    "jsonl": {"util", "jsonl", "openai_ft/jsonl.h", "openai_ft/common.h",
              "openai_ft/errors.h"},
}
# Files held to a stricter rule than their folder's.
STRICTER = {
    # The transport owns its types: it includes nothing above util/.
    "net/transport.h": {"util", PUBLIC},
}
# System headers that only one folder may include.
ONLY_IN = [
    (re.compile(r"^curl/"), "net", "curl"),
    (re.compile(r"^jansson\.h$"), "json", "jansson"),
]


def _downward(order):
    """Each layer of order (lowest first) may include itself and those below."""
    return {layer: set(order[:i + 1]) for i, layer in enumerate(order)}


# The emulator's rules (--emulator): the public header emulator.h beside the
# layer folders, the libraries each layer alone may include, its symbols.
EMULATOR_ORDER = ["base", "state", "persist", "control", "routes", "server"]
EMULATOR = {
    "allowed": {layer: rules | {"emulator.h", PUBLIC}
                for layer, rules in _downward(EMULATOR_ORDER).items()},
    "stricter": {},
    "only_in": [
        (re.compile(r"^microhttpd\.h$"), "server", "libmicrohttpd"),
        (re.compile(r"^sqlite3\.h$"), "persist", "SQLite"),
    ],
    "top_files": {"emulator.h"},
    "prefixes": ("emu_", "oft_emu"),
    "root": "emulator",
}
# The command-line tool's rules (--cli): cmd/ over app/ over ui/ over args/
# over base/; jq's engine only in app/ (its JSON values, <jv.h>, anywhere).
CLI_ORDER = ["base", "args", "ui", "app", "cmd"]
CLI = {
    "allowed": {layer: rules | {PUBLIC}
                for layer, rules in _downward(CLI_ORDER).items()},
    "stricter": {},
    "only_in": [
        (re.compile(r"^jq\.h$"), "app", "jq's engine"),
    ],
    "top_files": set(),
    "prefixes": ("cli_", "sweep_", "svg_"),
    "root": "tools/openai-ft",
}
LIBRARY = {
    "allowed": ALLOWED,
    "stricter": STRICTER,
    "only_in": ONLY_IN,
    "top_files": set(),
    "prefixes": ("oft_",),
    "root": "src",
}

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def sources(src):
    """Every .c and .h under src, as paths relative to it."""
    out = []
    for root, _dirs, files in os.walk(src):
        for name in files:
            if name.endswith((".c", ".h")):
                out.append(os.path.relpath(os.path.join(root, name), src))
    return sorted(out)


def allowed(rules, target):
    return any(target == r or target.startswith(r.rstrip("/") + "/") for r in rules)


def check_includes(src, files, profile=LIBRARY):
    problems = []
    layers, root = profile["allowed"], profile["root"]
    for rel in files:
        layer = rel.split(os.sep)[0]
        if rel in profile["top_files"]:
            continue
        if layer not in layers:
            problems.append(f"{rel}: not in a layer folder ({', '.join(layers)})")
            continue
        rules = profile["stricter"].get(rel.replace(os.sep, "/"), layers[layer])
        with open(os.path.join(src, rel), encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                kind, target = m.groups()
                where = f"{rel}:{lineno}"
                if kind == "<":
                    for pattern, only, name in profile["only_in"]:
                        if pattern.match(target) and layer != only:
                            problems.append(
                                f"{where}: includes <{target}>: only {root}/{only}/ "
                                f"may include {name}")
                    continue
                if target in profile["top_files"]:
                    continue
                if "/" not in target:
                    problems.append(f'{where}: "{target}": name its layer '
                                    f'("core/common.h")')
                elif target.split("/")[0] != layer and not allowed(rules, target):
                    problems.append(f'{where}: "{target}": {layer}/ may not include '
                                    f'it (calls go only downward)')
                elif rules is not layers[layer] and not allowed(rules, target):
                    problems.append(f'{where}: "{target}": {rel} may include only '
                                    f'{", ".join(sorted(rules))}')
    return problems


def functions(lines):
    """(name, first line, length) of each function definition in lines."""
    out = []
    i = 0
    while i < len(lines):
        if lines[i].rstrip() == "{":
            start = i
            # The signature: the lines above, up to a blank line, a comment's
            # end, a preprocessor line or the previous definition's end.
            while start > 0:
                above = lines[start - 1].rstrip()
                if (not above or above.endswith("*/") or above.startswith("#") or
                        above.startswith("}") or above.endswith(";")):
                    break
                start -= 1
            end = i
            while end < len(lines) and not lines[end].startswith("}"):
                end += 1
            signature = " ".join(line.strip() for line in lines[start:i])
            name = (signature.split("(")[0].split()[-1].lstrip("*") if "(" in signature
                    else signature)
            out.append((name, start + 1, end - start + 1))
            i = end
        i += 1
    return out


def check_sizes(src, files):
    problems = []
    for rel in files:
        with open(os.path.join(src, rel), encoding="utf-8") as f:
            lines = f.read().split("\n")
        n = len(lines) - 1  # the text ends with a newline
        if n > MAX_FILE_LINES:
            problems.append(f"{rel}: {n} lines (at most {MAX_FILE_LINES})")
        for name, first, length in functions(lines):
            if length > MAX_FUNCTION_LINES:
                problems.append(f"{rel}:{first}: {name}: {length} lines "
                                f"(at most {MAX_FUNCTION_LINES})")
    return problems


def source_of(obj, files):
    """The source of an object: meson names it after the source's path with
    '/' turned into '_' (relative to the meson.build that lists it)."""
    best = None
    for f in files:
        mangled = f.replace(os.sep, "_") + ".o"
        if (obj == mangled or obj.endswith("_" + mangled)) and \
                (best is None or len(f) > len(best)):
            best = f
    return best


def object_symbols(lib, files, prefixes=("oft_",)):
    """{file: (defined, used)} for the symbols of each object of lib that
    start with one of prefixes."""
    sources = [f for f in files if f.endswith(".c")]
    by_object = {}
    out = subprocess.run(["nm", "-A", lib], check=True, capture_output=True,
                         text=True).stdout
    syms = {}
    for line in out.splitlines():
        # "lib.a:obj.c.o:0000000000000000 T oft_x" or "lib.a:obj.c.o:   U oft_x"
        head, _, rest = line.rpartition(".o:")
        obj = os.path.basename(head) + ".o"
        parts = rest.split()
        if len(parts) < 2 or not parts[-1].startswith(prefixes):
            continue
        kind, name = parts[-2], parts[-1]
        if obj not in by_object:
            by_object[obj] = source_of(obj, sources)
        if by_object[obj] is None:
            continue
        defined, used = syms.setdefault(by_object[obj], (set(), set()))
        if kind == "U":
            used.add(name)
        elif kind.isupper():
            defined.add(name)
    return syms


def circles(syms):
    """The call circles: the strongly connected components of more than one
    file of the call graph, each edge named by a symbol that makes it."""
    owner = {}
    for f, (defined, _used) in syms.items():
        for name in defined:
            owner[name] = f
    edges = {f: {} for f in syms}
    for f, (_defined, used) in syms.items():
        for name in sorted(used):
            g = owner.get(name)
            if g and g != f:
                edges[f].setdefault(g, name)
    return [("call circle between " + ", ".join(comp) + ":\n    " +
             "\n    ".join(f"{a} -> {b} ({edges[a][b]})" for a in comp
                           for b in sorted(edges[a]) if b in comp))
            for comp in components(edges)]


def include_circles(src, files):
    """The include circles: files that include themselves, directly or
    through others (a header's guard hides the loop from the compiler, not
    from a reader). An edge is named by the line of its include."""
    edges = {f.replace(os.sep, "/"): {} for f in files}
    for rel in files:
        me = rel.replace(os.sep, "/")
        with open(os.path.join(src, rel), encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m or m.group(1) != '"':
                    continue
                # As written (from the root), else beside the including file.
                beside = os.path.normpath(os.path.join(os.path.dirname(me), m.group(2)))
                for target in (m.group(2), beside.replace(os.sep, "/")):
                    if target in edges:
                        edges[me].setdefault(target, f"{me}:{lineno}")
                        break
    problems = []
    for comp in components(edges):
        problems.append("include circle between " + ", ".join(comp) + ":\n    " +
                        "\n    ".join(f"{edges[a][b]}: includes {b}" for a in comp
                                      for b in sorted(edges[a]) if b in comp))
    for f in sorted(edges):
        if f in edges[f]:
            problems.append(f"include circle: {edges[f][f]}: includes itself")
    return problems


def components(edges):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def upward_calls(syms, profile):
    """Rule 4: a file uses a symbol of a file it may not include (the header
    beside the .c that defines it)."""
    layers = profile["allowed"]
    owner = {}
    for f, (defined, _used) in syms.items():
        for name in defined:
            owner[name] = f
    problems = []
    for f in sorted(syms):
        layer = f.split(os.sep)[0]
        if f in profile["top_files"] or layer not in layers:
            continue
        rules = profile["stricter"].get(f.replace(os.sep, "/"), layers[layer])
        seen = set()
        for name in sorted(syms[f][1]):
            g = owner.get(name)
            if g is None or g == f or g in seen:
                continue
            header = g[:-2].replace(os.sep, "/") + ".h"
            if g.split(os.sep)[0] != layer and not allowed(rules, header):
                seen.add(g)
                problems.append(f"{f}: calls {g} ({name}): {layer}/ may not call "
                                f"{g.split(os.sep)[0]}/ (calls go only downward)")
    return problems


def main(argv):
    args, expect = argv[1:], []
    profile = LIBRARY
    if "--emulator" in args:
        args.remove("--emulator")
        profile = EMULATOR
    if "--cli" in args:
        args.remove("--cli")
        profile = CLI
    while "--expect" in args:
        at = args.index("--expect")
        expect.append(args[at + 1])
        del args[at:at + 2]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    src, lib = args
    files = sources(src)
    syms = object_symbols(lib, files, profile["prefixes"])
    problems = (check_includes(src, files, profile) + include_circles(src, files)
                + check_sizes(src, files))
    if not syms:
        problems.append(f"{lib}: no object of {src} found (is it the internal library?)")
    problems += circles(syms)
    problems += upward_calls(syms, profile)
    for p in problems:
        print(p)
    n_c = sum(1 for f in files if f.endswith(".c"))
    print(f"{len(files)} files checked ({n_c} objects): "
          f"{len(problems)} problem(s)")
    if expect:
        missed = [e for e in expect if not any(e in p for p in problems)]
        for e in missed:
            print(f"expected but not found: {e}")
        return 1 if missed else 0
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
