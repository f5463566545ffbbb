#!/bin/sh
# make install / make uninstall into a staging DESTDIR: the binary, the man
# page, the themes, the default config and the shell completions land where
# PREFIX says, the installed binary runs, uninstall removes exactly those files.
. "$CSC_ROOT/tests/lib.sh"
command -v make > /dev/null || { echo "make not installed"; exit 77; }
STAGE="$T/stage"
mkvar() { # NAME: a variable as the Makefile computes it
  make -s --no-print-directory -C "$CSC_ROOT" BUILD="$CSC_BUILD" \
    --eval "csc-test-print-var: ; @echo \$($1)" csc-test-print-var 2> /dev/null
}
# The PREFIX the binary was built for: another one is compiled in (the themes
# directory), so installing with it would rebuild BUILD behind the suite's back.
PREFIX=$(mkvar PREFIX)
[ -n "$PREFIX" ] || fail "could not read PREFIX from the Makefile"
BIN_DIR="$STAGE$PREFIX/bin"
MAN_DIR="$STAGE$PREFIX/share/man/man1"
MAN_JA_DIR="$STAGE$PREFIX/share/man/ja/man1"
DATA_DIR="$STAGE$PREFIX/share/csconsole"
BASH_DIR="$STAGE$PREFIX/share/bash-completion/completions"
ZSH_DIR="$STAGE$PREFIX/share/zsh/site-functions"
FISH_DIR="$STAGE$PREFIX/share/fish/vendor_completions.d"
# The translations: one catalog per po/LANG.po, built into $CSC_BUILD/locale.
LOCALE_DIR="$STAGE$PREFIX/share/locale"
langs=$(cd "$CSC_ROOT/po" 2>/dev/null && ls -- *.po 2>/dev/null | sed 's/\.po$//' || true)

# make with the test's own directory variables only (BINDIR, DATADIR and
# MANDIR (and LOCALEDIR) are ?= in the Makefile, so stray environment values would win).
mk() { env -u BINDIR -u DATADIR -u MANDIR -u LOCALEDIR -u BASHCOMPDIR -u ZSHCOMPDIR -u FISHCOMPDIR make --no-print-directory -C "$CSC_ROOT" "$@"; }
mode_of() { stat -c %a "$1"; }

# Sources, checked first so a missing one is reported by name.
[ -f "$CSC_ROOT/docs/csconsole.1" ] || fail "docs/csconsole.1 is missing: make install needs the man page (write it)"
[ -f "$CSC_ROOT/csconsole.yaml" ] || fail "csconsole.yaml (the documented default config) is missing"
[ -f "$CSC_ROOT/docs/ja/csconsole.1" ] || fail "docs/ja/csconsole.1 (the Japanese man page) is missing"
[ -f "$CSC_ROOT/csconsole.ja.yaml" ] || fail "csconsole.ja.yaml (the default config with Japanese comments) is missing"
themes=$(cd "$CSC_ROOT/themes" 2>/dev/null && ls -- *.yaml 2>/dev/null || true)
[ -n "$themes" ] || fail "no themes/*.yaml in the source tree"

# install depends on the binary: on a stale BUILD it would rebuild it there
# with the default flags (wrong for build/asan). Tests test; they do not build.
if ! mk -q BUILD="$CSC_BUILD" "$CSC_BUILD/csconsole" > /dev/null 2>&1; then
  echo "$CSC_BUILD/csconsole is out of date (make install would rebuild it): run make first"
  exit 77
fi

# Files outside the install set stay put (uninstall must not be too broad).
mkdir -p "$BIN_DIR" "$MAN_DIR"
echo other > "$BIN_DIR/other-tool"
echo other > "$MAN_DIR/other-tool.1"

mk install DESTDIR="$STAGE" PREFIX="$PREFIX" BUILD="$CSC_BUILD" > "$T/install.out" 2>&1 ||
  { cat "$T/install.out"; fail "make install DESTDIR=$STAGE PREFIX=$PREFIX failed"; }

# check_file INSTALLED SOURCE MODE
check_file() {
  [ -f "$1" ] || { find "$STAGE" -type f; fail "$1 was not installed"; }
  cmp -s "$1" "$2" || fail "$1 differs from $2"
  [ "$(mode_of "$1")" = "$3" ] || fail "$1 has mode $(mode_of "$1"), expected $3"
}
check_file "$BIN_DIR/csconsole" "$CSC_BUILD/csconsole" 755
check_file "$MAN_DIR/csconsole.1" "$CSC_ROOT/docs/csconsole.1" 644
check_file "$DATA_DIR/csconsole.yaml" "$CSC_ROOT/csconsole.yaml" 644
check_file "$MAN_JA_DIR/csconsole.1" "$CSC_ROOT/docs/ja/csconsole.1" 644
check_file "$DATA_DIR/csconsole.ja.yaml" "$CSC_ROOT/csconsole.ja.yaml" 644
# The completions, as the binary generates them.
for sh in bash zsh fish; do "$CSC_BUILD/csconsole" completion $sh > "$T/comp.$sh"; done
check_file "$BASH_DIR/csconsole" "$T/comp.bash" 644
check_file "$ZSH_DIR/_csconsole" "$T/comp.zsh" 644
check_file "$FISH_DIR/csconsole.fish" "$T/comp.fish" 644
for t in $themes; do
  check_file "$DATA_DIR/themes/$t" "$CSC_ROOT/themes/$t" 644
