# install_library.sh: runway installed as a library people build on:
# `cmake --install` puts the program, librunway (static and shared), its
# one header, runway.pc, the CMake package, the man page and the bash
# completion under a prefix; the example program compiles against it with
# pkg-config and with find_package(runway), runs, and agrees with
# `runway runout` on the same data.
BUILD=$(dirname "$(readlink -f "$1")")
. "$(dirname "$0")/common.bash" "$@"
command -v pkg-config >/dev/null || fail "pkg-config is needed"
command -v jq >/dev/null || fail "jq is needed"
P="$WORK/prefix"
cmake --install "$BUILD" --prefix "$P" >install.log 2>&1 || { cat install.log; fail "install"; }
LIB=$(dirname "$(find "$P" -name runway.pc)")/..
for f in bin/runway include/runway.h share/man/man1/runway.1 share/bash-completion/completions/runway; do
    [ -s "$P/$f" ] || fail "$f not installed"
done
for f in librunway.a librunway.so pkgconfig/runway.pc cmake/runway/runwayConfig.cmake \
         cmake/runway/runwayConfigVersion.cmake cmake/runway/runwayTargets.cmake; do
    [ -e "$LIB/$f" ] || fail "$f not installed in the library folder"
done
# The shared library exports the public interface and nothing else.
nm -D --defined-only "$LIB/librunway.so" | awk '{print $3}' | grep -v '^rw_' | grep -v '^_' \
    && fail "symbols beside the rw_ interface are exported"
nm -D --defined-only "$LIB/librunway.so" | grep -q ' rw_store_open$' && fail "internals exported"
[ "$(nm -D --defined-only "$LIB/librunway.so" | grep -c ' rw_runout_plan$')" = 1 ] ||
    fail "rw_runout_plan is not exported"

# A sanitized build's library needs the sanitizer runtime in the program.
SAN=""
nm -D "$LIB/librunway.so" | grep -q __asan_ && SAN="-fsanitize=address,undefined"
export PKG_CONFIG_PATH="$LIB/pkgconfig"
expect_eq "$(pkg-config --modversion runway)" "$("$P/bin/runway" --version | cut -d' ' -f2)" \
    "pkg-config version"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror $SAN "$SRC/examples/runout_from_file.c" \
    $(pkg-config --cflags --libs runway) -o runout || fail "the example does not compile"
DATA="$SRC/data/sample/series-daily-egress.csv"
LD_LIBRARY_PATH="$LIB" expect_rc 0 ./runout "$DATA" 2500
expect_grep '^egress-gb: 2500.00 runs out on day [0-9]* (P10 day [0-9]*' out.txt
day=$(sed -E 's/.* on day ([0-9]+) .*/\1/' out.txt)
"$P/bin/runway" runout --input "$DATA" --balance 2500 --format json > runout.json ||
    fail "runway runout"
expect_eq "$(jq .days.p50 runout.json)" "$day" "the library and the program agree"
LD_LIBRARY_PATH="$LIB" expect_rc 1 ./runout "$WORK/nothing.csv" 2500
expect_grep 'nothing.csv' err.txt
LD_LIBRARY_PATH="$LIB" expect_rc 1 ./runout "$DATA" lots
expect_grep "'lots' is not a number" err.txt

# The same program from a CMake project that finds the installed package.
cmake -S "$SRC/examples" -B ex -DCMAKE_PREFIX_PATH="$P" -DCMAKE_C_FLAGS="$SAN" \
    -DCMAKE_EXE_LINKER_FLAGS="$SAN" >cmake.log 2>&1 || { cat cmake.log; fail "find_package(runway)"; }
cmake --build ex >>cmake.log 2>&1 || { cat cmake.log; fail "building the CMake example"; }
LD_LIBRARY_PATH="$LIB" expect_rc 0 ex/runout_from_file "$DATA" 2500
expect_grep "on day $day " out.txt

# The completion loads from where it was installed.
bash -c ". '$P/share/bash-completion/completions/runway' && complete -p runway" >/dev/null ||
    fail "the installed completion does not load"
echo "ok"
