#!/usr/bin/env bash
# Runs a command with the wall clock of it and its children moved to another instant, by libfaketime:
#   scripts/with-wall-clock.sh 'next sunday 03:00' npx jest --selectProjects e2e
# The instant is read by GNU date in Asia/Tokyo. The offset is relative ("+Ns"): an absolute "@date" drifts
# in Node. The monotonic clock is left alone, so timers and performance.now() keep real time.
# CI uses this to prove that no test reads the wall clock (issue "The test suite passes at any hour").
set -euo pipefail
when=$1
shift
library=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1 || true)
if [[ -z "$library" ]]; then
  echo "with-wall-clock: libfaketime is not installed (apt-get install faketime)" >&2
  exit 1
fi
target=$(TZ=Asia/Tokyo date -d "$when" +%s)
offset=$((target - $(date +%s)))
export LD_PRELOAD="$library${LD_PRELOAD:+:$LD_PRELOAD}"
export FAKETIME="${offset:0:1}"
[[ "$FAKETIME" == "-" ]] || FAKETIME="+"
FAKETIME="${FAKETIME}${offset#-}s"
export FAKETIME_DONT_FAKE_MONOTONIC=1
echo "with-wall-clock: $(TZ=Asia/Tokyo date -d "@$target" '+%a %F %H:%M %Z') (FAKETIME=$FAKETIME): $*" >&2
exec "$@"
