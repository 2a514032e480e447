# The VLAN made with the old vconfig tool (busybox), which names it eth1.100 by itself.
ip link set eth1 up
vconfig add eth1 100
ip link set eth1.100 up
ip link add name dummy0 type dummy
ip link add name mv0 link eth1 type macvlan mode private
ip link set dummy0 up
ip link set mv0 up
