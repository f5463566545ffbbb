#!/bin/sh
# i18n_machine.sh - machine output does not change with the language (issue 16):
# `csconsole agenda --format json` and `--format csv` (mine, the team's, by
# reason) are byte-identical under LANG=ja_JP.UTF-8 + LANGUAGE=ja, --lang ja and
# C.UTF-8, with a fixed today on the sample book; a database synced in
# Japanese gives the same json as one synced in English (what a sync stores:
# blind-spot reasons, playbook reasons, is stored in English); and the text
# agenda does change (so the Japanese runs really were Japanese).
. "$CSC_ROOT/tests/lib.sh"
setup_book aiko
"$CSC" sync > "$T/sync.out" 2>&1 || { cat "$T/sync.out"; fail "sync failed"; }
# the agenda notes my last look (new marks): each run starts from the same database
cp -R "$T/db" "$T/db.base"
fresh() { rm -rf "$T/db"; cp -R "$T/db.base" "$T/db"; }
[ -f "$CSC_BUILD/locale/ja/LC_MESSAGES/csconsole.mo" ] || fail "no Japanese catalog in $CSC_BUILD/locale: make builds it"

# in LANGUAGE-or-locale CMD...: runs csconsole in English (C.UTF-8) or Japanese
# (LANG=ja_JP.UTF-8, which i18n.c takes even when that locale is not generated)
en() { env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG=C.UTF-8 "$CSC" "$@"; }
ja() { env -u LC_ALL -u LC_MESSAGES LANG=ja_JP.UTF-8 LANGUAGE=ja "$CSC" "$@"; }
ja_opt() { env -u LC_ALL -u LANGUAGE -u LC_MESSAGES LANG=C.UTF-8 "$CSC" --lang ja "$@"; }

n=0
for args in "agenda --format json" "agenda --format csv" "agenda --scope team --format json" \
            "agenda --scope team --format csv" "agenda --by reason --format json"; do
  n=$((n + 1))
  fresh
  # shellcheck disable=SC2086
  en $args > "$T/en.$n" 2> "$T/en.$n.err" || { cat "$T/en.$n.err"; fail "csconsole $args (English) failed"; }
  [ -s "$T/en.$n" ] || fail "csconsole $args printed nothing"
  for lang in ja ja_opt; do
    fresh
    # shellcheck disable=SC2086
    $lang $args > "$T/$lang.$n" 2> "$T/$lang.$n.err" || { cat "$T/$lang.$n.err"; fail "csconsole $args ($lang) failed"; }
    cmp -s "$T/en.$n" "$T/$lang.$n" ||
      { diff "$T/en.$n" "$T/$lang.$n" | head -n 20 >&3; fail "csconsole $args differs in Japanese ($lang)"; }
  done
done
grep -q '"reason"' "$T/en.1" || fail "agenda json carries no reason (the check would prove little)"

# the same run in text is Japanese: the catalog was in effect
fresh; en agenda > "$T/en.txt"; fresh; ja agenda > "$T/ja.txt"; fresh; ja_opt agenda > "$T/ja_opt.txt"
for f in ja ja_opt; do
  cmp -s "$T/en.txt" "$T/$f.txt" && fail "the text agenda is the same in English and Japanese ($f): no translation was used"
  grep -q '日' "$T/$f.txt" || { head -n 5 "$T/$f.txt" >&3; fail "the text agenda ($f) has no Japanese"; }
  # a hidden risk's reason is stored in English and judged again for the display
  grep -q '一方で利用は健全' "$T/$f.txt" || fail "the text agenda ($f) shows no hidden risk in Japanese"
  if grep -q 'while usage is healthy' "$T/$f.txt"; then fail "the text agenda ($f) shows a hidden risk in English"; fi
done
# the same book synced in Japanese: the stored reasons are the same
rm -rf "$T/db"
ja sync > "$T/sync.ja" 2>&1 || { cat "$T/sync.ja"; fail "sync (Japanese) failed"; }
en agenda --format json > "$T/en.synced_ja" || fail "agenda json after a Japanese sync failed"
cmp -s "$T/en.1" "$T/en.synced_ja" ||
  { diff "$T/en.1" "$T/en.synced_ja" | head -n 20 >&3; fail "agenda json differs after a sync in Japanese"; }

echo "agenda json/csv identical in English and Japanese ($n outputs)"
