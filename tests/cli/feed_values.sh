# feed_values.sh - numbers, money and dates as CRMs and Excel export them,
# and every bad value of a row reported at once (docs/feeds.md, "Numbers,
# dates and encodings"): a row with five bad values is one message naming
# all five, rejected whole, while the rows around it import.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 > /dev/null || { echo "SKIP: needs the sqlite3 shell (apt-get install sqlite3)"; exit 77; }
setup_book
DB="$T/db/csconsole.db"
q() { sqlite3 "$DB" "$1"; }
F="$T/shared/feeds/accounts.csv"
# acct ID: "arr_minor currency renewal seats" of an account
acct() { q "SELECT coalesce(arr_minor, '-') || ' ' || coalesce(currency, '-') || ' ' || coalesce(date(renewal_day * 86400, 'unixepoch'), '-') || ' ' || coalesce(seats, '-') FROM account WHERE crm_id = '$1'"; }
check() { got=$(acct "$1"); [ "$got" = "$2" ] || fail "$1: expected \"$2\", got \"$got\""; }

cat > "$F" <<'CSV'
id,name,touch_model,stage,arr,currency,renewal_date,main_owner,seats
SF-001,Alpha,high,adoption,"¥12,000,000",,2027/03/31,aiko,"1,200"
SF-002,Beta,low,renewal,"$48,000.00",USD,3/31/2027 9:00 AM,ken,
SF-003,Gamma,tech,expansion,"12,000,000円",JPY,46477,aiko,
SF-004,Bad Five,medium,churned,"12,000,00",USD,31.02.2027,Aiko Sato,-3
SF-005,Delta,high,onboarding,JPY 5000,,2027年3月31日,ken,
SF-006,Contradiction,low,adoption,EUR 5000,USD,2027-03-31T09:00:00Z,ken,
SF-007,No Currency,low,adoption,48000,,2027-03-31 09:00:00,ken,
SF-008,Ambiguous,low,adoption,,,03/04/2027,ken,
SF-009,Last,low,adoption,"US$1,500.5",,31/03/2027,ken,
CSV
assert_status 1 "$CSC" sync > "$T/s1.out" 2> "$T/s1.err"
assert_contains "$T/s1.out" "feeds/accounts.csv: imported, 5 rows, 4 rejected"
check SF-001 "12000000 JPY 2027-03-31 1200"
check SF-002 "4800000 USD 2027-03-31 -"
check SF-003 "12000000 JPY 2027-03-31 -"
check SF-005 "5000 JPY 2027-03-31 -"
check SF-009 "150050 USD 2027-03-31 -"
# The five bad values of line 5: one message, one line, all five, in one run.
[ "$(grep -c '^feeds/accounts.csv:5:' "$T/s1.err")" -eq 1 ] || { cat "$T/s1.err"; fail "line 5 is not one message"; }
L5=$(grep '^feeds/accounts.csv:5:' "$T/s1.err")
for part in 'column "touch_model": "medium" is not one of high, low or tech' \
	    'column "stage": "churned" is not one of' \
	    'column "arr": "12,000,00" is not an amount' \
	    'column "renewal_date": "31.02.2027" is not a date: February 2027 has 28 days' \
	    'column "main_owner": "Aiko Sato" is not a CSM'"'"'s handle, e-mail or name in feeds/team.yaml' \
	    'column "seats": "-3" is not a whole number'; do
  case "$L5" in *"$part"*) ;; *) fail "line 5 does not say: $part (it says: $L5)";; esac
done
[ -z "$(q "SELECT 1 FROM account WHERE crm_id = 'SF-004'")" ] || fail "the bad row was half imported"
assert_contains "$T/s1.err" 'feeds/accounts.csv:7: error: column "arr": "EUR 5000" is in EUR (EUR) but the currency column says USD'
assert_contains "$T/s1.err" 'feeds/accounts.csv:8: error: column "arr": "48000" has no currency'
assert_contains "$T/s1.err" 'feeds.currency'
assert_contains "$T/s1.err" 'feeds/accounts.csv:9: error: column "renewal_date": "03/04/2027" is ambiguous'
assert_contains "$T/s1.err" 'Set feeds.date_order: mdy'

# The configuration settles them: day first, a default currency.
printf 'feeds:\n  date_order: dmy\n  currency: USD\n' >> "$T/csconsole.yaml"
sed -i 's|^SF-002,Beta,low,renewal,"\$48,000.00",USD,3/31/2027 9:00 AM|SF-002,Beta,low,renewal,"$48,000.00",USD,31/3/2027 9:00|' "$F"
assert_status 1 "$CSC" sync > "$T/s2.out" 2> "$T/s2.err"
assert_contains "$T/s2.out" "feeds/accounts.csv: imported, 7 rows, 2 rejected"
check SF-007 "4800000 USD 2027-03-31 -"
check SF-008 "- - 2027-04-03 -"
check SF-002 "4800000 USD 2027-03-31 -"

# A decimal comma: feeds.number_format "1.234,56".
cat > "$F" <<'CSV'
id,name,touch_model,stage,arr,currency,renewal_date,main_owner,seats
EU-001,Berlin,high,adoption,"48.000,00 €",,31.03.2027,aiko,1.200
EU-002,Paris,low,renewal,"EUR 1.234,5",EUR,2027-03-31,ken,
EU-003,Wrong,low,renewal,"48,000.00",EUR,2027-03-31,ken,
CSV
printf '  number_format: "1.234,56"\n' >> "$T/csconsole.yaml"
assert_status 1 "$CSC" sync > "$T/s3.out" 2> "$T/s3.err"
assert_contains "$T/s3.out" "feeds/accounts.csv: imported, 2 rows, 1 rejected"
check EU-001 "4800000 EUR 2027-03-31 1200"
check EU-002 "123450 EUR 2027-03-31 -"
assert_contains "$T/s3.err" 'feeds/accounts.csv:4: error: column "arr": "48,000.00" is not an amount as feeds.number_format "1.234,56" writes them: if the file writes numbers like 1,234.56, set feeds.number_format: "1,234.56"'
# A metrics file as a spreadsheet writes it: dates and numbers in its forms,
# and a row whose three bad values are one message.
cat > "$T/shared/feeds/metrics/excel.csv" <<'CSV'
account,date,metric,value
ACC-0001,46477,logins,"1.234,5"
ACC-0001,31.03.2027 9:00,active_seats,12
NOPE,31.02.2027,logins,lots
CSV
assert_status 1 "$CSC" sync > "$T/s4.out" 2> "$T/s4.err"
assert_contains "$T/s4.out" "feeds/metrics/excel.csv: imported, 2 rows, 1 rejected"
[ "$(grep -c '^feeds/metrics/excel.csv:4:' "$T/s4.err")" -eq 1 ] || { cat "$T/s4.err"; fail "line 4 is not one message"; }
assert_contains "$T/s4.err" 'feeds/metrics/excel.csv:4: error: column "account": "NOPE" is not in the accounts feed: check the id, or add the account to feeds/accounts; column "date": "31.02.2027" is not a date: February 2027 has 28 days; column "value": "lots" is not a number'
[ "$(q "SELECT m.value FROM metric m JOIN account a ON a.id = m.account_id JOIN metric_name n ON n.id = m.metric_id WHERE a.crm_id = 'ACC-0001' AND n.name = 'logins' AND m.day = $(( $(date -u -d 2027-03-31 +%s) / 86400 ))")" = "1234.5" ] ||
  fail "the logins of 2027-03-31 (Excel serial 46477, 1.234,5) were not imported"
echo ok
