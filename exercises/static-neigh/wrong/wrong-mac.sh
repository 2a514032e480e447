# The ISP router's MAC, copied from the wrong line of ip neigh.
ip neigh add 10.50.0.1 lladdr 52:54:00:5c:00:01 dev eth1
