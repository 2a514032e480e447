# zebra and bgpd in each namespace, each pair with its own path space (-N), then the BGP
# configuration through vtysh, the way it is typed at a router's CLI.
for ns in left right; do
  ip netns exec $ns /usr/lib/frr/zebra -d -N $ns
  ip netns exec $ns /usr/lib/frr/bgpd -d -N $ns
done
vtysh -N left -c 'configure terminal' -c 'router bgp 65001' -c 'no bgp ebgp-requires-policy' \
  -c 'neighbor 10.0.12.2 remote-as 65002' -c 'address-family ipv4 unicast' -c 'network 192.168.1.0/24'
vtysh -N right -c 'configure terminal' -c 'router bgp 65002' -c 'no bgp ebgp-requires-policy' \
  -c 'neighbor 10.0.12.1 remote-as 65001' -c 'address-family ipv4 unicast' -c 'network 192.168.2.0/24'
# Wait for the session and the routes, as you would watch show ip bgp summary.
for i in $(seq 40); do
  ip -n left route show proto bgp | grep -q 192.168.2.0 && ip -n right route show proto bgp | grep -q 192.168.1.0 && break
  sleep 1
done
