# Fixes one fault of two: web has its way back, but HTTP is still not let in.
ip -n web route add default via 10.0.2.1
