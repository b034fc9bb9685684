#!/bin/sh
# i18n.sh - the interface strings' catalogs (docs/i18n.md): every po/LANG.po
# passes msgfmt --check, has its language's Plural-Forms and holds every
# msgid of po/qiao.pot; po/qiao.pot is what `make pot` makes of the
# templates and sources now; no template or handler holds Chinese text
# outside the catalog's markers (tools/i18n_check.pl, checked here to
# catch what it must); the binary carries the catalogs (an English error
# page needs nothing installed).
. "$(dirname "$0")/lib.sh"
cd "$QIAO_TOP" || exit 1

if ! command -v msgfmt >/dev/null 2>&1 || ! command -v xgettext >/dev/null 2>&1; then
	skip "catalog checks" "gettext (msgfmt, xgettext) not installed: tools/deps.sh build"
	finish
fi

# --- each catalog ------------------------------------------------------------
n=0
for lang in en fr ja ko; do
	po=po/$lang.po
	if [ ! -f "$po" ]; then
		fail "$po is missing"
		continue
	fi
	n=$((n + 1))
	check "$po passes msgfmt --check" msgfmt --check -o /dev/null "$po"
	check "$po holds every msgid of po/qiao.pot" msgcmp --use-untranslated "$po" po/qiao.pot
	case $lang in
	en) want='nplurals=2; plural=(n != 1);' ;;
	fr) want='nplurals=2; plural=(n > 1);' ;;
	*) want='nplurals=1; plural=0;' ;;
	esac
	expect_contains "$po: Plural-Forms of $lang" "$po" "\"Plural-Forms: $want\\n\""
	expect_contains "$po: Language $lang" "$po" "\"Language: $lang\\n\""
done
expect_eq "four foreign catalogs" "$n" 4
# every .po there is, not only the four above
for po in po/*.po; do
	check "$po passes msgfmt --check" msgfmt --check -o /dev/null "$po"
done

# --- po/qiao.pot is up to date ---------------------------------------------------
perl tools/pot.pl wml/*.wml xhtml-mp/*.xhtml html/*.html > "$WORK/templates.pot"
# shellcheck disable=SC2046
xgettext --from-code=UTF-8 --keyword= --keyword=T:2 --keyword=N_ --keyword=TN:2,3 \
	-o "$WORK/now.pot" "$WORK/templates.pot" $(ls src/*.c src/*/*.c) 2>"$WORK/xgettext.err"
check "xgettext reads the templates and sources" test -s "$WORK/now.pot"
check "po/qiao.pot has every string of the sources (run make pot)" msgcmp --use-untranslated po/qiao.pot "$WORK/now.pot"
check "po/qiao.pot has no string the sources lost (run make pot)" msgcmp --use-untranslated "$WORK/now.pot" po/qiao.pot

# --- no Chinese text outside the markers --------------------------------------
# shellcheck disable=SC2046
check "templates and handlers: Chinese only in {{_ }}, T(), TN(), N_()" \
	perl tools/i18n_check.pl wml/*.wml xhtml-mp/*.xhtml html/*.html \
	src/pages/*.c src/render/page.c src/render/dialect.c src/http/*.c src/app/*.c
# the checker itself finds what it must
printf '<p>{{_ 首页}} {{! 注释 }}{{_n n 共 {n} 条}}</p>\n' > "$WORK/good.wml"
printf '<p>{{_ 首页}}</p>\n<p title="搜索">x</p>\n' > "$WORK/bad.wml"
printf 'int f(struct req *r) { return g(T(r, "好"), N_("好"), TN(r, "好", "好", 2)); /* 注释 "不" */ }\n' > "$WORK/good.c"
printf 'int f(struct req *r) { return g(T(r, "好"), "坏"); }\n' > "$WORK/bad.c"
check "checker passes clean files" perl tools/i18n_check.pl "$WORK/good.wml" "$WORK/good.c"
perl tools/i18n_check.pl "$WORK/bad.wml" > "$WORK/bad.out"
expect_eq "checker fails a template with bare Chinese" "$?" 1
expect_contains "checker names the attribute's text" "$WORK/bad.out" "bad.wml:2: Chinese text outside {{_ }}: 搜索"
perl tools/i18n_check.pl "$WORK/bad.c" > "$WORK/badc.out"
expect_eq "checker fails C with a bare Chinese literal" "$?" 1
expect_contains "checker names the literal" "$WORK/badc.out" 'bad.c:1: Chinese string literal outside T()/TN()/N_(): "坏"'
expect_not_contains "checker accepts the one inside T()" "$WORK/badc.out" '"好"'

# --- the catalogs travel in the binary ---------------------------------------------
# no .mo anywhere on disk is read: the strings come from the executable
check "the binary holds the English catalog" grep -q "Page not found" "$QIAO_BIN"
finish
