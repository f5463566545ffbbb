#!/bin/sh
# i18n_catalog.sh - the catalog check of issue 16 (docs/i18n.md, "The catalog check"):
#  (a) every string xgettext finds in src/ and include/ (the Makefile's `pot`
#      keywords; the headers' tables mark their texts with N_()) has a
#      Japanese translation, neither empty nor fuzzy, in the catalog the build
#      compiles (po/ja.po); msgfmt --check passes;
#  (b) no unmarked user-facing string in src/: a string literal with letters given
#      as the text of an output function (printf, fprintf, fputs, puts, curses'
#      addstr/printw, every PRINTF_LIKE function: error(), die(), diag_add(),
#      tui_message()..., the TUI's tui_put(), tui_line_set(), prompts, and the
#      views' helpers with a `const char *text` (label, title...) parameter) outside
#      _(), P_() and N_(); and a literal that reads as prose (two words) given to a
#      string builder (str_format, xasprintf, sbuf_addf, sbuf_add, str_copy,
#      snprintf). tests/i18n_allow.txt lists the exceptions, each with its reason.
# Both print the count per source file, then every finding with its place.
# I18N_FILES="src/core/agenda.c ..." restricts the report (and the verdict) to
# those files: how a helper checks the files they marked.
. "$CSC_ROOT/tests/lib.sh"
for tool in xgettext msgcat msgmerge msgattrib msgfmt perl; do
  command -v "$tool" > /dev/null ||
    { echo "SKIP: needs $tool (gettext: apt-get install gettext; tools/deps.sh installs it)"; exit 77; }
