#!/usr/bin/perl
# Prints the applet names compiled into a busybox binary, one per line, read from the file
# itself: busybox keeps them as one sorted, NUL-separated table ("[", "[[", "acpid", ...)
# that it searches by bisection. Nothing is executed, so an i386 busybox can be read on a
# host that cannot run i386 binaries.
# Usage: busybox-applets.pl PATH/TO/busybox
use strict;
use warnings;

my $path = shift or die "usage: $0 PATH/TO/busybox\n";
open(my $fh, '<:raw', $path) or die "cannot read $path: $!\n";
my $bytes = do { local $/; <$fh> };
close $fh;

# The table starts with the two test applets, which sort before every letter.
my $start = index($bytes, "\0[\0[[\0");
die "$path: no busybox applet table found (is it a busybox binary built with test and [[?)\n"
  if $start < 0;
my @names;
my $offset = $start + 1;
while (1) {
  my $end = index($bytes, "\0", $offset);
  last if $end < 0;
  my $name = substr($bytes, $offset, $end - $offset);
  # The table ends where the next bytes are not an applet name in sorted order.
  last if $name !~ /^(?:\[|\[\[|[a-z0-9][a-z0-9_.\-]*)$/;
  last if @names && ($name cmp $names[-1]) <= 0;
  push @names, $name;
  $offset = $end + 1;
}
# A busybox with fewer applets than this is not one the image can rely on.
die "$path: applet table too short (" . scalar(@names) . " names); the binary is not what the image expects\n"
  if @names < 50;
print "$_\n" for @names;
