#!/usr/bin/env python3
"""A stand-in guest for the Neutron lab (what qemu + a VM would be).

    guest.py <instance tap> <guest netns> [<guest device>]

Holds the instance tap open (as qemu does, which gives it carrier), enters the guest's network
namespace, opens the guest's own tap there (created beforehand, addressed from Neutron's API by the
lab) and copies Ethernet frames both ways. So the guest's kernel is a real IP stack: it answers ARP
and ICMP echo and can originate packets (`ip netns exec <guest netns> ping ...`). It also listens on
tcp/22 (answers an SSH-like banner, then closes) and udp/53 (echoes the datagram).
"""
import ctypes
import fcntl
import os
import select
import socket
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000


def open_tap(name):
    fd = os.open('/dev/net/tun', os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack('16sH', name.encode(), IFF_TAP | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


def enter_netns(name):
    libc = ctypes.CDLL(None, use_errno=True)
    ns = os.open(f'/run/netns/{name}', os.O_RDONLY)
    if libc.setns(ns, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), f'setns {name}')
    os.close(ns)


def main():
    tap, netns = sys.argv[1], sys.argv[2]
    inner = sys.argv[3] if len(sys.argv) > 3 else 'eth0'
    outer_fd = open_tap(tap)  # in the root namespace, before we leave it
    enter_netns(netns)
    inner_fd = open_tap(inner)
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(('0.0.0.0', 22))
    tcp.listen(64)
    tcp.setblocking(False)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(('0.0.0.0', 53))
    udp.setblocking(False)
    print(f'guest: relaying {tap} <-> {netns}/{inner}; tcp/22 and udp/53 open', flush=True)
    peer = {outer_fd: inner_fd, inner_fd: outer_fd}
    while True:
        ready, _, _ = select.select([outer_fd, inner_fd, tcp, udp], [], [])
        for r in ready:
            if r is tcp:
                try:
                    conn, _ = tcp.accept()
                    conn.setblocking(True)
                    conn.settimeout(2)
                    conn.sendall(b'SSH-2.0-devstack-lab-guest\r\n')
                    conn.close()
                except OSError:
                    pass
            elif r is udp:
                try:
                    data, addr = udp.recvfrom(2048)
                    udp.sendto(data, addr)
                except OSError:
                    pass
            else:
                for _ in range(64):
                    try:
                        frame = os.read(r, 65536)
                    except BlockingIOError:
                        break
                    except OSError:
                        break
                    try:
                        os.write(peer[r], frame)
                    except OSError:
                        pass  # the other side is down or full: a dropped frame, like a real NIC


if __name__ == '__main__':
    main()
