ip route add default via 10.50.0.2 dev eth1 table 100
ip rule add from 10.50.0.10 lookup 100
