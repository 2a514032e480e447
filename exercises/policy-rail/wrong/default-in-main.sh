# The rule is right, but the default route went into main, replacing the ISP's.
ip rule add from 10.50.0.10 lookup 100
ip route replace default via 10.50.0.2 dev eth1
