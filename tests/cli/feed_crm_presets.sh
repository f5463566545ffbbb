# feed_crm_presets.sh - CRM exports imported as the CRMs write them, through
# the presets (feeds.accounts.preset), the user's column and value mappings,
# and owners matched by e-mail or display name from team.yaml.
. "$(dirname "$0")/../lib.sh"

FIX="$CSC_ROOT/tests/fixtures/crm"

# crm_setup NAME FIXTURE CONFIG-LINES: a fresh shared directory with the team
# and the fixture as feeds/accounts.csv, and a config with the lines given.
crm_setup() {
  rm -rf "$T/$1"
  mkdir -p "$T/$1/shared/feeds"
  cp "$FIX/team.yaml" "$T/$1/shared/feeds/team.yaml"
  cp "$FIX/$2" "$T/$1/shared/feeds/accounts.csv"
  write_config aiko "$T/$1/shared" "$T/$1/db.sqlite" > "$T/$1/config.yaml"
  printf '%s\n' "$3" >> "$T/$1/config.yaml"
  export CSCONSOLE_CONFIG="$T/$1/config.yaml"
}

# account DB CRM-ID: the stored row, '|'-separated.
account() {
  sqlite3 "$1" "SELECT crm_id, name, touch_model, stage, arr_minor, currency, \
    date(renewal_day * 86400, 'unixepoch'), main_owner, coalesce(sub_owner, '-'), \
    coalesce(seats, '-') FROM account WHERE crm_id = '$2'"
}
expect_row() { # DB CRM-ID ROW
  got=$(account "$1" "$2")
  [ "$got" = "$3" ] || fail "account $2: got \"$got\", want \"$3\""
}

# --- a Salesforce report export: labels with spaces, owners by name --------
crm_setup sf_report salesforce-report.csv "feeds: {accounts: {preset: salesforce}}"
"$CSC" sync > "$T/out" 2>&1 || { cat "$T/out"; fail "sync of the Salesforce report failed"; }
assert_not_contains "$T/out" "error"
assert_not_contains "$T/out" "warning"
db="$T/sf_report/db.sqlite"
expect_row "$db" 0015g00000SFa01AAC "0015g00000SFa01AAC|Sakura Foods|high|onboarding|4800000|USD|2027-03-31|aiko|ken|-"
expect_row "$db" 0015g00000SFa02AAC "0015g00000SFa02AAC|Tanaka Logistics, Ltd.|low|onboarding|12000000|JPY|2027-06-30|ken|-|-"
expect_row "$db" 0015g00000SFa03AAC "0015g00000SFa03AAC|Lopez Retail|tech|renewal|950050|EUR|2027-01-15|maria|aiko|-"
# ... and the console shows them as any account
"$CSC" accounts --scope team --format json > "$T/json" 2>&1 || { cat "$T/json"; fail "accounts failed"; }
assert_contains "$T/json" '"Sakura Foods"'
assert_contains "$T/json" '"Tanaka Logistics, Ltd."'

# Without the preset the same file is refused whole, and the message names
# the column and the key to set.
crm_setup sf_plain salesforce-report.csv ""
"$CSC" sync > "$T/out" 2>&1 || true
assert_contains "$T/out" 'feeds/accounts.csv:1: error: no column for "id": add feeds.accounts.columns.id: "<your header>" (the header has "Account ID", "Account Name",'
assert_contains "$T/out" 'no column for "main_owner": add feeds.accounts.columns.main_owner'
[ "$(sqlite3 "$T/sf_plain/db.sqlite" "SELECT count(*) FROM account")" = 0 ] || fail "a refused file imported accounts"

# --- a Salesforce Data Loader export: API names, owners by handle or e-mail -
crm_setup sf_loader salesforce-dataloader.csv "feeds:
  accounts:
    preset: salesforce"
"$CSC" sync > "$T/out" 2>&1 || { cat "$T/out"; fail "sync of the Data Loader export failed"; }
assert_not_contains "$T/out" "error"
db="$T/sf_loader/db.sqlite"
expect_row "$db" 0015g00000DLa01AAC "0015g00000DLa01AAC|Hokkaido Dairy|high|adoption|25000000|USD|2027-09-30|aiko|-|120"
expect_row "$db" 0015g00000DLa02AAC "0015g00000DLa02AAC|Kyushu Energy|low|expansion|3000000|USD|2028-02-29|ken|-|45"

