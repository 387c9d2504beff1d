#!/bin/sh
# The shared library exports only oft_* symbols, and every OFT_API function
# declared in the public headers is exported.
#   check_symbols.sh path/to/libopenai_ft.so path/to/include/openai_ft
set -eu
lib=$1
incdir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Type A entries are version nodes (OFT_0.1), not symbols.
nm -D --defined-only "$lib" | awk '$2 != "A" { print $3 }' | sed 's/@.*//' | sort -u \
    >"$tmp/exported"
sed -n 's/.*OFT_API[^(]*[^A-Za-z0-9_]\(oft_[A-Za-z0-9_]*\)[[:space:]]*(.*/\1/p' \
    "$incdir"/*.h | sort -u >"$tmp/declared"

status=0
leaked=$(grep -v '^oft_' "$tmp/exported" || true)
if [ -n "$leaked" ]; then
    echo "exported symbols without the oft_ prefix:"
    echo "$leaked"
    status=1
fi
internal=$(grep '^oft__' "$tmp/exported" || true)
if [ -n "$internal" ]; then
    echo "internal oft__ symbols exported:"
    echo "$internal"
    status=1
fi
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
if [ -n "$missing" ]; then
    echo "declared with OFT_API but not exported (not implemented?):"
    echo "$missing"
    status=1
fi
[ -s "$tmp/declared" ] || { echo "no OFT_API declarations found in $incdir"; status=1; }
echo "$(wc -l <"$tmp/exported") exported, $(wc -l <"$tmp/declared") declared"
exit $status
