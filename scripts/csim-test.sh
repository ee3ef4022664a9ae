#!/usr/bin/env bash
# Kernel co-simulation check: builds the g++ C-simulation with -Wall -Wextra -Werror (and the kernel as
# plain C99), runs its self-test, then `bolt cosim` on 10^4 mixed ops at N = 2^14: the simulator, the kernel
# on OpenCL (PoCL, when an OpenCL platform is installed), the C-sim and the Vitis HLS top in the same C-sim
# testbench (--hls-top) must agree on every response, trace row (cycles exactly) and host-memory byte. Exit
# status 0 only when they all agree.
set -euo pipefail
cd "$(dirname "$0")/.."

make -s -C hardware/csim check
make -s -C hardware/crypto check
opencl=()
if ! ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; then
  echo "csim-test: no OpenCL platform installed; comparing the simulator and the C-sim only"
  opencl=(--no-opencl)
fi

dotnet build host/Bolt.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet host/Bolt.Cli/bin/Release/net10.0/bolt.dll cosim --capacity 16384 --ops 10000 --seed "${SEED:-1}" \
  --csim hardware/csim/build/bolt-csim --hls-top "${opencl[@]}" "$@"
