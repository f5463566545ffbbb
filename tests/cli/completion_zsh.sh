# completion_zsh.sh - `csconsole completion zsh` is a completion function that
# compinit finds on $fpath (as make install puts it in site-functions) and
# that completes in a real interactive zsh (driven through zsh/zpty):
# commands, option values, and account CRM ids from the database.
. "$(dirname "$0")/../lib.sh"
command -v zsh > /dev/null || { echo "zsh not installed (tools/deps.sh installs it as root)"; exit 77; }

setup_book
"$CSC" sync > "$T/sync" 2>&1 || { cat "$T/sync"; fail "sync failed"; }
mkdir -p "$T/fn"
"$CSC" completion zsh > "$T/fn/_csconsole" || fail "completion zsh failed"
head -1 "$T/fn/_csconsole" | grep -qx '#compdef csconsole' || fail "no #compdef line"
zsh -n "$T/fn/_csconsole" || fail "the zsh function does not parse"

# compinit registers it for csconsole, and it loads.
zsh -f -c 'fpath=("$1" $fpath); autoload -U compinit && compinit -u -d "$2/zcompdump" &&
  print -r -- "$_comps[csconsole]" && autoload -Uz +X _csconsole && print loaded' x "$T/fn" "$T" \
  > "$T/reg" 2>&1 || { cat "$T/reg"; fail "compinit failed"; }
[ "$(sed -n 1p "$T/reg")" = _csconsole ] || { cat "$T/reg"; fail "compinit did not register _csconsole for csconsole"; }
assert_contains "$T/reg" loaded

# An interactive zsh in a pseudo-terminal: type, press Tab, read the line.
mkdir -p "$T/bin"; ln -s "$CSC" "$T/bin/csconsole"
cat > "$T/drive.zsh" <<'ZSH'
zmodload zsh/zpty || exit 77
zpty z zsh -f -i
zpty -w z "PS1='> '; fpath=($FN \$fpath); autoload -U compinit; compinit -u -d $T/zcd; PATH=$BIN:\$PATH"
drain() { local chunk; out=''; sleep 1; while zpty -r -t z chunk; do out+=$chunk; done }
drain
for line in "$@"; do
  zpty -w -n z $'\C-u'"$line"$'\t'
  drain
  print -r -- "${out//$'\e'\[[0-9;?]#[a-zA-Z]/}" | tr -d '\r\a\b' > $T/zout.${line//[^a-zA-Z0-9]/_}
done
zpty -d z
ZSH
FN="$T/fn" BIN="$T/bin" T="$T" zsh -f "$T/drive.zsh" "csconsole ag" "csconsole show ACC-008" \
  "csconsole note --kind mee" "csconsole --me har" || fail "driving zsh failed"
acc=$(sed -n 's/^  - id: //p' "$T/shared/feeds/accounts.yaml" | grep '^ACC-008')
[ "$(echo "$acc" | wc -l)" = 1 ] || fail "fixture: expected one account id starting ACC-008"
assert_contains "$T/zout.csconsole_ag" "csconsole agenda"
assert_contains "$T/zout.csconsole_show_ACC_008" "csconsole show $acc"
assert_contains "$T/zout.csconsole_note___kind_mee" "csconsole note --kind meeting"
assert_contains "$T/zout.csconsole___me_har" "csconsole --me haruto"
echo ok
