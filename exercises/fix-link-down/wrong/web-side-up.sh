# The web end of the cable was never down: this changes nothing.
ip -n web link set eth0 up
