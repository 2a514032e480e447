# The table gets a name in rt_tables, the rule comes first with an explicit priority and a /32.
echo '100 rail' >> /etc/iproute2/rt_tables
ip rule add from 10.50.0.10/32 table rail priority 100
ip route add default via 10.50.0.2 table rail
