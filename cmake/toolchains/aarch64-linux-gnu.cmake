# Cross-compiles tradelet for arm64 Linux (AWS Lambda's Graviton architecture) on a Debian x86_64
# host with the Debian cross compiler (g++-aarch64-linux-gnu) and the arm64 multiarch -dev
# packages (libssl-dev:arm64 ...); `scripts/setup` installs both and `scripts/build arm64` uses
# this file.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Debian multiarch: arm64 libraries and their CMake/pkg-config files live in
# /usr/lib/aarch64-linux-gnu, headers in /usr/include (arch-independent) and
# /usr/include/aarch64-linux-gnu. Searching with this library architecture never picks up the
# host's /usr/lib/x86_64-linux-gnu.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)
