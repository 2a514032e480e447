# right announces a summary its routing table does not have: a network statement announces
# only what is in the RIB, so right sends nothing.
for ns in left right; do ip netns exec $ns /usr/lib/frr/zebra -d -N $ns; ip netns exec $ns /usr/lib/frr/bgpd -d -N $ns; done
vtysh -N left -c 'configure terminal' -c 'router bgp 65001' -c 'no bgp ebgp-requires-policy' \
  -c 'neighbor 10.0.12.2 remote-as 65002' -c 'network 192.168.1.0/24'
vtysh -N right -c 'configure terminal' -c 'router bgp 65002' -c 'no bgp ebgp-requires-policy' \
  -c 'neighbor 10.0.12.1 remote-as 65001' -c 'network 192.168.0.0/16'
sleep 8
