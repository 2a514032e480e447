#!/bin/sh
# The host on two networks: eth0 faces the internet (198.51.100.10), eth1 the lab network
# (10.50.0.10/16), with the management subnet 10.51.0.0/16 one router further. Three services
# listen: ssh (22), http (80) and a database (3306). /etc/nftables.conf is Debian's default file,
# which loads an empty ruleset that accepts everything, and nothing is loaded yet.
ip addr replace 10.50.0.10/16 dev eth1
ip link set eth1 up
ip route replace 10.51.0.0/16 via 10.50.0.1
nft flush ruleset
cat > /etc/nftables.conf <<'CONF'
#!/usr/sbin/nft -f

flush ruleset

table inet filter {
	chain input {
		type filter hook input priority filter;
	}
	chain forward {
		type filter hook forward priority filter;
	}
	chain output {
		type filter hook output priority filter;
	}
}
CONF
for port in 22 80 3306; do
  setsid nc -lk "$port" </dev/null >/dev/null 2>&1 &
done
# Wait until all three listen, so the start state is complete when set-up returns.
for i in 1 2 3 4 5 6 7 8 9 10; do
  [ "$(ss -tlnH | grep -cE ':(22|80|3306) ')" -ge 3 ] && exit 0
  sleep 0.2
done
echo "the listeners did not start" >&2
exit 1
