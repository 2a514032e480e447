# The fault: the router's interface towards web is shut down.
ip -n router link set eth2 down
