#!/usr/bin/perl
# pot.pl - the interface strings of the templates as a PO template.
#
#   tools/pot.pl wml/*.wml xhtml-mp/*.xhtml html/*.html > templates.pot
#
# Finds every {{_ text}} and {{_n count text}} tag (src/render/tpl.h) and
# writes one entry per distinct text with "#: file:line" references; a
# text with {name} placeholders is flagged python-brace-format, so that
# msgfmt --check verifies a translation keeps the same placeholders; an
# {{_n}} text is its own msgid_plural (简体 has one form).  xgettext then
# merges this file with the strings marked in the C sources (make pot).
use strict;
use warnings;

my (@order, %refs, %flags, %plural);
for my $file (@ARGV) {
	open(my $fh, '<:raw', $file) or die "pot.pl: $file: $!\n";
	local $/;
	my $src = <$fh>;
	close $fh;
	my $pos = 0;
	while ((my $at = index($src, '{{', $pos)) >= 0) {
		my $line = 1 + (substr($src, 0, $at) =~ tr/\n//);
		my $rest = substr($src, $at + 2);
		if ($rest =~ /^\s*_(n?)\s/) {
			my $is_n = $1 eq 'n';
			# the close is the first "}}" outside {placeholder} braces
			my ($depth, $end) = (0, -1);
			for (my $k = 0; $k + 1 < length($rest); $k++) {
				my $c = substr($rest, $k, 1);
				if ($c eq '{') { $depth++ }
				elsif ($c eq '}' && $depth > 0) { $depth-- }
				elsif ($c eq '}' && substr($rest, $k + 1, 1) eq '}') { $end = $k; last }
			}
			die "pot.pl: $file:$line: unterminated tag\n" if $end < 0;
			my $body = substr($rest, 0, $end);
			$body =~ s/^\s*_n?\s+//;
			$body =~ s/^\S+\s+// if $is_n;
			$body =~ s/\s+$//;
			if (!exists $refs{$body}) {
				push @order, $body;
				$refs{$body} = [];
			}
			push @{$refs{$body}}, "$file:$line";
			$flags{$body} = 1 if $body =~ /\{[A-Za-z0-9_.-]+\}/;
			$plural{$body} = 1 if $is_n;
			$pos = $at + 2 + $end + 2;
		} else {
			my $close = index($src, '}}', $at + 2);
			last if $close < 0;
			$pos = $close + 2;
		}
	}
}

sub po_str {
	my ($s) = @_;
	$s =~ s/\\/\\\\/g;
	$s =~ s/"/\\"/g;
	$s =~ s/\t/\\t/g;
	if ($s =~ /\n/) {
		my @parts = split(/(?<=\n)/, $s);
		return "\"\"\n" . join("\n", map { s/\n/\\n/r =~ s/^(.*)$/"$1"/r } @parts);
	}
	return "\"$s\"";
}

binmode(STDOUT, ':raw');
print "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";
for my $m (@order) {
	print "#: ", join(' ', @{$refs{$m}}), "\n";
	print "#, python-brace-format\n" if $flags{$m};
	print "msgid ", po_str($m), "\n";
	if ($plural{$m}) {
		print "msgid_plural ", po_str($m), "\n";
		print "msgstr[0] \"\"\nmsgstr[1] \"\"\n\n";
	} else {
		print "msgstr \"\"\n\n";
	}
}
