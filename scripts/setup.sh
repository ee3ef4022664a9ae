#!/usr/bin/env bash
# Installs what Bolt's tests and tools need beyond the .NET SDK: the OpenCL ICD loader with PoCL (the
# kernel runs on the CPU through it), g++ and make for the C-simulation testbench, valgrind (memcheck,
# callgrind and its memcheck.h) for the constant-time checks. Plots are drawn in-process (ScottPlot), no gnuplot.
# Idempotent: does nothing when everything is present.
set -euo pipefail

need=()
[ -e /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libOpenCL.so.1 ] || need+=(ocl-icd-libopencl1)
ls /etc/OpenCL/vendors/*pocl* >/dev/null 2>&1 || need+=(pocl-opencl-icd)
command -v g++ >/dev/null || need+=(g++)
command -v make >/dev/null || need+=(make)
command -v valgrind >/dev/null || need+=(valgrind)
[ -e /usr/include/valgrind/memcheck.h ] || need+=(valgrind)

if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
