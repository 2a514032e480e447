# Routing by destination instead of by source: all traffic to 192.0.2.0/24 now takes the rail.
ip route add 192.0.2.0/24 via 10.50.0.2
