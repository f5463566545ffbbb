# feed_encodings.sh - feed files in the encodings Excel and CRMs write
# (docs/feeds.md, "Numbers, dates and encodings"): a CP932/Shift_JIS CSV
# (Excel on Japanese Windows, "CSV (comma delimited)"), a UTF-16LE
# tab-separated file (Excel's "Unicode text"), a UTF-8 file with a byte order
# mark, and a file in none of these, which gets one message and is never
# reported as "imported".
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }
command -v iconv > /dev/null || { echo "SKIP: needs iconv (libc-bin)"; exit 77; }
setup_book
DB="$T/db/csconsole.db"
q() { sqlite3 "$DB" "$1"; }
F="$T/shared/feeds/accounts.csv"

# utf8 TEXT: the account rows every variant holds (UTF-8, LF).
cat > "$T/accounts.utf8" <<'CSV'
id,name,touch_model,stage,arr,currency,renewal_date,main_owner
JP-001,株式会社テスト,high,adoption,12000000,JPY,2027-03-31,aiko
JP-002,山田商事,low,onboarding,5000000,JPY,2027-04-30,ken
CSV
# Excel on Japanese Windows writes amounts with ¥, which CP932 encodes as
# byte 0x5C (a backslash once converted), and dates as 2027/03/31.
cat > "$T/accounts-excel.utf8" <<'CSV'
id,name,touch_model,stage,arr,currency,renewal_date,main_owner
JP-001,株式会社テスト,high,adoption,"¥12,000,000",,2027/03/31,aiko
JP-002,山田商事,low,onboarding,"￥5,000,000",,2027年4月30日,ken
CSV

# 1. CP932, detected (not UTF-8, valid CP932): imported, names converted.
iconv -f UTF-8 -t CP932 "$T/accounts-excel.utf8" > "$F"
assert_status 0 "$CSC" sync > "$T/s1.out" 2> "$T/s1.err"
assert_contains "$T/s1.out" "feeds/accounts.csv: imported, 2 rows"
assert_not_contains "$T/s1.err" "not UTF-8"
[ "$(q "SELECT name FROM account WHERE crm_id = 'JP-001'")" = "株式会社テスト" ] ||
  fail "JP-001's name was not converted from CP932: $(q "SELECT hex(name) FROM account WHERE crm_id = 'JP-001'")"
[ "$(q "SELECT name FROM account WHERE crm_id = 'JP-002'")" = "山田商事" ] || fail "JP-002's name"
[ "$(q "SELECT arr_minor || ' ' || currency || ' ' || date(renewal_day * 86400, 'unixepoch') FROM account WHERE crm_id = 'JP-001'")" = "12000000 JPY 2027-03-31" ] ||
  fail "JP-001's ¥ amount (0x5C in CP932): $(q "SELECT arr_minor, currency, renewal_day FROM account WHERE crm_id = 'JP-001'")"
[ "$(q "SELECT arr_minor || ' ' || currency || ' ' || date(renewal_day * 86400, 'unixepoch') FROM account WHERE crm_id = 'JP-002'")" = "5000000 JPY 2027-04-30" ] ||
  fail "JP-002's ￥ amount and 2027年4月30日"

# 2. UTF-16LE with a byte order mark, TAB-separated (Excel "Unicode text"), CRLF.
{ printf '\377\376'; tr ',' '\t' < "$T/accounts.utf8" | sed 's/$/\r/; s/山田商事/山田商事UTF16/' |
  iconv -f UTF-8 -t UTF-16LE; } > "$F"
assert_status 0 "$CSC" sync > "$T/s2.out" 2> "$T/s2.err"
assert_contains "$T/s2.out" "feeds/accounts.csv: imported, 2 rows"
[ "$(q "SELECT name FROM account WHERE crm_id = 'JP-002'")" = "山田商事UTF16" ] ||
  { cat "$T/s2.err"; fail "the UTF-16 file's values were not imported"; }
[ "$(q "SELECT arr_minor || ' ' || currency FROM account WHERE crm_id = 'JP-002'")" = "5000000 JPY" ] ||
  fail "the UTF-16 file's arr: $(q "SELECT arr_minor, currency FROM account WHERE crm_id = 'JP-002'")"

