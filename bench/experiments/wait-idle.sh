# Sourced by the A/B scripts of this folder. wait_idle: returns once the machine's CPUs were at least 90% idle over
# 2 s (or after 300 s), so that each measured run starts on a quiet machine.
wait_idle() {
  local end=$(( $(date +%s) + 300 )) a b
  while [ "$(date +%s)" -lt "$end" ]; do
    a=($(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat)); sleep 2
    b=($(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat))
    [ $(( (b[0]-a[0]) * 10 )) -le $(( (b[0]-a[0]) + (b[1]-a[1]) )) ] && return 0
  done
}
