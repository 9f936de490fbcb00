#!/usr/bin/env bash
# Installs pgvector into this machine's PostgreSQL 15 (as root), so the PostgreSQL tests run the
# vector module's full path instead of its refusal. Debian bookworm packages no pgvector for
# PostgreSQL 15 (trixie has postgresql-17-pgvector only), so this builds Debian's own pgvector
# source package (from trixie's sources) against bookworm's postgresql-server-dev-15.
# Leaves the system's apt sources alone: trixie's source index goes to a temporary folder.
# Usage: tooling/scripts/install-pgvector.sh   (does nothing when vector.control is there already; .ci/run calls it as root)
set -euo pipefail

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
if [ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]; then
  echo "pgvector is installed already in $("$PG_CONFIG" --sharedir)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The machine's own Debian archive, as its sources name it.
archive=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
[ -n "$archive" ] || archive=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list)
mkdir -p "$work/lists/partial"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive trixie main" > "$work/sources.list"
apt_private=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/nonexistent -o "Dir::State::Lists=$work/lists")

apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql-server-dev-15 make >/dev/null
apt-get "${apt_private[@]}" update -qq
(cd "$work" && apt-get "${apt_private[@]}" source --download-only pgvector >/dev/null)
tar -xzf "$work"/pgvector_*.orig.tar.gz -C "$work"
src=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -1)
make -C "$src" PG_CONFIG="$PG_CONFIG" >/dev/null
make -C "$src" PG_CONFIG="$PG_CONFIG" install >/dev/null
echo "pgvector $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$("$PG_CONFIG" --sharedir)/extension/vector.control") installed into $("$PG_CONFIG" --sharedir)"
