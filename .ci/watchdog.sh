#!/usr/bin/env bash
# watchdog.sh SECONDS COMMAND...: runs COMMAND and exits with its status. If it still runs after SECONDS,
# every Node process of the run writes a diagnostic report (SIGUSR2), the JavaScript stack and live
# handles of each are printed, and the run is stopped with exit 124. A hang seen once in CI must say
# where it was: a test worker whose event loop is blocked never reports its own test timeout.
set -uo pipefail
limit=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
report_flags="--report-on-signal --report-signal=SIGUSR2 --report-directory=$reports"
export NODE_OPTIONS="${NODE_OPTIONS:-} $report_flags"
# npm scripts take NODE_OPTIONS from npm's node-options setting (the repo's .npmrc), not the environment.
npm_config_node_options="$(cd "$root" && npm config get node-options 2>/dev/null || true)"
[ "$npm_config_node_options" = null ] && npm_config_node_options=""
export npm_config_node_options="$npm_config_node_options $report_flags"

set -m # the command gets a process group of its own, so the whole run can be found and stopped
"$@" &
pid=$!
set +m
deadline=$((SECONDS + limit))
while kill -0 "$pid" 2>/dev/null; do
  if ((SECONDS >= deadline)); then
    echo "watchdog: '$*' still running after ${limit}s; asking its Node processes where they are" >&2
    nodes=()
    for p in $(pgrep -g "$pid"); do
      [[ $(readlink "/proc/$p/exe" 2>/dev/null) == */node ]] && nodes+=("$p") && kill -USR2 "$p" 2>/dev/null
    done
    sleep 5
    # A process whose event loop is blocked writes no report: its command line and CPU time say which.
    "$root/node_modules/.bin/node" "$root/.ci/summarize-reports.ts" "$reports" "${nodes[@]}" >&2
    kill -TERM -- "-$pid" 2>/dev/null
    sleep 2
    kill -KILL -- "-$pid" 2>/dev/null
    exit 124
  fi
  sleep 1
done
wait "$pid"
