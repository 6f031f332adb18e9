# Sourced by fuzz/run.sh and fuzz/merge.sh.
# Longest input per target: key files are a few KiB; the round trips stay small so each
# execution stays fast.
max_len() {
  case "$1" in
    roundtrip_*) echo 8192 ;;
    authorized_keys | detect | load_*) echo 65536 ;;
    *) echo 16384 ;;
  esac
}
