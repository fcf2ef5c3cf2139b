#!/usr/bin/env bash
# The issue-3 acceptance run on the real window under Xvfb, driven by xdotool:
# drag across words mid-article, press 1, Ctrl+S -> a new "claim" span snapped
# to whole words is saved; drag, 1, Ctrl+Z, Ctrl+S -> the saved spans are unchanged.
# Usage: scripts/xvfb_annotate.sh [OUTDIR]   (needs xvfb xdotool imagemagick python3)
set -euo pipefail
out=${1:-/tmp/marginalia-xvfb}; mkdir -p "$out"
bin=${MARGINALIA_BIN:-target/debug/marginalia}
proj="$out/sample.ron"; cp sample_projects/sanctions_watch.ron "$proj"
f=$(mktemp)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$f" & XPID=$!
APP=
trap 'kill $APP $XPID 2>/dev/null || true' EXIT
sleep 1; export DISPLAY=:$(cat "$f"); unset WAYLAND_DISPLAY

spans() { "$bin" export "$proj" 2>/dev/null | python3 -c '
import json,sys
for line in sys.stdin:
    d=json.loads(line)
    for s in d["spans"]:
        assert d["text"][s["start"]:s["end"]]==s["text"]
        print(d["id"], s["start"], s["end"], s["label"], repr(s["text"]))' | sort; }

X0=${X0:-350}; X1=${X1:-620}; Y=${Y:-433}
session() { # $1: name, rest: xdotool commands after the drag
  local name=$1; shift
  MARGINALIA_NO_DIALOG=1 "$bin" open "$proj" & APP=$!
  W=$(xdotool search --sync --onlyvisible --pid $APP | head -1)
  xdotool windowfocus --sync "$W"; sleep 2
  echo "$name: title: $(xdotool getwindowname "$W")"
  # From inside "Minister" to inside "talks" on the "Russian Defense Minister..." line
  # (positions read off a screenshot of the 1280x800 window).
  xdotool mousemove --window "$W" $X0 $Y mousedown 1; sleep 0.3
  xdotool mousemove --window "$W" $(( (X0 + X1) / 2 )) $Y; sleep 0.3
  xdotool mousemove --window "$W" $X1 $Y; sleep 0.3
  xdotool mouseup 1; sleep 0.5
  for c in "$@"; do xdotool $c; sleep 0.7; done
  import -window "$W" "$out/$name.png"
  kill $APP; wait $APP 2>/dev/null || true; APP=
}

spans > "$out/before.txt"
session labeled "key 1" "key ctrl+s"
spans > "$out/after_label.txt"
echo "--- new spans after drag, 1, Ctrl+S:"; comm -13 "$out/before.txt" "$out/after_label.txt"
session undone "key 1" "key ctrl+z" "key ctrl+s"
spans > "$out/after_undo.txt"
if cmp -s "$out/after_label.txt" "$out/after_undo.txt"; then echo "--- Ctrl+Z before Ctrl+S: saved spans unchanged"; else echo "--- CHANGED:"; diff "$out/after_label.txt" "$out/after_undo.txt"; exit 1; fi
