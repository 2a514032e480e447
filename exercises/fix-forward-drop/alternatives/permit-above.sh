# Permit entries above the drop, like ACL lines with lower sequence numbers: return traffic and HTTP.
ip netns exec router iptables -I FORWARD 2 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec router iptables -I FORWARD 3 -p tcp --dport 80 -j ACCEPT
