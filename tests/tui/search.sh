# search.sh - incremental search with /, n and N over account names and note
# text (full-width, half-width, case and kana folded alike), in the status-line input: Japanese text typed, crossed by display
# width and deleted a whole character at a time; a refused search keeps its
# text; Esc goes back to where the search started; F clears it.
. "$(dirname "$0")/../lib.sh"

setup_console_book
screen=$T/screen.txt

# row NAME: the list position (1-based) of the account NAME on the screen
# (all 21 rows fit in 30 lines; rows start on line 4, below the two header
# lines and the column titles). NAME may be the start of a cut name.
row() {
  n=$(grep -nF -- " $1" "$screen" | head -n 1 | cut -d: -f1)
  [ -n "$n" ] || fail "no row for $1"
  echo $((n - 3))
}
status_pos() { tail -n 1 "$screen" | grep -oE '[0-9]+/21$' | cut -d/ -f1; }
wait_pos() { tmux_wait " $1/21"; }

tmux_start 110 30 "$CSC"
wait_pos 1
harbor=$(row "Blue Harbor")                      # ACC-0003 (names are cut at 110)
sakura=$(row "株式会社さくら")                   # ACC-0001
global=$(row "株式会社グローバル")   # ACC-0008 (its long name is cut)
# attention order: days left - (100 - health) / 2 is 128 - 11.5 for ACC-0001,
# 281 - 7.5 for ACC-0008 and 299 - 24.5 for ACC-0003
[ "$sakura" -lt "$global" ] && [ "$global" -lt "$harbor" ] || fail "the sample order changed"

tmux_keys n
tmux_wait "no search yet: / starts one"

# Names, ASCII case-insensitive: the selection follows the typing.
tmux_keys /
tmux_wait "/"
[ "$(tmux_fmt '#{cursor_flag}')" = 1 ] || fail "the search input should show the cursor"
tmux_keys l o g i s t i c s
wait_pos "$harbor"
tmux_keys Enter
tmux_wait "1 account matches \"logistics\""
tmux_wait "/logistics (1)  $harbor/21"
[ "$(tmux_fmt '#{cursor_flag}')" = 0 ] || fail "the cursor should hide after Enter"

# Japanese: the cursor moves by display width, Backspace deletes a character.
tmux_keys g /
tmux_keys 'ロジ'
tmux_wait "/ロジ"
[ "$(tmux_fmt '#{cursor_x}')" = 5 ] || fail "cursor after ロジ at $(tmux_fmt '#{cursor_x}'), not 5"
tmux_keys Left
i=0; while [ "$(tmux_fmt '#{cursor_x}')" != 3 ]; do   # polled: the key takes its time to arrive
  i=$((i + 1)); [ $i -lt 50 ] || fail "Left over ジ: cursor at $(tmux_fmt '#{cursor_x}'), not 3"; sleep 0.1; done
tmux_keys C-e 'スティクスx'   # C-e: End (tmux's End is not xterm's)
tmux_wait "/ロジスティクスx"
tmux_wait "no match"       # with the x nothing matches
tmux_keys BSpace
tmux_wait "/ロジスティクス (2)"
tmux_keys BSpace BSpace    # removes ス then ク: whole characters
i=0; until tmux_screen | tail -n 1 | grep -q '^/ロジスティ  '; do   # "/ロジスティ" is also a prefix of the line before
  i=$((i + 1)); [ $i -lt 50 ] || fail "input line: $(tmux_screen | tail -n 1)"; sleep 0.1; done
tmux_keys 'クス' Enter
tmux_wait "2 accounts match \"ロジスティクス\""
wait_pos "$sakura"
tmux_keys n
wait_pos "$global"
tmux_keys n
wait_pos "$sakura"        # wraps around
tmux_keys N
wait_pos "$global"
# the other match is highlighted; the selected one is drawn as selected
tmux_screen_e > "$T/color.txt"
sed -n "$((sakura + 3))p" "$T/color.txt" | grep -q '48;5;228m' || fail "the other match is not highlighted"

# Folded alike: half-width katakana finds the hiragana name (さくら), and
# full-width letters find "SSO" in notes.
tmux_keys g / 'ｻｸﾗ'
wait_pos "$sakura"
tmux_keys Enter
tmux_wait "1 account matches \"ｻｸﾗ\""
tmux_keys g / 'ＳＳＯ' Enter
tmux_wait "3 accounts match \"ＳＳＯ\""

# Note text: "SSO timeouts" is only in a note on Blue Harbor.
tmux_keys g / S S O Space t i m e o u t s
wait_pos "$harbor"
tmux_keys Enter
tmux_wait "1 account matches \"SSO timeouts\""

# No match: Enter is refused, the text stays; Esc returns to where / started.
tmux_keys g
wait_pos 1
tmux_keys / z z z z Enter
tmux_wait "no name, note, risk or touchpoint matches \"zzzz\""
tmux_wait "/zzzz"
tmux_keys Escape
wait_pos 1
tmux_wait "/SSO timeouts (1)"    # the search in force before / stays
tmux_keys n
wait_pos "$harbor"

# F clears the search with the filters: n has nothing to go to.
tmux_keys F
tmux_wait "filters and search cleared: 21 accounts"
tmux_wait_line '$' ' mine · by attention  [0-9]+/21$'
tmux_keys n
tmux_wait "no search yet: / starts one"
tmux_keys q
tmux_wait "__EXIT:0"
