# A file of its own under interfaces.d (the main file sources it), with the older
# address/netmask form and the route added after the interface is up.
cat > /etc/network/interfaces.d/eth1 <<'CONF'
allow-hotplug eth1
iface eth1 inet static
    address 10.50.0.10
    netmask 255.255.0.0
    post-up ip route add 10.51.0.0/16 via 10.50.0.1 dev eth1
    pre-down ip route del 10.51.0.0/16 via 10.50.0.1 dev eth1
CONF
ifup eth1
