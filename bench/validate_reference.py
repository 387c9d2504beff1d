#!/usr/bin/env python3
"""The Python baseline of bench_validate: json.loads per line with the same
checks as oft_jsonl_validate (reference/openai-api.md section 12 and the
cookbook's Chat_finetuning_data_prep rules), the same ~4-characters-per-token
estimate, and a one-line summary to compare with the C report.

    python3 bench/validate_reference.py FILE
    python3 bench/validate_reference.py --parse-only FILE   (json.loads alone: the floor)
"""
import json
import sys

ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
MSG_KEYS = {"role", "content", "name", "function_call", "weight", "tool_calls",
            "tool_call_id"}
CHAT_KEYS = {"messages", "tools", "functions", "parallel_tool_calls"}


def tok(n):
    return (n + 3) // 4


class Stats:
    def __init__(self):
        self.errors = 0
        self.warnings = 0


def check_parts(parts, st):
    chars = images = 0
    for part in parts:
        if not isinstance(part, dict):
            st.errors += 1
            continue
        t = part.get("type")
        if t == "text" and isinstance(part.get("text"), str):
            chars += len(part["text"])
        elif t == "image_url" and isinstance(part.get("image_url"), dict) \
                and isinstance(part["image_url"].get("url"), str):
            images += 1
        else:
            st.errors += 1
    return chars, images


def check_messages(msgs, st):
    """Returns (count, chars, tokens, roles) for one list of messages."""
    chars = tokens = 0
    roles = set()
    for m in msgs:
        if not isinstance(m, dict):
            st.errors += 1
            continue
        role = m.get("role")
        if role is None:
            st.errors += 1
        elif not isinstance(role, str) or role not in ROLES:
            st.errors += 1
        roles.add(role if isinstance(role, str) else None)
        if any(k not in MSG_KEYS for k in m):
            st.warnings += 1
        content = m.get("content")
        calls = "tool_calls" in m or "function_call" in m
        cchars = images = 0
        if isinstance(content, str):
            cchars = len(content)
        elif isinstance(content, list):
            cchars, images = check_parts(content, st)
        if content is None or content == "" or content == []:
            if not (calls and role == "assistant"):
                st.errors += 1
        elif not isinstance(content, (str, list)):
            st.errors += 1
        if "weight" in m:
            w = m["weight"]
            if role not in ("assistant", None) and role in ROLES:
                st.errors += 1
            elif isinstance(w, bool) or not isinstance(w, (int, float)) or w not in (0, 1):
                st.errors += 1
        call_chars = 0
        for k in ("tool_calls", "function_call"):
            if k in m:
                call_chars += len(json.dumps(m[k]))
        chars += cchars
        tokens += 3 + tok(len(role) if isinstance(role, str) else 0) + tok(cchars) \
            + tok(call_chars) + 85 * images
        if "name" in m:
            tokens += 1 + tok(len(m["name"]) if isinstance(m["name"], str) else 0)
    return len(msgs), chars, tokens, roles


def line_format(ex):
    if "messages" in ex:
        return "reinforcement" if any(k not in CHAT_KEYS for k in ex) else "chat"
    if "input" in ex or "preferred_output" in ex or "non_preferred_output" in ex:
        return "dpo"
    if "prompt" in ex or "completion" in ex:
        return "completion"
    return None


def main(path):
    st = Stats()
    fmt = None
    lines = examples = messages = characters = tokens = 0
    with open(path, "rb") as f:
        for raw in f:
            lines += 1
            line = raw.rstrip(b"\n").rstrip(b"\r")
            if not line.strip():
                st.errors += 1
                continue
            try:
                ex = json.loads(line)
            except ValueError:  # includes UnicodeDecodeError
                st.errors += 1
                continue
            if not isinstance(ex, dict):
                st.errors += 1
                continue
            examples += 1
            lf = line_format(ex) or fmt
            if lf is None:
                st.errors += 1
                continue
            if fmt is None:
                fmt = lf
            if lf != fmt and {lf, fmt} != {"chat", "reinforcement"}:
                st.errors += 1
                continue
            if fmt in ("chat", "reinforcement"):
                msgs = ex.get("messages")
                n = c = t = 0
                roles = set()
                if not isinstance(msgs, list) or not msgs:
                    st.errors += 1
                else:
                    n, c, t, roles = check_messages(msgs, st)
                for k in ("tools", "functions"):
                    if k in ex and not isinstance(ex[k], list):
                        st.errors += 1
                if fmt == "chat" and n:
                    if "assistant" not in roles:
                        st.errors += 1
                    if "system" not in roles and "developer" not in roles:
                        st.warnings += 1
                    if "user" not in roles:
                        st.warnings += 1
                messages += n
                characters += c
                tokens += t + 3
            elif fmt == "dpo":
                inp = ex.get("input")
                t = 3
                if not isinstance(inp, dict) or not isinstance(inp.get("messages"), list) \
                        or not inp["messages"]:
                    st.errors += 1
                else:
                    n, c, tt, _ = check_messages(inp["messages"], st)
                    messages += n
                    characters += c
                    t += tt
                for k in ("preferred_output", "non_preferred_output"):
                    out = ex.get(k)
                    if not isinstance(out, list) or len(out) != 1:
                        st.errors += 1
                        continue
                    n, c, tt, roles = check_messages(out, st)
                    if roles != {"assistant"}:
                        st.errors += 1
                    messages += n
                    characters += c
                    t += tt
                tokens += t
            else:
                for k in ("prompt", "completion"):
                    if not isinstance(ex.get(k), str):
                        st.errors += 1
                p = ex.get("prompt") if isinstance(ex.get("prompt"), str) else ""
                c = ex.get("completion") if isinstance(ex.get("completion"), str) else ""
                characters += len(p) + len(c)
                tokens += tok(len(p)) + tok(len(c))
    print(f"format={fmt} lines={lines} examples={examples} messages={messages} "
          f"characters={characters} est_tokens={tokens} errors={st.errors} "
          f"warnings={st.warnings}")


def parse_only(path):
    lines = errors = 0
    with open(path, "rb") as f:
        for raw in f:
            lines += 1
            try:
                json.loads(raw)
            except ValueError:
                errors += 1
    print(f"parse-only lines={lines} errors={errors}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--parse-only":
        parse_only(sys.argv[2])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        sys.exit("usage: validate_reference.py [--parse-only] FILE")
