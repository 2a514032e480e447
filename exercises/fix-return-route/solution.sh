ip -n web route add default via 10.0.2.1
