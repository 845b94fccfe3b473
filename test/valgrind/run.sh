#!/usr/bin/env bash
# npm run test:valgrind: runs the native paths under memcheck and fails on any invalid access or
# definite leak whose stack passes through the addon (node's own warnings are not ours to fix).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
log=$(mktemp /tmp/gf-valgrind.XXXXXX)
status=0
for script in test/valgrind/native-paths.ts test/valgrind/socket-paths.ts test/valgrind/worker-paths.ts ${GF_VALGRIND_EXTRA:-}; do
  echo "memcheck: $script"
  valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite --num-callers=30 \
    --log-file="$log" node_modules/.bin/node "$script" || status=$?
  [ "$status" -eq 0 ] || { echo "script failed under valgrind (exit $status)"; cat "$log" | tail -40; exit 1; }
  # One record per blank-line-separated block; keep the blocks that mention the addon.
  ours=$(awk 'BEGIN{RS="==[0-9]+== \n"} /greenfiber\.node/ && (/Invalid|uninitialised|definitely lost|Mismatched|overlap/)' "$log" || true)
  grep -E "ERROR SUMMARY|definitely lost:" "$log" | sed 's/^==[0-9]*== /  (whole process) /'
  if [ -n "$ours" ]; then
    echo "memcheck found problems in the addon:"
    echo "$ours"
    exit 1
  fi
  echo "  addon: 0 invalid reads/writes, 0 uses of uninitialised memory, 0 definite leaks"
done
rm -f "$log"
