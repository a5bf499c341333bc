# Sourced by the profile scripts (from the repository root): sets LIB to async-profiler's agent (libasyncProfiler.so),
# fetching async-profiler 4.1 from Maven Central (tools.profiler:async-profiler, linux-x64) into target/async-profiler
# the first time.
AP_VERSION=4.1
LIB=target/async-profiler/linux-x64/libasyncProfiler.so
if [ ! -f "$LIB" ]; then
  mkdir -p target/async-profiler
  ./mvnw -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:$AP_VERSION:jar:linux-x64 \
    -DoutputDirectory=target/async-profiler
  (cd target/async-profiler && unzip -o -q async-profiler-$AP_VERSION-linux-x64.jar 'linux-x64/*')
fi
LIB=$(readlink -f "$LIB")
