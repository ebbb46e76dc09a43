# Sourced by ./mvnw and ./gatehouse (POSIX sh): makes JAVA_HOME a JDK 21 or newer, which Helidon 4 and this build
# need, on machines whose default java is older. Order: JAVA_HOME if it is one, Temurin 25, any /usr/lib/jvm/*.
gatehouse_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

gatehouse_select_jdk() {
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(gatehouse_java_major "$home/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      JAVA_HOME="$home"
      export JAVA_HOME
      return 0
    fi
  done
  echo "gatehouse: no JDK 21 or newer found (tried JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. Temurin 25, and set JAVA_HOME." >&2
  return 1
}

gatehouse_select_jdk || exit 1
