#!/bin/sh
# The demo in Japanese (make run DEMO_LANG=ja, or make run LANG=ja_JP.UTF-8):
# tools/demo.sh without a terminal builds the sample book with the team's
# notes, risks and touchpoint texts from sample-data/ja/texts.jsonl, a config
# saying `language: ja`; `csconsole show` lists the Japanese note. DEMO_LANG=en
# wins over a Japanese locale; an unknown DEMO_LANG is refused; sample-shift
# --texts refuses an id, account or field that is not in the sample;
# sample-data/ is never modified.
. "$CSC_ROOT/tests/lib.sh"
SHIFT="$CSC_BUILD/tools/sample-shift"
DEMO_SH="$CSC_ROOT/tools/demo.sh"
[ -x "$SHIFT" ] || fail "$SHIFT is missing (make all builds the tools)"
SRC="$CSC_ROOT/sample-data"
TEXTS="$SRC/ja/texts.jsonl"
[ -f "$TEXTS" ] || fail "sample-data/ja/texts.jsonl is missing"
D=$(realpath -m "$T/demo")

tree_sum() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
q() { sqlite3 "$D/csconsole.db" "$1"; }
src_before=$(tree_sum "$SRC")

# ken's call note on ACC-0002 and his risk (story 1), as the sample writes
# them and as the Japanese texts do.
EN_NOTE="Dana Reyes (VP Ops) has left Northwind"
EN_RISK="Our champion Dana Reyes left."
JA_NOTE="Dana Reyes さん(業務担当VP)が Northwind を退職"
JA_RISK="チャンピオンの Dana Reyes さんが退職。"
grep -qF "\"summary\":\"$EN_NOTE\"" "$SRC"/events/*/*.jsonl || fail "sample-data/events no longer has ken's note \"$EN_NOTE\"; update this test"
grep -qF "\"summary\": \"$JA_NOTE\"" "$TEXTS" || fail "sample-data/ja/texts.jsonl has no \"$JA_NOTE\"; update this test"

# run_demo ENV...: demo.sh under env ENV..., without a terminal; rc and output.
run_demo() {
  set +e
  env "$@" sh "$DEMO_SH" "$CSC" "$SHIFT" "$T/demo" < /dev/null > "$T/demo.out" 2>&1
  rc=$?
  set -e
}
show() {
  "$CSC" --config "$D/csconsole.yaml" show ACC-0002 > "$T/show.out" 2>&1 ||
    { cat "$T/show.out"; fail "csconsole show ACC-0002 on the demo failed"; }
}

# check_ja: the book the Japanese demo must leave behind.
check_ja() {
  [ "$rc" -eq 0 ] || { cat "$T/demo.out"; fail "demo.sh ($1) exited $rc"; }
  assert_contains "$T/demo.out" "To open it:"
  assert_contains "$T/demo.out" "in Japanese"
  assert_not_contains "$T/demo.out" "quarantined"
  grep -qx 'language: ja' "$D/csconsole.yaml" || fail "$1: the demo config does not say language: ja: $(cat "$D/csconsole.yaml")"
  # Every event of the sample, none lost to the rewrite.
  nseg=$(find "$SRC/events" -type f -name '*.jsonl' | wc -l)
  nev=$(find "$SRC/events" -type f -name '*.jsonl' -exec cat {} + | grep -c '"seq":')
  # (counted in the database, whatever language the demo printed its sync in)
  got=$(q "SELECT count(*) FROM event WHERE own = 0")
  [ "$got" -eq "$nev" ] || { cat "$T/demo.out"; fail "$1: $got of the sample's $nev events imported"; }
  got=$(q "SELECT count(*) FROM segment WHERE status = 'imported' AND device IN (SELECT device FROM event WHERE own = 0)")
  [ "$got" -eq "$nseg" ] || { cat "$T/demo.out"; fail "$1: $got of the sample's $nseg segments imported"; }
  n=$(q "SELECT count(*) FROM segment WHERE status <> 'imported'")
  [ "$n" -eq 0 ] || fail "$1: $n segments not imported: $(q "SELECT path, status, reason FROM segment WHERE status <> 'imported' LIMIT 3")"
  # and the sync said so in Japanese
  assert_contains "$T/demo.out" "イベント: 新しいセグメント $nseg: $nseg を取り込み (新しいイベント $nev 件)"
  show
  assert_contains "$T/show.out" "$JA_NOTE"
  assert_contains "$T/show.out" "$JA_RISK"
  assert_not_contains "$T/show.out" "$EN_NOTE"
  assert_not_contains "$T/show.out" "$EN_RISK"
  # No note, risk or teammate's touchpoint text left in English (ASCII
  # only); the touchpoints the demo's own playbook made are not the sample's.
  n=$(q "SELECT count(*) FROM note WHERE summary NOT GLOB '*[^ -~]*' OR text NOT GLOB '*[^ -~]*'")
  [ "$n" -eq 0 ] || fail "$1: $n notes still in English: $(q "SELECT summary FROM note WHERE summary NOT GLOB '*[^ -~]*' OR text NOT GLOB '*[^ -~]*' LIMIT 3")"
  n=$(q "SELECT count(*) FROM risk WHERE text NOT GLOB '*[^ -~]*' OR resolve_note NOT GLOB '*[^ -~]*'")
  [ "$n" -eq 0 ] || fail "$1: $n risks still in English: $(q "SELECT text FROM risk WHERE text NOT GLOB '*[^ -~]*' LIMIT 3")"
  n=$(q "SELECT count(*) FROM touchpoint WHERE 'touch/' || id NOT IN (SELECT entity FROM event WHERE own = 1)
         AND (note NOT GLOB '*[^ -~]*' OR reason NOT GLOB '*[^ -~]*')")
  [ "$n" -eq 0 ] || fail "$1: $n touchpoints of the sample still in English"
  [ "$(q 'SELECT count(*) FROM note')" -ge 60 ] || fail "$1: only $(q 'SELECT count(*) FROM note') notes in the demo"
}

# 1. DEMO_LANG=ja.
run_demo DEMO_LANG=ja
check_ja DEMO_LANG=ja

# 2. No DEMO_LANG, a Japanese LANG (as `make run LANG=ja_JP.UTF-8` passes it),
# whether or not that locale is installed here.
run_demo -u DEMO_LANG -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=ja_JP.UTF-8
check_ja LANG=ja_JP.UTF-8
if [ "$(LC_ALL=ja_JP.UTF-8 locale charmap 2>/dev/null)" != UTF-8 ]; then
  assert_contains "$T/demo.out" "using C.UTF-8 with Japanese messages"
fi

# 3. DEMO_LANG=en wins over the Japanese locale: the English book.
run_demo DEMO_LANG=en LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 LANGUAGE=ja
[ "$rc" -eq 0 ] || { cat "$T/demo.out"; fail "demo.sh with DEMO_LANG=en exited $rc"; }
grep -qx 'language: en' "$D/csconsole.yaml" || fail "DEMO_LANG=en: the config does not say language: en"
assert_not_contains "$T/demo.out" "in Japanese"
show
assert_contains "$T/show.out" "$EN_NOTE"
assert_not_contains "$T/show.out" "$JA_NOTE"
# ... and so does an English locale with no DEMO_LANG.
run_demo -u DEMO_LANG -u LANGUAGE -u LC_MESSAGES LC_ALL=C.UTF-8 LANG=ja_JP.UTF-8
[ "$rc" -eq 0 ] || { cat "$T/demo.out"; fail "demo.sh with LC_ALL=C.UTF-8 exited $rc"; }
grep -qx 'language: en' "$D/csconsole.yaml" || fail "LC_ALL=C.UTF-8 (over LANG=ja_JP.UTF-8): the demo is not English"

# 4. An unknown DEMO_LANG: refused, nothing opened.
run_demo DEMO_LANG=fr
[ "$rc" -eq 2 ] || { cat "$T/demo.out"; fail "DEMO_LANG=fr: exit $rc, expected 2"; }
assert_contains "$T/demo.out" "use ja or en"

# 5. sample-shift --texts refuses texts that do not fit the sample, naming
# FILE:LINE: an unknown id, another account, a field the event does not have.
id=$(sed -n 's/.*"summary":"Dana Reyes (VP Ops) has left Northwind".*"id":"\([0-9A-Z]*\)".*/\1/p' "$SRC"/events/*/*.jsonl)
[ -n "$id" ] || fail "could not find the id of ken's note in sample-data/events"
check_bad() { # FILE EXPECTED-MESSAGE
  set +e; "$SHIFT" "$SRC" "$T/bad" --texts "$1" > "$T/bad.out" 2>&1; brc=$?; set -e
  [ "$brc" -ne 0 ] || { cat "$T/bad.out"; fail "sample-shift accepted $1: $(cat "$1")"; }
  assert_contains "$T/bad.out" "$2"
  rm -rf "$T/bad"
}
printf '# a comment\n{"id": "01ZZZZZZZZZZZZZZZZZZZZZZZZ", "data": {"summary": "x"}}\n' > "$T/t1.jsonl"
check_bad "$T/t1.jsonl" "$T/t1.jsonl:2: no event 01ZZZZZZZZZZZZZZZZZZZZZZZZ"
printf '{"id": "%s", "account": "ACC-0001", "data": {"summary": "x"}}\n' "$id" > "$T/t2.jsonl"
check_bad "$T/t2.jsonl" "$T/t2.jsonl:1: event $id is on ACC-0002"
printf '\n{"id": "%s", "data": {"reason": "x"}}\n' "$id" > "$T/t3.jsonl"
check_bad "$T/t3.jsonl" "$T/t3.jsonl:2: event $id (note.add) has no text field \"reason\""
printf '{"id": "%s", "data": {"summary": 3}}\n' "$id" > "$T/t4.jsonl"
check_bad "$T/t4.jsonl" "$T/t4.jsonl:1: data.summary must be a string"
printf '{"id": "%s", "data": {"summary": "a"}}\n{"id": "%s", "data": {"text": "b"}}\n' "$id" "$id" > "$T/t5.jsonl"
check_bad "$T/t5.jsonl" "$T/t5.jsonl:2: event $id is already given on line 1"

# sample-data/ was never modified.
[ "$(tree_sum "$SRC")" = "$src_before" ] || fail "sample-data/ changed during the Japanese demo"
exit 0
