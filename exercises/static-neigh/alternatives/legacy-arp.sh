# The net-tools way (here busybox arp): -s writes a permanent entry, on the interface the route picks.
arp -s 10.50.0.1 52:54:00:5c:01:01
