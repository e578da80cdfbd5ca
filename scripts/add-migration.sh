#!/usr/bin/env bash
# Adds a migration named $1 to both providers' migration sets (SQLite and SQL Server).
# Usage: scripts/add-migration.sh AddAttachments
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/../src/RtesResources.Web"
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" --context "${provider}AppDbContext" \
    --output-dir "Migrations/$provider" --namespace "RtesResources.Web.Migrations.$provider"
  # dotnet-ef 10 writes a new model snapshot under a folder named after the namespace; keep it with its migrations.
  stray="RtesResources/Web/Migrations/$provider/${provider}AppDbContextModelSnapshot.cs"
  if [ -f "$stray" ]; then mv "$stray" "Migrations/$provider/"; fi
done
rm -rf RtesResources
