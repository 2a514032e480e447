# The legacy net-tools way (busybox ifconfig and route): a different route to the same state.
ifconfig eth1 10.50.0.10 netmask 255.255.0.0 up
route add -net 10.51.0.0 netmask 255.255.0.0 gw 10.50.0.1
