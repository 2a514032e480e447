#!/bin/sh
# eth1 up as 10.50.0.10/16, and a second router on its segment: the rail gateway 10.50.0.2
# (52:54:00:5c:01:02), the only way to 192.0.2.0/24. It is a macvlan of the lab router's
# port, so it shares the wire with 10.50.0.1, and it lives in a namespace hidden like the
# rest of the outside world (probes reach it as "railgw").
set -e
ip addr add 10.50.0.10/16 dev eth1
ip link set eth1 up
ip netns add railgw
nsenter --net=/run/stacklab/netns/labrouter ip link add rail0 link lan0 address 52:54:00:5c:01:02 type macvlan mode bridge
nsenter --net=/run/stacklab/netns/labrouter ip link set rail0 netns railgw
ip -n railgw link set lo up
ip -n railgw addr add 10.50.0.2/16 dev rail0
ip -n railgw link set rail0 up
ip -n railgw link add net0 type dummy
ip -n railgw addr add 192.0.2.1/24 dev net0
ip -n railgw link set net0 up
touch /run/stacklab/netns/railgw
mount --bind /run/netns/railgw /run/stacklab/netns/railgw
umount /run/netns/railgw
rm -f /run/netns/railgw
