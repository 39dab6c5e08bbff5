#!/usr/bin/env bash
# generated/<name>/ holds `generate`'s output for every contracts/<name>/contract.json (with that
# folder's config.json and schema.json when present).
#   golden.sh check   fail when any of it differs from a fresh generate
#   golden.sh update  rewrite it
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-check}"
bin=.build/debug/ddb-migrate
[ -x "$bin" ] || swift build
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
for c in contracts/*/contract.json; do
    d="$(dirname "$c")"; name="$(basename "$d")"
    args=()
    [ -f "$d/config.json" ] && args+=(--config "$d/config.json")
    [ -f "$d/schema.json" ] && args+=(--schema "$d/schema.json")
    "$bin" generate "$c" "${args[@]}" --out "$tmp/$name" >/dev/null
    if [ "$mode" = update ]; then
        rm -rf "generated/$name"; mkdir -p generated; cp -R "$tmp/$name" "generated/$name"
        echo "updated generated/$name"
    elif ! diff -ru "generated/$name" "$tmp/$name" >"$tmp/$name.diff"; then
        echo "golden: generated/$name is stale; run 'make golden' and review the diff:" >&2
        head -50 "$tmp/$name.diff" >&2; fail=1
    fi
done
[ "$mode" = update ] || { [ $fail = 0 ] && echo "golden: generated/ is up to date"; }
exit $fail
