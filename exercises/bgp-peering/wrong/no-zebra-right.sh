# right runs bgpd without zebra (its router id set by hand, since zebra would have told it one):
# the session comes up and right's bgpd learns 192.168.1.0/24, but nothing puts it in the kernel.
ip netns exec left /usr/lib/frr/zebra -d -N left
ip netns exec left /usr/lib/frr/bgpd -d -N left
ip netns exec right /usr/lib/frr/bgpd -d -N right
vtysh -N left -c 'configure terminal' -c 'router bgp 65001' -c 'no bgp ebgp-requires-policy' \
  -c 'neighbor 10.0.12.2 remote-as 65002' -c 'network 192.168.1.0/24'
vtysh -N right -c 'configure terminal' -c 'router bgp 65002' -c 'bgp router-id 10.0.12.2' -c 'no bgp ebgp-requires-policy' \
  -c 'neighbor 10.0.12.1 remote-as 65001' -c 'network 192.168.2.0/24'
sleep 10
