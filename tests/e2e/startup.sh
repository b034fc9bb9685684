#!/bin/sh
# startup.sh - broken templates or device rules stop the server at start
# with "file:line: reason" and status 1.
. "$(dirname "$0")/lib.sh"

db=$(demo_db portal.db)
mkroot() {  # a private copy of the template tree
	rm -rf "$WORK/root"
	mkdir -p "$WORK/root"
	cp -r "$QIAO_TOP/wml" "$QIAO_TOP/xhtml-mp" "$QIAO_TOP/html" "$QIAO_TOP/db" "$WORK/root/"
}
try_start() {
	"$QIAO_BIN" serve --listen 127.0.0.1:0 --db "$db" --root "$WORK/root" >"$WORK/out" 2>"$WORK/err" &
	pid=$!
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	if kill -0 $pid 2>/dev/null; then kill $pid; wait $pid; echo running; else wait $pid; echo $?; fi
}

mkroot
printf '<p><b>{{headline}}</p>\n' > "$WORK/root/wml/article.wml"
expect_eq "a WML template that is not well-formed stops the server" "$(try_start)" 1
expect_contains "names file and line" "$WORK/err" "wml/article.wml:1:"
check "one line" test "$(wc -l <"$WORK/err")" -eq 1

mkroot
printf '<h1>{{headline}}</h1>\n<p>\n{{#paras}}\n<p>{{text}}</p>\n{{/paras}}\n' > "$WORK/root/xhtml-mp/article.xhtml"
expect_eq "an unclosed XHTML-MP element stops the server" "$(try_start)" 1
expect_contains "names the XHTML-MP file" "$WORK/err" "xhtml-mp/article.xhtml:"

mkroot
printf '<p>{{#paras}}{{text}}</p>\n' > "$WORK/root/wml/article.wml"
expect_eq "an unclosed section stops the server" "$(try_start)" 1
expect_contains "section error names the file" "$WORK/err" "wml/article.wml:1:"

mkroot
printf '<p>{{title}\n' > "$WORK/root/html/home.html"
expect_eq "an unterminated tag in HTML stops the server" "$(try_start)" 1
expect_contains "names the HTML file" "$WORK/err" "html/home.html:1:"

mkroot
printf '# phones\nNokia7110 wml\nSamsung bogus\n' > "$WORK/root/db/devices.rules"
expect_eq "a bad device rule stops the server" "$(try_start)" 1
expect_contains "rule error names file and line" "$WORK/err" "devices.rules:3:"

mkroot
rm "$WORK/root/wml/error.wml"
expect_eq "a missing error template stops the server" "$(try_start)" 1

mkroot
expect_eq "the intact tree starts" "$(try_start)" running

finish
