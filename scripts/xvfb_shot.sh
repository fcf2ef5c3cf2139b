#!/usr/bin/env bash
# Runs the real window under Xvfb on a project and saves a screenshot.
# Usage: scripts/xvfb_shot.sh PROJECT.ron OUT.png [xdotool commands...]
# Needs: xvfb xdotool imagemagick (see README). Dev tool, not used by tests.
set -euo pipefail
proj=$1; out=$2; shift 2
bin=${MARGINALIA_BIN:-target/debug/marginalia}
f=$(mktemp)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$f" & XPID=$!
trap 'kill $APP $XPID 2>/dev/null || true' EXIT
sleep 1; export DISPLAY=:$(cat "$f"); unset WAYLAND_DISPLAY
MARGINALIA_NO_DIALOG=1 "$bin" open "$proj" & APP=$!
W=$(xdotool search --sync --onlyvisible --pid $APP | head -1)
xdotool windowfocus --sync "$W"
sleep 2
for cmd in "$@"; do eval "xdotool $cmd"; sleep 0.5; done
sleep 0.5
echo "title: $(xdotool getwindowname "$W")"
import -window "$W" "$out"
echo "stddev: $(convert "$out" -format '%[fx:standard_deviation]' info:)"
