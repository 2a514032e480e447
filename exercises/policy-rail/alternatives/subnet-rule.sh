# Everything sourced from the rail's subnet uses the rail's table; 10.50.0.10 is part of it.
ip route add 0.0.0.0/0 via 10.50.0.2 dev eth1 table 100
ip rule add from 10.50.0.0/16 lookup 100 priority 1000