# A custom field under another name: the mapping overrides the preset's
# Contract_End_Date__c, and that field is then found by the mapped header only.
sed '1s/Contract_End_Date__c/Renewal_On__c/' "$FIX/salesforce-dataloader.csv" > "$T/sf_loader/shared/feeds/accounts.csv"
printf '    columns: {renewal_date: Renewal_On__c}\n' >> "$T/sf_loader/config.yaml"
"$CSC" sync > "$T/out" 2>&1 || { cat "$T/out"; fail "sync with a mapped custom field failed"; }
assert_not_contains "$T/out" "error"
expect_row "$db" 0015g00000DLa02AAC "0015g00000DLa02AAC|Kyushu Energy|low|expansion|3000000|USD|2028-02-29|ken|-|45"
# the mapped header missing: the message says which header and which key
sed '1s/Renewal_On__c/Renewal__c/' "$FIX/salesforce-dataloader.csv" > "$T/sf_loader/shared/feeds/accounts.csv"
sed -i '1s/Contract_End_Date__c/Renewal__c/' "$T/sf_loader/shared/feeds/accounts.csv"
"$CSC" sync > "$T/out" 2>&1 || true
assert_contains "$T/out" 'warning: no column "Renewal_On__c" for "renewal_date" (feeds.accounts.columns.renewal_date): the header has "Id", "Name",'

# --- a HubSpot companies export, with a stage mapped in the configuration ---
crm_setup hubspot hubspot-companies.csv 'feeds:
  accounts:
    preset: hubspot
    values:
      stage: {"Customer Onboarding": onboarding}'
"$CSC" sync > "$T/out" 2>&1 || { cat "$T/out"; fail "sync of the HubSpot export failed"; }
assert_not_contains "$T/out" "error"
db="$T/hubspot/db.sqlite"
expect_row "$db" 18437220301 "18437220301|Acme Robotics|high|onboarding|7200000|USD|2027-05-31|maria|-|-"
expect_row "$db" 18437220302 "18437220302|Blue Harbor|tech|adoption|1500000|EUR|2027-11-30|aiko|-|-"

# An owner nobody on the team is: rejected, naming the closest handles.
sed '2s/"María López"/"Maria Lopes"/; 3s/"Aiko Sato"/"Aiko Satoo"/' "$FIX/hubspot-companies.csv" \
  > "$T/hubspot/shared/feeds/accounts.csv"
"$CSC" sync > "$T/out" 2>&1 || true
assert_contains "$T/out" 'feeds/accounts.csv:3: error: main_owner "Aiko Satoo" is not a CSM'"'"'s handle, e-mail or name in feeds/team.yaml (did you mean aiko?)'
assert_contains "$T/out" 'feeds/accounts.csv:2: error: main_owner "Maria Lopes" is not a CSM'"'"'s handle, e-mail or name in feeds/team.yaml (did you mean maria?)'

# A stage the preset does not know: the row is rejected, naming the key that maps it.
sed '3s/"Adoption"/"Go-Live"/' "$FIX/hubspot-companies.csv" > "$T/hubspot/shared/feeds/accounts.csv"
"$CSC" sync > "$T/out" 2>&1 || true
assert_contains "$T/out" 'feeds/accounts.csv:3: error: stage "Go-Live" is not one of onboarding, adoption, expansion or renewal: map it with feeds.accounts.values.stage'

# --- the team's keys and the metrics' columns, mapped ------------------------
crm_setup metrics salesforce-report.csv 'feeds:
  accounts: {preset: salesforce}
  team:
    columns: {name: full_name}
  metrics:
    preset: salesforce
    columns: {value: "Usage Count"}'
sed 's/^    name:/    full_name:/' "$FIX/team.yaml" > "$T/metrics/shared/feeds/team.yaml"
mkdir -p "$T/metrics/shared/feeds/metrics"
printf '%s\r\n' '"Account ID","Date","Metric","Usage Count","Value"' \
  '"0015g00000SFa01AAC","2026-11-16","logins","42","999"' > "$T/metrics/shared/feeds/metrics/usage.csv"
"$CSC" sync > "$T/out" 2>&1 || { cat "$T/out"; fail "sync with mapped team keys and metrics columns failed"; }
assert_not_contains "$T/out" "error"
assert_not_contains "$T/out" "unknown key"
db="$T/metrics/db.sqlite"
[ "$(sqlite3 "$db" "SELECT name FROM csm WHERE handle = 'aiko'")" = "Aiko Sato" ] || fail "team.yaml's full_name was not read as the name"
expect_row "$db" 0015g00000SFa01AAC "0015g00000SFa01AAC|Sakura Foods|high|onboarding|4800000|USD|2027-03-31|aiko|ken|-"
got=$(sqlite3 "$db" "SELECT CAST(m.value AS INTEGER) FROM metric m JOIN account a ON a.id = m.account_id WHERE a.crm_id = '0015g00000SFa01AAC'" 2>&1)
[ "$got" = 42 ] || fail "the metric's value: got \"$got\", want 42 (from \"Usage Count\", not \"Value\")"

# --- doctor lists the columns the import ignores, once ----------------------
crm_setup doctor salesforce-report.csv "feeds: {accounts: {preset: salesforce}}"
"$CSC" sync > /dev/null 2>&1
"$CSC" doctor > "$T/out" 2>&1 || true
assert_contains "$T/out" 'feeds/accounts.csv: preset salesforce; columns ignored (not mapped): "Type", "Industry", "Billing City"'
[ "$(grep -c 'columns ignored' "$T/out")" = 1 ] || fail "doctor lists the ignored columns more than once"
