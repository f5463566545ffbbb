# themes.sh - every shipped theme loads without a message and is what the
# screen shows; dark.yaml and monochrome.yaml equal the built-in styles; an
# unknown theme and a broken theme file are reported in the status line and
# the console still works; 8-colour terminals get only the 8 basic colours.
. "$(dirname "$0")/../lib.sh"

ESC=$(printf '\033')
screen=$T/screen.txt
# open ARGS...: starts the console and waits for the first row.
open() {
  tmux -L "$TMUX_SOCK" kill-session -t t 2>/dev/null || true
  tmux_start 100 30 "$@"
  tmux_wait "株式会社とうきょうクラウド"
  tmux_wait " 1/21"     # the status line: drawn last
}
# style KEY THEME: the value of fg or bg for the header in themes/THEME.yaml.
style() {
  sed -n "s/^  header: *{.*$1: *\([0-9a-z-]*\).*/\1/p" "$CSC_ROOT/themes/$2.yaml"
}

setup_console_book

# --- each shipped theme: no message, and its header colours on screen ---------
n=0
for f in "$CSC_ROOT"/themes/*.yaml; do
  name=$(basename "$f" .yaml)
  open "$CSC" --theme "$name"
  tail -n 1 "$screen" | grep -q "j down  k up" ||
    fail "theme $name: the status line has a message: $(tail -n 1 "$screen")"
  tmux_screen_e > "$T/$name.txt"
  bg=$(style bg "$name")
  if [ -n "$bg" ]; then
    head -n 1 "$T/$name.txt" | grep -q "48;5;${bg}m" || fail "theme $name: header background is not $bg"
  else
    head -n 1 "$T/$name.txt" | grep -q "48;5;" && fail "theme $name: header has a background it does not set"
  fi
  n=$((n + 1))
done
[ $n -ge 4 ] || fail "expected at least 4 themes in themes/, found $n"
cmp -s "$T/dark.txt" "$T/light.txt" && fail "dark and light look the same"

# --- built-in styles = dark.yaml and monochrome.yaml --------------------------
# A copy of the binary outside the source tree finds no theme files (unless
# some are installed under its data directory: then this part is skipped).
mkdir -p "$T/bin" "$T/nothemes"
cp "$CSC" "$T/bin/csconsole"
open CSCONSOLE_THEMES_DIR="$T/nothemes" "$T/bin/csconsole" --theme nosuch
tmux -L "$TMUX_SOCK" resize-window -t t -x 300 -y 30
tmux_wait "available: "
if grep -q "available: none" "$screen"; then
  open CSCONSOLE_THEMES_DIR="$T/nothemes" "$T/bin/csconsole"
  tmux_screen_e > "$T/builtin-dark.txt"
  cmp -s "$T/builtin-dark.txt" "$T/dark.txt" || {
    diff "$T/builtin-dark.txt" "$T/dark.txt" | cat -v | head -10
    fail "themes/dark.yaml differs from the built-in colours (THEME_ELEMENTS)"; }
  open NO_COLOR=1 CSCONSOLE_THEMES_DIR="$T/nothemes" "$T/bin/csconsole"
  tmux_screen_e > "$T/builtin-mono.txt"
  open NO_COLOR=1 "$CSC"
  tmux_screen_e > "$T/file-mono.txt"
  cmp -s "$T/builtin-mono.txt" "$T/file-mono.txt" || {
    diff "$T/builtin-mono.txt" "$T/file-mono.txt" | cat -v | head -10
    fail "themes/monochrome.yaml differs from the built-in monochrome styles"; }
  cmp -s "$T/builtin-mono.txt" "$T/monochrome.txt" ||
    fail "--theme monochrome and NO_COLOR should look the same"
else
  echo "theme files installed in the data directory: built-in comparison skipped"
fi

# --- an unknown theme: message, built-in colours, still usable ---------------
open "$CSC" --theme nosuch
tail -n 1 "$screen" | grep -q 'theme "nosuch" not found' ||
  fail "no message for an unknown theme: $(tail -n 1 "$screen")"
tmux_screen_e > "$T/nosuch.txt"
head -n 1 "$T/nosuch.txt" | grep -q "48;5;$(style bg dark)m" || fail "unknown theme: not the built-in colours"
# the full message (the status line cuts it) names the themes available
tmux -L "$TMUX_SOCK" resize-window -t t -x 250 -y 30
tmux_wait "available: dark, high-contrast, light, monochrome"
tmux_keys j        # a key clears the message; the list works
tmux_wait " 2/21"
tmux_wait_gone "not found"

# --- a broken theme file: file:line:col in the status line --------------------
cat > "$T/broken.yaml" <<'EOS'
name: broken
elements:
  header: {fg: purplish, bg: 24}
  selected: {fg: 16, bg: 153}
EOS
open "$CSC" --theme "$T/broken.yaml"
tmux -L "$TMUX_SOCK" resize-window -t t -x 250 -y 30
# the message is drawn while the window resizes: wait for each part of it
tmux_wait "broken.yaml:3:"
tmux_wait "bad colour for fg"
tmux_wait "use default, black, red"

# --- 8 colours (TERM=xterm): only the basic colour codes -----------------------
open TERM=xterm "$CSC"
tmux_screen_e > "$T/xterm8.txt"
grep -q "[34]8;5;" "$T/xterm8.txt" && fail "256-colour codes on an 8-colour terminal"
grep -qE "$ESC\[([0-9]+;)*4[0-7]m" "$T/xterm8.txt" || fail "no basic background colours on an 8-colour terminal"
tmux_keys q
tmux_wait "__EXIT:0"
