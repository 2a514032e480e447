# Turns path MTU discovery off on web: its packets leave without DF and r2 fragments them.
ip netns exec web sysctl -qw net.ipv4.ip_no_pmtu_disc=1
