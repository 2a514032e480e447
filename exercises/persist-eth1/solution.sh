cat >> /etc/network/interfaces <<'CONF'

auto eth1
iface eth1 inet static
    address 10.50.0.10/16
    up ip route add 10.51.0.0/16 via 10.50.0.1
CONF
ifup eth1
