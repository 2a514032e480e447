# Let ARP learn the entry first, then pin it: add would answer "File exists", replace does not.
ping -c 1 10.50.0.1
ip neigh replace 10.50.0.1 lladdr 52:54:00:5c:01:01 dev eth1
