#!/usr/bin/env bash
# Restore a backup made by bin/backup.sh into the database DATABASE_URL names
# (create it empty first: createdb) and into MEDIA_ROOT. Checks the
# checksums first; the database is restored in one transaction, so a failure
# leaves it as it was.
#
#   createdb docket && DATABASE_URL=postgres://.../docket bin/restore.sh BACKUP
set -euo pipefail

src="${1:?usage: bin/restore.sh BACKUP (a folder made by bin/backup.sh)}"
url="${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database}"
media="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
case "$url" in
  postgres://* | postgresql://*) ;;
  *) echo "bin/restore.sh restores PostgreSQL only (DATABASE_URL=postgres://...)" >&2; exit 2 ;;
esac

(cd "$src" && sha256sum --check --quiet SHA256SUMS)
# --clean --if-exists: also right over an earlier restore; --no-owner and
# --no-acl: the restoring role owns everything, whatever role made the dump.
pg_restore --clean --if-exists --no-owner --no-acl --single-transaction \
  --dbname="$url" "$src/database.dump"
mkdir -p "$media"
tar -xzf "$src/media.tar.gz" -C "$media"
echo "Restored $src"