done
cd "$CSC_ROOT"
SOURCES=$(ls src/main.c src/*/*.c | LC_ALL=C sort)
# the tables of the headers (N_() in X-macros) are part of the template too
HEADERS=$(ls include/csconsole/*.h | LC_ALL=C sort)
ONLY=${I18N_FILES:-}
bad=0

# in_scope FILE: FILE is reported (all files unless I18N_FILES names some)
in_scope() {
  [ -z "$ONLY" ] && return 0
  for f in $ONLY; do [ "$f" = "$1" ] && return 0; done
  return 1
}

# --- (a) the catalogs ---------------------------------------------------------------
# shellcheck disable=SC2086
xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kP_:1,2 --add-comments=TRANSLATORS: \
  --package-name=csconsole --sort-by-file --no-wrap -o "$T/csconsole.pot" $SOURCES $HEADERS 2> "$T/xgettext.err" ||
  { cat "$T/xgettext.err"; fail "xgettext failed on src/"; }
# one msgid both with and without a plural: msgcat refuses the merged catalog
# as soon as both are translated (and the build's .mo then lacks them)
grep -A2 'is used without plural and with plural' "$T/xgettext.err" | grep -v '^--$' > "$T/plural.all" || true
: > "$T/plural.txt"
while IFS= read -r l; do
  case "$l" in
    *"Here is the occurrence"*)
      f=$(echo "$l" | sed 's/^ *\([^:]*\):.*/\1/')
      in_scope "$f" && printf '%s\n' "$l" >> "$T/plural.txt" ;;
  esac
done < "$T/plural.all"
if [ -s "$T/plural.txt" ]; then
  bad=1
  echo "FAIL: a msgid used both with and without a plural (reword one, e.g. \"%zu file\"/\"%zu files\"):"
  sed 's/^ */  /' "$T/plural.all"
fi
for po in po/*.po; do
  lang=$(basename "$po" .po)
  set -- "$po"
  msgcat --use-first --no-wrap -o "$T/$lang.po" "$@" || fail "msgcat $*"
  msgfmt --check -o /dev/null "$T/$lang.po" 2> "$T/$lang.msgfmt" ||
    { cat "$T/$lang.msgfmt"; echo "FAIL: msgfmt --check: the merged $lang catalog ($*)"; bad=1; }
  # a msgid with <PRId64> and the like is a system-dependent string only
  # with the c-format flag: without it the translation never matches
  awk 'BEGIN { RS = "" } /msgid "[^\n]*<PRI|\n"[^\n]*<PRI/ && !/#,[^\n]*c-format/ {
         sub(/\nmsgstr.*/, ""); print "  " $0 }' "$T/$lang.po" > "$T/$lang.sysdep.txt"
  if [ -s "$T/$lang.sysdep.txt" ]; then
    echo "FAIL: msgids with <PRI...> need \"#, c-format\" in the $lang catalog, or their translation is never found:"
    cat "$T/$lang.sysdep.txt"; bad=1
  fi
  msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$T/$lang.merged.po" "$T/$lang.po" "$T/csconsole.pot" ||
    fail "msgmerge $lang"
  msgattrib --untranslated --no-obsolete --no-wrap "$T/$lang.merged.po" > "$T/$lang.missing.po"
  msgattrib --only-fuzzy --no-obsolete --no-wrap "$T/$lang.merged.po" > "$T/$lang.fuzzy.po"
  # one line per (place, msgid): "FILE:LINE<TAB>msgid"
  for kind in missing fuzzy; do
    awk '
      /^#: / { for (i = 2; i <= NF; i++) locs = locs " " $i; next }
      /^msgid / { id = substr($0, 7); inid = 1; next }
      inid && /^"/ { id = id $0; next }
      /^msgid_plural|^msgstr/ { if (inid && id != "\"\"") { n = split(locs, L, " ");
          for (i = 1; i <= n; i++) print L[i] "\t" id } inid = 0; locs = "" }
    ' "$T/$lang.$kind.po" | sed 's/""//g' > "$T/$lang.$kind.all"
    : > "$T/$lang.$kind.txt"
    while IFS='	' read -r loc id; do
      in_scope "${loc%%:*}" && printf '%s\t%s\n' "$loc" "$id" >> "$T/$lang.$kind.txt"
    done < "$T/$lang.$kind.all"
  done
  n_missing=$(wc -l < "$T/$lang.missing.txt"); n_fuzzy=$(wc -l < "$T/$lang.fuzzy.txt")
  total=$(grep -c '^msgid ' "$T/csconsole.pot")
  echo "catalog $lang: $((total - 1)) marked strings in src/ and include/; untranslated places: $n_missing, fuzzy: $n_fuzzy"
  if [ "$n_missing" -gt 0 ] || [ "$n_fuzzy" -gt 0 ]; then
    bad=1
    echo "  per file (untranslated or fuzzy places):"
    cat "$T/$lang.missing.txt" "$T/$lang.fuzzy.txt" | cut -f1 | sed 's/:[0-9]*$//' | sort | uniq -c |
      sort -rn | awk '{ printf "    %5d  %s\n", $1, $2 }'
    echo "  untranslated:"
    sed 's/^/    /; s/\t/: /' "$T/$lang.missing.txt"
    [ "$n_fuzzy" -gt 0 ] && { echo "  fuzzy:"; sed 's/^/    /; s/\t/: /' "$T/$lang.fuzzy.txt"; }
  fi
done

