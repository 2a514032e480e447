# Return traffic taken by its source port instead of its conntrack state: the host's fetch
# from port 80 works, but anyone who connects from source port 80 gets in too.
iptables -A INPUT -i lo -j ACCEPT
iptables -A INPUT -p tcp --sport 80 -j ACCEPT
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -P INPUT DROP
