#!/usr/bin/env bash
# Installs, as root, every Debian package the project needs, only when missing.
#   bash scripts/install-deps.sh             lab + end-to-end packages
#   bash scripts/install-deps.sh --lab-only  what `npm run lab:up` needs
#   bash scripts/install-deps.sh --neutron   what `npm run lab:up -- --neutron …` needs (lab + Neutron)
#   bash scripts/install-deps.sh --all       lab + end-to-end + Neutron
set -euo pipefail

lab_packages=(
  openvswitch-switch openssh-server openssh-client iptables dnsmasq-base
  sudo iproute2 iputils-ping procps psmisc util-linux jq
)
e2e_packages=(chromium libkrb5-dev ripgrep)
# the real Neutron lab (npm run lab:up -- --neutron …): Neutron 21, OVN 23.03, MariaDB, RabbitMQ
neutron_packages=(
  neutron-server neutron-openvswitch-agent neutron-l3-agent neutron-dhcp-agent neutron-metadata-agent
  neutron-ovn-metadata-agent ovn-central ovn-host mariadb-server rabbitmq-server haproxy python3-pymysql ipset
)

wanted=("${lab_packages[@]}")
case "${1:-}" in
  --lab-only) ;;
  --neutron) wanted+=("${neutron_packages[@]}") ;;
  --all) wanted+=("${e2e_packages[@]}" "${neutron_packages[@]}") ;;
  "") wanted+=("${e2e_packages[@]}") ;;
  *) echo "usage: $0 [--lab-only | --neutron | --all]" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: must run as root (needs apt-get)" >&2
  exit 1
fi

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

missing=()
for package in "${wanted[@]}"; do
  is_installed "$package" || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Debian's openvswitch/openssh/neutron/mariadb/rabbitmq postinst scripts try to start services;
# there is no init system here (and the labs start every daemon by hand), so tell invoke-rc.d to
# skip that while we install.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  own_policy=1
fi
trap '[ "$own_policy" = 1 ] && rm -f "$policy"' EXIT

apt-get -o DPkg::Lock::Timeout=900 update -qq
apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/tmp/install-deps.log 2>&1 || {
  echo "install-deps: apt-get install failed; log follows" >&2
  tail -n 40 /tmp/install-deps.log >&2
  exit 1
}

for package in "${missing[@]}"; do
  is_installed "$package" || { echo "install-deps: $package still missing" >&2; exit 1; }
done
