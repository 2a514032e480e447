# The bond made bare and set up afterwards (options change only while it is down and empty),
# with eth3 as the preferred member.
ip link add name bond0 type bond
ip link set dev bond0 type bond mode active-backup
ip link set dev bond0 type bond miimon 50 primary eth3
ip link set dev eth3 master bond0
ip link set dev eth2 master bond0
ip link set dev bond0 up
ip address add 192.168.50.10/24 dev bond0
