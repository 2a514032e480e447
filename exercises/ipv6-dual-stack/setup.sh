#!/bin/sh
# The host's two service addresses, one of each family, on its loopback interface.
ip addr add 192.0.2.53/32 dev lo
ip addr add 2001:db8:53::53/128 dev lo
