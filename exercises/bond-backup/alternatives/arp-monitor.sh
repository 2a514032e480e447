# Link monitoring by ARP instead of carrier: every 200 ms the bond asks 192.168.50.1, and a
# member whose answers stop is declared down, even when its carrier stays up.
ip link add bond0 type bond mode active-backup arp_interval 200 arp_ip_target 192.168.50.1
ip link set eth2 down
ip link set eth2 master bond0
ip link set eth3 down
ip link set eth3 master bond0
ip link set bond0 up
ip addr add 192.168.50.10/24 dev bond0
