# The name before the parent, the default macvlan mode (vepa), and eth1 brought up last:
# a VLAN cannot be set up while its parent is down, and comes up with the parent instead.
ip link add eth1.100 link eth1 type vlan id 100
ip link add mv0 link eth1 type macvlan
ip link add dummy0 type dummy
ip link set dev mv0 up
ip link set dev dummy0 up
ip link set dev eth1 up