done
for l in $langs; do
  check_file "$LOCALE_DIR/$l/LC_MESSAGES/csconsole.mo" "$CSC_BUILD/locale/$l/LC_MESSAGES/csconsole.mo" 644
done
[ "$(ls "$DATA_DIR/themes")" = "$themes" ] || fail "installed themes: $(ls "$DATA_DIR/themes" | tr '\n' ' '), expected: $(echo $themes)"

# Exactly these files, nothing else anywhere under DESTDIR.
{
  echo "$BIN_DIR/csconsole"; echo "$BIN_DIR/other-tool"
  echo "$MAN_DIR/csconsole.1"; echo "$MAN_DIR/other-tool.1"
  echo "$DATA_DIR/csconsole.yaml"; echo "$DATA_DIR/csconsole.ja.yaml"; echo "$MAN_JA_DIR/csconsole.1"
  echo "$BASH_DIR/csconsole"; echo "$ZSH_DIR/_csconsole"; echo "$FISH_DIR/csconsole.fish"
  for t in $themes; do echo "$DATA_DIR/themes/$t"; done
  for l in $langs; do echo "$LOCALE_DIR/$l/LC_MESSAGES/csconsole.mo"; done
} | LC_ALL=C sort > "$T/want"
find "$STAGE" -type f | LC_ALL=C sort > "$T/got"
diff "$T/want" "$T/got" > "$T/diff" || { cat "$T/diff"; fail "make install wrote other files than expected"; }

# The installed page is a section-1 man page that renders without warnings.
grep -q '^\.TH CSCONSOLE 1 ' "$MAN_DIR/csconsole.1" || fail "installed man page has no \".TH CSCONSOLE 1\" header"
if command -v groff > /dev/null; then
  groff -man -Tutf8 -ww -z "$MAN_DIR/csconsole.1" > "$T/groff.out" 2>&1 || true
  [ ! -s "$T/groff.out" ] || { cat "$T/groff.out"; fail "groff warns about the installed man page"; }
fi

# The installed binary runs and reports the Makefile's VERSION.
version=$(sed -n 's/^VERSION *:= *//p' "$CSC_ROOT/Makefile")
[ -n "$version" ] || fail "no VERSION in the Makefile"
"$BIN_DIR/csconsole" --version > "$T/version.out" 2>&1 || { cat "$T/version.out"; fail "installed csconsole --version failed"; }
[ "$(cat "$T/version.out")" = "csconsole $version" ] || fail "installed --version printed \"$(cat "$T/version.out")\", expected \"csconsole $version\""

# make uninstall with the same DESTDIR/PREFIX removes what install put there,
# and only that; a second uninstall is harmless.
mk uninstall DESTDIR="$STAGE" PREFIX="$PREFIX" BUILD="$CSC_BUILD" > "$T/uninstall.out" 2>&1 ||
  { cat "$T/uninstall.out"; fail "make uninstall failed"; }
for f in "$BIN_DIR/csconsole" "$MAN_DIR/csconsole.1" "$MAN_JA_DIR/csconsole.1" "$DATA_DIR" "$BASH_DIR/csconsole" \
  "$ZSH_DIR/_csconsole" "$FISH_DIR/csconsole.fish"; do
  [ ! -e "$f" ] || fail "make uninstall left $f"
done
[ "$(cat "$BIN_DIR/other-tool")" = other ] && [ "$(cat "$MAN_DIR/other-tool.1")" = other ] ||
  fail "make uninstall removed or changed files it did not install"
[ "$(find "$STAGE" -type f | LC_ALL=C sort | tr '\n' ' ')" = "$BIN_DIR/other-tool $MAN_DIR/other-tool.1 " ] ||
  fail "after uninstall: $(find "$STAGE" -type f)"
mk uninstall DESTDIR="$STAGE" PREFIX="$PREFIX" BUILD="$CSC_BUILD" > "$T/uninstall.out" 2>&1 ||
  { cat "$T/uninstall.out"; fail "a second make uninstall failed"; }

# With the PREFIX the binary was built for (the default unless make was given
# one), it looks for themes where make install puts them: the Makefile's
# DATADIR is compiled in (theme.c appends "/themes").
datadir=$(mkvar DATADIR) bindir=$(mkvar BINDIR)
[ -n "$datadir" ] && [ -n "$bindir" ] || fail "could not read DATADIR/BINDIR from the Makefile"
mk install DESTDIR="$T/stage2" BUILD="$CSC_BUILD" > "$T/install.out" 2>&1 ||
  { cat "$T/install.out"; fail "make install DESTDIR=$T/stage2 (default PREFIX) failed"; }
for t in $themes; do
  [ -f "$T/stage2$datadir/themes/$t" ] || fail "default install: no $datadir/themes/$t"
done
[ -f "$T/stage2$bindir/csconsole" ] || fail "default install: no $bindir/csconsole"
grep -qaF "$datadir/themes" "$T/stage2$bindir/csconsole" ||
  fail "the installed csconsole does not look for themes in $datadir/themes, where make install puts them"
exit 0
