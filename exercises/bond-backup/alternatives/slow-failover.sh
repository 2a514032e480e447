# A correct bond that notices a dead link late: carrier checked every 500 ms, and a member is
# declared down only after 4 s without carrier (downdelay). Failover takes 4 to 5 s, longer
# than the 3 s the check used to allow; it now waits as long as the bond's settings say
# noticing takes, plus 3 s, up to 10 s, as a learner testing by hand would.
ip link add bond0 type bond mode active-backup miimon 500 downdelay 4000
ip link set eth2 master bond0
ip link set eth3 master bond0
ip addr add 192.168.50.10/24 dev bond0
ip link set bond0 up