# --- (b) unmarked user-facing strings -------------------------------------------------
cat > "$T/scan.pl" <<'PERL'
# Usage: scan.pl ROOT ALLOWFILE FILE... ; prints "file:line: func: literal" per unmarked string
use strict; use warnings;
my ($root, $allowfile, @files) = @ARGV;
# Output functions: name => [index of the text argument, kind]
# kind 'out': any literal with letters; 'build': literals that read as prose (two words)
my %fn = (
  printf => [0,'out'], fprintf => [1,'out'], dprintf => [1,'out'], vfprintf => [1,'out'],
  puts => [0,'out'], fputs => [0,'out'],
  addstr => [0,'out'], mvaddstr => [2,'out'], waddstr => [1,'out'], mvwaddstr => [3,'out'],
  printw => [0,'out'], mvprintw => [2,'out'], wprintw => [1,'out'], mvwprintw => [3,'out'],
  addnstr => [0,'out'], mvaddnstr => [2,'out'], waddnstr => [1,'out'], mvwaddnstr => [3,'out'],
  snprintf => [2,'build'], sprintf => [1,'build'], asprintf => [1,'build'],
);
# every PRINTF_LIKE(n, m) function of the sources and headers
for my $f (glob("$root/include/csconsole/*.h"), glob("$root/src/*.c"), glob("$root/src/*/*.c")) {
  open my $h, '<', $f or next; local $/; my $t = <$h>; close $h;
  while ($t =~ /\b(\w+)\s*\(([^;{]*?)\)\s*(?:\n\s*)?PRINTF_LIKE\((\d+),/g) {
    my ($name, $n) = ($1, $3);
    next if exists $fn{$name};
    my $kind = $name =~ /^(str_format|xasprintf|sbuf_addf|sbuf_vaddf)$/ ? 'build' : 'out';
    $fn{$name} = [$n - 1, $kind];
  }
}
# the console's drawing helpers: a `const char *text` (label, title, head, hint,
# prompt) parameter of a function of src/tui/ or the TUI headers is drawn text
for my $f (glob("$root/include/csconsole/tui*.h"), glob("$root/src/tui/*.c")) {
  open my $h, '<', $f or next; local $/; my $t = <$h>; close $h;
  while ($t =~ /^(?:static\s+)?(?:const\s+)?[\w ]+?[\s*]+(\w+)\s*\(([^()]*)\)\s*[{;]/mg) {
    my ($name, $params) = ($1, $2);
    next if exists $fn{$name} || $name =~ /^(if|while|for|switch|return|sizeof)$/;
    my @p = split /,/, $params;
    for my $i (0 .. $#p) {
      if ($p[$i] =~ /const\s+char\s*\*\s*(text|label|title|head|hint|prompt|message)\s*$/) {
        $fn{$name} = [$i, 'out']; last;
      }
    }
  }
}
# text arguments of non-printf functions (the TUI's drawing, prompts)
my %plain = (tui_put => 5, tui_put_centered => 4, tui_line_set => 1, tui_prompt_open => 1,
  tui_prompt_open_limited => 1, sbuf_add => 1, str_copy => 2);
for (keys %plain) { $fn{$_} = [$plain{$_}, $_ =~ /^(sbuf_add|str_copy)$/ ? 'build' : 'out'] unless exists $fn{$_}; }

my (%allow_file, %allow_lit);
if (open my $a, '<', $allowfile) {
  while (<$a>) {
    s/\s+#.*$// unless /^\s*\S+\s+"/; chomp;
    next if /^\s*(#|$)/;
    if (/^(\S+)\s+\*\s*(#.*)?$/) { $allow_file{$1} = 1; }
    elsif (/^(\S+)\s+("(?:[^"\\]|\\.)*")/) { $allow_lit{"$1\t$2"} = 1; }
  }
}
sub letters { my $s = shift; $s =~ s/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)//g;
  $s =~ s/%[-+ #0-9.*\$'hlLqjzt]*[a-zA-Z%]//g; return $s =~ /[A-Za-z]/; }
sub prose { my $s = shift; $s =~ s/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/ /g;
  $s =~ s/%[-+ #0-9.*\$'hlLqjzt]*[a-zA-Z%]/ /g;
  return 0 if $s =~ /\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|PRAGMA|CREATE|VALUES|JOIN|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|ORDER BY|GROUP BY|AND|OR|ON CONFLICT)\b/;
  return $s =~ /[a-z]{2}/ && $s =~ /[A-Za-z]{2,}[,:;.!?]?\s+[A-Za-z(]/; }
my $total = 0;
for my $file (@files) {
  (my $rel = $file) =~ s{^\Q$root\E/}{};
  open my $h, '<', $file or die "$file: $!"; local $/; my $t = <$h>; close $h;
  # blank out comments and preprocessor lines, keeping strings and line numbers
  my $c = '';
  my $i = 0; my $n = length $t;
  while ($i < $n) {
    my $ch = substr($t, $i, 1);
    if ($ch eq '"' || $ch eq "'") {
      my $j = $i + 1;
      while ($j < $n && substr($t, $j, 1) ne $ch) { $j++ if substr($t, $j, 1) eq '\\'; $j++; }
      $c .= substr($t, $i, $j - $i + 1); $i = $j + 1;
    } elsif (substr($t, $i, 2) eq '/*') {
      my $j = index($t, '*/', $i + 2); $j = $n - 2 if $j < 0;
      (my $blank = substr($t, $i, $j + 2 - $i)) =~ s/[^\n]/ /g; $c .= $blank; $i = $j + 2;
    } elsif (substr($t, $i, 2) eq '//') {
      my $j = index($t, "\n", $i); $j = $n if $j < 0;
      $c .= ' ' x ($j - $i); $i = $j;
    } elsif ($ch eq '#' && ($i == 0 || substr($t, $i - 1, 1) eq "\n")) {
      my $j = $i; while ($j < $n) { my $e = index($t, "\n", $j); $e = $n if $e < 0;
        if (substr($t, $e - 1, 1) eq '\\') { $j = $e + 1; next; } $j = $e; last; }
      (my $blank = substr($t, $i, $j - $i)) =~ s/[^\n]/ /g; $c .= $blank; $i = $j;
    } else { $c .= $ch; $i++; }
  }
  my $re = join '|', map { quotemeta } sort keys %fn;
  while ($c =~ /(?<![\w.>])($re)\s*\(/g) {
    my ($name, $start) = ($1, pos($c));
    # split the arguments at depth 0
    my ($d, $j, $cur, @args) = (0, $start, "");
    while ($j < length $c) {
      my $ch = substr($c, $j, 1);
      if ($ch eq '"' || $ch eq "'") { my $k = $j + 1;
        while ($k < length $c && substr($c, $k, 1) ne $ch) { $k++ if substr($c, $k, 1) eq '\\'; $k++; }
        $cur .= substr($c, $j, $k - $j + 1); $j = $k + 1; next; }
      if ($ch eq '(' || $ch eq '[' || $ch eq '{') { $d++; }
      elsif ($ch eq ')' || $ch eq ']' || $ch eq '}') { if ($d == 0) { push @args, $cur; last; } $d--; }
      elsif ($ch eq ',' && $d == 0) { push @args, $cur; $cur = ''; $j++; next; }
      $cur .= $ch; $j++;
    }
    my ($idx, $kind) = @{$fn{$name}};
    next if $idx > $#args;
    my $arg = $args[$idx];
    # drop what is marked: _(...), P_(...), N_(...)
    1 while $arg =~ s/\b(?:[NP]?_|pgettext)\s*\((?:[^()"]|"(?:[^"\\]|\\.)*"|\((?:[^()"]|"(?:[^"\\]|\\.)*")*\))*\)/ /g;
    next if $arg =~ /^\s*$/;
    my $line = 1 + (substr($c, 0, $start) =~ tr/\n//);
    # adjacent literals are one string
    while ($arg =~ /((?:"(?:[^"\\]|\\.)*"\s*)+)/g) {
      my $run = $1; my $lit = '';
      $lit .= $1 while $run =~ /"((?:[^"\\]|\\.)*)"/g;
      $lit = "\"$lit\"";
      my $ok = $kind eq 'out' ? letters($lit) : prose($lit);
      next unless $ok;
      next if $allow_file{$rel} || $allow_lit{"$rel\t$lit"} || $allow_lit{"*\t$lit"};
      print "$rel:$line: $name: $lit\n"; $total++;
    }
  }
}
exit($total ? 1 : 0);
PERL
# shellcheck disable=SC2086
perl "$T/scan.pl" "$CSC_ROOT" "$CSC_ROOT/tests/i18n_allow.txt" $SOURCES > "$T/unmarked.all" 2> "$T/scan.err" ||
  [ -s "$T/unmarked.all" ] || { cat "$T/scan.err"; fail "the scanner failed"; }
: > "$T/unmarked.txt"
while IFS= read -r l; do in_scope "${l%%:*}" && printf '%s\n' "$l" >> "$T/unmarked.txt"; done < "$T/unmarked.all"
n_unmarked=$(wc -l < "$T/unmarked.txt")
echo "unmarked user-facing strings: $n_unmarked"
if [ "$n_unmarked" -gt 0 ]; then
  bad=1
  echo "  per file:"
  cut -d: -f1 "$T/unmarked.txt" | sort | uniq -c | sort -rn | awk '{ printf "    %5d  %s\n", $1, $2 }'
  echo "  mark them with _() (or N_() in a table, P_() for a count), or allow them in tests/i18n_allow.txt:"
  sed 's/^/    /' "$T/unmarked.txt"
fi
[ -n "$ONLY" ] && echo "(only: $ONLY)"
[ "$bad" -eq 0 ] || fail "the catalog check found the strings above"
echo "catalog check passed"