# UTF-16BE likewise.
{ printf '\376\377'; tr ',' '\t' < "$T/accounts.utf8" | sed 's/山田商事/山田商事BE/' |
  iconv -f UTF-8 -t UTF-16BE; } > "$F"
assert_status 0 "$CSC" sync > "$T/s2b.out" 2> "$T/s2b.err"
assert_contains "$T/s2b.out" "feeds/accounts.csv: imported, 2 rows"
[ "$(q "SELECT name FROM account WHERE crm_id = 'JP-002'")" = "山田商事BE" ] || fail "UTF-16BE"

# 3. UTF-8 with a byte order mark (Excel "CSV UTF-8").
{ printf '\357\273\277'; sed 's/山田商事/山田商事BOM/' "$T/accounts.utf8"; } > "$F"
assert_status 0 "$CSC" sync > "$T/s3.out" 2> "$T/s3.err"
assert_contains "$T/s3.out" "feeds/accounts.csv: imported, 2 rows"
[ "$(q "SELECT name FROM account WHERE crm_id = 'JP-002'")" = "山田商事BOM" ] || fail "UTF-8 BOM"

# 4. Neither UTF-8 nor CP932 (Latin-1 "Café," : 0xE9 then a comma): one
# message naming what the file is not and what to do; not "imported"; the
# previous import stays.
printf 'id,name,touch_model,stage,main_owner\nJP-001,Caf\351,high,adoption,aiko\nJP-002,Br\374cke,low,onboarding,ken\nJP-003,Gar\347on,low,onboarding,ken\n' > "$F"
assert_status 1 "$CSC" sync > "$T/s4.out" 2> "$T/s4.err"
assert_not_contains "$T/s4.out" "feeds/accounts.csv: imported"
assert_contains "$T/s4.out" "feeds/accounts.csv: failed"
[ "$(grep -c 'feeds/accounts.csv' "$T/s4.err")" -eq 1 ] || { cat "$T/s4.err"; fail "more than one message about the file"; }
assert_contains "$T/s4.err" "feeds/accounts.csv:2: error: the file is neither UTF-8 nor CP932"
assert_contains "$T/s4.err" "feeds.encoding"
assert_contains "$T/s4.err" "CSV UTF-8"
[ "$(q "SELECT name FROM account WHERE crm_id = 'JP-002'")" = "山田商事BOM" ] || fail "the previous import did not stay"

# 5. The same file declared: feeds.encoding: iso-8859-1 imports it.
echo "feeds.encoding: iso-8859-1" >> "$T/csconsole.yaml"
assert_status 0 "$CSC" sync > "$T/s5.out" 2> "$T/s5.err"
assert_contains "$T/s5.out" "feeds/accounts.csv: imported, 3 rows"
[ "$(q "SELECT name FROM account WHERE crm_id = 'JP-002'")" = "Brücke" ] || fail "declared Latin-1"

# 6. Declared CP932 but the file is not CP932: one message naming the key.
printf 'id,name,touch_model,stage,main_owner\nJP-001,\377\377,high,adoption,aiko\n' > "$F"
sed -i 's/^feeds.encoding: .*/feeds.encoding: cp932/' "$T/csconsole.yaml"
assert_status 1 "$CSC" sync > "$T/s6.out" 2> "$T/s6.err"
assert_not_contains "$T/s6.out" "feeds/accounts.csv: imported"
[ "$(grep -c 'feeds/accounts.csv' "$T/s6.err")" -eq 1 ] || { cat "$T/s6.err"; fail "more than one message"; }
assert_contains "$T/s6.err" "feeds/accounts.csv:2: error: the file is not CP932"
assert_contains "$T/s6.err" "feeds.encoding: cp932"
# 7. With feeds.encoding: cp932, a UTF-8 file holding Japanese (another
# tool's export) is still read as UTF-8.
sed 's/山田商事/山田商事UTF8/' "$T/accounts.utf8" > "$F"
assert_status 0 "$CSC" sync > "$T/s7.out" 2> "$T/s7.err"
assert_contains "$T/s7.out" "feeds/accounts.csv: imported, 2 rows"
[ "$(q "SELECT name FROM account WHERE crm_id = 'JP-002'")" = "山田商事UTF8" ] || fail "UTF-8 beside a declared cp932"
echo ok
