#!/usr/bin/env bash
# Makes the runtime layer of Postflight's images, which are built FROM scratch because no registry
# (and no Docker engine) is needed to build them (ADR 0016):
#
#   runtime-layer.sh JDK RUNTIME_DIR ROOT_DIR CLASSPATH_FILE
#
#   RUNTIME_DIR  a jlink runtime of JDK (goes to /opt/java); made once per JDK version and kept,
#                since every service image uses the same one
#   ROOT_DIR     the rest of the layer (goes to /): the shared libraries that the runtime's
#                binaries and the JNI libraries on the service's classpath (RocksDB, zstd, snappy,
#                lz4, netty) link against, found with ldd; the dynamic loader; CA certificates;
#                /etc/passwd and /etc/group with the user postflight (10001); /etc/hosts and
#                /etc/nsswitch.conf for name lookups; an empty /tmp
#
# The modules are a fixed list: what jdeps finds in the services' jars (java.desktop for the
# java.beans that Micronaut's router, Jackson and SnakeYAML use; jdk.jfr for Micronaut's and
# Netty's events) plus what jdeps cannot see because it is loaded by name (JMX, SASL/Kerberos for
# Kafka security with jdk.security.auth for the Krb5 and JAAS login modules Kafka's configuration
# names, jdk.charsets for non-default encodings, jdk.crypto.ec for TLS, jdk.unsupported for Netty
# and RocksDB). ImageIT fails when jdeps finds a module the runtime lacks, and runs the gateway
# from the unpacked image.
set -euo pipefail

JDK=$1 RUNTIME_DIR=$2 ROOT_DIR=$3 CLASSPATH_FILE=$4
MODULES=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.charsets,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.jfr,jdk.management,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs

# Modules that a newer JDK dropped (jdk.crypto.ec is empty since 22) are left out, not failed on.
available=$("$JDK/bin/java" --list-modules | sed 's/@.*//' | tr '\n' ' ')
wanted=()
for m in ${MODULES//,/ }; do
  case " $available " in *" $m "*) wanted+=("$m") ;; esac
done

# java.desktop is there for java.beans only: the services run headless, so its X11, JAWT, sound
# and splash-screen libraries go (else ldd below would bring libX11 and ALSA into the image).
HEADLESS_ONLY="libawt_xawt.so libjawt.so libjsound.so libsplashscreen.so"

# The runtime is kept between builds and made again when its recipe changed (written beside it;
# the directory's name carries the JDK version).
modules=$(IFS=,; echo "${wanted[*]}")
recipe="$modules without $HEADLESS_ONLY"
if [ ! -x "$RUNTIME_DIR/bin/java" ] || [ "$(cat "$RUNTIME_DIR.recipe" 2>/dev/null)" != "$recipe" ]; then
  rm -rf "$RUNTIME_DIR" "$RUNTIME_DIR.tmp"
  mkdir -p "$(dirname "$RUNTIME_DIR")"
  "$JDK/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages \
    --no-header-files --compress=zip-6 --output "$RUNTIME_DIR.tmp"
  for lib in $HEADLESS_ONLY; do rm -f "$RUNTIME_DIR.tmp/lib/$lib"; done
  mv "$RUNTIME_DIR.tmp" "$RUNTIME_DIR"
  echo "$recipe" > "$RUNTIME_DIR.recipe"
fi

rm -rf "$ROOT_DIR"
mkdir -p "$ROOT_DIR/etc" "$ROOT_DIR/tmp"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# JNI libraries of the classpath for this machine's architecture (glibc, not musl builds),
# copied out by the JDK itself (no unzip on a fresh machine).
case "$(uname -m)" in
  x86_64) arch='x86_64|amd64|linux64' ;;
  aarch64) arch='aarch64|arm64' ;;
  *) arch="$(uname -m)" ;;
esac
"$JDK/bin/java" "$(dirname "$0")/JniLibraries.java" "$CLASSPATH_FILE" "$work/jni" "$arch"

# Every shared object the runtime and those libraries need, at the path ldd resolved it to.
find "$RUNTIME_DIR/bin" "$RUNTIME_DIR/lib" "$work" -type f \( -name '*.so' -o -perm -u+x \) \
  -exec ldd {} \; 2>/dev/null > "$work/ldd.txt" || true
# libjvm.so is found by the launcher at run time, not by the loader.
if grep 'not found' "$work/ldd.txt" | grep -qv libjvm; then
  echo "runtime-layer: unresolved libraries (left out):" >&2
  grep 'not found' "$work/ldd.txt" | grep -v libjvm | sort -u >&2
fi
awk '/=> \// { print $3 } /^[[:space:]]*\/[^ ]*ld-linux/ { print $1 }' "$work/ldd.txt" \
  | grep -v "^$RUNTIME_DIR" | sort -u | while read -r lib; do
    mkdir -p "$ROOT_DIR$(dirname "$lib")"
    cp -L "$lib" "$ROOT_DIR$lib"
  done

for ca in /etc/ssl/certs/ca-certificates.crt; do
  [ -f "$ca" ] && mkdir -p "$ROOT_DIR$(dirname "$ca")" && cp -L "$ca" "$ROOT_DIR$ca"
done
cat > "$ROOT_DIR/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
postflight:x:10001:10001:postflight:/tmp:/sbin/nologin
PASSWD
# Name lookups from files first; the container runtime mounts its own /etc/hosts over this one.
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$ROOT_DIR/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' > "$ROOT_DIR/etc/hosts"
cat > "$ROOT_DIR/etc/group" <<'GROUP'
root:x:0:
postflight:x:10001:
GROUP
echo "runtime-layer: $(du -sh "$RUNTIME_DIR" | cut -f1) runtime ($modules), $(find "$ROOT_DIR" -name '*.so*' | wc -l) system libraries"
