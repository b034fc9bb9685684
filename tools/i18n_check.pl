#!/usr/bin/perl
# i18n_check.pl - no Chinese interface text outside the message catalogs.
#
#   tools/i18n_check.pl FILE...
#
# A template (.wml, .xhtml, .html) may hold Han characters only inside an
# interface string tag ({{_ ...}}, {{_n NAME ...}}) or a comment ({{! }}).
# A C file (.c) may hold a string literal with Han characters only as an
# argument of T( ), TN( ) or N_( ) (render/i18n.h, render/page.h): the
# innermost call around the literal must be one of those.  Comments are
# ignored.  Han means the CJK Unified Ideographs (and their extension A
# and compatibility blocks); CJK punctuation such as ，。： is allowed.
# Prints "file:line: ..." for each offence; exits 1 when there is one.
use strict;
use warnings;
use utf8;

my $han = qr/[\x{3400}-\x{4DBF}\x{4E00}-\x{9FFF}\x{F900}-\x{FAFF}]/;
my $bad = 0;
binmode(STDOUT, ':encoding(UTF-8)');

sub line_of { my ($s, $pos) = @_; return 1 + (substr($s, 0, $pos) =~ tr/\n//); }

sub check_template {
	my ($file, $src) = @_;
	my $pos = 0;
	my $out = '';
	# blank out the string tags and comments, keeping newlines for line numbers
	while ((my $at = index($src, '{{', $pos)) >= 0) {
		$out .= substr($src, $pos, $at - $pos);
		my $rest = substr($src, $at + 2);
		my $end;
		if ($rest =~ /^\s*_n?\s/ || $rest =~ /^\s*!/) {
			my $depth = 0;
			$end = -1;
			for (my $k = 0; $k + 1 < length($rest); $k++) {
				my $c = substr($rest, $k, 1);
				if ($c eq '{') { $depth++ }
				elsif ($c eq '}' && $depth > 0) { $depth-- }
				elsif ($c eq '}' && substr($rest, $k + 1, 1) eq '}') { $end = $k; last }
			}
			$end = index($rest, '}}') if $rest =~ /^\s*!/;
			if ($end < 0) { $out .= substr($src, $at); $pos = length($src); last; }
			my $tag = substr($src, $at, $end + 4);
			$tag =~ s/[^\n]/ /g;
			$out .= $tag;
		} else {
			$end = index($rest, '}}');
			if ($end < 0) { $out .= substr($src, $at); $pos = length($src); last; }
			$out .= substr($src, $at, $end + 4);
		}
		$pos = $at + 2 + $end + 2;
	}
	$out .= substr($src, $pos) if $pos < length($src);
	while ($out =~ /($han+)/g) {
		printf "%s:%d: Chinese text outside {{_ }}: %s\n", $file, line_of($out, $-[1]), $1;
		$bad = 1;
	}
}

sub check_c {
	my ($file, $src) = @_;
	my @stack;          # the name before each open parenthesis
	my $word = '';      # the identifier just before the current position
	my $n = length($src);
	for (my $i = 0; $i < $n; $i++) {
		my $c = substr($src, $i, 1);
		if ($c eq '/' && substr($src, $i + 1, 1) eq '*') {
			my $e = index($src, '*/', $i + 2);
			$i = $e < 0 ? $n : $e + 1;
			next;
		}
		if ($c eq '/' && substr($src, $i + 1, 1) eq '/') {
			my $e = index($src, "\n", $i);
			$i = $e < 0 ? $n : $e;
			next;
		}
		if ($c eq '"' || $c eq "'") {
			my $j = $i + 1;
			while ($j < $n && substr($src, $j, 1) ne $c) {
				$j++ if substr($src, $j, 1) eq '\\';
				$j++;
			}
			my $lit = substr($src, $i + 1, $j - $i - 1);
			if ($c eq '"' && $lit =~ $han) {
				my $in = @stack ? $stack[-1] : '';
				if ($in !~ /^(T|TN|N_)$/) {
					printf "%s:%d: Chinese string literal outside T()/TN()/N_(): \"%s\"\n",
						$file, line_of($src, $i), $lit;
					$bad = 1;
				}
			}
			$i = $j;
			$word = '';
			next;
		}
		if ($c =~ /[A-Za-z0-9_]/) {
			$word = '' if $i > 0 && substr($src, $i - 1, 1) !~ /[A-Za-z0-9_]/;
			$word .= $c;
			next;
		}
		if ($c eq '(') { push @stack, $word; }
		elsif ($c eq ')') { pop @stack; }
		$word = '' unless $c =~ /\s/;
	}
}

for my $file (@ARGV) {
	open(my $fh, '<:encoding(UTF-8)', $file) or die "i18n_check.pl: $file: $!\n";
	local $/;
	my $src = <$fh>;
	close $fh;
	if ($file =~ /\.c$/) { check_c($file, $src) } else { check_template($file, $src) }
}
exit $bad;
