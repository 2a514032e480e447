ip -n router link set eth2 up
