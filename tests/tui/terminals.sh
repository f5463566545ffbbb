# terminals.sh - terminals the console meets in the field:
# - on 8-colour terminals (xterm, screen, linux) no text of the portfolio,
#   the log form or the help is drawn black on black (the themes' greys);
# - TERM=dumb, an unknown TERM or no TERM: the console refuses with a
#   message and exit status 2, while the commands still work;
# - `glyphs: ascii`: csconsole's own glyphs in ASCII (for terminals that draw
#   East Asian ambiguous-width characters two cells wide), Japanese intact.
. "$(dirname "$0")/../lib.sh"

ESC=$(printf '\033')
screen=$T/screen.txt

# invisible FILE: prints the lines (of a capture-pane -e) holding a visible
# character drawn in black over black or over the terminal's own background
# (black on a dark terminal), or in the same colour as its background.
# Follows the SGR state through the file: 0 or nothing resets, 30-37 / 90-97
# set the foreground, 39 resets it, 40-47 / 100-107 the background, 49 resets
# it; 38 / 48 (extended colours) are skipped with their arguments.
invisible() {
  awk -v esc="$ESC" '
    BEGIN { fg = "d"; bg = "d" }
    {
      line = $0; out = ""; bad = 0
      while (length(line) > 0) {
        if (substr(line, 1, 2) == esc "[") {
          end = index(line, "m"); params = substr(line, 3, end - 3); line = substr(line, end + 1)
          n = split(params, p, /[;:]/)
          if (n == 0) { fg = "d"; bg = "d" }
          for (i = 1; i <= n; i++) {
            v = p[i] + 0
            if (p[i] == "" || v == 0) { fg = "d"; bg = "d" }
            else if (v >= 30 && v <= 37) fg = v - 30
            else if (v >= 90 && v <= 97) fg = v - 90 + 8
            else if (v == 39) fg = "d"
            else if (v >= 40 && v <= 47) bg = v - 40
            else if (v >= 100 && v <= 107) bg = v - 100 + 8
            else if (v == 49) bg = "d"
            else if (v == 38 || v == 48) { i += (p[i + 1] == 5 ? 2 : 4) }
          }
          continue
        }
        c = substr(line, 1, 1); line = substr(line, 2)
        if (c != " " && ((fg == 0 && (bg == "d" || bg == 0)) || (fg != "d" && fg == bg))) bad = 1
      }
      if (bad) print NR ": " $0
    }' "$1"
}

setup_console_book

# --- 8 colours: nothing black on black ---------------------------------------
for term in xterm screen linux; do
  if ! infocmp "$term" >/dev/null 2>&1; then
    echo "no terminfo entry for $term here: skipped"
    continue
  fi
  tmux -L "$TMUX_SOCK" kill-session -t t 2>/dev/null || true
  tmux_start 110 30 TERM=$term "$CSC"
  tmux_wait " 1/21"
  tmux_screen_e > "$T/$term.portfolio"
  grep -q "[34]8;5;" "$T/$term.portfolio" && fail "$term: 256-colour codes on an 8-colour terminal"
  tmux_keys l
  tmux_wait "Log a touch"
  tmux_wait "Esc cancel"
  tmux_screen_e > "$T/$term.log"
  tmux_keys Escape
  tmux_wait " 1/21"
  tmux_keys '?'
  tmux_wait "keys"
  tmux_screen_e > "$T/$term.help"
  for v in portfolio log help; do
    bad=$(invisible "$T/$term.$v")
    [ -z "$bad" ] || { echo "$bad" | cat -v | head -5; fail "$term: text drawn black on black in the $v view"; }
  done
  # the form's choices that are not chosen are drawn, dim where the
  # terminal can dim coloured text (linux cannot: its ncv has dim)
  assert_contains "$T/$term.log" "meeting"
  [ "$term" = linux ] || grep "meeting" "$T/$term.log" | grep -q "$ESC\[\([0-9]*;\)*2m" ||
    fail "$term: the unchosen kinds are not dim"
done

# --- terminals that cannot show the console ----------------------------------
for term in dumb nosuch-terminal; do
  tmux -L "$TMUX_SOCK" kill-session -t t 2>/dev/null || true
  tmux_start 250 10 TERM=$term "$CSC"
  tmux_wait "__EXIT:2"
  case $term in
    dumb) assert_contains "$screen" 'the terminal "dumb" cannot move the cursor' ;;
    *) assert_contains "$screen" 'the terminal type "nosuch-terminal" is unknown here' ;;
  esac
  assert_contains "$screen" "use a command"
done
# TERM unset, from a script with a terminal: same refusal
tmux -L "$TMUX_SOCK" kill-session -t t 2>/dev/null || true
tmux_start 250 10 "env -u TERM $CSC"
tmux_wait "__EXIT:2"
tmux_wait "TERM is not set"
# the commands work on a dumb terminal
TERM=dumb "$CSC" agenda > "$T/agenda.txt" 2>&1 || { cat "$T/agenda.txt"; fail "csconsole agenda failed with TERM=dumb"; }
TERM=dumb "$CSC" accounts > "$T/accounts.txt" 2>&1 || fail "csconsole accounts failed with TERM=dumb"
assert_contains "$T/accounts.txt" "株式会社とうきょうクラウド"

# --- glyphs: ascii -------------------------------------------------------------
# The glyphs csconsole draws itself, all East Asian ambiguous width.
glyphs='·…▲▼◀●⟳─┤└→▁▂▃▄▅▆▇█▏▎▍▌▋▊▉'
tmux -L "$TMUX_SOCK" kill-session -t t 2>/dev/null || true
tmux_start 100 30 "$CSC"
tmux_wait " 1/21"
tmux_wait_re "[$glyphs]"             # the default glyphs are Unicode in a UTF-8 locale
echo "glyphs: ascii" >> "$T/csconsole.yaml"
tmux -L "$TMUX_SOCK" kill-session -t t 2>/dev/null || true
tmux_start 100 30 "$CSC"
tmux_wait " 1/21"
tmux_wait "株式会社とうきょうクラウド"     # text stays as it is
assert_contains "$screen" " | aiko | "                    # the header's separators
grep -q "[$glyphs]" "$screen" && { grep "[$glyphs]" "$screen"; fail "a Unicode glyph with glyphs: ascii"; }
grep -qE '^ .*  [0-9]+  [_.~=+*#-]{12} ' "$screen" || fail "no ASCII sparkline with glyphs: ascii"
tmux_keys Enter          # the account view: chart, bars, sparkline
tmux_wait "Health"
grep -q "[$glyphs]" "$screen" && { grep "[$glyphs]" "$screen"; fail "a Unicode glyph in the account view with glyphs: ascii"; }
# names cut by width end with ~, not the ellipsis, also in the CLI's table
tmux_resize 60 30
tmux_keys q
tmux_wait " 1/21"
tmux_wait "~"                        # the ASCII ellipsis in a narrow portfolio
"$CSC" accounts > "$T/ascii-accounts.txt"
grep -q "[$glyphs]" "$T/ascii-accounts.txt" && fail "a Unicode glyph in csconsole accounts with glyphs: ascii"
tmux_keys q
tmux_wait "__EXIT:0"
