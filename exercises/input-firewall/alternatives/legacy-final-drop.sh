# The legacy iptables backend, with the policy left at ACCEPT and a final rule that drops
# whatever the rules above did not accept.
iptables-legacy -A INPUT -i lo -j ACCEPT
iptables-legacy -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables-legacy -A INPUT -p tcp -m multiport --dports 22,80 -j ACCEPT
iptables-legacy -A INPUT -j DROP
