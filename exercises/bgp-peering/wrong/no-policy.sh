# Session up, but FRR applies RFC 8212 to eBGP: with no policy nothing is accepted or sent.
for ns in left right; do ip netns exec $ns /usr/lib/frr/zebra -d -N $ns; ip netns exec $ns /usr/lib/frr/bgpd -d -N $ns; done
vtysh -N left -c 'configure terminal' -c 'router bgp 65001' -c 'neighbor 10.0.12.2 remote-as 65002' -c 'network 192.168.1.0/24'
vtysh -N right -c 'configure terminal' -c 'router bgp 65002' -c 'neighbor 10.0.12.1 remote-as 65001' -c 'network 192.168.2.0/24'
sleep 8
