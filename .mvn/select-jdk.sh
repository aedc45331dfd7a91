# Sourced by ./mvnw, ./citywatch and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, then the newest JDK under /usr/lib/jvm.
# Fails with a clear message when none is found.

citywatch_java_major() {
  # Prints the feature version of the JDK in $1 (e.g. 21, 25), or nothing.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

citywatch_select_jdk() {
  local min=21 v best="" best_v=0 dir
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(citywatch_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then return 0; fi
  fi
  # Callers may run with globbing off (mvnw uses set -f).
  local globbing_was_off=0
  case $- in *f*) globbing_was_off=1; set +f ;; esac
  for dir in /usr/lib/jvm/*; do
    [ -L "$dir" ] && continue
    v=$(citywatch_java_major "$dir")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then best="$dir"; best_v="$v"; fi
  done
  [ "$globbing_was_off" = 1 ] && set -f
  if [ -z "$best" ]; then
    echo "citywatch: no JDK >= $min found (looked at JAVA_HOME='${JAVA_HOME:-}' and /usr/lib/jvm/*)." >&2
    echo "citywatch: install one (for example Debian's openjdk-21-jdk or Temurin 21+) or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

citywatch_select_jdk || exit 1
