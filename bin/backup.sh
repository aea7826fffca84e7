#!/usr/bin/env bash
# Back up Docket into a new folder DEST: the PostgreSQL database
# (database.dump, pg_dump's custom format), the media files (media.tar.gz:
# photos, documents) and their SHA256SUMS. Reads DATABASE_URL and MEDIA_ROOT
# as the app does. The backup holds signers' names and emails: only its owner
# may read it (umask 077); keep it encrypted (README, "Backups and restore").
#
#   DATABASE_URL=postgres://... bin/backup.sh /var/backups/docket/$(date +%F)
set -euo pipefail
umask 077

dest="${1:?usage: bin/backup.sh DEST (a folder that does not exist yet)}"
url="${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database}"
media="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
case "$url" in
  postgres://* | postgresql://*) ;;
  *) echo "bin/backup.sh backs up PostgreSQL only (DATABASE_URL=postgres://...)" >&2; exit 2 ;;
esac

mkdir -p "$(dirname "$dest")"
mkdir "$dest" # never into an existing backup
pg_dump --format=custom --file="$dest/database.dump" "$url"
if [ -d "$media" ]; then
  tar -czf "$dest/media.tar.gz" -C "$media" .
else
  tar -czf "$dest/media.tar.gz" --files-from /dev/null
fi
(cd "$dest" && sha256sum database.dump media.tar.gz >SHA256SUMS)
echo "Backed up to $dest"
